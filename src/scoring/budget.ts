/**
 * Budget parser: free text → pounds. "500000", "£500k", "500,000", "1.2m", "£450k-£550k",
 * "between 400 and 500k", "up to £600k". Nonsense → null.
 */
import { norm, isPlaceholder } from './text.ts';

export interface ParsedBudget {
  min: number;
  max: number;
  mid: number;
  /** a bare number under 10,000 read as thousands ("450" → £450,000) */
  assumed_thousands: boolean;
}

/** Lowest and highest budgets we believe: below is a typo or rent, above is junk. */
export const MIN_BUDGET = 10_000;
export const MAX_BUDGET = 100_000_000;

const THOUSANDS = new Set(['k', 'K', 'thousand', 'thousands', 'grand', 'g', 'th']);
const MILLIONS = new Set(['m', 'mn', 'mil', 'mill', 'million', 'millions', 'mm']);
const BILLIONS = new Set(['b', 'bn', 'billion']);

/** Scratch state of one scan; module-level so scanning allocates nothing per call. */
let nCount = 0;
let n0 = 0, n1 = 0;
let m0 = 0, m1 = 0; // multipliers (0 = none written)

function pushNumber(value: number, mult: number): void {
  if (nCount === 0) { n0 = value; m0 = mult; } else if (nCount === 1) { n1 = value; m1 = mult; }
  nCount++;
}

function isDigit(c: number): boolean { return c >= 48 && c <= 57; }
function isLetter(c: number): boolean { return c >= 97 && c <= 122; }

function scan(s: string): void {
  nCount = 0;
  const len = s.length;
  let i = 0;
  while (i < len) {
    let c = s.charCodeAt(i);
    if (!isDigit(c) && !(c === 46 && i + 1 < len && isDigit(s.charCodeAt(i + 1)))) {
      // a letter run directly before a digit (e.g. "abc500") is fine; skip anything else
      i++;
      continue;
    }
    let intPart = 0;
    let frac = 0;
    let fracDiv = 1;
    let inFrac = false;
    while (i < len) {
      c = s.charCodeAt(i);
      if (isDigit(c)) {
        if (inFrac) { frac = frac * 10 + (c - 48); fracDiv *= 10; } else intPart = intPart * 10 + (c - 48);
        i++;
      } else if (c === 44 && !inFrac && i + 1 < len && isDigit(s.charCodeAt(i + 1))) {
        i++; // thousands separator
      } else if (c === 46 && !inFrac && i + 1 < len && isDigit(s.charCodeAt(i + 1))) {
        inFrac = true;
        i++;
      } else break;
    }
    const value = intPart + frac / fracDiv;
    while (i < len && s.charCodeAt(i) === 32) i++;
    const start = i;
    while (i < len && isLetter(s.charCodeAt(i))) i++;
    let mult = 0;
    if (i > start) {
      const word = s.slice(start, i);
      if (THOUSANDS.has(word)) mult = 1e3;
      else if (MILLIONS.has(word)) mult = 1e6;
      else if (BILLIONS.has(word)) mult = 1e9;
      else i = start; // a word like "and"/"to" belongs to the text, not the number
    }
    pushNumber(value, mult);
  }
}

function resolve(value: number, mult: number): number {
  return mult === 0 ? value : value * mult;
}

export function parseBudget(raw: unknown): ParsedBudget | null {
  return parseBudgetText(norm(raw));
}

/** parseBudget for text already passed through `norm` (readSignals normalises each field once). */
export function parseBudgetText(s: string): ParsedBudget | null {
  if (isPlaceholder(s)) return null;
  scan(s);
  if (nCount === 0 || nCount > 2) return null;
  let assumed = false;
  let lo: number;
  let hi: number;
  if (nCount === 1) {
    lo = hi = resolve(n0, m0);
    if (m0 === 0 && n0 >= 50 && n0 < MIN_BUDGET) { lo = hi = n0 * 1e3; assumed = true; }
  } else {
    // "400-500k", "between 1 and 1.5m": a unit written only on the second number applies to both
    let a = m0 === 0 && m1 !== 0 && n0 < n1 ? n0 * m1 : resolve(n0, m0);
    let b = resolve(n1, m1);
    if (m0 === 0 && m1 === 0 && a >= 50 && b >= 50 && a < MIN_BUDGET && b < MIN_BUDGET) {
      a *= 1e3; b *= 1e3; assumed = true;
    }
    lo = Math.min(a, b);
    hi = Math.max(a, b);
  }
  if (!(lo >= MIN_BUDGET) || !(hi <= MAX_BUDGET)) return null;
  lo = Math.round(lo);
  hi = Math.round(hi);
  return { min: lo, max: hi, mid: Math.round((lo + hi) / 2), assumed_thousands: assumed };
}
