/**
 * Depth-first tree growth (scikit-learn's `DepthFirstTreeBuilder`): pop a node, make it a leaf if a
 * stopping rule holds, else find its best split, partition its samples and push both children (right
 * first, so the left subtree is numbered first). Node storage grows by doubling typed arrays, and the
 * hot loops allocate nothing per node.
 */
import type { NumericColumn } from '../../core/arrays.js';
import type { Rng } from '../../core/rng.js';
import { type CriterionName, createCriterion, impurityImprovement } from './criterion/index.js';
import { compactSegments, partitionSegments } from './partition.js';
import { pruneTree } from './prune.js';
import { INDEX_ONLY_MAX_ROWS, type SampleOrder, sampleOrder, sampleOrderInto } from './presort.js';
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
  /** Cost-complexity pruning after growth (see prune.ts); 0 = none. */
  readonly ccpAlpha: number;
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
    this.threshold[k] = 0; // the store is reused across an ensemble's trees: no stale values
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
 * Buffers one tree's growth needs, kept per `TreeData` so the many trees of an ensemble (forest,
 * boosting, AdaBoost) reuse them instead of allocating ~n·d arrays per tree. A tree is grown
 * synchronously on one thread, so one set per data object is never shared by two growing trees.
 */
class Workspace {
  readonly order: Int32Array;
  /** Feature values beside `order` (large data only, see SampleOrder), else null. */
  readonly values: Float64Array | null;
  readonly goesLeft: Uint8Array;
  readonly scratch: Int32Array;
  readonly scratchValues: Float64Array | null;
  /** Node storage, reset per tree, so an ensemble's deep trees do not each regrow it from 64 nodes. */
  readonly store = new NodeStore();
  /** The layout with every row (sampleOrder of all-positive weights), made on first use. */
  private full?: SampleOrder;
  private fullUses = 0;

  constructor(
    readonly data: TreeData,
    readonly withValues: boolean,
  ) {
    const n = data.sorted.length ? data.sorted[0].length : 0;
    const size = n * data.columns.length + 1; // + 1: see sampleOrderInto
    this.order = new Int32Array(size);
    this.values = withValues ? new Float64Array(size) : null;
    this.goesLeft = new Uint8Array(n);
    this.scratch = new Int32Array(n);
    this.scratchValues = withValues ? new Float64Array(n) : null;
  }

  /**
   * Fills `order` (and `values`) with the rows of positive weight (as `sampleOrder`); when every row
   * has positive weight (boosting without subsample), copies the cached full layout instead of filtering.
   */
  fill(w: Float64Array): number {
    let nSamples = 0;
    for (let i = 0; i < w.length; i++) if (w[i] > 0) nSamples++;
    if (nSamples === w.length) {
      // A single tree (DecisionTreeRegressor) fills directly; the cached copy pays off from the second.
      if (!this.full && this.fullUses++ === 0) return sampleOrderInto(this.data.columns, this.data.sorted, w, nSamples, this.order, this.values);
      this.full ??= sampleOrder(this.data.columns, this.data.sorted, w, this.withValues);
      this.order.set(this.full.order);
      if (this.values && this.full.values) this.values.set(this.full.values);
      return nSamples;
    }
    return sampleOrderInto(this.data.columns, this.data.sorted, w, nSamples, this.order, this.values);
  }
}

const workspaces = new WeakMap<TreeData, Workspace>();

function workspaceOf(data: TreeData, withValues: boolean): Workspace {
  let ws = workspaces.get(data);
  if (!ws || ws.withValues !== withValues) {
    ws = new Workspace(data, withValues);
    workspaces.set(data, ws);
  }
  return ws;
}

/**
 * Grows one tree on the rows with positive weight. `y` and `w` have one entry per row of `data`;
 * `rng` drives the feature visiting order. `genericSplitter` forces the criterion-driven scan (the
 * naive twin of the inlined one, for tests); `fullPartition` re-partitions every feature at every
 * split (the naive twin of the leaf-children shortcut, for tests); `withValues` forces the layout
 * with or without feature values (default: by data size, see SampleOrder; the trees are the same).
 * `leafOfRow`, when given, receives the leaf of every row in the sample (rows of zero weight are left
 * as they were): the rows a leaf was grown from are exactly the rows `tree.apply` sends there, and
 * boosting reads them here instead of walking the tree again for each row.
 */
export function buildTree(
  data: TreeData,
  y: Float64Array,
  w: Float64Array,
  params: ResolvedTreeParams,
  rng: Rng,
  options: { readonly genericSplitter?: boolean; readonly fullPartition?: boolean; readonly withValues?: boolean; readonly leafOfRow?: Int32Array } = {},
): Tree {
  const d = data.columns.length;
  const { leafOfRow } = options;
  const ws = workspaceOf(data, options.withValues ?? w.length > INDEX_ONLY_MAX_ROWS);
  const nSamples = ws.fill(w);
  const { order, values, goesLeft, scratch, scratchValues } = ws;
  const samples = { order, values, columns: data.columns, nSamples };
  const criterion = createCriterion(params.criterion);
  criterion.bind(y, w);
  const limits = { minSamplesLeaf: params.minSamplesLeaf, minWeightLeaf: params.minWeightLeaf, maxFeatures: params.maxFeatures };
  const splitter = new Splitter(d, y, w, criterion, limits, rng, { generic: options.genericSplitter });
  const store = ws.store;
  store.n = 0;
  const split = new SplitRecord();
  const { maxDepth, minSamplesSplit, minSamplesLeaf } = params;
  // A child certainly becomes a leaf (by depth, size or purity; the weight rule is left to the child,
  // whose weight sum may round differently): then only feature 0's segment, which node statistics
  // read, needs partitioning.
  const certainLeaf = (depth: number, n: number, impurity: number): boolean => depth >= maxDepth || n < minSamplesSplit || n < 2 * minSamplesLeaf || impurity <= EPSILON;
  // Explicit stack of (start, end, depth, parent, isLeft, impurity, constant features); impurity NaN =
  // compute here. Features constant in a node are constant in its children: their segments are neither
  // scanned nor partitioned again (see partition.ts), except under `fullPartition`, the naive twin.
  const stack: number[] = [0, nSamples, 0, -1, 0, NaN, 0];
  const trackConstant = !options.fullPartition;
  let weightRoot = 0;
  while (stack.length > 0) {
    let constant = stack.pop() as number;
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
    let leaf = depth >= maxDepth || n < minSamplesSplit || n < 2 * minSamplesLeaf || weight < 2 * params.minWeightLeaf || impurity <= EPSILON;
    if (!leaf) {
      constant = splitter.findBest(samples, start, end, split, constant);
      if (!trackConstant) constant = 0;
      leaf = split.pos < 0 || impurityImprovement(weightRoot, weight, split.weightLeft, split.weightRight, impurity, split.impurityLeft, split.impurityRight) + EPSILON < params.minImpurityDecrease;
    }
    const k = store.add(parent, isLeft, impurity, n, weight, value);
    if (leaf) {
      // Feature 0's segment holds exactly this leaf's rows (it is always partitioned in full).
      if (leafOfRow) for (let p = start; p < end; p++) leafOfRow[order[p]] = k;
      continue;
    }
    store.feature[k] = split.feature;
    store.threshold[k] = split.threshold;
    const mid = split.pos;
    const base = split.feature * nSamples;
    const leafLeft = !options.fullPartition && certainLeaf(depth + 1, mid - start, split.impurityLeft);
    const leafRight = !options.fullPartition && certainLeaf(depth + 1, end - mid, split.impurityRight);
    const onlyFirst = leafLeft && leafRight;
    if (!onlyFirst || split.feature !== 0) {
      for (let p = base + start; p < base + mid; p++) goesLeft[order[p]] = 1;
      // One leaf child: feature 0 is partitioned in full (the leaf reads it), the rest only compacted.
      const full = onlyFirst || leafLeft || leafRight ? 1 : d;
      partitionSegments(order, values, nSamples, full, split.feature, start, end, goesLeft, scratch, scratchValues, constant);
      if (full < d && !onlyFirst) compactSegments(order, values, nSamples, 1, d, split.feature, start, end, goesLeft, leafRight, constant);
      for (let p = base + start; p < base + mid; p++) goesLeft[order[p]] = 0;
    }
    stack.push(mid, end, depth + 1, k, 0, split.impurityRight, constant);
    stack.push(start, mid, depth + 1, k, 1, split.impurityLeft, constant);
  }
  const grown = store.finish();
  if (!params.ccpAlpha) return grown;
  const { tree, nodeOf } = pruneTree(grown, params.ccpAlpha);
  // Rows of the sample (feature 0's segment) now belong to the leaf their old leaf was pruned into.
  if (leafOfRow && tree !== grown) for (let p = 0; p < nSamples; p++) leafOfRow[order[p]] = nodeOf[leafOfRow[order[p]]];
  return tree;
}
