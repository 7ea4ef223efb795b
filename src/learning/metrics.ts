/** How good predicted probabilities are against 0/1 outcomes. Pure. */

export interface Metrics {
  rows: number;
  positives: number;
  /** ranking: chance a random positive scores above a random negative (ties count half) */
  auc: number;
  log_loss: number;
  brier: number;
  /** expected calibration error over 10 equal-width probability bins */
  ece: number;
  /** positive rate among the top 10% by probability, over the overall positive rate */
  top_decile_lift: number;
}

/** Rank AUC (Mann–Whitney U) with tied scores given their average rank; NaN without both classes. */
export function auc(p: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = p.length;
  const order = sortedIndex(p);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && p[order[j + 1]!] === p[order[i]!]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (y[order[k]!] === 1) { pos++; rankSum += avgRank; }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Indices ordered by ascending score, ties by index (deterministic). */
function sortedIndex(p: ArrayLike<number>): Uint32Array {
  const idx = new Uint32Array(p.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  return idx.sort((a, b) => p[a]! - p[b]! || a - b);
}

const EPS = 1e-15;

export function logLoss(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - EPS, Math.max(EPS, p[i]!));
    s -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return s / p.length;
}

export function brier(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i]! - y[i]!) ** 2;
  return s / p.length;
}

export function ece(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): number {
  const sumP = new Float64Array(bins), sumY = new Float64Array(bins), cnt = new Float64Array(bins);
  for (let i = 0; i < p.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p[i]! * bins)));
    sumP[b] = sumP[b]! + p[i]!;
    sumY[b] = sumY[b]! + y[i]!;
    cnt[b] = cnt[b]! + 1;
  }
  let e = 0;
  for (let b = 0; b < bins; b++) if (cnt[b]! > 0) e += Math.abs(sumP[b]! - sumY[b]!);
  return e / p.length;
}

export function topDecileLift(p: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = p.length;
  const order = sortedIndex(p);
  const k = Math.max(1, Math.round(n / 10));
  let all = 0;
  for (let i = 0; i < n; i++) all += y[i]!;
  if (all === 0) return NaN;
  // rows tied with the cut-off score count in proportion, so equal scores never look like lift
  const cut = p[order[n - k]!]!;
  let above = 0, aboveY = 0, tied = 0, tiedY = 0;
  for (let i = 0; i < n; i++) {
    if (p[i]! > cut) { above++; aboveY += y[i]!; }
    else if (p[i] === cut) { tied++; tiedY += y[i]!; }
  }
  const top = aboveY + ((k - above) * tiedY) / tied;
  return top / k / (all / n);
}

export function evaluate(p: ArrayLike<number>, y: ArrayLike<number>): Metrics {
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i]!;
  return {
    rows: p.length,
    positives,
    auc: auc(p, y),
    log_loss: logLoss(p, y),
    brier: brier(p, y),
    ece: ece(p, y),
    top_decile_lift: topDecileLift(p, y),
  };
}
