/**
 * The built-in providers: the default when no URL is configured and the fallback when the remote
 * one fails. They know nothing beyond the engine's view of the lead, so they restate it in the
 * providers' terms: pooled with the engine (../probabilities.ts) they move p_fin not at all and
 * p_show/p_sql only by what the intent score adds.
 */
import type { FormAiResponse, PreFiResponse, SalRating } from './contract.ts';

/** What the engine said about the lead (the stored lead's columns). */
export interface EngineView {
  p_fin: number;
  p_show: number;
  p_sql: number;
  intent_score: number;
  is_fake_lead: boolean;
}

const round4 = (p: number) => Math.round(p * 10_000) / 10_000;

/** sal_rating from p_fin; "Unknown" when the buyer said nothing about money, "Poor" when fake. */
export function localPreFi(engine: EngineView, lead: { budget: string | null; payment_method: string | null }): PreFiResponse {
  const p = engine.p_fin;
  let rating: SalRating;
  if (engine.is_fake_lead) rating = 'Poor';
  else if (!lead.budget && !lead.payment_method) rating = 'Unknown';
  else rating = p >= 0.85 ? 'Exceptional' : p >= 0.7 ? 'Great' : p >= 0.5 ? 'Good' : 'Poor';
  const sal = rating === 'Exceptional' || rating === 'Great' || rating === 'Good' ? 'Yes' : 'No';
  return { sal, sal_rating: rating, p_finq_ai: round4(p) };
}

export function localFormAi(engine: EngineView): FormAiResponse {
  return {
    p_show_ai: round4(engine.p_show),
    p_close_ai: round4(engine.p_sql),
    p_intent_ai: round4(engine.intent_score / 100),
  };
}
