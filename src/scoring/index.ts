import type { LeadInput, ScoreContext, ScoreResult } from './types.ts';

export * from './types.ts';

/**
 * PLACEHOLDER until the scoring engine lands: a crude, deterministic score so the leads API can
 * store real fields and history. Replaced wholesale by the engine.
 */
export function scoreLead(lead: LeadInput, _ctx: ScoreContext = {}): ScoreResult {
  const filled = [lead.email, lead.phone, lead.budget, lead.payment_method, lead.timeline].filter(Boolean).length;
  const quality = Math.min(100, 20 + filled * 15);
  const intent = lead.timeline ? 60 : 30;
  const confidence = Math.min(100, 20 + filled * 16);
  return {
    quality_score: quality,
    intent_score: intent,
    confidence_score: confidence,
    classification: confidence < 50 ? 'Needs Qualification' : quality >= 40 ? 'Nurture' : 'Low Priority',
    call_priority: confidence < 50 ? 3 : 4,
    call_priority_reason: 'Placeholder score',
    response_time: confidence < 50 ? 'Within 24 hours' : 'Within 48 hours',
    is_28_day_buyer: false,
    is_fake_lead: false,
    risk_flags: [],
    probabilities: { p_fin: 0.5, p_show: 0.5, p_sql: 0.5 },
    score_breakdown: { placeholder: true },
    engine_version: 'placeholder-0',
  };
}
