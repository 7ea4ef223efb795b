/** One line of a score's explanation: how many points a factor gave out of how many possible. */
export interface Factor {
  factor: string;
  points: number;
  max: number;
  detail: string;
}

export interface ScorePart {
  score: number;
  factors: Factor[];
  /** a cap applied after adding up (fake lead, Lost), with its reason */
  cap?: { at: number; reason: string };
}

export function factor(name: string, points: number, max: number, detail: string): Factor {
  return { factor: name, points: Math.round(points * 10) / 10, max, detail };
}

/** Sum the factors, apply an optional cap, round and clamp to an integer 0–100. */
export function total(factors: Factor[], capAt: number | null, capReason: string): ScorePart {
  let sum = 0;
  for (const f of factors) sum += f.points;
  let score = Math.round(sum);
  const part: ScorePart = { score: 0, factors };
  if (capAt !== null && score > capAt) {
    score = capAt;
    part.cap = { at: capAt, reason: capReason };
  }
  part.score = score < 0 ? 0 : score > 100 ? 100 : score;
  return part;
}

/**
 * Joins detail parts as `[...].join(sep)` would, without building an array per lead:
 * `joinPart(joinPart('', 'a', ', '), 'b', ', ')` is "a, b".
 */
export function joinPart(acc: string, part: string, sep: string): string {
  return acc.length === 0 ? part : acc + sep + part;
}

/** `value.replaceAll('_', ' ')` for every value of an enum, computed once. */
export function spacedLabels<T extends string>(values: readonly T[]): Readonly<Record<T, string>> {
  const out = {} as Record<T, string>;
  for (const v of values) out[v] = v.replaceAll('_', ' ');
  return out;
}

export function gbp(n: number): string {
  return n >= 1e6 ? `£${(Math.round(n / 1e4) / 100).toString()}m` : `£${Math.round(n / 1e3)}k`;
}

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
