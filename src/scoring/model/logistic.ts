/**
 * Logistic models over the feature vector. A `CoefficientSet` (priors, or one learned from a
 * company's outcomes) is compiled once into dense weight arrays; `predict` is then a dot product
 * and a sigmoid per target. Callers pass a compiled model in `ScoreContext.model`; without one
 * the priors are used.
 */
import { TARGETS, type CompiledModel, type Target } from './compiled.ts';
import { FEATURE_NAMES, FEATURE_COUNT, type FeatureName } from './features.ts';

export { TARGETS, type CompiledModel, type Target };
import type { Probabilities } from '../types.ts';


/** Coefficients in log-odds per feature and target. A missing feature counts as 0. */
export interface CoefficientSet {
  model_version: string;
  p_fin: Readonly<Partial<Record<FeatureName, number>>>;
  p_show: Readonly<Partial<Record<FeatureName, number>>>;
  p_sql: Readonly<Partial<Record<FeatureName, number>>>;
}

export function compileModel(set: CoefficientSet): CompiledModel {
  const weights = {} as Record<Target, Float64Array>;
  const rounded = {} as Record<Target, Float64Array>;
  for (const t of TARGETS) {
    const w = new Float64Array(FEATURE_COUNT);
    const src = set[t];
    for (let i = 0; i < FEATURE_COUNT; i++) {
      const v = src[FEATURE_NAMES[i]!];
      if (v !== undefined) {
        if (!Number.isFinite(v)) throw new RangeError(`coefficient ${t}.${FEATURE_NAMES[i]} is not finite`);
        w[i] = v;
      }
    }
    weights[t] = w;
    rounded[t] = w.map(r3);
  }
  return Object.freeze({ model_version: set.model_version, weights: Object.freeze(weights), rounded: Object.freeze(rounded) });
}

export function logit(x: Float64Array, w: Float64Array): number {
  let z = 0;
  for (let i = 0; i < x.length; i++) z += x[i]! * w[i]!;
  return z;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function round4(p: number): number {
  return Math.round(p * 10_000) / 10_000;
}

export function predict(x: Float64Array, model: CompiledModel): Probabilities {
  return {
    p_fin: round4(sigmoid(logit(x, model.weights.p_fin))),
    p_show: round4(sigmoid(logit(x, model.weights.p_show))),
    p_sql: round4(sigmoid(logit(x, model.weights.p_sql))),
  };
}

/** One active feature's contribution (log-odds) to each target. */
export interface Contribution {
  feature: FeatureName;
  p_fin: number;
  p_show: number;
  p_sql: number;
}

export interface Explanation {
  probabilities: Probabilities;
  logits: Record<Target, number>;
  /** every feature that is non-zero for this lead, in feature order */
  contributions: Contribution[];
}

function r3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** The log-odds per target and each active feature's contribution to them (for the breakdown). */
export function explain(x: Float64Array, model: CompiledModel): Explanation {
  const wf = model.weights.p_fin, ws = model.weights.p_show, wq = model.weights.p_sql;
  const rf = model.rounded.p_fin, rs = model.rounded.p_show, rq = model.rounded.p_sql;
  const contributions: Contribution[] = [];
  let zf = 0, zs = 0, zq = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v === 0) continue;
    const cf = v * wf[i]!, cs = v * ws[i]!, cq = v * wq[i]!;
    zf += cf; zs += cs; zq += cq;
    contributions.push(v === 1
      ? { feature: FEATURE_NAMES[i]!, p_fin: rf[i]!, p_show: rs[i]!, p_sql: rq[i]! }
      : { feature: FEATURE_NAMES[i]!, p_fin: r3(cf), p_show: r3(cs), p_sql: r3(cq) });
  }
  return {
    probabilities: { p_fin: round4(sigmoid(zf)), p_show: round4(sigmoid(zs)), p_sql: round4(sigmoid(zq)) },
    logits: { p_fin: r3(zf), p_show: r3(zs), p_sql: r3(zq) },
    contributions,
  };
}
