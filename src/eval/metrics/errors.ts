/**
 * Error-size metrics: mean squared error, its root, and mean absolute error (optionally weighted),
 * as scikit-learn's `mean_squared_error` / `mean_absolute_error`. Lower is better.
 */
import { checkMetricInput, weightedMean } from './check.js';

/**
 * Mean squared error.
 * @example mse([1, 2], [1, 4]) // 2
 */
export function mse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, sampleWeight?: ArrayLike<number>): number {
  const w = checkMetricInput('mse', yTrue, yPred, sampleWeight);
  return weightedMean(yTrue.length, w, (i) => (yTrue[i] - yPred[i]) ** 2);
}

/**
 * Root mean squared error (square root of the weighted MSE, as sklearn's `squared=False`).
 * @example rmse([1, 2], [1, 4]) // √2
 */
export function rmse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, sampleWeight?: ArrayLike<number>): number {
  return Math.sqrt(mse(yTrue, yPred, sampleWeight));
}

/**
 * Mean absolute error.
 * @example mae([1, 2], [1, 4]) // 1
 */
export function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, sampleWeight?: ArrayLike<number>): number {
  const w = checkMetricInput('mae', yTrue, yPred, sampleWeight);
  return weightedMean(yTrue.length, w, (i) => Math.abs(yTrue[i] - yPred[i]));
}
