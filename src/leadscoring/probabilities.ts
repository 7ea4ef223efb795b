/**
 * p_fin, p_show and p_sql for a Typeform lead, and its rotator tier (pure).
 *
 * The engine's probabilities and the providers' AI probabilities are pooled on the log-odds scale
 * with fixed weights: two independent opinions that agree move the result further than either
 * alone, and an opinion at 0.5 ("no idea") pulls toward neither side. With the local providers
 * (which derive from the engine) the result is the engine's own value.
 */
import type { Probabilities } from '../scoring/index.ts';

export interface AiProbabilities {
  p_finq_ai: number;
  p_show_ai: number;
  p_close_ai: number;
  p_intent_ai: number;
}

/** Weights per output; each row sums to 1. */
export const POOL_WEIGHTS = {
  p_fin: { engine: 0.5, p_finq_ai: 0.5 },
  p_show: { engine: 0.5, p_show_ai: 0.3, p_intent_ai: 0.2 },
  p_sql: { engine: 0.5, p_close_ai: 0.3, p_intent_ai: 0.2 },
} as const;

const EPS = 1e-4;
const logit = (p: number) => {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
};
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const round4 = (p: number) => Math.round(p * 10_000) / 10_000;

export function pool(opinions: [p: number, weight: number][]): number {
  let z = 0;
  let total = 0;
  for (const [p, w] of opinions) {
    z += w * logit(p);
    total += w;
  }
  return round4(sigmoid(z / total));
}

export function combineProbabilities(engine: Probabilities, ai: AiProbabilities): Probabilities {
  const w = POOL_WEIGHTS;
  return {
    p_fin: pool([[engine.p_fin, w.p_fin.engine], [ai.p_finq_ai, w.p_fin.p_finq_ai]]),
    p_show: pool([[engine.p_show, w.p_show.engine], [ai.p_show_ai, w.p_show.p_show_ai], [ai.p_intent_ai, w.p_show.p_intent_ai]]),
    p_sql: pool([[engine.p_sql, w.p_sql.engine], [ai.p_close_ai, w.p_sql.p_close_ai], [ai.p_intent_ai, w.p_sql.p_intent_ai]]),
  };
}

export interface RotatorThresholds {
  a_rotator_fin: number;
  a_rotator_show: number;
  b_rotator_fin: number;
  b_rotator_show: number;
  c_rotator_fin: number;
  c_rotator_show: number;
}

export type Rotator = 'A' | 'B' | 'C';

/**
 * The best tier whose two thresholds the lead meets (thresholds are minimums, inclusive). Below
 * tier C there is no tier (null): the C thresholds are the floor of routing, otherwise they would
 * mean nothing.
 */
export function rotatorFor(p: Pick<Probabilities, 'p_fin' | 'p_show'>, t: RotatorThresholds): Rotator | null {
  if (p.p_fin >= t.a_rotator_fin && p.p_show >= t.a_rotator_show) return 'A';
  if (p.p_fin >= t.b_rotator_fin && p.p_show >= t.b_rotator_show) return 'B';
  if (p.p_fin >= t.c_rotator_fin && p.p_show >= t.c_rotator_show) return 'C';
  return null;
}

/** Seed 001: the CAPI event fires only when p_fin > fb_capi_fin AND p_show > fb_capi_show (strictly). */
export function passesCapiThresholds(p: Pick<Probabilities, 'p_fin' | 'p_show'>, t: { fb_capi_fin: number; fb_capi_show: number }): boolean {
  return p.p_fin > t.fb_capi_fin && p.p_show > t.fb_capi_show;
}
