/**
 * Histogram gradient-boosted trees for a 0/1 outcome (logistic loss) over binned columns.
 * Pure and deterministic: no sampling, ties broken by column then bin order.
 *
 * Each split sends a set of bins left: for a numeric column a range of bins (with "missing" tried
 * on both sides), for a categorical one the categories ordered by their gradient ratio (the
 * optimal partition for this loss). Every node keeps its value, so a lead's score splits exactly
 * into per-column contributions along its path (Saabas): bias + Σ contributions = log-odds.
 */
import { sigmoid, logit } from './math.ts';

export interface Tree {
  /** column split on, −1 for a leaf */
  readonly col: readonly number[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  /** node value in log-odds (learning rate applied) */
  readonly value: readonly number[];
  /** bins that go left, per split node (empty for a leaf) */
  readonly leftBins: readonly (readonly number[])[];
}

export interface BoostedTrees {
  readonly kind: 'gbdt';
  /** base log-odds plus every tree's root value */
  readonly bias: number;
  readonly trees: readonly Tree[];
}

export interface BoostOptions {
  learningRate?: number;
  maxDepth?: number;
  maxTrees?: number;
  /** L2 penalty on leaf values */
  lambda?: number;
  /** fewest rows a leaf may hold */
  minLeaf?: number;
  /** stop after this many trees without a better validation log loss */
  patience?: number;
}

export interface BinnedData {
  /** row-major bins, n × m */
  readonly X: Uint8Array;
  readonly y: Uint8Array;
  readonly n: number;
}

export interface Layout {
  /** bins per column */
  readonly bins: readonly number[];
  /** true: ordered (numeric) column; false: categorical */
  readonly ordered: readonly boolean[];
}

interface Split { gain: number; col: number; leftBins: number[] }

interface MutableTree {
  col: number[]; left: number[]; right: number[]; value: number[]; leftBins: number[][];
}

/**
 * Fit trees on `train`; with `valid`, keep the number of trees that gave the lowest validation
 * log loss (early stopping).
 */
export function fitBoostedTrees(layout: Layout, train: BinnedData, valid: BinnedData | null, opts: BoostOptions = {}): BoostedTrees {
  const lr = opts.learningRate ?? 0.1;
  const maxDepth = opts.maxDepth ?? 3;
  const maxTrees = opts.maxTrees ?? 400;
  const lambda = opts.lambda ?? 1;
  const minLeaf = opts.minLeaf ?? 20;
  const patience = opts.patience ?? 30;
  const m = layout.bins.length;
  const B = Math.max(2, ...layout.bins);
  const { X, y, n } = train;

  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i]!;
  const base = logit((pos + 0.5) / (n + 1));
  const F = new Float64Array(n).fill(base);
  const g = new Float64Array(n), h = new Float64Array(n);
  const rows = new Uint32Array(n);
  const FV = valid === null ? null : new Float64Array(valid.n).fill(base);

  const trees: MutableTree[] = [];
  let bestLoss = Infinity, bestCount = 0;
  for (let t = 0; t < maxTrees; t++) {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(F[i]!);
      g[i] = p - y[i]!;
      h[i] = Math.max(p * (1 - p), 1e-12);
      rows[i] = i;
    }
    const tree = growTree(X, m, B, layout, g, h, rows, { lr, maxDepth, lambda, minLeaf }, F);
    trees.push(tree);
    if (valid !== null && FV !== null) {
      for (let i = 0; i < valid.n; i++) FV[i] = FV[i]! + leafValue(tree, valid.X, i * m);
      const loss = logLossOf(FV, valid.y);
      if (loss < bestLoss - 1e-12) { bestLoss = loss; bestCount = trees.length; }
      else if (trees.length - bestCount >= patience) break;
    } else bestCount = trees.length;
  }
  const kept = trees.slice(0, Math.max(1, bestCount));
  let bias = base;
  for (const tr of kept) bias += tr.value[0]!;
  return { kind: 'gbdt', bias, trees: kept };
}

function logLossOf(z: Float64Array, y: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < z.length; i++) {
    // log(1 + e^{-z}) for positives, log(1 + e^{z}) for negatives, computed stably
    const v = y[i] === 1 ? -z[i]! : z[i]!;
    s += v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
  }
  return s / z.length;
}

interface GrowOptions { lr: number; maxDepth: number; lambda: number; minLeaf: number }

/** Grow one tree depth-first over `rows` (partitioned in place); adds its leaf values to F. */
function growTree(
  X: Uint8Array, m: number, B: number, layout: Layout, g: Float64Array, h: Float64Array,
  rows: Uint32Array, o: GrowOptions, F: Float64Array,
): MutableTree {
  const tree: MutableTree = { col: [], left: [], right: [], value: [], leftBins: [] };
  const stride = m * B;
  const grow = (start: number, end: number, depth: number, hist: Float64Array): number => {
    const id = tree.col.length;
    let G = 0, H = 0;
    for (let k = start; k < end; k++) { G += g[rows[k]!]!; H += h[rows[k]!]!; }
    const value = (-G / (H + o.lambda)) * o.lr;
    tree.col.push(-1); tree.left.push(-1); tree.right.push(-1); tree.value.push(value); tree.leftBins.push([]);
    const split = depth < o.maxDepth && end - start >= 2 * o.minLeaf
      ? bestSplit(hist, stride, B, layout, G, H, end - start, o)
      : null;
    if (split === null) {
      for (let k = start; k < end; k++) F[rows[k]!] = F[rows[k]!]! + value;
      return id;
    }
    // partition rows: left bins first
    const goLeft = new Uint8Array(B);
    for (const b of split.leftBins) goLeft[b] = 1;
    let mid = start;
    for (let k = start; k < end; k++) {
      const r = rows[k]!;
      if (goLeft[X[r * m + split.col]!] === 1) { rows[k] = rows[mid]!; rows[mid] = r; mid++; }
    }
    // histogram of the smaller child, the larger one by subtraction from the parent
    const leftSmaller = mid - start <= end - mid;
    const small = leftSmaller ? buildHist(X, m, B, g, h, rows, start, mid) : buildHist(X, m, B, g, h, rows, mid, end);
    const large = new Float64Array(hist.length);
    for (let q = 0; q < hist.length; q++) large[q] = hist[q]! - small[q]!;
    tree.col[id] = split.col;
    tree.leftBins[id] = split.leftBins;
    const l = grow(start, mid, depth + 1, leftSmaller ? small : large);
    const r = grow(mid, end, depth + 1, leftSmaller ? large : small);
    tree.left[id] = l;
    tree.right[id] = r;
    return id;
  };
  grow(0, rows.length, 0, buildHist(X, m, B, g, h, rows, 0, rows.length));
  return tree;
}

/** Gradient, hessian and count sums per column and bin: three blocks of m·B. */
function buildHist(
  X: Uint8Array, m: number, B: number, g: Float64Array, h: Float64Array, rows: Uint32Array, start: number, end: number,
): Float64Array {
  const stride = m * B;
  const hist = new Float64Array(3 * stride);
  for (let k = start; k < end; k++) {
    const r = rows[k]!;
    const gr = g[r]!, hr = h[r]!;
    const off = r * m;
    for (let j = 0; j < m; j++) {
      const q = j * B + X[off + j]!;
      hist[q] = hist[q]! + gr;
      hist[stride + q] = hist[stride + q]! + hr;
      hist[2 * stride + q] = hist[2 * stride + q]! + 1;
    }
  }
  return hist;
}

function bestSplit(
  hist: Float64Array, stride: number, B: number, layout: Layout, G: number, H: number, N: number, o: GrowOptions,
): Split | null {
  const parentScore = (G * G) / (H + o.lambda);
  let best: Split | null = null;
  const order: number[] = [];
  for (let j = 0; j < layout.bins.length; j++) {
    const nb = layout.bins[j]!;
    const at = (b: number, k: 0 | 1 | 2) => hist[k * stride + j * B + b]!;
    const consider = (gl: number, hl: number, cl: number, bins: () => number[]) => {
      const cr = N - cl;
      if (cl < o.minLeaf || cr < o.minLeaf) return;
      const gr = G - gl, hr = H - hl;
      const gain = (gl * gl) / (hl + o.lambda) + (gr * gr) / (hr + o.lambda) - parentScore;
      if (gain > 1e-9 && (best === null || gain > best.gain)) best = { gain, col: j, leftBins: bins() };
    };
    if (layout.ordered[j]) {
      // bins 1..nb-1 in order; missing (bin 0) tried with the left side and with the right side
      const gm = at(0, 0), hm = at(0, 1), cm = at(0, 2);
      let gl = 0, hl = 0, cl = 0;
      for (let t = 1; t < nb - 1; t++) {
        gl += at(t, 0); hl += at(t, 1); cl += at(t, 2);
        const tt = t;
        consider(gl, hl, cl, () => range(1, tt));
        if (cm > 0) consider(gl + gm, hl + hm, cl + cm, () => [0, ...range(1, tt)]);
      }
      if (cm > 0) consider(gm, hm, cm, () => [0]);
    } else {
      order.length = 0;
      for (let b = 0; b < nb; b++) if (at(b, 2) > 0) order.push(b);
      // categories by gradient ratio: the best two-way partition for a convex loss is a prefix
      order.sort((a, b) => at(a, 0) / (at(a, 1) + o.lambda) - at(b, 0) / (at(b, 1) + o.lambda) || a - b);
      let gl = 0, hl = 0, cl = 0;
      for (let t = 0; t < order.length - 1; t++) {
        const b = order[t]!;
        gl += at(b, 0); hl += at(b, 1); cl += at(b, 2);
        const tt = t;
        const snapshot = order.slice();
        consider(gl, hl, cl, () => snapshot.slice(0, tt + 1).sort((x, z) => x - z));
      }
    }
  }
  return best;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let b = from; b <= to; b++) out.push(b);
  return out;
}

function leafValue(tree: MutableTree | Tree, X: Uint8Array, off: number): number {
  let node = 0;
  while (tree.col[node]! >= 0) {
    node = tree.leftBins[node]!.includes(X[off + tree.col[node]!]!) ? tree.left[node]! : tree.right[node]!;
  }
  return tree.value[node]!;
}

/** Log-odds of one binned row. */
export function treesLogit(model: BoostedTrees, bins: Uint8Array): number {
  let z = model.bias;
  for (const t of model.trees) z += leafValue(t, bins, 0) - t.value[0]!;
  return z;
}

/** Log-odds and per-column contributions (into `out`, overwritten): bias + Σ out = log-odds. */
export function treesContributions(model: BoostedTrees, bins: Uint8Array, out: Float64Array): number {
  out.fill(0);
  let z = model.bias;
  for (const t of model.trees) {
    let node = 0;
    while (t.col[node]! >= 0) {
      const c = t.col[node]!;
      const next = t.leftBins[node]!.includes(bins[c]!) ? t.left[node]! : t.right[node]!;
      const d = t.value[next]! - t.value[node]!;
      out[c] = out[c]! + d;
      z += d;
      node = next;
    }
  }
  return z;
}
