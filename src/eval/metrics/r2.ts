/**
 * Coefficient of determination R², as scikit-learn's `r2_score` (with `force_finite=True`): a constant
 * target scores 1 when predicted exactly and 0 otherwise, instead of NaN/-Infinity.
 */
import { checkMetricInput, weightedMean } from './check.js';

/**
 * R² = 1 − SS_res / SS_tot (weighted sums). Higher is better; 1 is perfect.
 * @example r2([1, 2, 3], [1, 2, 3]) // 1
 */
export function r2(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, sampleWeight?: ArrayLike<number>): number {
  const w = checkMetricInput('r2', yTrue, yPred, sampleWeight);
  const n = yTrue.length;
  const mean = weightedMean(n, w, (i) => yTrue[i]);
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    ssRes += wi * (yTrue[i] - yPred[i]) ** 2;
    ssTot += wi * (yTrue[i] - mean) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}
