/**
 * Budget reader: free text → a purchase budget in pounds, and what else the figures were.
 * "500000", "£500k", "500,000", "700 000", "1.2m", "£450k-£550k", "between 400 and 500k",
 * "up to £350k", "2 bed up to 450k" (2 is bedrooms), "around 600k with 10% deposit" (10% and a
 * deposit are not the price), "£1,200 pcm" / "£350 pw" (rent: a flag, never a budget),
 * "AED 2m" / "$800k" / "€500k" (another currency: flagged, never read as pounds).
 *
 * One hand-written scan, linear in the text, no regular expressions; text is bounded by `norm`.
 */
import { norm, isPlaceholder, MAX_TEXT_CHARS } from './text.ts';

export interface ParsedBudget {
  min: number;
  max: number;
  mid: number;
  /** a bare number under 1,000 read as thousands ("450" → £450,000) */
  assumed_thousands: boolean;
}

/** Everything the figures in a text said. */
export interface BudgetReading {
  /** a purchase budget in pounds, or null */
  budget: ParsedBudget | null;
  /** a rent figure per month in pounds ("£1,200 pcm", "£350 pw" → 1517): not a purchase budget */
  rent_pcm: number | null;
  /** a deposit was given ("15k deposit", "10% deposit"): not the price */
  deposit: boolean;
  /** another currency's code when a figure was in it ("AED", "USD", "EUR" …) */
  currency: string | null;
  /** a purchase figure no genuine buyer gives (under £10k or over £100m) */
  junk_value: number | null;
  /** bedrooms written beside the figure ("2 bed up to 450k") */
  bedrooms: number | null;
}

/** Lowest and highest purchase budgets we believe: outside is a junk value. */
export const MIN_BUDGET = 10_000;
export const MAX_BUDGET = 100_000_000;

const THOUSANDS: ReadonlySet<string> = new Set(['k', 'thousand', 'thousands', 'grand']);
const MILLIONS: ReadonlySet<string> = new Set(['m', 'mn', 'mil', 'mill', 'million', 'millions', 'mm']);
const BILLIONS: ReadonlySet<string> = new Set(['b', 'bn', 'billion', 'billions']);
const BEDS: ReadonlySet<string> = new Set(['bed', 'beds', 'bedroom', 'bedrooms', 'bedroomed', 'br', 'bd', 'bdr']);
/** words after a figure that make it rent, with the factor to a monthly figure */
const RENT_WORDS: ReadonlyMap<string, number> = new Map([
  ['pcm', 1], ['pm', 1], ['monthly', 1], ['pw', 52 / 12], ['weekly', 52 / 12], ['pa', 1 / 12],
]);
/** currency words and codes → ISO code (pounds are not here: they are the default) */
const CURRENCY_WORDS: ReadonlyMap<string, string> = new Map([
  ['aed', 'AED'], ['dhs', 'AED'], ['dh', 'AED'], ['dirham', 'AED'], ['dirhams', 'AED'],
  ['usd', 'USD'], ['dollar', 'USD'], ['dollars', 'USD'], ['eur', 'EUR'], ['euro', 'EUR'], ['euros', 'EUR'],
  ['hkd', 'HKD'], ['sgd', 'SGD'], ['cad', 'CAD'], ['aud', 'AUD'], ['inr', 'INR'], ['rupees', 'INR'], ['rs', 'INR'],
  ['cny', 'CNY'], ['rmb', 'CNY'], ['yuan', 'CNY'], ['jpy', 'JPY'], ['yen', 'JPY'], ['chf', 'CHF'], ['sar', 'SAR'],
  ['qar', 'QAR'], ['kwd', 'KWD'], ['ngn', 'NGN'], ['naira', 'NGN'], ['zar', 'ZAR'], ['rand', 'ZAR'],
]);
const SYMBOLS: ReadonlyMap<number, string> = new Map([[0x24, 'USD'], [0x20ac, 'EUR'], [0xa5, 'JPY'], [0x20b9, 'INR']]);

function isDigit(c: number): boolean { return c >= 48 && c <= 57; }
function isLetter(c: number): boolean { return c >= 97 && c <= 122; }

/** One figure found in the text. */
interface Figure {
  value: number;
  /** 0 none, else 1e3 / 1e6 / 1e9 */
  mult: number;
  pound: boolean;
  currency: string | null;
  kind: 'money' | 'rent' | 'deposit' | 'percent' | 'beds';
  /** "budget" written just before it */
  labelled: boolean;
  /** it had more than three digits before any decimal point */
  digits: number;
}

/** The word that starts at `i` (letters only), or '' */
function wordAt(s: string, i: number): string {
  let j = i;
  while (j < s.length && isLetter(s.charCodeAt(j))) j++;
  return s.slice(i, j);
}

function skipSpaces(s: string, i: number): number {
  while (i < s.length && s.charCodeAt(i) === 32) i++;
  return i;
}

/** Where the word that ends just before `i` starts (skipping spaces and colons). */
let wordBeforeStart = 0;

/** The word that ends just before `i` (skipping spaces and colons), or ''; sets `wordBeforeStart`. */
function wordBefore(s: string, i: number): string {
  let j = i - 1;
  while (j >= 0 && (s.charCodeAt(j) === 32 || s.charCodeAt(j) === 58)) j--;
  const end = j + 1;
  while (j >= 0 && isLetter(s.charCodeAt(j))) j--;
  wordBeforeStart = j + 1;
  return s.slice(j + 1, end);
}

function scan(s: string, out: Figure[]): void {
  const len = s.length;
  let i = 0;
  while (i < len) {
    const c0 = s.charCodeAt(i);
    if (!isDigit(c0) && !(c0 === 46 && i + 1 < len && isDigit(s.charCodeAt(i + 1)))) { i++; continue; }
    // a digit glued to letters before it ("abc500", "q2", "07911") is not money
    if (i > 0 && (isLetter(s.charCodeAt(i - 1)) || isDigit(s.charCodeAt(i - 1)))) { i++; while (i < len && isDigit(s.charCodeAt(i))) i++; continue; }
    const start = i;
    let intPart = 0;
    let digits = 0;
    let frac = 0;
    let fracDiv = 1;
    let inFrac = false;
    while (i < len) {
      const c = s.charCodeAt(i);
      if (isDigit(c)) {
        if (inFrac) { frac = frac * 10 + (c - 48); fracDiv *= 10; } else { intPart = intPart * 10 + (c - 48); digits++; }
        i++;
      } else if (c === 44 && !inFrac && i + 1 < len && isDigit(s.charCodeAt(i + 1))) {
        i++; // thousands separator
      } else if (c === 32 && !inFrac && digits <= 12 && threeDigitsAt(s, i + 1)) {
        i++; // "700 000": a space between groups of three
      } else if (c === 46 && !inFrac && i + 1 < len && isDigit(s.charCodeAt(i + 1))) {
        inFrac = true;
        i++;
      } else break;
    }
    const f: Figure = { value: intPart + frac / fracDiv, mult: 0, pound: false, currency: null, kind: 'money', labelled: false, digits };
    // before the figure: a currency sign or code, "deposit of", "budget"
    let b = start - 1;
    while (b >= 0 && s.charCodeAt(b) === 32) b--;
    if (b >= 0) {
      const c = s.charCodeAt(b);
      if (c === 0xa3) { f.pound = true; b--; } else if (SYMBOLS.has(c)) { f.currency = SYMBOLS.get(c)!; b--; }
    }
    const before = wordBefore(s, b + 1);
    if (before === 'gbp') f.pound = true;
    else if (CURRENCY_WORDS.has(before)) f.currency = CURRENCY_WORDS.get(before)!;
    if (before === 'deposit' || (before === 'of' && wordBefore(s, wordBeforeStart) === 'deposit')) f.kind = 'deposit';
    if (before === 'budget' || before === 'max' || before === 'maximum' || before === 'to' || before === 'around' || before === 'about') f.labelled = true;
    // after the figure: a multiplier, %, bedrooms, rent, a currency, "deposit"
    i = skipSpaces(s, i);
    if (i < len && s.charCodeAt(i) === 37) { f.kind = 'percent'; i++; }
    let w = wordAt(s, i);
    if (f.kind !== 'percent' && w.length > 0) {
      if (THOUSANDS.has(w)) f.mult = 1e3;
      else if (MILLIONS.has(w)) f.mult = 1e6;
      else if (BILLIONS.has(w)) f.mult = 1e9;
      if (f.mult !== 0) { i = skipSpaces(s, i + w.length); w = wordAt(s, i); }
    }
    if (w.length > 0) {
      if (BEDS.has(w) && f.mult === 0 && !f.pound) f.kind = 'beds';
      else if (RENT_WORDS.has(w)) { f.kind = 'rent'; f.value *= RENT_WORDS.get(w)!; }
      else if (w === 'per' || w === 'a' || w === 'p') {
        const next = wordAt(s, skipSpaces(s, i + w.length + (s.charCodeAt(i + w.length) === 47 ? 1 : 0)));
        if (next === 'month' || next === 'calendar' || next === 'm' || next === 'mth') f.kind = 'rent';
        else if (next === 'week' || next === 'w' || next === 'wk') { f.kind = 'rent'; f.value *= 52 / 12; }
      } else if (CURRENCY_WORDS.has(w)) f.currency = CURRENCY_WORDS.get(w)!;
      else if (w === 'deposit') f.kind = f.kind === 'percent' ? 'percent' : 'deposit';
    }
    out.push(f);
    if (out.length >= 8) return; // a budget never needs more; the rest of a long text is not read
  }
}

function threeDigitsAt(s: string, i: number): boolean {
  return i + 3 <= s.length && isDigit(s.charCodeAt(i)) && isDigit(s.charCodeAt(i + 1)) && isDigit(s.charCodeAt(i + 2)) &&
    (i + 3 === s.length || !isDigit(s.charCodeAt(i + 3)));
}

function pounds(f: Figure): number {
  return f.mult === 0 ? f.value : f.value * f.mult;
}

const NONE: BudgetReading = Object.freeze({ budget: null, rent_pcm: null, deposit: false, currency: null, junk_value: null, bedrooms: null }) as BudgetReading;

/** Scratch list of one scan: reused, so reading allocates only what it returns. */
const figures: Figure[] = [];

/**
 * Reads a budget field (`field`: bare numbers are budgets) or free text (`text`: a figure counts
 * as a budget only with £, k/m, or "budget"/"up to" before it, so "2-3 months" or "plot 22" never do).
 */
export function readBudgetText(s: string, mode: 'field' | 'text'): BudgetReading {
  if (isPlaceholder(s)) return NONE;
  figures.length = 0;
  scan(s, figures);
  if (figures.length === 0) return NONE;
  let bedrooms: number | null = null;
  let rent: number | null = null;
  let deposit = false;
  let currency: string | null = null;
  let a: Figure | null = null;
  let b: Figure | null = null;
  for (const f of figures) {
    if (f.kind === 'beds') { if (bedrooms === null && f.value <= 10 && Number.isInteger(f.value)) bedrooms = f.value; continue; }
    if (f.kind === 'percent') continue;
    if (f.kind === 'deposit') { deposit = true; continue; }
    if (f.kind === 'rent') { if (rent === null) rent = Math.round(pounds(f)); continue; }
    if (f.currency !== null) { currency ??= f.currency; continue; }
    if (mode === 'text' && !f.pound && f.mult === 0 && !f.labelled) continue;
    if (a === null) a = f; else if (b === null) b = f;
  }
  if (!deposit && s.includes('deposit') && figures.some((f) => f.kind === 'percent')) deposit = true;
  let budget: ParsedBudget | null = null;
  let junk: number | null = null;
  if (a !== null) {
    let assumed = false;
    let lo: number;
    let hi: number;
    if (b === null) {
      lo = hi = bare(a);
      assumed = a.mult === 0 && lo !== a.value;
    } else {
      // "400-500k", "between 1 and 1.5m": a unit written only on the second figure applies to both
      const av = a.mult === 0 && b.mult !== 0 && a.value < b.value ? a.value * b.mult : bare(a);
      const bv = bare(b);
      assumed = (a.mult === 0 && av !== a.value) || (b.mult === 0 && bv !== b.value);
      lo = Math.min(av, bv);
      hi = Math.max(av, bv);
    }
    if (lo < MIN_BUDGET || hi > MAX_BUDGET) junk = lo < MIN_BUDGET ? lo : hi;
    else {
      lo = Math.round(lo);
      hi = Math.round(hi);
      budget = { min: lo, max: hi, mid: Math.round((lo + hi) / 2), assumed_thousands: assumed };
    }
  }
  if (budget === null && junk === null && rent === null && !deposit && currency === null && bedrooms === null) return NONE;
  return { budget, rent_pcm: rent, deposit, currency, junk_value: junk, bedrooms };
}

/**
 * A figure with no unit: 50–999 is thousands ("Budget: 450" means £450k), a decimal under 10 is
 * millions ("1.5"), anything else is pounds as written.
 */
function bare(f: Figure): number {
  if (f.mult !== 0) return f.value * f.mult;
  if (f.digits <= 3 && f.value >= 50 && f.value < 1000 && Number.isInteger(f.value)) return f.value * 1e3;
  if (f.value < 10 && !Number.isInteger(f.value)) return f.value * 1e6;
  return f.value;
}

/** The purchase budget of a budget field, or null (kept for callers that need only that). */
export function parseBudget(raw: unknown): ParsedBudget | null {
  return readBudgetText(norm(raw), 'field').budget;
}

/** The figures of free text (notes, form answers). */
export function readBudgetInText(raw: unknown): BudgetReading {
  return readBudgetText(norm(raw, MAX_TEXT_CHARS), 'text');
}
