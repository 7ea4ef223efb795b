/**
 * The Naybourhood scoring engine: pure (no I/O, no clock, no randomness) and deterministic for a
 * given input, context and model version. Callers import only from this file.
 */
import type { LeadInput, ScoreContext, ScoreResult } from './types.ts';
import { readSignals, isTwentyEightDayBuyer, type LeadSignals } from './signals.ts';
import { qualityScore } from './quality.ts';
import { intentScore } from './intent.ts';
import { confidenceScore } from './confidence.ts';
import { classify, CALL_PLAYBOOK } from './classify.ts';
import { riskFlags } from './flags.ts';
import { fillFeatures, FEATURE_COUNT } from './model/features.ts';
import { compileModel, explain, type CompiledModel } from './model/logistic.ts';
import { PRIOR_COEFFICIENTS } from './model/priors.ts';

export * from './types.ts';
export { readSignals, isTwentyEightDayBuyer, type LeadSignals } from './signals.ts';
export { classify, CALL_PLAYBOOK, type ClassifyInput, type ClassifyOutput, type CallPlay } from './classify.ts';
export { FEATURE_NAMES, FEATURE_COUNT, PIPELINE_STATUS_FEATURES, buildFeatures, type FeatureName, type FeatureOptions } from './model/features.ts';
export { compileModel, predict, explain, sigmoid, logit, TARGETS, type CoefficientSet, type CompiledModel, type Target, type Contribution, type Explanation } from './model/logistic.ts';
export { PRIOR_COEFFICIENTS, PRIOR_MODEL_VERSION, PRIOR_TABLE } from './model/priors.ts';
export type { Factor, ScorePart } from './factors.ts';
// the vocabularies of the parsed values, for wire schemas
export { SOURCE_KINDS } from './source.ts';
export { PAYMENT_METHODS } from './payment.ts';
export { PURPOSES } from './purpose.ts';
export { PHONE_STATUSES } from './phone.ts';
export { EMAIL_STATUSES } from './email.ts';

/** Bump when weights, rules or parsers change what a lead scores. */
export const ENGINE_VERSION = 'rules-1.0.0';

/**
 * Scratch feature vector, fully overwritten by every call before it is read: scoring stays pure and
 * keeps no per-lead state between calls (JavaScript runs one call at a time).
 */
const scratch = new Float64Array(FEATURE_COUNT);

/** The priors, compiled once at module load. */
export const PRIOR_MODEL: CompiledModel = compileModel(PRIOR_COEFFICIENTS);

const READY_CASH = 'Cash, no chain, ready within 28 days';
const READY_AIP = 'Mortgage agreed in principle, no chain, ready within 28 days';

function twentyEightDayReason(s: LeadSignals, yes: boolean): string {
  if (yes) return s.payment!.method === 'cash' ? READY_CASH : READY_AIP;
  if (s.fake_reasons.length > 0) return 'Not assessed: fake lead';
  const p = s.payment;
  if (p === null || (p.method !== 'cash' && p.method !== 'mortgage_approved')) {
    return 'Needs cash or a mortgage agreed in principle (AIP/DIP/MIP)';
  }
  if (p.chain) return 'Depends on selling a property (chain)';
  return 'Timeline is not 28 days or sooner';
}

/** The parsed timeline plus the day count intent used, keys in ParsedTimeline's order. */
function timelineWithDays(s: LeadSignals): Record<string, unknown> {
  const t = s.timeline!;
  return { days: t.days, days_max: t.days_max, browsing: t.browsing, unparsed: t.unparsed, days_used: s.timeline_days };
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
    confidence: confidence.score,
    is_28_day_buyer: is28,
    is_fake_lead: isFake,
    data_mismatch: s.mismatch.mismatch,
    low_urgency: s.low_urgency,
  });
  const play = CALL_PLAYBOOK[classification];
  const model = ctx.model ?? PRIOR_MODEL;
  const x = fillFeatures(s, scratch);
  const { probabilities, logits, contributions } = explain(x, model);
  const risk_flags = riskFlags(s);

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
    score_breakdown: {
      engine_version: ENGINE_VERSION,
      model_version: model.model_version,
      classification: { value: classification, rule },
      quality,
      intent,
      confidence,
      checks: {
        is_fake_lead: isFake,
        fake_reasons: s.fake_reasons,
        data_mismatch: s.mismatch.mismatch,
        email_name_weak_mismatch: s.mismatch.weak,
        low_urgency: s.low_urgency,
        is_28_day_buyer: is28,
        twenty_eight_day: twentyEightDayReason(s, is28),
      },
      parsed: {
        budget: s.budget,
        timeline: s.timeline === null ? null : timelineWithDays(s),
        payment: s.payment,
        purpose: s.purpose,
        bedrooms: s.bedrooms,
        source: s.source,
        status: s.status,
        category: s.category,
        phone: s.phone,
        email: s.email === null ? null : { status: s.email.status, domain: s.email.domain },
        name: { words: s.name.tokens.length, full: s.name.full },
        development: s.dev,
      },
      // spelled out rather than spread: same keys in the same order, without a generic copy
      probabilities: {
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
