/**
 * Name checks: test names ("test test"), keyboard mashing ("asdf ghjk"), repeated characters,
 * digits, vowel-less words. Only plain ASCII words are judged: "Zoë", "Siobhán", "王伟" pass.
 */
import { STRONG_TEST_WORDS, TEST_WORDS, looksMashed } from './text.ts';

export interface NameCheck {
  /** lower-case words of the name, punctuation removed */
  tokens: string[];
  /** at least two words (first and last name) */
  full: boolean;
  /** reasons the name looks fake; empty when it looks real */
  problems: string[];
}

const SPLIT_RE = /[\s,]+/;
const ASCII_WORD_RE = /^[a-z][a-z'’.-]*$/;
const VOWEL_RE = /[aeiouyw]/;
const DIGIT_RE = /\d/;
const TITLES: ReadonlySet<string> = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'lord', 'lady', 'rev']);

export function checkName(raw: unknown): NameCheck {
  const s = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  const tokens: string[] = [];
  const problems: string[] = [];
  if (s.length === 0) return { tokens, full: false, problems };
  for (const part of s.split(SPLIT_RE)) {
    const t = isAlnum(part.charCodeAt(0)) && isAlnum(part.charCodeAt(part.length - 1)) ? part : part.replace(TRIM_PUNCT_RE, '');
    if (t.length > 0 && !TITLES.has(t)) tokens.push(t);
  }
  if (tokens.length === 0) return { tokens, full: false, problems };
  let allTest = true;
  for (const t of tokens) {
    if (!TEST_WORDS.has(t)) allTest = false;
    if (STRONG_TEST_WORDS.has(t)) { push(problems, 'Test name'); continue; }
    if (DIGIT_RE.test(t)) { push(problems, 'Digits in name'); continue; }
    if (!ASCII_WORD_RE.test(t)) continue; // non-Latin or accented names are not judged
    if (looksMashed(t)) { push(problems, 'Keyboard-mash name'); continue; }
    if (t.length >= 4 && !VOWEL_RE.test(t)) push(problems, 'Name has no vowels');
  }
  if (allTest) push(problems, 'Test name');
  return { tokens, full: tokens.length >= 2, problems };
}

const TRIM_PUNCT_RE = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

function push(list: string[], reason: string): void {
  if (!list.includes(reason)) list.push(reason);
}
