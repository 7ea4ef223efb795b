/**
 * The Naybourhood scoring engine: pure (no I/O, no clock, no randomness) and deterministic for a
 * given input, context and model version. Callers import only from this file.
 */
import type { LeadInput, ScoreContext, ScoreResult } from './types.ts';
import { readSignals, isTwentyEightDayBuyer, type LeadSignals } from './signals.ts';
import { qualityScore } from './quality.ts';
import { intentScore, couldReachIntent } from './intent.ts';
import { confidenceScore } from './confidence.ts';
import { classify, closedPlay, CALL_PLAYBOOK, QUALIFIED_INTENT } from './classify.ts';
import { summaryLine, nextStep, heldBack } from './summary.ts';
import { riskFlags } from './flags.ts';
import { fillFeatures, FEATURE_COUNT } from './model/features.ts';
import { compileModel, explain, type CompiledModel } from './model/logistic.ts';
import { PRIOR_COEFFICIENTS } from './model/priors.ts';

export * from './types.ts';
export { readSignals, isTwentyEightDayBuyer, type LeadSignals } from './signals.ts';
export { classify, closedPlay, CALL_PLAYBOOK, type ClassifyInput, type ClassifyOutput, type CallPlay } from './classify.ts';
export { TIMELINE_BANDS, type TimelineBand } from './timeline.ts';
export { FEATURE_NAMES, FEATURE_COUNT, PIPELINE_STATUS_FEATURES, buildFeatures, type FeatureName, type FeatureOptions } from './model/features.ts';
export { compileModel, predict, explain, sigmoid, logit, TARGETS, type CoefficientSet, type CompiledModel, type Target, type Contribution, type Explanation } from './model/logistic.ts';
export { PRIOR_COEFFICIENTS, PRIOR_MODEL_VERSION, PRIOR_TABLE, BASE_RATES } from './model/priors.ts';
export type { Factor, ScorePart } from './factors.ts';
// the vocabularies of the parsed values, for wire schemas
export { SOURCE_KINDS } from './source.ts';
export { PAYMENT_METHODS } from './payment.ts';
export { PURPOSES } from './purpose.ts';
export { PHONE_STATUSES } from './phone.ts';
export { EMAIL_STATUSES } from './email.ts';

/** Bump when weights, rules or parsers change what a lead scores. */
export const ENGINE_VERSION = 'rules-2.0.0';

/**
 * Scratch feature vector, fully overwritten by every call before it is read: scoring stays pure and
 * keeps no per-lead state between calls (JavaScript runs one call at a time).
 */
const scratch = new Float64Array(FEATURE_COUNT);

/** The priors, compiled once at module load. */
export const PRIOR_MODEL: CompiledModel = compileModel(PRIOR_COEFFICIENTS);

function twentyEightDayReason(s: LeadSignals, yes: boolean): string {
  if (yes) return s.payment!.method === 'cash' ? 'Cash, no chain, ready within 28 days' : 'Mortgage agreed in principle, no chain, ready within 28 days';
  if (s.fake_reasons.length > 0) return 'Not assessed: fake lead';
  const p = s.payment;
  if (p === null || (p.method !== 'cash' && p.method !== 'mortgage_approved')) {
    return p?.method === 'shared_ownership' ? 'Shared ownership never completes within 28 days' : 'Needs cash or a mortgage agreed in principle (AIP/DIP/MIP)';
  }
  if (p.chain) return 'Depends on selling a property (chain)';
  if (s.band !== '28_days') return 'Timeline is not about a month or sooner';
  if (s.below_cheapest) return 'Budget does not reach the cheapest home that fits';
  return 'Looking to rent, not to buy';
}

export function scoreLead(lead: LeadInput, ctx: ScoreContext = {}): ScoreResult {
  const s = readSignals(lead, ctx);
  const quality = qualityScore(s);
  const intent = intentScore(s);
  const confidence = confidenceScore(s);
  const isFake = s.fake_reasons.length > 0;
  const is28 = isTwentyEightDayBuyer(s);
  const { classification, rule } = classify({
    quality: quality.score,
    intent: intent.score,
    is_28_day_buyer: is28,
    is_fake_lead: isFake,
    below_cheapest: s.below_cheapest,
    low_urgency: s.low_urgency,
    reachable: s.reachable,
    unknown_essentials: s.unknown_essentials.length,
    could_qualify: couldReachIntent(s, QUALIFIED_INTENT),
  });
  const play = s.closed_status !== null ? closedPlay(s.closed_status) : CALL_PLAYBOOK[classification];
  const model = ctx.model ?? PRIOR_MODEL;
  const x = fillFeatures(s, scratch);
  const { probabilities, logits, contributions } = explain(x, model);
  const risk_flags = riskFlags(s);
  const summary = summaryLine(s, classification, s.closed_status);
  const next_step = nextStep(s, classification, s.closed_status);

  return {
    quality_score: quality.score,
    intent_score: intent.score,
    confidence_score: confidence.score,
    classification,
    call_priority: play.call_priority,
    call_priority_reason: play.call_priority_reason,
    response_time: play.response_time,
    is_28_day_buyer: is28,
    is_fake_lead: isFake,
    risk_flags,
    probabilities,
    summary,
    next_step,
    score_breakdown: {
      engine_version: ENGINE_VERSION,
      model_version: model.model_version,
      summary,
      next_step,
      classification: { value: classification, rule },
      held_back: heldBack(s),
      quality,
      intent,
      confidence,
      checks: {
        is_fake_lead: isFake,
        fake_reasons: s.fake_reasons,
        data_mismatch: s.mismatch.mismatch,
        email_name_weak_mismatch: s.mismatch.weak,
        low_urgency: s.low_urgency,
        closed_status: s.closed_status,
        is_28_day_buyer: is28,
        twenty_eight_day: twentyEightDayReason(s, is28),
      },
      parsed: {
        budget: s.budget,
        budget_from: s.budget_from,
        budget_notes: {
          rent_pcm: s.budget_reading.rent_pcm,
          deposit: s.budget_reading.deposit,
          currency: s.budget_reading.currency,
          junk_value: s.budget_reading.junk_value,
        },
        timeline: s.timeline === null ? null : { days: s.timeline.days, days_max: s.timeline.days_max, browsing: s.timeline.browsing, unparsed: s.timeline.unparsed, band: s.band },
        timeline_from: s.timeline_from,
        payment: s.payment,
        payment_from: s.payment_from,
        readiness: s.readiness,
        purpose: s.purpose,
        bedrooms: s.bedrooms,
        source: s.source,
        status: s.status,
        category: s.category,
        viewing: s.viewing,
        rental: s.rental,
        phone: s.phone,
        email: s.email === null ? null : { status: s.email.status, domain: s.email.domain, suggestion: s.email.suggestion },
        name: { words: s.name.tokens.length, full: s.name.full },
        development: s.dev,
        unknown_essentials: s.unknown_essentials,
      },
      // spelled out rather than spread: same keys in the same order, without a generic copy
      probabilities: {
        model: model === PRIOR_MODEL ? 'prior' : 'learned',
        model_version: model.model_version,
        p_fin: probabilities.p_fin,
        p_show: probabilities.p_show,
        p_sql: probabilities.p_sql,
        logits,
        contributions,
      },
      risk_flags,
    },
    engine_version: ENGINE_VERSION,
  };
}
