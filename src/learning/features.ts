/**
 * Turning raw rows (engine signals plus a company's custom attributes) into small integer bins that
 * both learners read. Pure: a feature space is fitted on training rows only, then applied unchanged
 * to every later row, so a value first seen at scoring time falls into "other" or the nearest bin.
 *
 * Bin 0 is always "missing" (absent, null or blank), so missing data is a value of its own.
 * Categorical columns: bin 1 is "other" (values rarer than `minCount`), bins 2… the kept values.
 * Numeric columns: bins 1… are quantile ranges between `edges` (v ≤ edges[0] is bin 1).
 */

export type RawValue = string | number | boolean | null | undefined;
export type Row = Readonly<Record<string, RawValue>>;

export interface CategoricalColumn {
  readonly name: string;
  readonly kind: 'categorical';
  /** kept values; value i is bin i + 2 */
  readonly values: readonly string[];
}
export interface NumericColumn {
  readonly name: string;
  readonly kind: 'numeric';
  /** ascending upper bounds; a value v is in bin 1 + (number of edges below v) */
  readonly edges: readonly number[];
}
export type Column = CategoricalColumn | NumericColumn;

export interface FeatureSpace {
  readonly columns: readonly Column[];
}

export interface FeatureOptions {
  /** a categorical value seen fewer times than this goes to "other" (default 20) */
  minCount?: number;
  /** numeric bins at most (default 16, at most 32) */
  maxBins?: number;
  /** columns never used, beside the leakage guard (e.g. the outcome column) */
  exclude?: readonly string[];
}

export const MISSING_BIN = 0;
export const OTHER_BIN = 1;
const MAX_CATEGORIES = 40;

/**
 * Words that name what happened after the enquiry: pipeline status, its outcome, or when it
 * closed. A column whose name contains one of them as a word would teach the model the answer, so
 * it is never a feature. `duration` (a call's length, known only once the call ended — and with it
 * the outcome) is the classic leak in telemarketing data.
 */
const LEAKY_WORDS: ReadonlySet<string> = new Set([
  'status', 'stage', 'outcome', 'outcomes', 'result', 'converted', 'conversion', 'won', 'lost', 'win', 'loss',
  'reserved', 'reservation', 'exchanged', 'completed', 'completion', 'sold', 'closed', 'duration', 'label', 'target',
]);

/** The words of a column name: "lostReason" and "lost_reason" both give ["lost", "reason"]. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** True when a column must never be a feature because it describes the outcome. */
export function isLeakyColumn(name: string): boolean {
  for (const w of nameWords(name)) if (LEAKY_WORDS.has(w)) return true;
  return false;
}

/** The text of a present value, or null when it is missing. */
function present(v: RawValue): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const t = v.trim();
  return t.length === 0 ? null : t;
}

/** A present value as a number, or NaN when it is not one ("1,5" is not: decimal point only). */
function asNumber(v: RawValue): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (typeof v !== 'string') return NaN;
  const t = v.trim();
  if (t.length === 0 || t.length > 32 || !/^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/.test(t)) return NaN;
  return Number(t);
}

/** Fit the columns and their bins on training rows. Deterministic: same rows, same space. */
export function fitFeatureSpace(rows: readonly Row[], opts: FeatureOptions = {}): FeatureSpace {
  const minCount = Math.max(1, opts.minCount ?? 20);
  const maxBins = Math.min(32, Math.max(2, opts.maxBins ?? 16));
  const excluded = new Set(opts.exclude ?? []);
  const names = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) names.add(k);
  const columns: Column[] = [];
  for (const name of [...names].sort()) {
    if (excluded.has(name) || isLeakyColumn(name)) continue;
    const col = fitColumn(name, rows, minCount, maxBins);
    if (col !== null) columns.push(col);
  }
  return { columns };
}

function fitColumn(name: string, rows: readonly Row[], minCount: number, maxBins: number): Column | null {
  const texts: string[] = [];
  const nums: number[] = [];
  for (const r of rows) {
    const t = present(r[name]);
    if (t === null) continue;
    texts.push(t);
    const n = asNumber(r[name]);
    if (!Number.isNaN(n)) nums.push(n);
  }
  if (texts.length === 0) return null;
  // numeric when nearly every present value is a number and there are enough distinct ones to rank
  const distinct = new Set(nums).size;
  if (nums.length >= 0.95 * texts.length && distinct > 2) {
    return { name, kind: 'numeric', edges: quantileEdges(nums, maxBins) };
  }
  const counts = new Map<string, number>();
  for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
  const kept = [...counts.entries()]
    .filter(([, c]) => c >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, MAX_CATEGORIES)
    .map(([v]) => v);
  // a column with no value common enough carries nothing but missing-or-not
  if (kept.length === 0 && texts.length === rows.length) return null;
  return { name, kind: 'categorical', values: kept };
}

/** Upper bounds of up to `maxBins` quantile bins; every distinct value its own bin when few. */
function quantileEdges(values: number[], maxBins: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const uniq: number[] = [];
  for (const v of sorted) if (uniq.length === 0 || uniq[uniq.length - 1] !== v) uniq.push(v);
  if (uniq.length <= maxBins) return uniq.slice(0, -1);
  const edges: number[] = [];
  for (let k = 1; k < maxBins; k++) {
    const e = sorted[Math.min(sorted.length - 1, Math.floor((k * sorted.length) / maxBins) - 1)]!;
    if (edges.length === 0 || e > edges[edges.length - 1]!) edges.push(e);
  }
  // the top edge would put nothing above it
  if (edges.length > 0 && edges[edges.length - 1]! >= uniq[uniq.length - 1]!) edges.pop();
  return edges;
}

/** Number of bins a column has, missing included. */
export function binCount(c: Column): number {
  return c.kind === 'categorical' ? c.values.length + 2 : c.edges.length + 2;
}

/** The bin of one value in one column. */
export function binOf(c: Column, v: RawValue): number {
  if (c.kind === 'categorical') {
    const t = present(v);
    if (t === null) return MISSING_BIN;
    const i = c.values.indexOf(t);
    return i < 0 ? OTHER_BIN : i + 2;
  }
  const n = asNumber(v);
  if (Number.isNaN(n)) return MISSING_BIN;
  // first edge ≥ n, by binary search
  let lo = 0, hi = c.edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c.edges[mid]! < n) lo = mid + 1;
    else hi = mid;
  }
  return 1 + lo;
}

/** Bins of a row, one per column, into `out` (overwritten) — the scoring path allocates nothing. */
export function binRow(space: FeatureSpace, row: Row, out: Uint8Array): Uint8Array {
  const cols = space.columns;
  for (let j = 0; j < cols.length; j++) out[j] = binOf(cols[j]!, row[cols[j]!.name]);
  return out;
}

/** Bins of many rows, row-major (`n × columns`). */
export function binMatrix(space: FeatureSpace, rows: readonly Row[]): Uint8Array {
  const m = space.columns.length;
  const out = new Uint8Array(rows.length * m);
  for (let i = 0; i < rows.length; i++) binRow(space, rows[i]!, out.subarray(i * m, (i + 1) * m));
  return out;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000);
}

/** A bin in words, for explanations: "job is retired", "age 31 to 35", "pdays is missing". */
export function describeBin(c: Column, bin: number, label = c.name): string {
  if (bin === MISSING_BIN) return `${label} is missing`;
  if (c.kind === 'categorical') return bin === OTHER_BIN ? `${label} is an uncommon value` : `${label} is ${c.values[bin - 2]}`;
  const lo = bin >= 2 ? c.edges[bin - 2] : undefined;
  const hi = bin - 1 < c.edges.length ? c.edges[bin - 1] : undefined;
  if (lo === undefined && hi === undefined) return `${label} is given`;
  if (lo === undefined) return `${label} at most ${fmt(hi!)}`;
  if (hi === undefined) return `${label} above ${fmt(lo)}`;
  return `${label} above ${fmt(lo)}, at most ${fmt(hi)}`;
}
