/**
 * PRIOR coefficients of the three probability models, in log-odds, before any company data.
 *
 *   p_fin  — can finance this purchase (cash, approved mortgage, budget fits the prices)
 *   p_show — will attend a viewing (timeline, channel, reachable, pipeline progress)
 *   p_sql  — becomes a sales-qualified lead that reserves (both of the above)
 *
 * Read a row as: "this feature adds N to the log-odds". +0.7 roughly doubles the odds, −0.7 halves
 * them. The intercept is the log-odds of a lead with nothing known (p_fin ≈ 23%, p_show ≈ 17%,
 * p_sql ≈ 7%). These are judgement calls from UK new-build practice (proceedable buyers, chains,
 * schemes) and the research notes in shared/reference/scoring.md, not fitted values: a company's
 * learned coefficients replace them through `compileModel` once they beat this baseline.
 */
import type { FeatureName } from './features.ts';
import type { CoefficientSet } from './logistic.ts';

export const PRIOR_MODEL_VERSION = 'prior-1';

//                                             p_fin  p_show  p_sql   why
export const PRIOR_TABLE: Readonly<Record<FeatureName, readonly [number, number, number, string]>> = {
  intercept:                  [-1.2, -1.6, -2.6, 'baseline: nothing known'],
  pay_cash:                   [ 2.2,  0.2,  1.2, 'cash buyer: no lender, no chain'],
  pay_mortgage_approved:      [ 1.8,  0.3,  1.0, 'AIP/DIP/MIP in place: proceedable'],
  pay_mortgage:               [ 0.6,  0.1,  0.3, 'mortgage, not yet approved'],
  pay_part_exchange:          [ 0.8,  0.2,  0.4, "developer's part exchange takes the chain away"],
  pay_cash_from_sale:         [ 0.5,  0.0,  0.1, 'cash only after a sale: a chain'],
  pay_shared_ownership:       [-0.4,  0.0, -0.3, 'affordability cap and a longer path'],
  pay_help_to_buy:            [-0.8, -0.1, -0.8, 'Help to Buy equity loan has closed'],
  chain:                      [-0.5, -0.1, -0.4, 'depends on selling another property'],
  budget_known:               [ 0.3,  0.1,  0.3, 'gave a readable budget'],
  budget_log_ratio:           [ 0.3,  0.0,  0.15, 'per doubling of budget above £350k (clipped ±2)'],
  budget_below_cheapest:      [-1.0, -0.3, -1.0, 'cannot reach the cheapest unit'],
  budget_covers_cheapest:     [ 0.4,  0.1,  0.4, 'budget reaches the cheapest unit'],
  timeline_known:             [ 0.0,  0.2,  0.1, 'gave a readable timeline'],
  timeline_28d:               [ 0.2,  1.0,  0.8, 'wants to move within 28 days'],
  timeline_90d:               [ 0.0,  0.6,  0.5, 'within about 3 months'],
  timeline_180d:              [ 0.0,  0.3,  0.2, 'within about 6 months'],
  browsing:                   [-0.2, -1.2, -1.2, 'just browsing'],
  purpose_primary:            [ 0.1,  0.4,  0.3, 'buying a home to live in'],
  purpose_investment:         [ 0.2,  0.1,  0.2, 'investor'],
  purpose_buy_to_let:         [ 0.1,  0.0,  0.1, 'buy-to-let landlord'],
  purpose_second_home:        [ 0.2,  0.1,  0.1, 'second home'],
  first_time_buyer:           [ 0.1,  0.1,  0.1, 'first-time buyer: no chain'],
  source_referral:            [ 0.2,  0.9,  0.6, 'referred by someone'],
  source_direct:              [ 0.1,  1.0,  0.6, 'walked in or phoned'],
  source_website:             [ 0.0,  0.7,  0.4, "enquired on the developer's site"],
  source_portal:              [ 0.0,  0.5,  0.3, 'Rightmove/Zoopla enquiry'],
  source_search:              [ 0.0,  0.3,  0.1, 'search ad or organic search'],
  source_form:                [ 0.0,  0.2,  0.1, 'hosted form of unknown origin'],
  source_email:               [ 0.0,  0.1,  0.0, 'email campaign'],
  source_social:              [-0.1, -0.2, -0.2, 'social media ad: easy to click'],
  email_ok:                   [ 0.1,  0.2,  0.1, 'reachable by email'],
  phone_ok:                   [ 0.2,  0.5,  0.3, 'reachable by phone'],
  phone_drama:                [-0.2, -0.3, -0.3, 'phone in an Ofcom drama range'],
  name_full:                  [ 0.0,  0.2,  0.1, 'first and last name'],
  engaged:                    [ 0.1,  0.4,  0.3, 'wrote notes or answered extra questions'],
  status_contacted:           [ 0.1,  0.4,  0.3, 'pipeline: contacted'],
  status_viewing_booked:      [ 0.2,  1.5,  0.8, 'pipeline: viewing booked'],
  status_viewing_attended:    [ 0.4,  4.0,  1.6, 'pipeline: viewing attended'],
  status_reserved_or_later:   [ 2.0,  4.0,  3.5, 'pipeline: reserved, exchanged or sold'],
  status_lost:                [-1.5, -2.0, -2.5, 'pipeline: lost or archived'],
  fake:                       [-3.0, -3.0, -4.0, 'fake lead'],
};

function column(i: 0 | 1 | 2): Record<FeatureName, number> {
  const out = {} as Record<FeatureName, number>;
  for (const [name, row] of Object.entries(PRIOR_TABLE) as [FeatureName, readonly [number, number, number, string]][]) {
    out[name] = row[i];
  }
  return out;
}

/** The priors as a coefficient set, the same shape a learned model has. */
export const PRIOR_COEFFICIENTS: CoefficientSet = Object.freeze({
  model_version: PRIOR_MODEL_VERSION,
  p_fin: column(0),
  p_show: column(1),
  p_sql: column(2),
});
