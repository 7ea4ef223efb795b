/**
 * Small text helpers shared by the parsers. Everything here is pure and allocation-light;
 * regular expressions are compiled once at module load.
 */

const WS_RE = /\s+/g;
const ODD_WS_RE = /\s\s|[\t\n\r\f\v\u00a0]/;
const UPPER_RE = /[A-Z\u00c0-\uffff]/;

/** Lower-case, trim and collapse whitespace. `null`/`undefined`/non-strings become "". */
export function norm(value: unknown): string {
  if (typeof value !== 'string') return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
  let t = value.trim();
  if (t.length === 0) return '';
  if (UPPER_RE.test(t)) t = t.toLowerCase();
  return ODD_WS_RE.test(t) ? t.replace(WS_RE, ' ') : t;
}

/** Values people type when they mean "no answer". Treated as missing, never as junk. */
const PLACEHOLDERS: ReadonlySet<string> = new Set([
  '-', '--', '.', '?', 'n/a', 'na', 'n.a.', 'none', 'null', 'nil', 'unknown', 'not sure', 'tbc', 'tbd',
  'not specified', 'unspecified', 'prefer not to say', 'no', 'no answer', 'undefined', '0',
]);

export function isPlaceholder(normalised: string): boolean {
  return normalised.length === 0 || PLACEHOLDERS.has(normalised);
}

/** Words that on their own mark a test or fake submission, wherever they appear in a name. */
export const STRONG_TEST_WORDS: ReadonlySet<string> = new Set([
  'test', 'testing', 'tester', 'test1', 'test123', 'asdf', 'asdfg', 'asdfgh', 'asdfghjkl', 'qwerty', 'qwert',
  'zxcv', 'zxcvb', 'fake', 'dummy', 'lorem', 'ipsum', 'blah', 'blahblah', 'sdfsdf', 'hjkl', 'xxx', 'xxxx',
  'spam', 'junk',
]);

/** Weaker test words: a field (or a name made only of these) is a test submission. */
export const TEST_WORDS: ReadonlySet<string> = new Set([
  ...STRONG_TEST_WORDS, 'foo', 'bar', 'baz', 'foobar', 'abc', 'abcd', 'sample', 'aaa', 'sdf', 'dfg', 'jkl',
]);

/**
 * Keyboard walks that never occur inside real names. Four-key walks from the top row are left out
 * on purpose ("erty" is in Doherty and Liberty, "wert" in Wertheim); five-key walks are kept.
 */
const KEYBOARD_WALKS: readonly string[] = [
  'qwert', 'werty', 'ertyu', 'rtyui', 'tyuio', 'yuiop', 'asdf', 'sdfg', 'dfgh', 'fghj', 'ghjk', 'hjkl',
  'zxcv', 'xcvb', 'cvbn', 'vbnm', 'qwer', 'poiu', 'lkjh', 'kjhg', 'jhgf', 'hgfd', 'gfds', 'fdsa', 'mnbv',
  'nbvc', 'bvcx', 'vcxz', '1234', '2345', '3456', '4567', '5678', '6789', '9876', '8765', '7654',
];

const KEYBOARD_RE = new RegExp(KEYBOARD_WALKS.join('|'));

/** True when `s` (lower-case) contains a keyboard walk or the same character three times running. */
export function looksMashed(s: string): boolean {
  return KEYBOARD_RE.test(s) || hasTripleRepeat(s);
}

export function hasTripleRepeat(s: string): boolean {
  let run = 1;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === s.charCodeAt(i - 1) && c !== 32 && c !== 46) {
      run++;
      if (run >= 3) return true;
    } else run = 1;
  }
  return false;
}

/** True when a free-text field value is an obvious junk/test value (not a placeholder). */
export function isJunkValue(normalised: string): boolean {
  if (normalised.length === 0) return false;
  if (TEST_WORDS.has(normalised)) return true;
  // only judge letter-only values for keyboard mashing: "£450k-£550k" must never be junk
  if (!ONLY_LETTERS_RE.test(normalised)) return false;
  return looksMashed(normalised);
}

const ONLY_LETTERS_RE = /^[a-z ]+$/;
