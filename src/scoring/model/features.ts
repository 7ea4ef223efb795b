/**
 * The feature vector the probability models read: one fixed order, values 0/1 except
 * `budget_log_ratio`. A training module builds the same vectors from historical leads with
 * `buildFeatures(readSignals(lead, ctx))`, fits coefficients per target and hands them back as a
 * `CoefficientSet` (see ./logistic.ts).
 */
import type { LeadSignals } from '../signals.ts';

export const FEATURE_NAMES = [
  'intercept',
  'pay_cash',
  'pay_mortgage_approved',
  'pay_sold_stc',
  'pay_part_exchange_agreed',
  'pay_no_chain',
  'pay_mortgage',
  'pay_part_exchange',
  'pay_shared_ownership',
  'pay_help_to_buy',
  'chain',
  'budget_known',
  'budget_log_ratio',
  'budget_below_cheapest',
  'budget_covers_cheapest',
  // exclusive bands: at most one is on (none when the timeline is unknown)
  'timeline_28d',
  'timeline_90d',
  'timeline_180d',
  'timeline_365d',
  'timeline_later',
  'browsing',
  'rental',
  'viewing_asked',
  'viewing_booked_in_message',
  'purpose_primary',
  'purpose_investment',
  'purpose_buy_to_let',
  'purpose_second_home',
  'first_time_buyer',
  'source_referral',
  'source_direct',
  'source_website',
  'source_portal',
  'source_search',
  'source_form',
  'source_email',
  'source_social',
  'email_ok',
  'phone_ok',
  'phone_drama',
  'name_full',
  'engaged',
  'status_contacted',
  'status_viewing_booked',
  'status_viewing_attended',
  'status_reserved_or_later',
  'status_lost',
  'fake',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export const FEATURE_COUNT = FEATURE_NAMES.length;

/** Index of every feature in the vector. */
export const F: Readonly<Record<FeatureName, number>> = Object.freeze(
  Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, i])) as Record<FeatureName, number>,
);

/** Budget centre for `budget_log_ratio`: log2(budget / £350k), clipped to [-2, 2]. */
export const BUDGET_CENTRE = 350_000;

const PAY_INDEX: Readonly<Record<string, number>> = {
  cash: F.pay_cash,
  mortgage_approved: F.pay_mortgage_approved,
  sold_stc: F.pay_sold_stc,
  part_exchange_agreed: F.pay_part_exchange_agreed,
  no_chain: F.pay_no_chain,
  mortgage: F.pay_mortgage,
  part_exchange: F.pay_part_exchange,
  shared_ownership: F.pay_shared_ownership,
  help_to_buy: F.pay_help_to_buy,
};
const BAND_INDEX: Readonly<Record<string, number>> = {
  '28_days': F.timeline_28d,
  '3_months': F.timeline_90d,
  '6_months': F.timeline_180d,
  '12_months': F.timeline_365d,
  later: F.timeline_later,
  browsing: F.browsing,
};
const PURPOSE_INDEX: Readonly<Record<string, number>> = {
  primary_residence: F.purpose_primary,
  investment: F.purpose_investment,
  buy_to_let: F.purpose_buy_to_let,
  second_home: F.purpose_second_home,
};
const SOURCE_INDEX: Readonly<Record<string, number>> = {
  referral: F.source_referral,
  direct: F.source_direct,
  website: F.source_website,
  portal: F.source_portal,
  search: F.source_search,
  form: F.source_form,
  email: F.source_email,
  social: F.source_social,
};

/**
 * Pipeline-status features describe what happened *after* the enquiry. A trainer that learns from
 * outcomes must build vectors with `{ pipeline_status: false }` (status is the label it predicts,
 * so using it would leak) and keep the prior coefficients for these features.
 */
export const PIPELINE_STATUS_FEATURES: readonly FeatureName[] = [
  'status_contacted', 'status_viewing_booked', 'status_viewing_attended', 'status_reserved_or_later', 'status_lost',
];

export interface FeatureOptions {
  /** include the pipeline-status features (default true; false for training) */
  pipeline_status?: boolean;
}

/** A fresh feature vector for a lead (for training and tests). */
export function buildFeatures(s: LeadSignals, opts?: FeatureOptions): Float64Array {
  return fillFeatures(s, new Float64Array(FEATURE_COUNT), opts);
}

/** Write the features into `x` (overwriting every entry) and return it. */
export function fillFeatures(s: LeadSignals, x: Float64Array, opts?: FeatureOptions): Float64Array {
  x.fill(0);
  x[F.intercept] = 1;
  const p = s.payment;
  if (p !== null) {
    const i = PAY_INDEX[p.method];
    if (i !== undefined) x[i] = 1;
    if (p.chain) x[F.chain] = 1;
  }
  if (s.budget !== null) {
    x[F.budget_known] = 1;
    const r = Math.log2(s.budget.max / BUDGET_CENTRE);
    x[F.budget_log_ratio] = r < -2 ? -2 : r > 2 ? 2 : r;
    if (s.dev !== null && s.dev.price_from !== null) {
      if (s.below_cheapest) x[F.budget_below_cheapest] = 1;
      else x[F.budget_covers_cheapest] = 1;
    }
  }
  const bi = BAND_INDEX[s.band];
  if (bi !== undefined) x[bi] = 1;
  if (s.rental) x[F.rental] = 1;
  if (s.viewing === 'asked') x[F.viewing_asked] = 1;
  else if (s.viewing === 'booked' && s.status === null) x[F.viewing_booked_in_message] = 1;
  if (s.purpose !== null) {
    const i = PURPOSE_INDEX[s.purpose.purpose];
    if (i !== undefined) x[i] = 1;
    if (s.purpose.first_time_buyer) x[F.first_time_buyer] = 1;
  }
  const si = SOURCE_INDEX[s.source];
  if (si !== undefined) x[si] = 1;
  if (s.email !== null && (s.email.status === 'valid' || s.email.status === 'relay')) x[F.email_ok] = 1;
  if (s.phone !== null) {
    if (s.phone.status === 'valid') x[F.phone_ok] = 1;
    else if (s.phone.status === 'drama') x[F.phone_drama] = 1;
  }
  if (s.name.full && s.name.problems.length === 0) x[F.name_full] = 1;
  if (s.notes_length >= 20 || s.attribute_count > 0) x[F.engaged] = 1;
  if (opts?.pipeline_status !== false) setStatus(x, s.status ?? s.closed_status);
  if (s.fake_reasons.length > 0) x[F.fake] = 1;
  return x;
}

function setStatus(x: Float64Array, status: LeadSignals['status']): void {
  switch (status) {
    case 'Contacted': x[F.status_contacted] = 1; break;
    case 'Viewing Booked': x[F.status_viewing_booked] = 1; break;
    case 'Viewing Attended': x[F.status_viewing_attended] = 1; break;
    case 'Reserved': case 'Exchanged': case 'Sold': x[F.status_reserved_or_later] = 1; break;
    case 'Lost': case 'Archived': x[F.status_lost] = 1; break;
    default: break;
  }
}
