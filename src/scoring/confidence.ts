/**
 * Confidence: how much we know and how consistent it is. Completeness (50), validity (30) and
 * agreement between fields (20, less for each contradiction). Missing data lowers confidence
 * only; it never lowers quality or intent.
 */
import type { LeadSignals } from './signals.ts';
import { factor, total, gbp, joinPart, type Factor, type ScorePart } from './factors.ts';
import type { PhoneStatus } from './phone.ts';

export const CONFIDENCE_MAX = { completeness: 50, validity: 30, agreement: 20 } as const;

/** Points for each field being present and readable (sum 50). */
export const COMPLETENESS_POINTS = {
  email: 8, phone: 8, budget: 9, payment: 9, timeline: 8, purpose: 4, location: 2, bedrooms: 2,
} as const;

/** Deductions from the 20 agreement points. */
export const AGREEMENT_DEDUCTIONS = {
  budget_below_cheapest: 6,
  budget_far_above_prices: 4,
  shared_ownership_high_budget: 5,
  scheme_for_investment: 6,
  proceedable_but_browsing: 4,
  scheme_with_28_day_timeline: 3,
  email_other_name: 5,
  email_other_name_weak: 3,
  drama_phone: 4,
  other_currency: 3,
  bedrooms_not_offered: 3,
} as const;
/** Shared ownership households earn ≤ £80k (£90k London): a budget above this is inconsistent. */
export const SHARED_OWNERSHIP_BUDGET_LIMIT = 600_000;

function completeness(s: LeadSignals): Factor {
  const c = COMPLETENESS_POINTS;
  let pts = 0;
  let missing = '';
  if (s.email !== null) pts += c.email; else missing = 'email';
  if (s.phone !== null) pts += c.phone; else missing = joinPart(missing, 'phone', ', ');
  if (s.budget !== null) pts += c.budget; else missing = joinPart(missing, 'budget', ', ');
  if (s.payment !== null && s.payment.method !== 'unknown') pts += c.payment; else missing = joinPart(missing, 'payment position', ', ');
  if (s.band !== 'unknown') pts += c.timeline; else missing = joinPart(missing, 'timeline', ', ');
  if (s.purpose !== null && s.purpose.purpose !== 'unknown') pts += c.purpose; else missing = joinPart(missing, 'purpose', ', ');
  if (s.location_given) pts += c.location; else missing = joinPart(missing, 'location', ', ');
  if (s.bedrooms !== null) pts += c.bedrooms; else missing = joinPart(missing, 'bedrooms', ', ');
  return factor('completeness', pts, CONFIDENCE_MAX.completeness, missing.length === 0 ? 'All fields given' : 'Missing or unclear: ' + missing);
}

const PHONE_PART: Readonly<Record<PhoneStatus, string>> = {
  valid: 'phone valid', drama: 'phone in a drama range', made_up: 'phone made up', invalid: 'phone invalid',
};

function validity(s: LeadSignals): Factor {
  let pts = 0;
  let parts = '';
  const e = s.email;
  if (e !== null) {
    if (e.status === 'valid') pts += 12;
    else if (e.status === 'relay' || e.status === 'typo') pts += 8;
    parts = 'email ' + e.status;
  }
  const ph = s.phone;
  if (ph !== null) {
    if (ph.status === 'valid') pts += 12;
    else if (ph.status === 'drama') pts += 5;
    parts = joinPart(parts, PHONE_PART[ph.status], ', ');
  }
  if (s.name.problems.length > 0) parts = joinPart(parts, 'name looks fake', ', ');
  else if (s.name.full) { pts += 6; parts = joinPart(parts, 'full name', ', '); }
  else if (s.name.tokens.length === 1) { pts += 3; parts = joinPart(parts, 'first name only', ', '); }
  return factor('validity', pts, CONFIDENCE_MAX.validity, parts.length > 0 ? parts : 'Nothing to validate');
}

function agreement(s: LeadSignals): Factor {
  const d = AGREEMENT_DEDUCTIONS;
  let pts: number = CONFIDENCE_MAX.agreement;
  let issues = '';
  const method = s.payment?.method;
  const purpose = s.purpose?.purpose;
  const budget = s.budget?.max ?? null;
  if (s.below_cheapest) { pts -= d.budget_below_cheapest; issues = joinPart(issues, 'budget below the cheapest home', '; '); }
  if (budget !== null && s.dev !== null && s.dev.price_to !== null && budget > 3 * s.dev.price_to) {
    pts -= d.budget_far_above_prices;
    issues = joinPart(issues, `budget far above this development's prices (${gbp(s.dev.price_to)} top)`, '; ');
  }
  if (method === 'shared_ownership' && budget !== null && budget > SHARED_OWNERSHIP_BUDGET_LIMIT) {
    pts -= d.shared_ownership_high_budget;
    issues = joinPart(issues, 'shared ownership with a budget above its affordability cap', '; ');
  }
  const scheme = method === 'shared_ownership' || method === 'help_to_buy';
  if (scheme && (purpose === 'investment' || purpose === 'buy_to_let' || purpose === 'second_home')) {
    pts -= d.scheme_for_investment;
    issues = joinPart(issues, 'a home-ownership scheme cannot buy an investment or second home', '; ');
  }
  if (s.readiness === 'proceedable' && s.band === 'browsing') {
    pts -= d.proceedable_but_browsing;
    issues = joinPart(issues, 'ready to pay but only browsing', '; ');
  }
  if (scheme && s.band === '28_days') {
    pts -= d.scheme_with_28_day_timeline;
    issues = joinPart(issues, 'a scheme purchase rarely completes within 28 days', '; ');
  }
  if (s.mismatch.mismatch) { pts -= d.email_other_name; issues = joinPart(issues, 'email names someone else', '; '); }
  else if (s.mismatch.weak) { pts -= d.email_other_name_weak; issues = joinPart(issues, 'email does not look like the name', '; '); }
  if (s.phone !== null && s.phone.status === 'drama') { pts -= d.drama_phone; issues = joinPart(issues, 'phone number is a drama-range number', '; '); }
  if (s.budget_reading.currency !== null) { pts -= d.other_currency; issues = joinPart(issues, `budget in ${s.budget_reading.currency}`, '; '); }
  if (s.dev !== null && s.dev.bedrooms_not_offered) { pts -= d.bedrooms_not_offered; issues = joinPart(issues, 'no homes with the wanted bedrooms', '; '); }
  if (pts < 0) pts = 0;
  return factor('agreement', pts, CONFIDENCE_MAX.agreement, issues.length === 0 ? 'No contradictions between fields' : issues);
}

export function confidenceScore(s: LeadSignals): ScorePart {
  return total([completeness(s), validity(s), agreement(s)], null, '');
}
