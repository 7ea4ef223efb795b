/**
 * Name checks: test names ("test test"), keyboard mashing ("asdf ghjk"), repeated characters,
 * digits, vowel-less words. Only plain ASCII words are judged: "Zoë", "Siobhán", "王伟" pass.
 */
import { STRONG_TEST_WORDS, TEST_WORDS, looksMashed, isJsSpace } from './text.ts';

export interface NameCheck {
  /** lower-case words of the name, punctuation removed */
  tokens: string[];
  /** at least two words (first and last name) */
  full: boolean;
  /** reasons the name looks fake; empty when it looks real */
  problems: string[];
}

const TITLES: ReadonlySet<string> = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'lord', 'lady', 'rev']);

export function checkName(raw: unknown): NameCheck {
  const s = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
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
  let allTest = true;
  for (const t of tokens) {
    if (!TEST_WORDS.has(t)) allTest = false;
    if (STRONG_TEST_WORDS.has(t)) { push(problems, 'Test name'); continue; }
    const shape = wordShape(t);
    if ((shape & HAS_DIGIT) !== 0) { push(problems, 'Digits in name'); continue; }
    if ((shape & ASCII_WORD) === 0) continue; // non-Latin or accented names are not judged
    if (looksMashed(t)) { push(problems, 'Keyboard-mash name'); continue; }
    if (t.length >= 4 && (shape & HAS_VOWEL) === 0) push(problems, 'Name has no vowels');
  }
  if (allTest) push(problems, 'Test name');
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
