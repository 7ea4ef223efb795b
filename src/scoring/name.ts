/**
 * Name checks: the WHOLE name a test identity ("test test", "Test"), keyboard mashing
 * ("asdf qwer"), repeated characters ("aaaa"), or a placeholder ("Mickey Mouse", "John Doe").
 * One odd word is not enough: Tester, Test and Dummett are surnames. Only plain ASCII words are
 * judged: "Zoë", "Siobhán", "王伟" pass.
 */
import { TEST_WORDS, looksMashed, isJsSpace } from './text.ts';
import { cleanText } from '../text/normalise.ts';

/** Names people type when they will not give theirs: cartoon, film and form placeholders. */
export const PLACEHOLDER_NAMES: ReadonlySet<string> = new Set([
  'mickey mouse', 'minnie mouse', 'donald duck', 'daffy duck', 'bugs bunny', 'john doe', 'jane doe', 'joe bloggs',
  'joe public', 'homer simpson', 'bart simpson', 'marge simpson', 'lisa simpson', 'fred flintstone', 'peter pan',
  'santa claus', 'father christmas', 'darth vader', 'luke skywalker', 'harry potter', 'spider man', 'batman', 'superman',
  'first last', 'firstname lastname', 'first name last name', 'first name', 'your name', 'name surname', 'no name',
  'anonymous', 'anon', 'mr x', 'x x', 'a b', 'abc def', 'n a',
]);

export interface NameCheck {
  /** lower-case words of the name, punctuation removed */
  tokens: string[];
  /** at least two words (first and last name) */
  full: boolean;
  /** reasons the name looks fake; empty when it looks real */
  problems: string[];
}

const TITLES: ReadonlySet<string> = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'lord', 'lady', 'rev']);

/** PLACEHOLDER_NAMES by word count: one word, or first word → second words. */
const PLACEHOLDER_ONE: ReadonlySet<string> = new Set([...PLACEHOLDER_NAMES].filter((n) => !n.includes(' ')));
const PLACEHOLDER_TWO: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const m = new Map<string, Set<string>>();
  for (const n of PLACEHOLDER_NAMES) {
    const parts = n.split(' ');
    if (parts.length !== 2) continue;
    const set = m.get(parts[0]!) ?? new Set<string>();
    set.add(parts[1]!);
    m.set(parts[0]!, set);
  }
  return m;
})();

function isPlaceholderName(tokens: readonly string[]): boolean {
  if (tokens.length === 1) return PLACEHOLDER_ONE.has(tokens[0]!);
  if (tokens.length === 2) return PLACEHOLDER_TWO.get(tokens[0]!)?.has(tokens[1]!) ?? false;
  return tokens.length <= 5 && PLACEHOLDER_NAMES.has(tokens.join(' '));
}

export function checkName(raw: unknown): NameCheck {
  const s = typeof raw === 'string' ? cleanText(raw.length > 200 ? raw.slice(0, 200) : raw).trim().toLowerCase() : '';
  const tokens: string[] = [];
  const problems: string[] = [];
  if (s.length === 0) return { tokens, full: false, problems };
  // the words between runs of whitespace and commas (what s.split(/[\s,]+/) gives, minus empty parts)
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 32;
    if (c === 44 || isJsSpace(c)) {
      if (start >= 0) addToken(tokens, s.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  if (tokens.length === 0) return { tokens, full: false, problems };
  // fake only when every word is junk: one odd word beside a real one is a real name
  let test = 0, mash = 0, digits = 0, junk = 0;
  for (const t of tokens) {
    if (TEST_WORDS.has(t)) { test++; junk++; continue; }
    const shape = wordShape(t);
    if ((shape & HAS_DIGIT) !== 0) { digits++; junk++; continue; }
    if ((shape & ASCII_WORD) === 0) continue; // non-Latin or accented names are not judged
    if (looksMashed(t) || (t.length >= 4 && (shape & HAS_VOWEL) === 0)) { mash++; junk++; }
  }
  if (junk === tokens.length) {
    if (test > 0) push(problems, 'Test name');
    if (mash > 0) push(problems, 'Keyboard-mash name');
    if (digits > 0) push(problems, 'Digits in name');
  }
  if (isPlaceholderName(tokens)) push(problems, 'Placeholder name');
  return { tokens, full: tokens.length >= 2, problems };
}

const TRIM_PUNCT_RE = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/** A word without leading/trailing punctuation, unless it is empty or a title. */
function addToken(tokens: string[], part: string): void {
  const t = isAlnum(part.charCodeAt(0)) && isAlnum(part.charCodeAt(part.length - 1)) ? part : part.replace(TRIM_PUNCT_RE, '');
  if (t.length > 0 && !TITLES.has(t)) tokens.push(t);
}

const HAS_DIGIT = 1; // /\d/
const ASCII_WORD = 2; // /^[a-z][a-z'’.-]*$/
const HAS_VOWEL = 4; // /[aeiouyw]/

/** The three facts the checks need about a word, in one pass instead of three regular expressions. */
export function wordShape(t: string): number {
  let shape = t.length > 0 && isLower(t.charCodeAt(0)) ? ASCII_WORD : 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) shape |= HAS_DIGIT;
    if (c === 97 || c === 101 || c === 105 || c === 111 || c === 117 || c === 121 || c === 119) shape |= HAS_VOWEL;
    // letters, apostrophes (' and ’), dots and hyphens keep a word plain ASCII
    if (!isLower(c) && c !== 39 && c !== 0x2019 && c !== 46 && c !== 45) shape &= ~ASCII_WORD;
  }
  return shape;
}

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

function push(list: string[], reason: string): void {
  if (!list.includes(reason)) list.push(reason);
}
