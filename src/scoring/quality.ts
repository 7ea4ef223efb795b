/**
 * Quality: can this buyer buy here? Budget (against the development's prices when known),
 * payment strength, purpose and data validity. Max 35 + 30 + 10 + 25 = 100.
 */
import type { LeadSignals } from './signals.ts';
import type { EmailStatus } from './email.ts';
import type { PhoneStatus } from './phone.ts';
import { PAYMENT_METHODS, type PaymentMethod } from './payment.ts';
import { PURPOSES, type Purpose } from './purpose.ts';
import { factor, total, gbp, clamp01, spacedLabels, type Factor, type ScorePart } from './factors.ts';

export const QUALITY_MAX = { budget: 35, payment: 30, purpose: 10, validity: 25 } as const;

/** Payment strength, strongest first: cash > mortgage with AIP > mortgage > unknown. */
export const PAYMENT_POINTS: Readonly<Record<PaymentMethod, number>> = {
  cash: 30,
  mortgage_approved: 24,
  part_exchange: 17,
  mortgage: 15,
  cash_from_sale: 13,
  shared_ownership: 10,
  help_to_buy: 5,
  unknown: 3,
};
/** taken off a mortgage when the purchase also depends on selling a property */
export const CHAIN_PENALTY = 4;

export const PURPOSE_QUALITY: Readonly<Record<Purpose, number>> = {
  primary_residence: 10,
  investment: 9,
  buy_to_let: 8,
  second_home: 8,
  unknown: 2,
};

/** A fake lead cannot buy: its quality is capped here. */
export const FAKE_QUALITY_CAP = 15;

// detail strings that depend only on an enum value, built once instead of per lead
const PAYMENT_DETAIL = mapValues(spacedLabels(PAYMENT_METHODS), (l) => `Payment: ${l}`);
const PURPOSE_DETAIL = mapValues(spacedLabels(PURPOSES), (l) => `Purpose: ${l}`);

function mapValues<T extends string>(r: Readonly<Record<T, string>>, f: (v: string) => string): Readonly<Record<T, string>> {
  const out = {} as Record<T, string>;
  for (const k of Object.keys(r) as T[]) out[k] = f(r[k]);
  return out;
}

/** Budget points with no development known: 8 at £100k rising (log scale) to 35 at £1m and above. */
export function absoluteBudgetPoints(budget: number): number {
  const p = 8 + 27 * Math.log10(budget / 100_000);
  return p < 8 ? 8 : p > 35 ? 35 : p;
}

function budgetFactor(s: LeadSignals): Factor {
  const max = QUALITY_MAX.budget;
  if (s.budget === null) {
    return factor('budget', 0, max, s.budget_unreadable ? 'Budget could not be read' : 'No budget given');
  }
  const b = s.budget.max;
  const dev = s.dev;
  if (dev === null || dev.price_from === null) {
    return factor('budget', absoluteBudgetPoints(b), max, `Budget up to ${gbp(b)} (no development prices to compare)`);
  }
  const from = dev.price_from;
  const where = dev.by_bedrooms ? `cheapest ${s.bedrooms}-bed unit` : 'cheapest unit';
  if (b < from) {
    // 5 points at 70% of the cheapest price or less, rising to 20 just below it
    const pts = 5 + 15 * clamp01((b / from - 0.7) / 0.3);
    return factor('budget', pts, max, `Budget ${gbp(b)} is below the ${where} (${gbp(from)})`);
  }
  const to = dev.price_to;
  if (to === null || to <= from) return factor('budget', 32, max, `Budget ${gbp(b)} covers the ${where} (${gbp(from)})`);
  const pts = 28 + 7 * clamp01((b - from) / (to - from));
  return factor('budget', pts, max, `Budget ${gbp(b)} against prices ${gbp(from)}–${gbp(to)}`);
}

function paymentFactor(s: LeadSignals): Factor {
  const max = QUALITY_MAX.payment;
  const p = s.payment;
  if (p === null) return factor('payment', 0, max, 'No payment method given');
  let pts = PAYMENT_POINTS[p.method];
  let detail = PAYMENT_DETAIL[p.method];
  if (p.chain && (p.method === 'mortgage' || p.method === 'mortgage_approved')) {
    pts -= CHAIN_PENALTY;
    detail += ', depends on selling a property';
  }
  return factor('payment', pts, max, detail);
}

function purposeFactor(s: LeadSignals): Factor {
  const p = s.purpose;
  if (p === null) return factor('purpose', 0, QUALITY_MAX.purpose, 'No purpose given');
  return factor('purpose', PURPOSE_QUALITY[p.purpose], QUALITY_MAX.purpose, PURPOSE_DETAIL[p.purpose]);
}

const EMAIL_VALIDITY: Readonly<Record<EmailStatus, string>> = {
  valid: 'email valid', relay: 'email is a privacy relay', disposable: 'email disposable', junk: 'email junk', invalid: 'email invalid',
};
const PHONE_VALIDITY: Readonly<Record<PhoneStatus, string>> = {
  valid: 'phone valid', drama: 'phone in drama range', made_up: 'phone made up', invalid: 'phone invalid',
};

/** Always three parts (email, phone, name), so the detail is one concatenation. */
function validityFactor(s: LeadSignals): Factor {
  let pts = 0;
  const e = s.email;
  if (e !== null) pts += e.status === 'valid' ? 9 : e.status === 'relay' ? 6 : 0;
  const ph = s.phone;
  if (ph !== null) pts += ph.status === 'valid' ? 10 : ph.status === 'drama' ? 4 : 0;
  let name: string;
  if (s.name.problems.length > 0) name = 'name looks fake';
  else if (s.name.full) { pts += 6; name = 'full name'; }
  else if (s.name.tokens.length === 1) { pts += 3; name = 'first name only'; }
  else name = 'no name';
  const detail = (e === null ? 'no email' : EMAIL_VALIDITY[e.status]) + ', ' + (ph === null ? 'no phone' : PHONE_VALIDITY[ph.status]) + ', ' + name;
  return factor('data_validity', pts, QUALITY_MAX.validity, detail);
}

export function qualityScore(s: LeadSignals): ScorePart {
  const factors: Factor[] = [budgetFactor(s), paymentFactor(s), purposeFactor(s), validityFactor(s)];
  const fake = s.fake_reasons.length > 0;
  return total(factors, fake ? FAKE_QUALITY_CAP : null, 'Fake lead');
}
