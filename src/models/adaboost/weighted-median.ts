/**
 * The AdaBoost.R2 combination rule: per row, the estimators' predictions sorted, and the first one
 * whose cumulative estimator weight reaches half the total (scikit-learn's `_get_median_predict`).
 */

/**
 * `predictions[e][i]` is estimator e's prediction for row i; returns the weighted median per row.
 * Ties in prediction value give the same output whichever estimator is picked, so the sort need not
 * be stable.
 */
export function weightedMedian(predictions: readonly Float64Array[], weights: ArrayLike<number>): Float64Array {
  const nEst = predictions.length;
  const nRows = nEst ? predictions[0].length : 0;
  const out = new Float64Array(nRows);
  const order = new Int32Array(nEst);
  let total = 0;
  for (let e = 0; e < nEst; e++) total += weights[e];
  const half = 0.5 * total;
  for (let i = 0; i < nRows; i++) {
    for (let e = 0; e < nEst; e++) order[e] = e;
    order.sort((a, b) => predictions[a][i] - predictions[b][i] || a - b);
    let cdf = 0;
    let pick = order[nEst - 1];
    for (let k = 0; k < nEst; k++) {
      cdf += weights[order[k]];
      if (cdf >= half) {
        pick = order[k];
        break;
      }
    }
    out[i] = predictions[pick][i];
  }
  return out;
}
