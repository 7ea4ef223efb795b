/**
 * Everything the scores are built from, read once from a lead: parsed fields (and the notes when
 * a field is silent), validity checks, fake-lead reasons and soft risk flags. Scores,
 * classification, the summary and the probability model read only this.
 */
import { LEAD_STATUSES, LEAD_CATEGORIES, type LeadInput, type LeadStatus, type LeadCategory, type ScoreContext } from './types.ts';
import { readBudgetText, type BudgetReading, type ParsedBudget } from './budget.ts';
import { parseTimelineText, timelineBand, type ParsedTimeline, type TimelineBand } from './timeline.ts';
import { parsePaymentText, PROCEEDABLE, type ParsedPayment } from './payment.ts';
import { parsePurposeText, type ParsedPurpose } from './purpose.ts';
import { parseBedrooms } from './bedrooms.ts';
import { parseSource, type SourceKind } from './source.ts';
import { checkPhone, type PhoneCheck } from './phone.ts';
import { checkEmail, type EmailCheck } from './email.ts';
import { checkName, type NameCheck } from './name.ts';
import { checkMismatch, type MismatchCheck } from './mismatch.ts';
import { devPrices, type DevPrices } from './development.ts';
import { norm, isPlaceholder, isJunkValue, MAX_TEXT_CHARS } from './text.ts';
import { eachPhrase, negatedBefore, phraseTable } from './phrases.ts';
import { gbp } from './factors.ts';

/** How ready the payment position is to proceed, strongest first. */
export type Readiness = 'proceedable' | 'part_exchange' | 'in_progress' | 'chain' | 'unknown';

/** Where a value was read: its own field, or the notes / form answers because the field was silent. */
export type ReadFrom = 'field' | 'notes' | null;

export interface LeadSignals {
  budget: ParsedBudget | null;
  budget_from: ReadFrom;
  /** rent, deposit, other currency, junk value, bedrooms: what the budget text(s) said besides a price */
  budget_reading: BudgetReading;
  /** a budget was written but could not be read */
  budget_unreadable: boolean;
  timeline: ParsedTimeline | null;
  timeline_from: ReadFrom;
  band: TimelineBand;
  payment: ParsedPayment | null;
  payment_from: ReadFrom;
  readiness: Readiness;
  purpose: ParsedPurpose | null;
  bedrooms: number | null;
  location_given: boolean;
  source: SourceKind;
  /** pipeline status; null for new leads and for closed ones (they are scored on their data) */
  status: LeadStatus | null;
  /** Sold, Lost or Archived: the classification stays for the record, no call is due */
  closed_status: LeadStatus | null;
  category: LeadCategory;
  notes_length: number;
  attribute_count: number;
  phone: PhoneCheck | null;
  email: EmailCheck | null;
  name: NameCheck;
  mismatch: MismatchCheck;
  dev: DevPrices | null;
  /** budget's top is below the cheapest price that applies */
  below_cheapest: boolean;
  /** budget top ÷ cheapest applicable price, when both are known */
  budget_ratio: number | null;
  /** a viewing booked (status or message), or asked for */
  viewing: 'booked' | 'asked' | null;
  /** names a specific plot or unit */
  specific_unit: boolean;
  /** wants to rent, not buy */
  rental: boolean;
  /** just browsing, or a rental enquiry: nothing to qualify now */
  low_urgency: boolean;
  /** a valid email, or a phone that can ring */
  reachable: boolean;
  /** which of budget, payment position and timeline are unknown */
  unknown_essentials: string[];
  /** reasons the lead is fake; non-empty ⇔ is_fake_lead */
  fake_reasons: string[];
}

const STATUS_SET: ReadonlySet<string> = new Set(LEAD_STATUSES);
const CATEGORY_SET: ReadonlySet<string> = new Set(LEAD_CATEGORIES);
const CLOSED: ReadonlySet<string> = new Set(['Sold', 'Lost', 'Archived']);
const VIEWING_STATUSES: ReadonlySet<string> = new Set(['Viewing Booked', 'Viewing Attended', 'Reserved', 'Exchanged']);

type MessageSignal = 'rent' | 'rent_out' | 'booked' | 'asked' | 'unit';
const MESSAGE_PHRASES = phraseTable<MessageSignal>([
  ...['looking to rent', 'want to rent', 'wanting to rent', 'available to rent', 'for rent', 'to rent', 'rent a',
    'rental only', 'renting a', 'let agreed', 'lettings'].map((p) => [p, 'rent'] as const),
  ...['to rent out', 'rent out', 'rent it out', 'rental yield', 'rental yields', 'rental income'].map((p) => [p, 'rent_out'] as const),
  ...['viewing booked', 'booked a viewing', 'booked viewing', 'viewing is booked', 'viewing arranged', 'viewing confirmed',
    'booked in to view', 'booked to view', 'appointment booked', 'booked an appointment', 'booked in for a viewing'].map((p) => [p, 'booked'] as const),
  ...['arrange a viewing', 'book a viewing', 'book a second viewing', 'second viewing', 'like to view', 'can view', 'could we view',
    'come and view', 'to view', 'a viewing', 'viewing', 'see the show home', 'visit the show home', 'have viewed', 'we viewed',
    'to see the show home', 'been to see'].map((p) => [p, 'asked'] as const),
  ...['plot', 'apartment number', 'unit number', 'the penthouse', 'flat number'].map((p) => [p, 'unit'] as const),
]);

/** Scratch of one message scan. */
let msgRent = false, msgBooked = false, msgAsked = false, msgUnit = false;

function scanMessage(t: string): void {
  msgRent = msgBooked = msgAsked = msgUnit = false;
  if (t.length === 0) return;
  eachPhrase(MESSAGE_PHRASES, t, seeMessage);
}

function seeMessage(id: MessageSignal, start: number, _end: number, t: string): void {
  if (id === 'unit') { msgUnit = true; return; }
  if (id === 'rent_out' || negatedBefore(t, start)) return;
  if (id === 'rent') msgRent = true; else if (id === 'booked') msgBooked = true; else msgAsked = true;
}

const YES: ReadonlySet<string> = new Set(['yes', 'y', 'true', 'yes please', 'yep', 'correct']);
const NO: ReadonlySet<string> = new Set(['no', 'n', 'false', 'nope']);

/**
 * The free text the parsers read when a field is silent: the notes, then each form answer (a
 * "Yes" answer stands for its question: "Do you have an agreement in principle?" → "Yes").
 * Bounded to MAX_TEXT_CHARS in all.
 */
function freeText(lead: LeadInput): string {
  let text = norm(lead.notes, MAX_TEXT_CHARS);
  const attrs = lead.attributes;
  if (attrs != null && typeof attrs === 'object') {
    let n = 0;
    for (const key in attrs) {
      if (!Object.prototype.hasOwnProperty.call(attrs, key)) continue;
      if (++n > 40 || text.length >= MAX_TEXT_CHARS) break;
      const v = attrs[key];
      let part = '';
      if (typeof v === 'string') {
        const nv = norm(v);
        if (YES.has(nv)) part = norm(key);
        else if (!NO.has(nv)) part = nv;
      } else if (v === true) part = norm(key);
      if (part.length > 0) text = text.length === 0 ? part : text + '. ' + part;
    }
    if (text.length > MAX_TEXT_CHARS) text = text.slice(0, MAX_TEXT_CHARS);
  }
  return text;
}

const EMPTY_READING: BudgetReading = Object.freeze({ budget: null, rent_pcm: null, deposit: false, currency: null, junk_value: null, bedrooms: null }) as BudgetReading;

export function readSignals(lead: LeadInput, ctx: ScoreContext): LeadSignals {
  const ref = ctx.received_at instanceof Date && Number.isFinite(ctx.received_at.getTime()) ? ctx.received_at.getTime() : null;
  const budgetText = norm(lead.budget);
  const timelineText = norm(lead.timeline);
  const paymentText = norm(lead.payment_method);
  const purposeText = norm(lead.purpose);
  const locationText = norm(lead.location);
  const text = freeText(lead);

  // each field first; the message only where the field says nothing
  const fieldReading = isPlaceholder(budgetText) ? EMPTY_READING : readBudgetText(budgetText, 'field');
  let reading = fieldReading;
  let budgetFrom: ReadFrom = reading.budget !== null ? 'field' : null;
  const fieldSaidMoney = reading !== EMPTY_READING && (reading.budget !== null || reading.rent_pcm !== null || reading.currency !== null || reading.junk_value !== null || reading.deposit);
  if (!fieldSaidMoney && text.length > 0) {
    const fromText = readBudgetText(text, 'text');
    if (fromText.budget !== null || fromText.rent_pcm !== null || fromText.currency !== null || fromText.junk_value !== null || fromText.deposit || fromText.bedrooms !== null) {
      reading = { ...fromText, bedrooms: reading.bedrooms ?? fromText.bedrooms };
      if (fromText.budget !== null) budgetFrom = 'notes';
    }
  }
  const budget = reading.budget;

  let timeline = parseTimelineText(timelineText, ref);
  let timelineFrom: ReadFrom = timeline !== null && !timeline.unparsed ? 'field' : null;
  if (timelineFrom === null && text.length > 0) {
    const t = parseTimelineText(text, ref, true);
    if (t !== null) { timeline = t; timelineFrom = 'notes'; }
  }

  let payment = parsePaymentText(paymentText);
  let paymentFrom: ReadFrom = payment !== null && payment.method !== 'unknown' ? 'field' : null;
  if (paymentFrom === null && text.length > 0) {
    const p = parsePaymentText(text);
    if (p !== null && p.method !== 'unknown') { payment = p; paymentFrom = 'notes'; }
  }

  scanMessage(text);
  const rawStatus = lead.status != null && STATUS_SET.has(lead.status) ? lead.status : null;
  const closed = rawStatus !== null && CLOSED.has(rawStatus) ? rawStatus : null;
  const status = closed === null ? rawStatus : null;
  const bedrooms = parseBedrooms(lead.bedrooms) ?? reading.bedrooms;
  const phone = checkPhone(lead.phone);
  const email = checkEmail(lead.email);
  const name = checkName(lead.full_name);
  const mismatch = checkMismatch(name.tokens, email !== null && (email.status === 'valid' || email.status === 'typo') ? email.local : '');
  const dev = devPrices(ctx.development, bedrooms);
  const cheapest = dev !== null ? dev.price_from : null;
  const ratio = budget !== null && cheapest !== null ? budget.max / cheapest : null;

  const emailUsable = email !== null && (email.status === 'valid' || email.status === 'typo' || email.status === 'relay');
  const phoneRings = phone !== null && phone.status === 'valid';
  const phoneUnusable = phone !== null && (phone.status === 'invalid' || phone.status === 'made_up');

  const fake: string[] = [];
  if (email !== null) {
    if (email.status === 'disposable') fake.push(`Disposable email address (${email.domain})`);
    else if (email.status === 'junk') fake.push('Test or placeholder email address');
  }
  for (const p of name.problems) fake.push(p);
  if (reading.junk_value !== null) fake.push(`Budget ${gbp(reading.junk_value)} is not a real purchase budget`);
  if (!emailUsable && !phoneRings && (phoneUnusable || (email !== null && email.status === 'invalid' && phone === null))) {
    fake.push(phoneUnusable ? 'Impossible phone number and no valid email' : 'Invalid email and no phone number');
  }
  // only fields that did not parse can hold junk ("asdf" is never a budget we understood)
  if (payment === null && isJunkValue(paymentText)) fake.push('Junk value in payment_method');
  if ((timeline === null || timeline.unparsed) && isJunkValue(timelineText)) fake.push('Junk value in timeline');
  if ((purposeText.length > 0) && isJunkValue(purposeText)) fake.push('Junk value in purpose');
  if (isJunkValue(locationText)) fake.push('Junk value in location');
  // a name/email mismatch alone is a couple sharing an inbox; with another junk signal it is not
  if (mismatch.mismatch && fake.length === 0 && (phoneUnusable || phone?.status === 'drama' || email?.status === 'typo')) {
    fake.push("Email names someone else, and the contact details do not hold up");
  }

  const method = payment === null ? 'unknown' : payment.method;
  const readiness: Readiness = PROCEEDABLE.has(method) ? 'proceedable'
    : method === 'part_exchange' ? 'part_exchange'
      : method === 'on_market' || method === 'needs_to_sell' ? 'chain'
        : method === 'unknown' ? 'unknown' : 'in_progress';

  const band = timelineBand(timeline);
  // a rent figure in the budget box, or words about renting with no purchase budget: a renter
  const rental = budget === null && (msgRent || fieldReading.rent_pcm !== null);
  const unknown: string[] = [];
  if (budget === null) unknown.push('budget');
  if (method === 'unknown') unknown.push('payment');
  if (band === 'unknown') unknown.push('timeline');

  return {
    budget,
    budget_from: budgetFrom,
    budget_reading: reading,
    budget_unreadable: budget === null && reading === EMPTY_READING && !isPlaceholder(budgetText),
    timeline,
    timeline_from: timelineFrom,
    band,
    payment,
    payment_from: paymentFrom,
    readiness,
    purpose: parsePurposeText(purposeText),
    bedrooms,
    location_given: !isPlaceholder(locationText),
    source: parseSource(lead.source, lead.utm),
    status,
    closed_status: closed,
    category: lead.category != null && CATEGORY_SET.has(lead.category) ? lead.category : 'BUYER',
    notes_length: typeof lead.notes === 'string' ? Math.min(lead.notes.trim().length, MAX_TEXT_CHARS) : 0,
    attribute_count: lead.attributes != null ? Object.keys(lead.attributes).length : 0,
    phone,
    email,
    name,
    mismatch,
    dev,
    below_cheapest: ratio !== null && ratio < 1,
    budget_ratio: ratio,
    viewing: (status !== null && VIEWING_STATUSES.has(status)) || msgBooked ? 'booked' : msgAsked ? 'asked' : null,
    specific_unit: msgUnit,
    rental,
    low_urgency: band === 'browsing' || rental,
    reachable: emailUsable || phoneRings,
    unknown_essentials: unknown,
    fake_reasons: fake,
  };
}

/**
 * Able to proceed within 28 days: cash or an agreement in principle, no sale to wait for, a
 * timeline of about a month or sooner, not fake, and a budget that reaches the cheapest unit
 * that applies when both are known. It describes ability, never a pressure tactic.
 */
export function isTwentyEightDayBuyer(s: LeadSignals): boolean {
  const p = s.payment;
  if (p === null || p.chain || (p.method !== 'cash' && p.method !== 'mortgage_approved')) return false;
  return s.band === '28_days' && !s.below_cheapest && s.fake_reasons.length === 0 && !s.rental;
}
