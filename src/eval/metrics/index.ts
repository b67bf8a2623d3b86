/**
 * Regression metrics and their registry: name → function and direction, so cross-validation and search
 * can be told metrics by name (`['r2', 'rmse']`) and rank by any of them.
 */
import { explainedVariance } from './explained-variance.js';
import { mae, mse, rmse } from './errors.js';
import { meanPoissonDeviance, meanPoissonDevianceClipped } from './poisson-deviance.js';
import { r2 } from './r2.js';

export { explainedVariance } from './explained-variance.js';
export { mae, mse, rmse } from './errors.js';
export { POISSON_PREDICTION_FLOOR, meanPoissonDeviance, meanPoissonDevianceClipped, poissonUnitDeviance } from './poisson-deviance.js';
export { r2 } from './r2.js';

/** A metric: (yTrue, yPred, sampleWeight?) → number. */
export type MetricFn = (yTrue: ArrayLike<number>, yPred: ArrayLike<number>, sampleWeight?: ArrayLike<number>) => number;

export interface MetricInfo {
  readonly fn: MetricFn;
  /** True when a larger value is better (r2), false for losses (rmse). */
  readonly greaterIsBetter: boolean;
}

/** Every metric by name. */
export const METRICS = {
  r2: { fn: r2, greaterIsBetter: true },
  explainedVariance: { fn: explainedVariance, greaterIsBetter: true },
  mse: { fn: mse, greaterIsBetter: false },
  rmse: { fn: rmse, greaterIsBetter: false },
  mae: { fn: mae, greaterIsBetter: false },
  meanPoissonDeviance: { fn: meanPoissonDeviance, greaterIsBetter: false },
  /** Predictions clipped to ≥ 1e-9 first (the planning reference's convention for OLS). */
  meanPoissonDevianceClipped: { fn: meanPoissonDevianceClipped, greaterIsBetter: false },
} as const satisfies Record<string, MetricInfo>;

export type MetricName = keyof typeof METRICS;

/** Type guard for metric names coming from config or the CLI. */
export function isMetricName(name: string): name is MetricName {
  return Object.prototype.hasOwnProperty.call(METRICS, name);
}
