/**
 * The row a lead contributes to learning: the engine's own reading of its fields (payment position,
 * timeline band, budget against the development, source, purpose, reachability, flags) plus the
 * company's custom attributes under `attributes.<name>`. Pure. Pipeline status is never part of it:
 * it is what the model predicts.
 */
import { readSignals, type LeadInput, type ScoreContext } from '../scoring/index.ts';
import type { Row, RawValue } from './features.ts';

export const ATTRIBUTE_PREFIX = 'attributes.';

function timelineBand(s: ReturnType<typeof readSignals>): string | null {
  if (s.timeline === null) return null;
  if (s.timeline.browsing) return 'browsing';
  const d = s.timeline_days;
  if (d === null) return null;
  return d <= 28 ? 'within 28 days' : d <= 90 ? 'within 3 months' : d <= 180 ? 'within 6 months' : 'later';
}

/** Attribute values a row may hold: scalars only (nested objects say nothing a bin could use). */
function scalar(v: unknown): RawValue {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
}

export function leadRow(lead: LeadInput, ctx: ScoreContext = {}): Row {
  const s = readSignals({ ...lead, status: null }, ctx);
  const row: Record<string, RawValue> = {
    payment: s.payment === null || s.payment.method === 'unknown' ? null : s.payment.method,
    chain: s.payment === null ? null : s.payment.chain,
    timeline: timelineBand(s),
    budget: s.budget === null ? null : s.budget.max,
    budget_vs_development: s.budget === null || s.dev === null || s.dev.price_from === null ? null : s.below_cheapest ? 'below cheapest unit' : 'reaches cheapest unit',
    purpose: s.purpose === null || s.purpose.purpose === 'unknown' ? null : s.purpose.purpose,
    first_time_buyer: s.purpose === null ? null : s.purpose.first_time_buyer,
    source: s.source,
    phone: s.phone === null ? null : s.phone.status,
    email: s.email === null ? null : s.email.status,
    bedrooms: s.bedrooms,
    fake: s.fake_reasons.length > 0,
    notes_given: s.notes_length >= 20,
  };
  if (lead.attributes != null) {
    for (const [k, v] of Object.entries(lead.attributes)) row[ATTRIBUTE_PREFIX + k] = scalar(v);
  }
  return row;
}

/** Plain words for the engine's own values; anything else reads "<field> is <value>". */
const PHRASES: Readonly<Record<string, string>> = {
  'payment is cash': 'Cash buyer',
  'payment is mortgage_approved': 'Mortgage agreed in principle',
  'payment is mortgage': 'Mortgage not yet approved',
  'payment is cash_from_sale': 'Cash only after selling',
  'payment is shared_ownership': 'Shared ownership',
  'payment is help_to_buy': 'Help to Buy',
  'payment is missing': 'Payment position unknown',
  'chain is true': 'Has a property to sell first',
  'chain is false': 'No chain',
  'timeline is browsing': 'Just browsing',
  'timeline is missing': 'Timeline unknown',
  'source is referral': 'Came from a referral',
  'source is direct': 'Walked in or phoned',
  'source is website': "Enquired on the developer's website",
  'source is portal': 'Came from a property portal',
  'source is social': 'Came from a social media ad',
  'fake is true': 'Looks like a fake lead',
  'notes_given is true': 'Wrote a message',
  'notes_given is false': 'Left no message',
  'phone is valid': 'Valid phone number',
  'email is valid': 'Valid email address',
  'first_time_buyer is true': 'First-time buyer',
  'budget is missing': 'No budget given',
};

/** A factor's words: "Came from a referral", "Timeline is within 3 months", "poutcome is success". */
export function factorWords(description: string): string {
  const phrase = PHRASES[description];
  if (phrase !== undefined) return phrase;
  const plain = description.startsWith(ATTRIBUTE_PREFIX) ? description.slice(ATTRIBUTE_PREFIX.length) : description;
  return plain.charAt(0).toUpperCase() + plain.slice(1).replaceAll('_', ' ');
}

/** "Came from a referral: +12% to viewing" */
export function factorSentence(description: string, effect: number, outcome: string): string {
  const pts = Math.round(effect * 100);
  return `${factorWords(description)}: ${pts >= 0 ? '+' : '−'}${Math.abs(pts)}% to ${outcome}`;
}
