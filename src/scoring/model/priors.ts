/**
 * PRIOR coefficients of the three probability models, in log-odds, used until a company has a
 * learned model of its own (then `ScoreContext.model` replaces them):
 *
 *   p_fin  — can finance this purchase (cash, agreement in principle, budget reaches the prices)
 *   p_show — attends a viewing
 *   p_sql  — reserves (a sale-qualified outcome)
 *
 * Level: the intercepts put a typical portal enquiry (name, valid email and phone, nothing else
 * known) at the published base rates docs/scoring.md cites: about 1 enquiry in 5 reaches an
 * appointment and about 1 in 25 buys (p_show ≈ 0.20, p_sql ≈ 0.04), and about a third of
 * purchases are made in cash (p_fin ≈ 0.35). Each row moves the log-odds: +0.7 roughly doubles the
 * odds, −0.7 halves them. Timeline features are exclusive bands, so nothing is counted twice. A
 * fake lead gets −8 (near-zero probabilities).
 */
import type { FeatureName } from './features.ts';
import type { CoefficientSet } from './logistic.ts';

export const PRIOR_MODEL_VERSION = 'prior-2';

/** The base rates the intercepts are set to, for a typical portal enquiry. */
export const BASE_RATES = { p_fin: 0.35, p_show: 0.2, p_sql: 0.04 } as const;

//                                             p_fin  p_show  p_sql   why
export const PRIOR_TABLE: Readonly<Record<FeatureName, readonly [number, number, number, string]>> = {
  intercept:                  [-0.77, -1.94, -3.53, 'baseline: typical enquiry lands on the base rates'],
  pay_cash:                   [ 2.2,  0.5,  1.0, 'cash buyer: no lender, no chain'],
  pay_mortgage_approved:      [ 1.8,  0.5,  0.9, 'agreement in principle: proceedable'],
  pay_sold_stc:               [ 1.5,  0.4,  0.8, 'own sale agreed: proceedable'],
  pay_part_exchange_agreed:   [ 1.5,  0.5,  0.9, 'part exchange agreed: no chain left'],
  pay_no_chain:               [ 0.6,  0.2,  0.3, 'no chain, funding not said'],
  pay_mortgage:               [ 0.3,  0.1,  0.1, 'mortgage not yet agreed'],
  pay_part_exchange:          [ 0.5,  0.3,  0.3, 'wants part exchange: the developer can take the chain away'],
  pay_shared_ownership:       [-0.3,  0.1, -0.2, 'affordability cap and a longer path'],
  pay_help_to_buy:            [-0.8,  0.0, -0.6, 'Help to Buy equity loan has closed'],
  chain:                      [-0.5, -0.1, -0.5, 'must sell another property first'],
  budget_known:               [ 0.2,  0.1,  0.1, 'gave a readable budget'],
  budget_log_ratio:           [ 0.2,  0.0,  0.1, 'per doubling of budget above £350k (clipped ±2)'],
  budget_below_cheapest:      [-1.0, -0.3, -1.0, 'cannot reach the cheapest home'],
  budget_covers_cheapest:     [ 0.4,  0.1,  0.3, 'budget reaches the cheapest home'],
  timeline_28d:               [ 0.1,  0.9,  0.9, 'moving within about a month'],
  timeline_90d:               [ 0.1,  0.6,  0.6, 'within about 3 months'],
  timeline_180d:              [ 0.0,  0.3,  0.3, 'within about 6 months'],
  timeline_365d:              [ 0.0,  0.0,  0.0, '6 to 12 months away'],
  timeline_later:             [ 0.0, -0.4, -0.6, 'over a year away'],
  browsing:                   [-0.2, -1.2, -1.5, 'just browsing'],
  rental:                     [-1.5, -1.5, -2.5, 'wants to rent, not buy'],
  viewing_asked:              [ 0.0,  0.6,  0.3, 'asked to view'],
  viewing_booked_in_message:  [ 0.1,  1.5,  0.8, 'says a viewing is booked'],
  purpose_primary:            [ 0.0,  0.1,  0.1, 'buying a home to live in'],
  purpose_investment:         [ 0.1,  0.0,  0.0, 'investor'],
  purpose_buy_to_let:         [ 0.0,  0.0,  0.0, 'buy-to-let landlord'],
  purpose_second_home:        [ 0.1,  0.0,  0.0, 'second home'],
  first_time_buyer:           [ 0.0,  0.1,  0.1, 'first-time buyer: no chain'],
  source_referral:            [ 0.1,  0.6,  0.5, 'referred by someone'],
  source_direct:              [ 0.1,  0.7,  0.5, 'walked in or phoned'],
  source_website:             [ 0.0,  0.2,  0.1, "enquired on the developer's site"],
  source_portal:              [ 0.0,  0.1,  0.05, 'Rightmove/Zoopla enquiry'],
  source_search:              [ 0.0,  0.0,  0.0, 'search ad or organic search'],
  source_form:                [ 0.0,  0.0,  0.0, 'hosted form of unknown origin'],
  source_email:               [ 0.0,  0.0,  0.0, 'email campaign'],
  source_social:              [-0.1, -0.3, -0.3, 'social media ad: easy to click'],
  email_ok:                   [ 0.05, 0.1,  0.05, 'reachable by email'],
  phone_ok:                   [ 0.1,  0.3,  0.2, 'reachable by phone'],
  phone_drama:                [-0.2, -0.3, -0.3, 'phone in an Ofcom drama range'],
  name_full:                  [ 0.0,  0.05, 0.05, 'first and last name'],
  engaged:                    [ 0.0,  0.2,  0.1, 'wrote a message or answered extra questions'],
  status_contacted:           [ 0.1,  0.4,  0.3, 'pipeline: contacted'],
  status_viewing_booked:      [ 0.2,  1.5,  0.8, 'pipeline: viewing booked'],
  status_viewing_attended:    [ 0.4,  4.0,  1.6, 'pipeline: viewing attended'],
  status_reserved_or_later:   [ 2.0,  4.0,  4.5, 'pipeline: reserved, exchanged or sold'],
  status_lost:                [-1.5, -2.0, -2.5, 'pipeline: lost or archived'],
  fake:                       [-8.0, -8.0, -8.0, 'fake lead'],
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
