/**
 * Explained variance score, as scikit-learn's `explained_variance_score` (force_finite): like R² but
 * insensitive to a constant bias in the predictions.
 */
import { checkMetricInput, weightedMean } from './check.js';

/**
 * 1 − Var(y − ŷ) / Var(y), weighted. Higher is better.
 * @example explainedVariance([1, 2, 3], [2, 3, 4]) // 1 (a constant offset is not penalised)
 */
export function explainedVariance(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, sampleWeight?: ArrayLike<number>): number {
  const w = checkMetricInput('explainedVariance', yTrue, yPred, sampleWeight);
  const n = yTrue.length;
  const meanRes = weightedMean(n, w, (i) => yTrue[i] - yPred[i]);
  const meanY = weightedMean(n, w, (i) => yTrue[i]);
  const varRes = weightedMean(n, w, (i) => (yTrue[i] - yPred[i] - meanRes) ** 2);
  const varY = weightedMean(n, w, (i) => (yTrue[i] - meanY) ** 2);
  if (varY === 0) return varRes === 0 ? 1 : 0;
  return 1 - varRes / varY;
}
