/**
 * Timeline reader: free text → how many days until the buyer means to move, resolved against the
 * moment the lead was received (`ref`, epoch milliseconds), so the engine stays pure.
 *
 * Reads durations ("28 days", "4 weeks", "3-6 months", "12 months+", "a couple of months"),
 * words ("ASAP", "now", "next week", "within a month", "ready to buy"), months ("by September",
 * "in August"), seasons ("spring"), quarters ("Q2 2027") and events ("after Christmas",
 * "end of the year", "next year"). "Just browsing" is low urgency; "not just looking" is not.
 * In free text (notes) a duration needs a word like "in", "within" or "next" before it, so
 * "lived here 10 years" is not a timeline. Linear: one phrase pass and one token pass.
 */
import { eachPhrase, negatedBefore, phraseTable } from './phrases.ts';
import { DAY, untilMonth, untilSpan, yearAfter } from './calendar.ts';

export interface ParsedTimeline {
  /** earliest day count the text allows (null: not understood, or browsing) */
  days: number | null;
  /** latest day count the text allows ("3-6 months" → 180); the band is read from this */
  days_max: number | null;
  /** the buyer said they are only browsing / have no plans: low urgency */
  browsing: boolean;
  /** text was given but no time could be read from it */
  unparsed: boolean;
}

/** Exclusive bands, by the latest day the buyer gave. */
export const TIMELINE_BANDS = ['28_days', '3_months', '6_months', '12_months', 'later', 'unknown', 'browsing'] as const;
export type TimelineBand = (typeof TIMELINE_BANDS)[number];

/** "About a month": 28 days, 4 weeks, "within a month", a calendar month. */
export const BAND_28_DAYS = 31;
/** "About 3 months" (3 calendar months and a little). */
export const BAND_3_MONTHS = 100;
/** "About 6 months". */
export const BAND_6_MONTHS = 190;
/** "About a year". */
export const BAND_12_MONTHS = 380;

export function timelineBand(t: ParsedTimeline | null): TimelineBand {
  if (t === null) return 'unknown';
  if (t.browsing) return 'browsing';
  const d = t.days_max;
  if (d === null) return 'unknown';
  return d <= BAND_28_DAYS ? '28_days' : d <= BAND_3_MONTHS ? '3_months' : d <= BAND_6_MONTHS ? '6_months' : d <= BAND_12_MONTHS ? '12_months' : 'later';
}

type Word =
  | { k: 'browse' }
  | { k: 'days'; lo: number; hi: number; field_only?: true }
  | { k: 'month'; m: number }
  | { k: 'season'; m: number }
  | { k: 'quarter'; q: number }
  | { k: 'event'; e: 'christmas' | 'after_christmas' | 'easter' | 'end_of_year' | 'this_year' | 'next_year' | 'next_month' };

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const PHRASES = phraseTable<Word>([
  ...['just browsing', 'browsing', 'just looking', 'only looking', 'window shopping', 'just researching', 'just curious',
    'no plans', 'no plans to move', 'not planning to move', 'no timeline', 'no time frame', 'no timeframe', 'just having a look',
    'having a nosey', 'looking around'].map((p) => [p, { k: 'browse' }] as const),
  // too common in a message to mean a timeline there ("we rent now", "I called today")
  ...['now', 'today', 'urgent'].map((p) => [p, { k: 'days', lo: 0, hi: 7, field_only: true }] as const),
  ['soon', { k: 'days', lo: 30, hi: 90, field_only: true }],
  ...['immediate', 'immediately', 'imediately', 'asap', 'a s a p', 'as soon as possible', 'right away', 'right now',
    'straight away', 'straightaway', 'urgently', 'this week', 'ready to buy', 'ready to move',
    'ready to proceed', 'ready to reserve', 'ready now', 'this month', 'within the month', 'end of the month',
    'end of month'].map((p) => [p, { k: 'days', lo: 0, hi: p.includes('month') ? 30 : 7 }] as const),
  ['next week', { k: 'days', lo: 7, hi: 14 }],
  ['within a month', { k: 'days', lo: 0, hi: 30 }],
  ['in a month', { k: 'days', lo: 30, hi: 30 }],
  ['few weeks', { k: 'days', lo: 14, hi: 28 }],
  ['coming weeks', { k: 'days', lo: 14, hi: 28 }],
  ['few months', { k: 'days', lo: 60, hi: 90 }],
  ['coming months', { k: 'days', lo: 60, hi: 90 }],
  ['long term', { k: 'days', lo: 365, hi: 540 }],
  ['few years', { k: 'days', lo: 730, hi: 1095 }],
  ['couple of years', { k: 'days', lo: 730, hi: 730 }],
  ['next month', { k: 'event', e: 'next_month' }],
  ...MONTHS.filter((m) => m !== 'may').map((m, i) => [m, { k: 'month', m: i < 4 ? i : i + 1 }] as const),
  ['sept', { k: 'month', m: 8 }],
  ...['in may', 'by may', 'from may', 'before may', 'until may', 'end of may', 'early may', 'mid may', 'late may'].map((p) => [p, { k: 'month', m: 4 }] as const),
  ['spring', { k: 'season', m: 2 }],
  ['summer', { k: 'season', m: 5 }],
  ['autumn', { k: 'season', m: 8 }],
  ['winter', { k: 'season', m: 11 }],
  ['q1', { k: 'quarter', q: 1 }], ['q2', { k: 'quarter', q: 2 }], ['q3', { k: 'quarter', q: 3 }], ['q4', { k: 'quarter', q: 4 }],
  ...['christmas', 'by christmas', 'before christmas', 'xmas'].map((p) => [p, { k: 'event', e: 'christmas' }] as const),
  ...['after christmas', 'after xmas', 'new year', 'in the new year', 'january sales'].map((p) => [p, { k: 'event', e: 'after_christmas' }] as const),
  ['easter', { k: 'event', e: 'easter' }],
  ...['end of the year', 'end of year', 'year end', 'by the end of the year'].map((p) => [p, { k: 'event', e: 'end_of_year' }] as const),
  ...['this year', 'later this year', 'within the year', 'within a year'].map((p) => [p, { k: 'event', e: 'this_year' }] as const),
  ...['next year', 'early next year', 'over a year', 'more than a year'].map((p) => [p, { k: 'event', e: 'next_year' }] as const),
] as ReadonlyArray<readonly [string, Word]>);

/** Words that, before a duration in free text, make it a timeline ("in 8 weeks", "within 6 weeks"). */
const CUES: ReadonlySet<string> = new Set(['in', 'within', 'next', 'about', 'around', 'approx', 'approximately', 'under', 'over',
  'than', 'by', 'roughly', 'say', 'upto', 'to', 'move', 'complete', 'buy']);
const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['a', 1], ['an', 1], ['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7], ['eight', 8],
  ['nine', 9], ['ten', 10], ['eleven', 11], ['twelve', 12], ['eighteen', 18], ['couple', 2], ['few', 3], ['several', 4], ['half', 0.5],
]);
const UNITS: ReadonlyMap<string, number> = new Map([
  ['day', 1], ['days', 1], ['d', 1], ['week', 7], ['weeks', 7], ['wk', 7], ['wks', 7], ['w', 7], ['fortnight', 14], ['fortnights', 14],
  ['month', 30], ['months', 30], ['mth', 30], ['mths', 30], ['mo', 30], ['mos', 30], ['m', 30],
  ['year', 365], ['years', 365], ['yr', 365], ['yrs', 365], ['y', 365],
]);

/** Ten years: anything further is "far away", never "unclear". */
const CAP = 3650;

function make(days: number | null, daysMax: number | null, browsing: boolean, unparsed: boolean): ParsedTimeline {
  return { days, days_max: daysMax, browsing, unparsed };
}

/** Scratch of one reading. */
let best = -1;
let bestLo = 0;
let bestHi = 0;
let browse = false;

function offer(at: number, lo: number, hi: number): void {
  if (best >= 0 && at >= best) return; // the first time the text names wins
  best = at;
  bestLo = lo > CAP ? CAP : lo;
  bestHi = hi > CAP ? CAP : hi < lo ? lo : hi;
}

/** The reference time and mode of the reading in progress (read by `resolve`). */
let curRef: number | null = null;
let curFree = false;

function resolve(w: Word, start: number, end: number, text: string): void {
  const ref = curRef;
  const free = curFree;
  switch (w.k) {
    case 'browse':
      if (!negatedBefore(text, start)) browse = true;
      return;
    case 'days':
      if (!(free && w.field_only === true)) offer(start, w.lo, w.hi);
      return;
  }
  if (ref === null) return; // calendar words need the moment the lead arrived
  switch (w.k) {
    case 'month': { const d = untilMonth(ref, w.m, yearAfter(text, end)); offer(start, d, d); return; }
    case 'season': { const d = untilSpan(ref, w.m, yearAfter(text, end)); offer(start, d, d); return; }
    case 'quarter': { const d = untilSpan(ref, (w.q - 1) * 3, yearAfter(text, end)); offer(start, d, d); return; }
    case 'event': {
      const y = new Date(ref).getUTCFullYear();
      switch (w.e) {
        case 'christmas': { const d = untilMonth(ref, 11, null); offer(start, d, d); return; }
        case 'after_christmas': { const d = new Date(ref).getUTCMonth() === 0 ? 0 : Math.round((Date.UTC(y + 1, 0, 5) - ref) / DAY); offer(start, d, d); return; }
        case 'easter': { const d = untilMonth(ref, 3, null); offer(start, d, d); return; }
        case 'end_of_year': { const d = untilMonth(ref, 11, null); offer(start, d, d); return; }
        case 'this_year': { const left = Math.round((Date.UTC(y + 1, 0, 1) - ref) / DAY); offer(start, 0, Math.round(left / 2)); return; }
        case 'next_year': offer(start, Math.round((Date.UTC(y + 1, 0, 1) - ref) / DAY), Math.round((Date.UTC(y + 1, 3, 1) - ref) / DAY)); return;
        case 'next_month': { const d = new Date(ref); const lo = Math.round((Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - ref) / DAY); offer(start, lo, lo); return; }
      }
    }
  }
}

function isNumberToken(t: string): boolean {
  const c = t.charCodeAt(0);
  return c >= 48 && c <= 57;
}

/** "12", "12+", "1.5" → the number, or NaN */
function tokenNumber(t: string): number {
  const plain = t.charCodeAt(t.length - 1) === 43 ? t.slice(0, -1) : t;
  if (plain.length === 0 || plain.length > 6) return NaN;
  for (let i = 0; i < plain.length; i++) {
    const c = plain.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || c === 46)) return NaN;
  }
  return Number(plain);
}

/** Strips trailing punctuation and a "+" it notes; returns the bare token. */
let tokenPlus = false;
function bareToken(t: string): string {
  let end = t.length;
  tokenPlus = false;
  while (end > 0) {
    const c = t.charCodeAt(end - 1);
    if (c === 43) { tokenPlus = true; end--; } else if (c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63 || c === 41) end--;
    else break;
  }
  return end === t.length ? t : t.slice(0, end);
}

/**
 * Durations, one pass over the words: [cue] N [N2] [+] unit [+|plus|or more]. Two numbers in a
 * row ("3 6 months", from "3-6 months") are a range; "to" and "or" between them too.
 */
function durations(text: string, free: boolean): void {
  let pos = 0;
  let prev2 = '', prev1 = '';
  // a small window of the last words: [index in text, word]
  let n1 = NaN, n1At = -1, n1Plus = false; // first number of a possible range
  let n2 = NaN;
  let joiner = false;
  while (pos < text.length) {
    while (pos < text.length && isSep(text.charCodeAt(pos))) pos++;
    if (pos >= text.length) break;
    const start = pos;
    while (pos < text.length && !isSep(text.charCodeAt(pos))) pos++;
    const raw = text.slice(start, pos);
    let t = bareToken(raw);
    const plus = tokenPlus;
    let numeric = isNumberToken(t) ? tokenNumber(t) : NUMBER_WORDS.get(t) ?? NaN;
    if (Number.isNaN(numeric) && isNumberToken(t)) {
      // "6months", "28days", "3m": a number glued to its unit
      let k = 0;
      while (k < t.length && t.charCodeAt(k) >= 48 && t.charCodeAt(k) <= 57) k++;
      const glued = UNITS.get(t.slice(k));
      if (glued !== undefined && k > 0 && k <= 3) {
        const cueOk = !free || CUES.has(precedingWord(text, start));
        if (cueOk) { const d = Number(t.slice(0, k)) * glued; offer(start, d, plus ? Math.round(d * 1.5) : d); }
        n1 = NaN; n2 = NaN; n1At = -1; joiner = false; n1Plus = false; prev1 = t;
        continue;
      }
      numeric = NaN;
      t = t;
    }
    if (t === 'of' && !Number.isNaN(n1)) { prev2 = prev1; prev1 = t; continue; } // "couple of months"
    if (!Number.isNaN(numeric)) {
      if (!Number.isNaN(n1) && Number.isNaN(n2) && (joiner || n1At >= 0)) { n2 = numeric; n1Plus ||= plus; }
      else { n1 = numeric; n1At = start; n2 = NaN; n1Plus = plus; joiner = false; }
      if (raw.charCodeAt(raw.length - 1) === 44) { n1 = NaN; n2 = NaN; }
      prev2 = prev1; prev1 = t;
      continue;
    }
    if ((t === 'to' || t === 'or' || t === 'and') && !Number.isNaN(n1) && Number.isNaN(n2)) { joiner = true; prev2 = prev1; prev1 = t; continue; }
    const unit = UNITS.get(t);
    if (unit !== undefined && !Number.isNaN(n1)) {
      const cueOk = !free || CUES.has(precedingWord(text, n1At));
      if (cueOk) {
        const lo = Math.round(n1 * unit);
        let hi = Number.isNaN(n2) ? lo : Math.round(n2 * unit);
        const more = n1Plus || plus || nextWordIsMore(text, pos);
        if (more && Number.isNaN(n2)) hi = Math.round(lo * 1.5);
        offer(n1At, Math.min(lo, hi), Math.max(lo, hi));
      }
    }
    n1 = NaN; n2 = NaN; n1At = -1; joiner = false; n1Plus = false;
    prev2 = prev1; prev1 = t;
  }
  void prev2;
}

/** Word separators for durations: space, and the dash or slash of "3-6 months", "3/6 months". */
function isSep(c: number): boolean {
  return c === 32 || c === 45 || c === 47 || c === 0x2013 || c === 0x2014;
}

function precedingWord(text: string, at: number): string {
  let i = at - 1;
  while (i >= 0 && isSep(text.charCodeAt(i))) i--;
  const end = i + 1;
  while (i >= 0 && !isSep(text.charCodeAt(i))) i--;
  return bareToken(text.slice(i + 1, end));
}

function nextWordIsMore(text: string, pos: number): boolean {
  let i = pos;
  while (i < text.length && text.charCodeAt(i) === 32) i++;
  return text.startsWith('plus', i) || text.startsWith('or more', i) || text.startsWith('+', i);
}

/** Free text holds a duration only if it names a unit: most messages are skipped in a few native scans. */
function mayHoldDuration(text: string): boolean {
  return text.includes('month') || text.includes('week') || text.includes('year') || text.includes('day') ||
    text.includes('mth') || text.includes('wk') || text.includes('yr') || text.includes('fortnight');
}

/**
 * Reads text already passed through `norm`. `ref` is when the lead was received (epoch ms), or
 * null (then months, seasons and events cannot be placed and are not read). `free`: notes and
 * form answers, where a duration needs a cue word.
 */
export function parseTimelineText(s: string, ref: number | null, free = false): ParsedTimeline | null {
  if (s.length === 0) return null;
  best = -1; bestLo = 0; bestHi = 0; browse = false;
  const text = s;
  curRef = ref;
  curFree = free;
  eachPhrase(PHRASES, text, resolve);
  if (!free || mayHoldDuration(text)) durations(text, free);
  if (browse) return make(null, null, true, false);
  if (best < 0) return free ? null : make(null, null, false, true);
  return make(bestLo, bestHi, false, false);
}
