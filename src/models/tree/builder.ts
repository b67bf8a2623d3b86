/**
 * Depth-first tree growth (scikit-learn's `DepthFirstTreeBuilder`): pop a node, make it a leaf if a
 * stopping rule holds, else find its best split, partition its samples and push both children (right
 * first, so the left subtree is numbered first). Node storage grows by doubling typed arrays, and the
 * hot loops allocate nothing per node.
 */
import type { NumericColumn } from '../../core/arrays.js';
import type { Rng } from '../../core/rng.js';
import { type CriterionName, createCriterion, impurityImprovement } from './criterion/index.js';
import { partitionSegments } from './partition.js';
import { sampleOrder } from './presort.js';
import { SplitRecord, Splitter } from './splitter.js';
import { Tree } from './tree.js';

/** Stopping rules in absolute terms (fractions already resolved against the data). */
export interface ResolvedTreeParams {
  readonly criterion: CriterionName;
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
  readonly minSamplesLeaf: number;
  /** Minimum weighted samples per leaf (minWeightFractionLeaf × total weight). */
  readonly minWeightLeaf: number;
  readonly maxFeatures: number;
  readonly minImpurityDecrease: number;
}

/** What every tree of a fit (or an ensemble) shares: the features, and each one's presorted rows. */
export interface TreeData {
  readonly columns: readonly NumericColumn[];
  readonly sorted: readonly Int32Array[];
}

/** Node impurities at or below this are treated as pure (scikit-learn uses DBL_EPSILON). */
const EPSILON = Number.EPSILON;

class NodeStore {
  n = 0;
  feature = new Int32Array(64);
  threshold = new Float64Array(64);
  left = new Int32Array(64);
  right = new Int32Array(64);
  value = new Float64Array(64);
  impurity = new Float64Array(64);
  nNodeSamples = new Int32Array(64);
  weighted = new Float64Array(64);

  add(parent: number, isLeft: boolean, impurity: number, nSamples: number, weight: number, value: number): number {
    if (this.n === this.feature.length) this.grow();
    const k = this.n++;
    this.feature[k] = -1;
    this.left[k] = -1;
    this.right[k] = -1;
    this.impurity[k] = impurity;
    this.nNodeSamples[k] = nSamples;
    this.weighted[k] = weight;
    this.value[k] = value;
    if (parent >= 0) {
      if (isLeft) this.left[parent] = k;
      else this.right[parent] = k;
    }
    return k;
  }

  private grow(): void {
    const cap = this.feature.length * 2;
    const g = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    this.feature = g(this.feature);
    this.threshold = g(this.threshold);
    this.left = g(this.left);
    this.right = g(this.right);
    this.value = g(this.value);
    this.impurity = g(this.impurity);
    this.nNodeSamples = g(this.nNodeSamples);
    this.weighted = g(this.weighted);
  }

  finish(): Tree {
    const n = this.n;
    return new Tree({
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      value: this.value.slice(0, n),
      impurity: this.impurity.slice(0, n),
      nNodeSamples: this.nNodeSamples.slice(0, n),
      weightedNNodeSamples: this.weighted.slice(0, n),
    });
  }
}

/**
 * Grows one tree on the rows with positive weight. `y` and `w` have one entry per row of `data`;
 * `rng` drives the feature visiting order. `genericSplitter` forces the criterion-driven scan (the
 * naive twin of the inlined one, for tests).
 */
export function buildTree(data: TreeData, y: Float64Array, w: Float64Array, params: ResolvedTreeParams, rng: Rng, options: { readonly genericSplitter?: boolean } = {}): Tree {
  const d = data.columns.length;
  const nRows = y.length;
  const samples = sampleOrder(data.columns, data.sorted, w);
  const { order, values, nSamples } = samples;
  const criterion = createCriterion(params.criterion);
  criterion.bind(y, w);
  const limits = { minSamplesLeaf: params.minSamplesLeaf, minWeightLeaf: params.minWeightLeaf, maxFeatures: params.maxFeatures };
  const splitter = new Splitter(d, y, w, criterion, limits, rng, { generic: options.genericSplitter });
  const store = new NodeStore();
  const split = new SplitRecord();
  const goesLeft = new Uint8Array(nRows);
  const scratch = new Int32Array(nSamples);
  const scratchValues = new Float64Array(nSamples);
  // Explicit stack of (start, end, depth, parent, isLeft, impurity); impurity NaN = compute here.
  const stack: number[] = [0, nSamples, 0, -1, 0, NaN];
  let weightRoot = 0;
  while (stack.length > 0) {
    const impurityIn = stack.pop() as number;
    const isLeft = stack.pop() === 1;
    const parent = stack.pop() as number;
    const depth = stack.pop() as number;
    const end = stack.pop() as number;
    const start = stack.pop() as number;
    const n = end - start;
    criterion.init(order, start, end);
    const weight = criterion.weightNode;
    if (parent < 0) weightRoot = weight;
    const impurity = Number.isNaN(impurityIn) ? criterion.nodeImpurity() : impurityIn;
    const value = criterion.nodeValue();
    let leaf = depth >= params.maxDepth || n < params.minSamplesSplit || n < 2 * params.minSamplesLeaf || weight < 2 * params.minWeightLeaf || impurity <= EPSILON;
    if (!leaf) {
      splitter.findBest(samples, start, end, split);
      leaf = split.pos < 0 || impurityImprovement(weightRoot, weight, split.weightLeft, split.weightRight, impurity, split.impurityLeft, split.impurityRight) + EPSILON < params.minImpurityDecrease;
    }
    const k = store.add(parent, isLeft, impurity, n, weight, value);
    if (leaf) continue;
    store.feature[k] = split.feature;
    store.threshold[k] = split.threshold;
    const base = split.feature * nSamples;
    for (let p = base + start; p < base + split.pos; p++) goesLeft[order[p]] = 1;
    partitionSegments(order, values, nSamples, d, split.feature, start, end, goesLeft, scratch, scratchValues);
    for (let p = base + start; p < base + split.pos; p++) goesLeft[order[p]] = 0;
    const mid = split.pos;
    stack.push(mid, end, depth + 1, k, 0, split.impurityRight);
    stack.push(start, mid, depth + 1, k, 1, split.impurityLeft);
  }
  return store.finish();
}
