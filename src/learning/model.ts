/**
 * A learned model as stored (plain JSON: immutable once trained) and the one function scoring calls:
 * `predictRow(model, row)` → calibrated probability plus every column's effect on it.
 */
import { binRow, describeBin, type FeatureSpace, type Row } from './features.ts';
import { treesContributions, type BoostedTrees } from './gbdt.ts';
import { logisticContributions, type BinnedLogistic } from './logistic.ts';
import { calibrate, type Calibrator } from './calibrate.ts';

export const MODEL_FORMAT = 1;

export interface LearnedModel {
  readonly format: typeof MODEL_FORMAT;
  readonly space: FeatureSpace;
  readonly learner: BoostedTrees | BinnedLogistic;
  readonly calibrator: Calibrator;
}

/** One column's effect on one lead's probability. */
export interface RowFactor {
  readonly column: string;
  /** the lead's bin in words ("job is retired", "age above 60") */
  readonly value: string;
  /** contribution in log-odds */
  readonly logit: number;
  /** probability with this factor minus probability without it (calibrated) */
  readonly effect: number;
}

export interface RowPrediction {
  readonly p: number;
  readonly logit: number;
  /** columns whose contribution is not zero, largest effect first */
  readonly factors: RowFactor[];
}

/** Log-odds and contributions of a row, before calibration. */
export function rawContributions(model: LearnedModel, bins: Uint8Array, out: Float64Array): number {
  return model.learner.kind === 'gbdt' ? treesContributions(model.learner, bins, out) : logisticContributions(model.learner, bins, out);
}

/** Calibrated probability of a row without explanation (bulk evaluation). */
export function probabilityOf(model: LearnedModel, bins: Uint8Array, scratch: Float64Array): number {
  return calibrate(model.calibrator, rawContributions(model, bins, scratch));
}

/** A row's calibrated probability and the factors behind it. */
export function predictRow(model: LearnedModel, row: Row): RowPrediction {
  const cols = model.space.columns;
  const bins = binRow(model.space, row, new Uint8Array(cols.length));
  const contrib = new Float64Array(cols.length);
  const z = rawContributions(model, bins, contrib);
  const p = calibrate(model.calibrator, z);
  const factors: RowFactor[] = [];
  for (let j = 0; j < cols.length; j++) {
    const c = contrib[j]!;
    if (Math.abs(c) < 1e-9) continue;
    factors.push({ column: cols[j]!.name, value: describeBin(cols[j]!, bins[j]!), logit: c, effect: p - calibrate(model.calibrator, z - c) });
  }
  factors.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect) || (a.column < b.column ? -1 : 1));
  return { p, logit: z, factors };
}
