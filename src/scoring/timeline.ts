/**
 * Timeline parser: free text → days until the buyer wants to move/complete.
 * "immediate", "ASAP", "now", "28 days", "within a month", "4 weeks", "3 months", "3-6 months",
 * "6-12 months", "next year", "just browsing" (→ browsing flag, no days).
 */
import { norm, isPlaceholder } from './text.ts';
import { gated, wordStarts } from './gate.ts';

export interface ParsedTimeline {
  /** earliest day count the text allows (null: not understood, or browsing) */
  days: number | null;
  /** latest day count the text allows ("3-6 months" → 180); equal to days for a single value */
  days_max: number | null;
  /** the buyer said they are only browsing / have no plans: low urgency */
  browsing: boolean;
  /** text was given but no time could be read from it */
  unparsed: boolean;
}

export const DAYS_PER_WEEK = 7;
export const DAYS_PER_MONTH = 30;
export const DAYS_PER_YEAR = 365;

const BROWSING_RE =
  /\b(just (browsing|looking)|browsing|window shopping|no (plans?|timeline|time ?frame)|not (looking|ready|yet|now|buying)|only looking|researching|curious|someday|some day)\b/;
const IMMEDIATE_RE =
  /\b(immediate(ly)?|asap|a\.s\.a\.p|as soon as possible|now|right away|straight away|straightaway|urgent(ly)?|today|this week|ready to (buy|move|proceed|go)|yesterday)\b/;
/** "<n>[-<m>] <unit>" with digits or number words; unit day/week/month/year/fortnight */
const AMOUNT_RE =
  /\b(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty[- ]four|couple(?: of)?|few|several|half an?|half)\s*(?:(?:-|–|to|or)\s*(\d+(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty[- ]four))?\s*\+?\s*(days?|d\b|weeks?|wks?|w\b|months?|mths?|mos?|m\b|years?|yrs?|y\b|fortnights?)/;
const NEXT_YEAR_RE = /\b(next year|within (a|the) year|12 months\+|over a year|more than a year|after a year|long term)\b/;
const THIS_YEAR_RE = /\b(this year|end of (the )?year|later this year|before christmas|this summer|this spring|this autumn|this winter)\b/;
const NEXT_MONTH_RE = /\b(next month|end of (the )?month|this month)\b/;
const SOON_RE = /\b(soon|shortly|short term|next few weeks|coming weeks)\b/;
const FEW_MONTHS_RE = /\b(next few months|coming months|few months|medium term)\b/;
const PLUS_RE = /\+|\bplus\b|\bor more\b|\bover\b|\bmore than\b|\bat least\b/;

// gated: a pattern runs only when the text has a word starting with one of its first letters
const BROWSING = gated(BROWSING_RE);
const IMMEDIATE = gated(IMMEDIATE_RE);
const NEXT_YEAR = gated(NEXT_YEAR_RE);
const THIS_YEAR = gated(THIS_YEAR_RE);
const NEXT_MONTH = gated(NEXT_MONTH_RE);
const SOON = gated(SOON_RE);
const FEW_MONTHS = gated(FEW_MONTHS_RE);

const WORD_NUMBERS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, eighteen: 18, 'twenty-four': 24, 'twenty four': 24, couple: 2, 'couple of': 2,
  few: 3, several: 4, half: 0.5, 'half a': 0.5, 'half an': 0.5,
};

function wordNumber(w: string | undefined): number | null {
  if (w === undefined) return null;
  const c = w.charCodeAt(0);
  if (c >= 48 && c <= 57) return Number(w);
  return WORD_NUMBERS[w] ?? null;
}

function unitDays(unit: string): number {
  switch (unit.charCodeAt(0)) {
    case 100: return 1; // d
    case 119: return DAYS_PER_WEEK; // w
    case 102: return 14; // fortnight
    case 121: return DAYS_PER_YEAR; // y
    default: return DAYS_PER_MONTH; // m
  }
}

function result(days: number | null, daysMax: number | null, browsing: boolean, unparsed: boolean): ParsedTimeline {
  return { days, days_max: daysMax, browsing, unparsed };
}

export function parseTimeline(raw: unknown): ParsedTimeline | null {
  return parseTimelineText(norm(raw));
}

/** parseTimeline for text already passed through `norm`. */
export function parseTimelineText(s: string): ParsedTimeline | null {
  if (isPlaceholder(s)) return null;
  const w = wordStarts(s);
  if (BROWSING.test(s, w)) return result(null, null, true, false);
  if (IMMEDIATE.test(s, w)) return result(0, 0, false, false);
  const m = AMOUNT_RE.exec(s);
  if (m !== null) {
    const a = wordNumber(m[1]);
    const b = wordNumber(m[2]);
    const per = unitDays(m[3]!);
    if (a !== null && Number.isFinite(a)) {
      let lo = Math.round(a * per);
      let hi = b !== null && Number.isFinite(b) ? Math.round(b * per) : lo;
      if (hi < lo) { const t = lo; lo = hi; hi = t; }
      if (b === null && PLUS_RE.test(s)) hi = Math.round(lo * 1.5);
      // anything beyond ten years is read as "ten years": far away, never "unclear"
      const cap = 10 * DAYS_PER_YEAR;
      return result(lo > cap ? cap : lo, hi > cap ? cap : hi, false, false);
    }
  }
  if (NEXT_MONTH.test(s, w)) return result(30, 60, false, false);
  if (SOON.test(s, w)) return result(14, 42, false, false);
  if (FEW_MONTHS.test(s, w)) return result(60, 120, false, false);
  if (THIS_YEAR.test(s, w)) return result(90, 270, false, false);
  if (NEXT_YEAR.test(s, w)) return result(365, 540, false, false);
  return result(null, null, false, true);
}

/** The single day count intent is scored on: the middle of the range the buyer gave. */
export function timelineDays(t: ParsedTimeline | null): number | null {
  if (t === null || t.days === null) return null;
  const hi = t.days_max ?? t.days;
  return Math.round((t.days + hi) / 2);
}
