/**
 * Calibration: a map from a learner's raw log-odds to a probability that matches observed rates,
 * fitted on rows the learner did not train on. Pure.
 *
 * Platt: p = σ(a·z + b), two numbers, keeps the ranking exactly (a > 0).
 * Isotonic: the pool-adjacent-violators step function, interpolated between block centres.
 */
import { sigmoid } from './math.ts';

export type Calibrator =
  | { readonly kind: 'platt'; readonly a: number; readonly b: number }
  | { readonly kind: 'isotonic'; readonly x: readonly number[]; readonly y: readonly number[] };

/**
 * Platt scaling by Newton's method on the two parameters, with Platt's smoothed targets
 * ((n₊+1)/(n₊+2) and 1/(n₋+2)) so a perfectly separated calibration set cannot diverge.
 */
export function fitPlatt(z: ArrayLike<number>, y: ArrayLike<number>): Calibrator {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i]!;
  const neg = y.length - pos;
  const hi = (pos + 1) / (pos + 2), lo = 1 / (neg + 2);
  let a = 1, b = 0;
  for (let iter = 0; iter < 50; iter++) {
    let g0 = 0, g1 = 0, h00 = 1e-9, h01 = 0, h11 = 1e-9;
    for (let i = 0; i < z.length; i++) {
      const t = y[i] === 1 ? hi : lo;
      const p = sigmoid(a * z[i]! + b);
      const d = p - t, w = p * (1 - p);
      g0 += d * z[i]!; g1 += d;
      h00 += w * z[i]! * z[i]!; h01 += w * z[i]!; h11 += w;
    }
    const det = h00 * h11 - h01 * h01;
    if (!(det > 0)) break;
    const da = (h11 * g0 - h01 * g1) / det, db = (h00 * g1 - h01 * g0) / det;
    a -= da; b -= db;
    if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) break;
  }
  return { kind: 'platt', a, b };
}

/** Isotonic regression (pool adjacent violators) of y on z, as block centres and block rates. */
export function fitIsotonic(z: ArrayLike<number>, y: ArrayLike<number>): Calibrator {
  const idx = Array.from({ length: z.length }, (_, i) => i).sort((i, j) => z[i]! - z[j]! || i - j);
  const sumY: number[] = [], sumZ: number[] = [], cnt: number[] = [];
  for (const i of idx) {
    sumY.push(y[i]!); sumZ.push(z[i]!); cnt.push(1);
    while (sumY.length > 1 && sumY[sumY.length - 2]! / cnt[cnt.length - 2]! >= sumY[sumY.length - 1]! / cnt[cnt.length - 1]!) {
      const yy = sumY.pop()!, zz = sumZ.pop()!, cc = cnt.pop()!;
      sumY[sumY.length - 1]! += yy; sumZ[sumZ.length - 1]! += zz; cnt[cnt.length - 1]! += cc;
    }
  }
  // a rate of exactly 0 or 1 on a finite sample is overconfident: keep it inside (0, 1)
  const x = sumZ.map((s, k) => s / cnt[k]!);
  const r = sumY.map((s, k) => (s + 0.5) / (cnt[k]! + 1));
  return { kind: 'isotonic', x, y: r };
}

export function calibrate(c: Calibrator, z: number): number {
  if (c.kind === 'platt') return sigmoid(c.a * z + c.b);
  const { x, y } = c;
  if (z <= x[0]!) return y[0]!;
  const last = x.length - 1;
  if (z >= x[last]!) return y[last]!;
  let lo = 0, hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! <= z) lo = mid;
    else hi = mid;
  }
  const t = (z - x[lo]!) / (x[hi]! - x[lo]!);
  return y[lo]! + t * (y[hi]! - y[lo]!);
}
