/**
 * `TreeGrower`: grows one regression tree leaf-wise (best-first, like LightGBM and scikit-learn): the
 * splittable leaf with the largest gain is split next, until `maxLeafNodes` leaves exist, `maxDepth`
 * is reached or no leaf has a positive-gain split. `TreeNode` exists only while growing; the finished
 * tree is flattened into a `TreePredictor` by `makePredictor`.
 *
 * Every node owns a contiguous slice `[start, stop)` of one shared sample-index array; splitting a node
 * partitions its slice in place, so children need no allocation.
 */
import { MaxHeap } from '../../core/max-heap.js';
import type { BinMapper } from './binning.js';
import { HistogramBuilder, type Histogram } from './histogram.js';
import { MONOTONIC_NONE, MONOTONIC_POS, computeNodeValue } from './common.js';
import { TreePredictor } from './predictor.js';
import { findNodeSplit, type SplitInfo, type SplitterOptions } from './splitting.js';

export interface TreeNode {
  readonly depth: number;
  readonly start: number;
  readonly stop: number;
  readonly sumGradients: number;
  readonly sumHessians: number;
  /** Newton value before shrinkage (bounded by monotonic constraints). */
  value: number;
  lowerBound: number;
  upperBound: number;
  histogram: Histogram | null;
  split: SplitInfo | null;
  left: TreeNode | null;
  right: TreeNode | null;
  isLeaf: boolean;
}

export interface GrowerOptions {
  readonly maxLeafNodes: number | null;
  readonly maxDepth: number | null;
  readonly minSamplesLeaf: number;
  readonly shrinkage: number;
}

export class TreeGrower {
  readonly root: TreeNode;
  readonly leaves: TreeNode[] = [];
  nNodes = 1;
  /** Splittable nodes by gain; ties in insertion order, so growth is deterministic. */
  private readonly heap = new MaxHeap<TreeNode>();

  /**
   * @param rootSumGradients  The sum of the gradients in row order and a promise that the shared
   *   index array already lists every row in order (`HgbLoss.addLeafValuesAndGradients` produces
   *   both in its pass), so the grower skips its own pass; undefined: the grower does both.
   */
  constructor(
    private readonly histograms: HistogramBuilder,
    private readonly splitter: SplitterOptions,
    private readonly options: GrowerOptions,
    private readonly scratch: Uint32Array,
    rootSumGradients?: number,
  ) {
    const { gradients, hessians, nRows } = histograms.ctx;
    let sumG = 0;
    let sumH = 0;
    if (rootSumGradients === undefined) {
      for (let i = 0; i < nRows; i++) sumG += gradients[i];
      const indices = histograms.ctx.indices;
      for (let i = 0; i < nRows; i++) indices[i] = i;
    } else {
      sumG = rootSumGradients;
    }
    if (splitter.constantHessian !== null) sumH = nRows * splitter.constantHessian;
    else for (let i = 0; i < nRows; i++) sumH += hessians[i];
    this.root = makeNode(0, 0, nRows, sumG, sumH, computeNodeValue(sumG, sumH, -Infinity, Infinity, splitter.l2Regularization), -Infinity, Infinity);
    if (nRows < 2 * options.minSamplesLeaf || sumH < splitter.minHessianToSplit || options.maxDepth === 0) {
      this.finalizeLeaf(this.root);
      return;
    }
    this.root.histogram = histograms.computeRoot();
    this.computeBestSplitAndPush(this.root);
  }

  /** Grows the whole tree and applies shrinkage to the leaf values. */
  grow(): this {
    while (this.heap.size > 0) this.splitNext();
    for (const leaf of this.leaves) leaf.value *= this.options.shrinkage;
    return this;
  }

  private nLeaves(): number {
    return this.leaves.length + this.heap.size;
  }

  private finalizeLeaf(node: TreeNode): void {
    node.isLeaf = true;
    if (node.histogram) this.histograms.release(node.histogram);
    node.histogram = null;
    this.leaves.push(node);
  }

  private computeBestSplitAndPush(node: TreeNode): void {
    const h = node.histogram!;
    node.split = findNodeSplit(h.data, { nSamples: node.stop - node.start, sumGradients: node.sumGradients, sumHessians: node.sumHessians, value: node.value, lowerBound: node.lowerBound, upperBound: node.upperBound }, this.splitter, h.sparse ? h.used : null);
    if (node.split.gain <= 0) this.finalizeLeaf(node);
    else this.heap.push(node, node.split.gain);
  }

  private splitNext(): void {
    const node = this.heap.pop();
    const split = node.split!;
    // In the training bins a feature's missing values have the code nBinsNonMissing[f] (see HistogramLayout).
    const mid = this.histograms.partition(split.featureIdx, split.binIdx, split.missingGoToLeft, this.splitter.nBinsNonMissing[split.featureIdx], node.start, node.stop, this.scratch);
    const depth = node.depth + 1;
    const left = makeNode(depth, node.start, mid, split.sumGradientLeft, split.sumHessianLeft, split.valueLeft, node.lowerBound, node.upperBound);
    const right = makeNode(depth, mid, node.stop, split.sumGradientRight, split.sumHessianRight, split.valueRight, node.lowerBound, node.upperBound);
    node.left = left;
    node.right = right;
    this.nNodes += 2;

    const cst = this.splitter.monotonicCst ? this.splitter.monotonicCst[split.featureIdx] : MONOTONIC_NONE;
    if (cst !== MONOTONIC_NONE) {
      // Children of a constrained split may not cross the midpoint of the two values: everything
      // grown under the left child stays below (POS) / above (NEG) everything under the right child.
      const m = (left.value + right.value) / 2;
      if (cst === MONOTONIC_POS) {
        left.upperBound = m;
        right.lowerBound = m;
      } else {
        left.lowerBound = m;
        right.upperBound = m;
      }
    }

    const { maxLeafNodes, maxDepth, minSamplesLeaf } = this.options;
    const parentHist = node.histogram!;
    node.histogram = null;
    if ((maxLeafNodes !== null && this.nLeaves() + 2 >= maxLeafNodes) || (maxDepth !== null && depth >= maxDepth)) {
      this.histograms.release(parentHist);
      this.finalizeLeaf(left);
      this.finalizeLeaf(right);
      if (maxLeafNodes !== null && this.nLeaves() >= maxLeafNodes) for (const n of this.heap.drain()) this.finalizeLeaf(n);
      return;
    }
    const splitLeft = left.stop - left.start >= 2 * minSamplesLeaf;
    const splitRight = right.stop - right.start >= 2 * minSamplesLeaf;
    if (!splitLeft && !splitRight) {
      this.histograms.release(parentHist);
      this.finalizeLeaf(left);
      this.finalizeLeaf(right);
      return;
    }
    // Build the smaller child directly and derive the larger one by subtraction, unless the larger
    // child is small enough that building it directly is cheaper (then neither needs the parent).
    const [small, large] = left.stop - left.start < right.stop - right.start ? [left, right] : [right, left];
    const smallSplittable = small === left ? splitLeft : splitRight;
    const largeSplittable = large === left ? splitLeft : splitRight;
    if (!largeSplittable || this.histograms.cheaperDirect(large.stop - large.start)) {
      this.histograms.release(parentHist);
      // Only children that will be split need a histogram.
      if (smallSplittable) small.histogram = this.histograms.computeBrute(small.start, small.stop);
      if (largeSplittable) large.histogram = this.histograms.computeBrute(large.start, large.stop);
    } else {
      small.histogram = this.histograms.computeBrute(small.start, small.stop);
      large.histogram = this.histograms.computeSubtraction(parentHist, small.histogram);
    }
    if (splitLeft) this.computeBestSplitAndPush(left);
    else this.finalizeLeaf(left);
    if (splitRight) this.computeBestSplitAndPush(right);
    else this.finalizeLeaf(right);
  }

  /** Flattens the grown tree into prediction arrays (real thresholds from the bin mapper). */
  makePredictor(binMapper: BinMapper): TreePredictor {
    return TreePredictor.fromRoot(this.root, this.nNodes, binMapper);
  }
}

function makeNode(depth: number, start: number, stop: number, sumG: number, sumH: number, value: number, lower: number, upper: number): TreeNode {
  return { depth, start, stop, sumGradients: sumG, sumHessians: sumH, value, lowerBound: lower, upperBound: upper, histogram: null, split: null, left: null, right: null, isLeaf: false };
}
