/**
 * Everything the scores are built from, read once from a lead: parsed fields, validity checks,
 * fake-lead reasons and soft risk flags. Scores, classification and the model read only this.
 */
import { LEAD_STATUSES, LEAD_CATEGORIES, type LeadInput, type LeadStatus, type LeadCategory, type ScoreContext } from './types.ts';
import { parseBudgetText, type ParsedBudget } from './budget.ts';
import { parseTimelineText, timelineDays, type ParsedTimeline } from './timeline.ts';
import { parsePaymentText, type ParsedPayment } from './payment.ts';
import { parsePurposeText, type ParsedPurpose } from './purpose.ts';
import { parseBedrooms } from './bedrooms.ts';
import { parseSource, type SourceKind } from './source.ts';
import { checkPhone, type PhoneCheck } from './phone.ts';
import { checkEmail, type EmailCheck } from './email.ts';
import { checkName, type NameCheck } from './name.ts';
import { checkMismatch, type MismatchCheck } from './mismatch.ts';
import { devPrices, type DevPrices } from './development.ts';
import { norm, isPlaceholder, isJunkValue, isJsSpace } from './text.ts';

export interface LeadSignals {
  budget: ParsedBudget | null;
  /** a budget was written but could not be read */
  budget_unreadable: boolean;
  timeline: ParsedTimeline | null;
  /** the day count intent uses (middle of the range), null when unknown */
  timeline_days: number | null;
  payment: ParsedPayment | null;
  purpose: ParsedPurpose | null;
  bedrooms: number | null;
  location_given: boolean;
  source: SourceKind;
  status: LeadStatus | null;
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
  /** reasons the lead is fake; non-empty ⇔ is_fake_lead */
  fake_reasons: string[];
  /** just browsing, Lost or Archived */
  low_urgency: boolean;
}

const STATUS_SET: ReadonlySet<string> = new Set(LEAD_STATUSES);
const CATEGORY_SET: ReadonlySet<string> = new Set(LEAD_CATEGORIES);

export function readSignals(lead: LeadInput, ctx: ScoreContext): LeadSignals {
  // each free-text field is normalised once; the parsers and the junk checks share the result
  const budgetText = norm(lead.budget);
  const timelineText = norm(lead.timeline);
  const paymentText = norm(lead.payment_method);
  const purposeText = norm(lead.purpose);
  const locationText = norm(lead.location);
  const budget = parseBudgetText(budgetText);
  const timeline = parseTimelineText(timelineText);
  const payment = parsePaymentText(paymentText);
  const purpose = parsePurposeText(purposeText);
  const bedrooms = parseBedrooms(lead.bedrooms);
  const phone = checkPhone(lead.phone);
  const email = checkEmail(lead.email);
  const name = checkName(lead.full_name);
  const mismatch = checkMismatch(name.tokens, email !== null && email.status === 'valid' ? email.local : '');
  const dev = devPrices(ctx.development, bedrooms);
  const status = lead.status != null && STATUS_SET.has(lead.status) ? lead.status : null;

  const fake: string[] = [];
  if (email !== null) {
    if (email.status === 'disposable') fake.push(`Disposable email domain (${email.domain})`);
    else if (email.status === 'junk') fake.push('Junk email address');
  }
  if (phone !== null) {
    if (phone.status === 'invalid') fake.push('Impossible phone number');
    else if (phone.status === 'made_up') fake.push('Phone number looks made up (repeated or sequential digits)');
  }
  for (const p of name.problems) fake.push(p);
  // only fields that did not parse can hold junk ("asdf" is never a budget we understood)
  if (budget === null && isJunkValue(budgetText)) fake.push('Junk value in budget');
  if ((payment === null || payment.method === 'unknown') && isJunkValue(paymentText)) fake.push('Junk value in payment_method');
  if ((timeline === null || timeline.unparsed) && isJunkValue(timelineText)) fake.push('Junk value in timeline');
  if ((purpose === null || purpose.purpose === 'unknown') && isJunkValue(purposeText)) fake.push('Junk value in purpose');
  if (isJunkValue(locationText)) fake.push('Junk value in location');
  if (mismatch.mismatch) fake.push("Data mismatch: email looks like another person's name");

  const below = budget !== null && dev !== null && dev.price_from !== null && budget.max < dev.price_from;
  return {
    budget,
    budget_unreadable: budget === null && !isPlaceholder(budgetText),
    timeline,
    timeline_days: timelineDays(timeline),
    payment,
    purpose,
    bedrooms,
    location_given: !isPlaceholder(locationText),
    source: parseSource(lead.source, lead.utm),
    status,
    category: lead.category != null && CATEGORY_SET.has(lead.category) ? lead.category : 'BUYER',
    notes_length: typeof lead.notes === 'string' ? trimmedLength(lead.notes) : 0,
    attribute_count: lead.attributes != null ? Object.keys(lead.attributes).length : 0,
    phone,
    email,
    name,
    mismatch,
    dev,
    below_cheapest: below,
    fake_reasons: fake,
    low_urgency: (timeline !== null && timeline.browsing) || status === 'Lost' || status === 'Archived',
  };
}

/** `s.trim().length` without making the trimmed string. */
function trimmedLength(s: string): number {
  let start = 0;
  let end = s.length;
  while (start < end && isJsSpace(s.charCodeAt(start))) start++;
  while (end > start && isJsSpace(s.charCodeAt(end - 1))) end--;
  return end - start;
}

/** Able to proceed within 28 days: cash or AIP/DIP/MIP, no chain, timeline ≤ 28 days, not fake. */
export function isTwentyEightDayBuyer(s: LeadSignals): boolean {
  const p = s.payment;
  if (p === null || p.chain || (p.method !== 'cash' && p.method !== 'mortgage_approved')) return false;
  const t = s.timeline;
  if (t === null || t.browsing || t.days_max === null || t.days_max > 28) return false;
  return s.fake_reasons.length === 0;
}
