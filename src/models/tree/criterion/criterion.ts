/**
 * The split criterion contract, after scikit-learn's `_criterion.pyx`: the splitter walks a node's
 * samples in sorted order and moves them one block at a time from the right child to the left; the
 * criterion keeps running weighted sums so each candidate split costs O(1). A new criterion never
 * touches the splitter.
 */

export interface Criterion {
  /** Parameter value that selects this criterion (`squared_error`, …). */
  readonly name: string;
  /** Binds the targets and weights of one fit (shared by every node). */
  bind(y: Float64Array, w: Float64Array): void;
  /** Computes the node statistics of `samples[start, end)`; all samples start on the right. */
  init(samples: Int32Array, start: number, end: number): void;
  /** Moves every sample back to the right child. */
  reset(): void;
  /** Moves `samples[from, to)` from the right child to the left child. */
  update(samples: Int32Array, from: number, to: number): void;
  /**
   * Optional fusion of `init(samples, start, end)` then `update(samples, start, pos)` in one pass,
   * with the very same sums (the left sums are the node's running sums at `pos`).
   */
  initSplit?(samples: Int32Array, start: number, pos: number, end: number): void;
  /** Impurity of the whole node. */
  nodeImpurity(): number;
  /** Impurities of the left and right children of the current position, into `out[0]`, `out[1]`. */
  childrenImpurity(out: Float64Array): void;
  /**
   * A quantity that ranks splits of one node like the true impurity decrease does, but is cheaper
   * (constant terms dropped). Only compared within a node.
   */
  proxyImprovement(): number;
  /**
   * Optional: this criterion's own improvement of the current split, where scikit-learn overrides
   * `impurity_improvement` (Friedman MSE); `splitImprovement` uses the generic formula otherwise.
   */
  improvement?(): number;
  /** The node's prediction (weighted mean of y for squared error). */
  nodeValue(): number;
  /** Weighted number of samples in the node / left / right child. */
  readonly weightNode: number;
  readonly weightLeft: number;
  readonly weightRight: number;
}

/**
 * Weighted impurity decrease of a split, scaled by the node's share of the root's weight (the quantity
 * `minImpurityDecrease` and feature importances use, as in scikit-learn).
 */
export function impurityImprovement(weightRoot: number, weightNode: number, weightLeft: number, weightRight: number, impurity: number, impLeft: number, impRight: number): number {
  return (weightNode / weightRoot) * (impurity - (weightRight / weightNode) * impRight - (weightLeft / weightNode) * impLeft);
}

/**
 * The improvement of the split the criterion is positioned at (after `Splitter.findBest`): what
 * `minImpurityDecrease` is compared with and best-first growth ranks nodes by, as in scikit-learn.
 */
export function splitImprovement(criterion: Criterion, weightRoot: number, impurity: number, impLeft: number, impRight: number): number {
  if (criterion.improvement) return criterion.improvement();
  return impurityImprovement(weightRoot, criterion.weightNode, criterion.weightLeft, criterion.weightRight, impurity, impLeft, impRight);
}
