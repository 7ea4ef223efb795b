/**
 * L2-regularised logistic regression over one-hot bins: one weight per (column, bin), so a lead's
 * log-odds is the intercept plus one additive "points" value per column. Fitted by Newton's method
 * (IRLS) with the exact Hessian, which is cheap because every row has exactly one active bin per
 * column. Pure and deterministic.
 */
import { sigmoid } from './math.ts';
import { solveSpd } from './math.ts';
import type { BinnedData, Layout } from './gbdt.ts';

export interface BinnedLogistic {
  readonly kind: 'logistic';
  readonly intercept: number;
  /** weights per column, indexed by bin */
  readonly weights: readonly (readonly number[])[];
}

export interface LogisticOptions {
  /** L2 penalty on every weight but the intercept (default 1) */
  lambda?: number;
  maxIterations?: number;
}

export function fitLogistic(layout: Layout, data: BinnedData, opts: LogisticOptions = {}): BinnedLogistic {
  const lambda = opts.lambda ?? 1;
  const maxIter = opts.maxIterations ?? 25;
  const m = layout.bins.length;
  const offsets: number[] = [];
  let p = 1;
  for (const nb of layout.bins) { offsets.push(p); p += nb; }
  const { X, y, n } = data;
  const w = new Float64Array(p);
  const idx = new Int32Array(m + 1);
  let prevLoss = Infinity;
  for (let iter = 0; iter < maxIter; iter++) {
    const grad = new Float64Array(p);
    const hess = new Float64Array(p * p);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      idx[0] = 0;
      let z = w[0]!;
      for (let j = 0; j < m; j++) { const k = offsets[j]! + X[i * m + j]!; idx[j + 1] = k; z += w[k]!; }
      const q = sigmoid(z);
      const d = q - y[i]!;
      const hw = Math.max(q * (1 - q), 1e-12);
      loss -= y[i] === 1 ? Math.log(Math.max(q, 1e-15)) : Math.log(Math.max(1 - q, 1e-15));
      for (let a = 0; a <= m; a++) {
        const ka = idx[a]!;
        grad[ka] = grad[ka]! + d;
        const row = ka * p;
        for (let b = 0; b <= m; b++) { const q = row + idx[b]!; hess[q] = hess[q]! + hw; }
      }
    }
    for (let k = 1; k < p; k++) {
      grad[k] = grad[k]! + lambda * w[k]!;
      hess[k * p + k] = hess[k * p + k]! + lambda;
      loss += 0.5 * lambda * w[k]! ** 2;
    }
    // a bin with no training rows gets only the penalty: keep the matrix positive definite
    hess[0] = hess[0]! + 1e-9;
    const step = solveSpd(hess, grad, p);
    let maxStep = 0;
    for (let k = 0; k < p; k++) { w[k] = w[k]! - step[k]!; maxStep = Math.max(maxStep, Math.abs(step[k]!)); }
    if (maxStep < 1e-8 || Math.abs(prevLoss - loss) < 1e-10 * n) break;
    prevLoss = loss;
  }
  const weights = layout.bins.map((nb, j) => Array.from(w.subarray(offsets[j]!, offsets[j]! + nb)));
  return { kind: 'logistic', intercept: w[0]!, weights };
}

/** Log-odds and per-column contributions (into `out`): intercept + Σ out = log-odds. */
export function logisticContributions(model: BinnedLogistic, bins: Uint8Array, out: Float64Array): number {
  let z = model.intercept;
  for (let j = 0; j < model.weights.length; j++) {
    const c = model.weights[j]![bins[j]!] ?? 0;
    out[j] = c;
    z += c;
  }
  return z;
}
