/**
 * Quality: can this buyer buy here? Budget (against the development's prices when known),
 * payment strength, purpose and data validity. Max 35 + 30 + 10 + 25 = 100.
 */
import type { LeadSignals } from './signals.ts';
import type { PaymentMethod } from './payment.ts';
import type { Purpose } from './purpose.ts';
import { factor, total, gbp, clamp01, type Factor, type ScorePart } from './factors.ts';

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
  let detail = `Payment: ${p.method.replaceAll('_', ' ')}`;
  if (p.chain && (p.method === 'mortgage' || p.method === 'mortgage_approved')) {
    pts -= CHAIN_PENALTY;
    detail += ', depends on selling a property';
  }
  return factor('payment', pts, max, detail);
}

function purposeFactor(s: LeadSignals): Factor {
  const p = s.purpose;
  if (p === null) return factor('purpose', 0, QUALITY_MAX.purpose, 'No purpose given');
  return factor('purpose', PURPOSE_QUALITY[p.purpose], QUALITY_MAX.purpose, `Purpose: ${p.purpose.replaceAll('_', ' ')}`);
}

function validityFactor(s: LeadSignals): Factor {
  let pts = 0;
  const parts: string[] = [];
  const e = s.email;
  if (e === null) parts.push('no email');
  else if (e.status === 'valid') { pts += 9; parts.push('email valid'); }
  else if (e.status === 'relay') { pts += 6; parts.push('email is a privacy relay'); }
  else parts.push(`email ${e.status}`);
  const ph = s.phone;
  if (ph === null) parts.push('no phone');
  else if (ph.status === 'valid') { pts += 10; parts.push('phone valid'); }
  else if (ph.status === 'drama') { pts += 4; parts.push('phone in drama range'); }
  else parts.push(`phone ${ph.status.replaceAll('_', ' ')}`);
  if (s.name.problems.length > 0) parts.push('name looks fake');
  else if (s.name.full) { pts += 6; parts.push('full name'); }
  else if (s.name.tokens.length === 1) { pts += 3; parts.push('first name only'); }
  else parts.push('no name');
  return factor('data_validity', pts, QUALITY_MAX.validity, parts.join(', '));
}

export function qualityScore(s: LeadSignals): ScorePart {
  const factors = [budgetFactor(s), paymentFactor(s), purposeFactor(s), validityFactor(s)];
  const fake = s.fake_reasons.length > 0;
  return total(factors, fake ? FAKE_QUALITY_CAP : null, 'Fake lead');
}
