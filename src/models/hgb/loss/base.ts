/**
 * The loss interface of histogram gradient boosting: baseline prediction, per-sample gradients and
 * hessians of the loss in raw (link) space, the mean loss for early stopping, and the inverse link.
 * Losses are "half" losses as in scikit-learn (½(y−p)² for squared error), so gradients are simple.
 */
export interface HgbLoss {
  readonly name: 'squared_error' | 'absolute_error' | 'poisson' | 'huber' | 'quantile';
  /** True when every hessian is the same (1 without sample weights): histograms skip hessian sums. */
  readonly constantHessian: boolean;
  /** Throws a ConvoptError when y is outside the loss's domain. */
  checkTarget(y: Float64Array): void;
  /** The best constant raw prediction. */
  baseline(y: Float64Array, w: Float64Array | null): number;
  /** Fills gradients and hessians (float32) at the current raw predictions; weights multiply both. */
  gradients(y: Float64Array, raw: Float64Array, w: Float64Array | null, grad: Float32Array, hess: Float32Array): void;
  /** Weighted mean loss (the early-stopping score is its negative). */
  loss(y: Float64Array, raw: Float64Array, w: Float64Array | null): number;
  /** Raw prediction → prediction on the target's scale. */
  inverseLink(raw: number): number;
  /**
   * Optional: re-fits the value of a leaf from its samples after the tree is grown (absolute error:
   * the median residual; huber: a clipped step from it). `indices` are the leaf's samples.
   */
  leafValue?(y: Float64Array, raw: Float64Array, w: Float64Array | null, indices: Uint32Array): number;
  /**
   * Optional, for losses with constant hessians and no weights: one pass that adds `values[leafOf[i]]`
   * to `raw[i]`, writes the gradient at the new raw prediction to `grad[i]` (as `gradients` would),
   * sets `indices[i] = i` and returns the sum of the new gradients in row order: what the next
   * tree's grower would compute in passes of its own (~2× fewer memory passes at 800k rows).
   */
  addLeafValuesAndGradients?(y: Float64Array, raw: Float64Array, leafOf: Uint16Array, values: Float64Array, grad: Float32Array, indices: Uint32Array): number;
}

export function weightedMean(y: Float64Array, w: Float64Array | null): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w ? w[i] : 1;
    s += wi * y[i];
    sw += wi;
  }
  return s / sw;
}

/** The residuals y − raw of a leaf's samples and their weights (null when unweighted), for leaf re-fits. */
export function leafResiduals(y: Float64Array, raw: Float64Array, w: Float64Array | null, indices: Uint32Array): { r: Float64Array; w: Float64Array | null } {
  const n = indices.length;
  const r = new Float64Array(n);
  for (let k = 0; k < n; k++) r[k] = y[indices[k]] - raw[indices[k]];
  if (!w) return { r, w: null };
  const lw = new Float64Array(n);
  for (let k = 0; k < n; k++) lw[k] = w[indices[k]];
  return { r, w: lw };
}
