/**
 * Small text helpers shared by the parsers. Everything here is pure and allocation-light;
 * regular expressions are compiled once at module load.
 */

import { cleanText } from '../text/normalise.ts';

const WS_RE = /\s+/g;

/** The most of a field (budget, timeline, payment …) the parsers read: a real answer is far shorter. */
export const MAX_FIELD_CHARS = 300;
/** The most of the free text (notes, form answers) the parsers read. */
export const MAX_TEXT_CHARS = 4000;

/** /^[a-z]+$/ */
export function isLetters(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/** JavaScript's `\s`: WhiteSpace and LineTerminator code points. */
export function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Lower-case, trim and collapse whitespace. `null`/`undefined`/non-strings become "".
 * One pass over the characters decides whether lower-casing (any A–Z or code unit ≥ U+00C0) and
 * whitespace collapsing (two spaces in a row, or a tab, newline, NBSP …) are needed at all:
 * most fields need neither, and then no new string is made.
 */
export function norm(value: unknown, max: number = MAX_FIELD_CHARS): string {
  if (typeof value !== 'string') return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
  // bounded before anything else looks at it: every later step is linear in at most `max` characters
  return normCore((value.length > max ? value.slice(0, max) : value).trim(), false);
}

/** `norm` of a trimmed string; `cleaned` once invisible characters are out and the text is NFC. */
function normCore(t: string, cleaned: boolean): string {
  const len = t.length;
  if (len === 0) return '';
  let upper = false;
  let oddSpace = false;
  let prevSpace = false;
  for (let i = 0; i < len; i++) {
    const c = t.charCodeAt(i);
    // beyond ASCII: invisible characters out and NFC first (once), then read again from the start
    if (c > 127 && !cleaned) {
      cleaned = true;
      const c2 = cleanText(t);
      if (c2 !== t) return normCore(c2.trim(), true);
    }
    if ((c >= 65 && c <= 90) || c >= 0xc0) upper = true;
    if (c === 32) { if (prevSpace) oddSpace = true; prevSpace = true; }
    else if (isJsSpace(c)) {
      // a lone \s other than a plain space: collapsed only if it is one of \t\n\r\f\v NBSP, or beside another
      if (prevSpace || (c >= 9 && c <= 13) || c === 0xa0) oddSpace = true;
      prevSpace = true;
    } else prevSpace = false;
  }
  if (upper) t = t.toLowerCase();
  return oddSpace ? t.replace(WS_RE, ' ') : t;
}

/** Values people type when they mean "no answer". Treated as missing, never as junk. */
const PLACEHOLDERS: ReadonlySet<string> = new Set([
  '-', '--', '.', '?', 'n/a', 'na', 'n.a.', 'none', 'null', 'nil', 'unknown', 'not sure', 'tbc', 'tbd',
  'not specified', 'unspecified', 'prefer not to say', 'no', 'no answer', 'undefined', '0',
]);

export function isPlaceholder(normalised: string): boolean {
  return normalised.length === 0 || PLACEHOLDERS.has(normalised);
}

/** First characters of the placeholders. */
const PLACEHOLDER_STARTS: ReadonlySet<number> = new Set([...PLACEHOLDERS].map((p) => p.charCodeAt(0)));

/**
 * `isPlaceholder(norm(trimmed))` for an already trimmed string, skipping `norm` when the first
 * character is a digit, + or ( that no placeholder starts with (norm leaves those unchanged):
 * the usual case for phone numbers.
 */
export function isPlaceholderText(trimmed: string): boolean {
  const c = trimmed.charCodeAt(0);
  if (((c >= 48 && c <= 57) || c === 43 || c === 40) && !PLACEHOLDER_STARTS.has(c)) return false;
  return isPlaceholder(norm(trimmed));
}

/** Words that on their own mark a test or fake submission, wherever they appear in a name. */
export const STRONG_TEST_WORDS: ReadonlySet<string> = new Set([
  'test', 'testing', 'test1', 'test123', 'asdf', 'asdfg', 'asdfgh', 'asdfghjkl', 'qwerty', 'qwert',
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
  'nbvc', 'bvcx', 'vcxz', 'uiop', '1234', '2345', '3456', '4567', '5678', '6789', '9876', '8765', '7654',
];

/** The walks as one regular expression: the definition `containsKeyboardWalk` is tested against. */
export const KEYBOARD_RE = new RegExp(KEYBOARD_WALKS.join('|'));

/**
 * Every walk is 4 or 5 ASCII characters, so instead of trying 37 alternatives at each position
 * we look up each 4-character window (packed into one integer) in a table: null when the window
 * is a walk itself, else the characters that complete a 5-key walk starting with it.
 */
const WALK_WINDOWS: ReadonlyMap<number, string | null> = (() => {
  const m = new Map<number, string | null>();
  for (const w of KEYBOARD_WALKS) {
    if (w.length !== 4 && w.length !== 5) throw new Error(`keyboard walk "${w}" must be 4 or 5 characters`);
    const key = pack4(w, 0);
    if (key < 0) throw new Error(`keyboard walk "${w}" must be ASCII`);
    const prev = m.get(key);
    if (w.length === 4 || prev === null) m.set(key, null);
    else m.set(key, (prev ?? '') + w[4]);
  }
  return m;
})();

/** Four ASCII characters from `i` as one integer, or -1 when one is not ASCII. */
function pack4(s: string, i: number): number {
  const a = s.charCodeAt(i), b = s.charCodeAt(i + 1), c = s.charCodeAt(i + 2), d = s.charCodeAt(i + 3);
  if ((a | b | c | d) > 127) return -1;
  return (a << 21) | (b << 14) | (c << 7) | d;
}

/** Same answer as `KEYBOARD_RE.test(s)`. */
export function containsKeyboardWalk(s: string): boolean {
  for (let i = 0; i + 4 <= s.length; i++) {
    const key = pack4(s, i);
    if (key < 0) continue;
    const next = WALK_WINDOWS.get(key);
    if (next === undefined) continue;
    if (next === null) return true;
    if (i + 4 < s.length && next.includes(s[i + 4]!)) return true;
  }
  return false;
}

/** True when `s` (lower-case) contains a keyboard walk or the same character three times running. */
export function looksMashed(s: string): boolean {
  return containsKeyboardWalk(s) || hasTripleRepeat(s);
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
