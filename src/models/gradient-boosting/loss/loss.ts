/**
 * The boosting loss contract (scikit-learn's `_gb_losses`): the constant initial prediction, the
 * negative gradient each tree is fitted to, the loss itself, and the optional re-estimation of leaf
 * values after a tree is grown (a line search per leaf for losses whose gradient is not the residual).
 */
import type { Tree } from '../../tree/tree.js';
import { weightedPercentile } from '../percentile.js';

export interface GbLoss {
  readonly name: string;
  /** Initial raw prediction; `weighted` says whether the user gave sample weights. */
  initialPrediction(y: Float64Array, w: Float64Array, weighted: boolean): number;
  /** Writes the negative gradient at `raw` into `out` (may remember state for `updateLeaves`). */
  negativeGradient(y: Float64Array, raw: Float64Array, w: Float64Array, out: Float64Array): void;
  /** Weighted mean loss over the rows with `mask[i] = 1` (all rows when mask is omitted). */
  loss(y: Float64Array, raw: Float64Array, w: Float64Array, mask?: Uint8Array): number;
  /**
   * Re-estimates leaf values from the in-bag rows of each leaf: `rowsByLeaf.get(leaf)` lists them,
   * `raw` is the prediction before this tree. Absent for squared error (the tree's means are optimal).
   */
  updateLeaves?(tree: Tree, rowsByLeaf: ReadonlyMap<number, Int32Array>, y: Float64Array, raw: Float64Array, w: Float64Array): void;
}

/** Weighted mean of f(i) over masked rows. */
export function weightedMean(n: number, w: Float64Array, mask: Uint8Array | undefined, f: (i: number) => number): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < n; i++) {
    if (mask && mask[i] === 0) continue;
    s += w[i] * f(i);
    sw += w[i];
  }
  return s / sw;
}

/** Sets each leaf to the weighted q-th percentile (q in [0, 100]) of its rows' residuals y − raw: the exact leaf minimiser of absolute and quantile losses. */
export function setLeavesToResidualPercentile(tree: Tree, rowsByLeaf: ReadonlyMap<number, Int32Array>, y: Float64Array, raw: Float64Array, w: Float64Array, q: number): void {
  const diff = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) diff[i] = y[i] - raw[i];
  for (const [leaf, rows] of rowsByLeaf) tree.value[leaf] = weightedPercentile(diff, w, q, rows);
}
