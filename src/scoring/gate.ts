/**
 * Cheap pre-checks for the parsers' keyword regexes.
 *
 * Almost every keyword pattern is a list of alternatives that each start with `\b` and a letter
 * (`\bcash\b|\bno mortgage\b|…`). Such a pattern can only match where a word starts with one of
 * those letters. `wordStarts(s)` collects, once per field, the letters that start a word; a gated
 * pattern whose first letters are all absent is known not to match, without running the regex.
 * Most fields are a word or two, so most of the parsers' ~20 regex runs per lead are skipped.
 *
 * The first letters are read from the pattern's own source. Anything the reader does not fully
 * understand (a first character that is not a plain letter, an optional first letter, a class
 * like [aà]) makes the gate always open, so a gate can skip work but never change an answer.
 */

/** Bit for each letter a–z; ALL opens the gate for any text. */
const ALL = 0x3ffffff;

function letterBit(c: number): number {
  return c >= 97 && c <= 122 ? 1 << (c - 97) : 0;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Letters a–z that start a word in `s` (word as in the regex `\b`: [A-Za-z0-9_]). */
export function wordStarts(s: string): number {
  let bits = 0;
  let prevWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const word = isWordChar(c);
    if (word && !prevWord) bits |= letterBit(c);
    prevWord = word;
  }
  return bits;
}

/** The top-level alternatives of a pattern (or group body), split on | outside groups and classes. */
function alternatives(src: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') { i++; continue; }
    if (inClass) { if (ch === ']') inClass = false; continue; }
    if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) { out.push(src.slice(start, i)); start = i + 1; }
  }
  out.push(src.slice(start));
  return out;
}

/** Index just past the group that opens at `open`, or -1. */
function groupEnd(src: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') { i++; continue; }
    if (inClass) { if (ch === ']') inClass = false; continue; }
    if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') { depth--; if (depth === 0) return i + 1; }
  }
  return -1;
}

function isOptionalAt(src: string, i: number): boolean {
  const q = src[i];
  return q === '?' || q === '*' || q === '{';
}

/** Letters any match of `alt` must start with (after the `\b` already consumed), or ALL. */
function firstLetters(alt: string): number {
  if (alt.length === 0) return ALL;
  const c = alt.charCodeAt(0);
  if (c >= 97 && c <= 122) return isOptionalAt(alt, 1) ? ALL : letterBit(c);
  if (alt[0] === '(') {
    const end = groupEnd(alt, 0);
    if (end < 0 || isOptionalAt(alt, end)) return ALL;
    const body = alt.startsWith('(?:') ? alt.slice(3, end - 1) : alt.startsWith('(?') ? null : alt.slice(1, end - 1);
    if (body === null) return ALL; // lookarounds and named groups: not read
    let bits = 0;
    for (const inner of alternatives(body)) bits |= firstLetters(inner);
    return bits;
  }
  return ALL;
}

/** Letters a match of `re` must start a word with, or ALL when that cannot be read. */
export function gateOf(re: RegExp): number {
  // only plain patterns: i/m/u/v change what \b and letters mean, g/y make test() move lastIndex
  if (re.flags.replace(/[ds]/g, '') !== '') return ALL;
  let bits = 0;
  for (const alt of alternatives(re.source)) {
    if (!alt.startsWith('\\b')) return ALL;
    bits |= firstLetters(alt.slice(2));
  }
  return bits;
}

/** A keyword regex with its gate: `test(s, wordStarts(s))` is `re.test(s)`, often without running it. */
export class GatedRegExp {
  readonly gate: number;
  constructor(readonly re: RegExp) {
    this.gate = gateOf(re);
  }
  test(s: string, starts: number): boolean {
    return (this.gate & starts) !== 0 && this.re.test(s);
  }
}

/** Every gated pattern, so the tests can hold each gate to its regex. */
export const GATED: GatedRegExp[] = [];

export function gated(re: RegExp): GatedRegExp {
  const g = new GatedRegExp(re);
  GATED.push(g);
  return g;
}
