/**
 * The targets and the compiled form of a model: what the engine's types name (ScoreContext.model)
 * without importing the model code, which itself stands on the engine's signals.
 */
export const TARGETS = ['p_fin', 'p_show', 'p_sql'] as const;
export type Target = (typeof TARGETS)[number];

export interface CompiledModel {
  readonly model_version: string;
  readonly weights: Readonly<Record<Target, Float64Array>>;
  /**
   * Each weight rounded as the breakdown shows it (3 decimals): a feature that is simply on (1)
   * contributes exactly its weight, so its shown contribution needs no per-lead rounding.
   */
  readonly rounded: Readonly<Record<Target, Float64Array>>;
}
