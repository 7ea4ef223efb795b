/**
 * Quality: can this buyer buy here? Payment position (45), budget against the development's
 * prices (40; negative when it cannot reach the cheapest unit) and contact details (15). A
 * viewing booked lifts quality to 70: a sales team qualifies a buyer before booking one.
 */
import type { LeadSignals } from './signals.ts';
import type { EmailStatus } from './email.ts';
import type { PhoneStatus } from './phone.ts';
import { PAYMENT_METHODS, type PaymentMethod } from './payment.ts';
import { factor, total, gbp, clamp01, spacedLabels, type Factor, type ScorePart } from './factors.ts';

export const QUALITY_MAX = { payment: 45, budget: 40, validity: 15 } as const;

/** Payment position, strongest first: cash ≥ AIP ≥ sold STC ≥ mortgage not yet agreed ≥ must sell first ≥ unknown. */
export const PAYMENT_POINTS: Readonly<Record<PaymentMethod, number>> = {
  cash: 45,
  mortgage_approved: 42,
  sold_stc: 40,
  part_exchange_agreed: 40,
  no_chain: 30,
  mortgage: 28,
  part_exchange: 26,
  shared_ownership: 22,
  help_to_buy: 18,
  on_market: 16,
  needs_to_sell: 14,
  unknown: 12,
};

/** Points when no budget is known: neutral, so that missing data never drags quality below what is known. */
export const BUDGET_UNKNOWN_POINTS = 24;
/** A fake lead cannot buy: its quality is capped here. */
export const FAKE_QUALITY_CAP = 10;
/** A booked viewing means the sales team has qualified the buyer. */
export const VIEWING_QUALITY_FLOOR = 70;

const PAYMENT_DETAIL: Readonly<Record<PaymentMethod, string>> = {
  cash: 'Cash buyer, no sale to wait for',
  mortgage_approved: 'Mortgage agreed in principle',
  sold_stc: 'Own sale agreed (sold STC)',
  part_exchange_agreed: 'Part exchange agreed',
  no_chain: 'No chain, but how they will pay is not said',
  mortgage: 'Mortgage not yet agreed in principle',
  part_exchange: 'Part exchange wanted, not yet agreed',
  shared_ownership: 'Shared ownership: affordability cap, slower path',
  help_to_buy: 'Help to Buy equity loan has closed: needs another route',
  on_market: 'On the market, no buyer yet: a chain',
  needs_to_sell: 'Must sell a home first: a chain',
  unknown: 'Payment position not known',
};
void spacedLabels; void PAYMENT_METHODS;

/**
 * Budget points with no development known: 24 (the same as unknown) at £150k, rising on a log
 * scale to 40 at £1.5m; below £150k falling to 0 at £10k. Never decreasing in the budget.
 */
export function absoluteBudgetPoints(budget: number): number {
  if (budget >= 150_000) return 24 + 16 * clamp01(Math.log10(budget / 150_000));
  return 24 * clamp01(Math.log10(budget / 10_000) / Math.log10(15));
}

/**
 * Budget points against the cheapest applicable price (ratio = budget ÷ price): 34 at the price
 * rising to 40 at the top of the range; below it 24 at 90%, 0 at 80%, −15 at 60% or less.
 */
export function relativeBudgetPoints(ratio: number, budget: number, from: number, to: number | null): number {
  if (ratio >= 1) return to === null || to <= from ? 37 : 34 + 6 * clamp01((budget - from) / (to - from));
  if (ratio >= 0.9) return 24 + 100 * (ratio - 0.9);
  if (ratio >= 0.8) return 240 * (ratio - 0.8);
  return -15 + 75 * Math.max(0, ratio - 0.6);
}

function budgetFactor(s: LeadSignals): Factor {
  const max = QUALITY_MAX.budget;
  const b = s.budget;
  if (b === null) {
    const r = s.budget_reading;
    const why = r.currency !== null ? `Budget given in ${r.currency}: not read as pounds`
      : r.rent_pcm !== null ? `£${r.rent_pcm.toLocaleString('en-GB')} a month is rent, not a purchase budget`
        : r.deposit ? 'Only a deposit given, not the price'
          : s.budget_unreadable ? 'Budget could not be read' : 'No budget given';
    return factor('budget', BUDGET_UNKNOWN_POINTS, max, why);
  }
  const dev = s.dev;
  if (dev === null || dev.price_from === null || s.budget_ratio === null) {
    return factor('budget', absoluteBudgetPoints(b.max), max, `Budget up to ${gbp(b.max)} (no development prices to compare)`);
  }
  const from = dev.price_from;
  const where = dev.by_bedrooms ? `cheapest ${s.bedrooms === 0 ? 'studio' : `${s.bedrooms}-bed`}` : 'cheapest home';
  const pts = relativeBudgetPoints(s.budget_ratio, b.max, from, dev.price_to);
  if (s.budget_ratio < 1) {
    return factor('budget', pts, max, `Held back: budget ${gbp(b.max)} is ${Math.round((1 - s.budget_ratio) * 100)}% below the ${where} (${gbp(from)})`);
  }
  return factor('budget', pts, max, `Budget ${gbp(b.max)} reaches the ${where} (${gbp(from)})`);
}

function paymentFactor(s: LeadSignals): Factor {
  const method = s.payment === null ? 'unknown' : s.payment.method;
  const detail = PAYMENT_DETAIL[method];
  const held = s.readiness === 'proceedable' ? detail : `Held back: ${detail.charAt(0).toLowerCase()}${detail.slice(1)}`;
  return factor('payment', PAYMENT_POINTS[method], QUALITY_MAX.payment, s.payment_from === 'notes' ? `${held} (read from the message)` : held);
}

const EMAIL_VALIDITY: Readonly<Record<EmailStatus, string>> = {
  valid: 'email valid', typo: 'email domain mistyped', relay: 'email is a privacy relay', disposable: 'email disposable',
  junk: 'email junk', invalid: 'email invalid',
};
const PHONE_VALIDITY: Readonly<Record<PhoneStatus, string>> = {
  valid: 'phone valid', drama: 'phone in a drama range', made_up: 'phone made up', invalid: 'phone invalid',
};

function validityFactor(s: LeadSignals): Factor {
  let pts = 0;
  const e = s.email;
  if (e !== null) pts += e.status === 'valid' ? 6 : e.status === 'relay' || e.status === 'typo' ? 4 : 0;
  const ph = s.phone;
  if (ph !== null) pts += ph.status === 'valid' ? 6 : ph.status === 'drama' ? 2 : 0;
  let name: string;
  if (s.name.problems.length > 0) name = 'name looks fake';
  else if (s.name.full) { pts += 3; name = 'full name'; }
  else if (s.name.tokens.length === 1) { pts += 2; name = 'first name only'; }
  else name = 'no name';
  const detail = (e === null ? 'no email' : EMAIL_VALIDITY[e.status]) + ', ' + (ph === null ? 'no phone' : PHONE_VALIDITY[ph.status]) + ', ' + name;
  return factor('contact_details', pts, QUALITY_MAX.validity, detail);
}

export function qualityScore(s: LeadSignals): ScorePart {
  const factors: Factor[] = [paymentFactor(s), budgetFactor(s), validityFactor(s)];
  if (s.fake_reasons.length > 0) return total(factors, FAKE_QUALITY_CAP, 'Fake lead');
  if (s.viewing === 'booked' && !s.below_cheapest) {
    let sum = 0;
    for (const f of factors) sum += f.points;
    if (sum < VIEWING_QUALITY_FLOOR) factors.push(factor('viewing_booked', VIEWING_QUALITY_FLOOR - sum, VIEWING_QUALITY_FLOOR, 'Viewing booked: the team qualified them to book it'));
  }
  return total(factors, null, '');
}
