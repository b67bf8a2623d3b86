/**
 * Depth-first tree growth (scikit-learn's `DepthFirstTreeBuilder`): pop a node, make it a leaf if a
 * stopping rule holds, else find its best split, partition its samples and push both children (right
 * first, so the left subtree is numbered first). Node storage grows by doubling typed arrays, and the
 * hot loops allocate nothing per node.
 */
import type { Rng } from '../../core/rng.js';
import { type CriterionName, createCriterion, splitImprovement } from './criterion/index.js';
import { buildTreeBestFirst } from './best-first.js';
import { SplitRecord, Splitter } from './splitter.js';
import type { Tree } from './tree.js';
import { EPSILON, type TreeData, defaultWithValues, finishTree, stopsAt, workspaceOf } from './workspace.js';

export type { TreeData } from './workspace.js';

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
  /** Grow best-first to at most this many leaves (see best-first.ts); null = depth-first, unlimited. */
  readonly maxLeafNodes: number | null;
}

/**
 * Grows one tree on the rows with positive weight. `y` and `w` have one entry per row of `data`;
 * `rng` drives the feature visiting order. `genericSplitter` forces the criterion-driven scan (the
 * naive twin of the inlined one, for tests); `fullPartition` re-partitions every feature at every
 * split (the naive twin of the leaf-children shortcut, for tests); `withValues` forces the layout
 * with or without feature values (default: by data size, see SampleOrder; the trees are the same).
 * `leafOfRow`, when given, receives the leaf of every row in the sample (rows of zero weight are left
 * as they were): the rows a leaf was grown from are exactly the rows `tree.apply` sends there, and
 * boosting reads them here instead of walking the tree again for each row. With `params.maxLeafNodes`
 * set the tree grows best-first instead (`buildTreeBestFirst`; the test-twin options do not apply).
 */
export function buildTree(
  data: TreeData,
  y: Float64Array,
  w: Float64Array,
  params: ResolvedTreeParams,
  rng: Rng,
  options: { readonly genericSplitter?: boolean; readonly fullPartition?: boolean; readonly withValues?: boolean; readonly leafOfRow?: Int32Array } = {},
): Tree {
  if (params.maxLeafNodes !== null) return buildTreeBestFirst(data, y, w, params, params.maxLeafNodes, rng, options.leafOfRow);
  const d = data.columns.length;
  const { leafOfRow } = options;
  const ws = workspaceOf(data, options.withValues ?? defaultWithValues(w.length));
  const nSamples = ws.fill(w);
  const { order, values } = ws;
  const samples = { order, values, columns: data.columns, nSamples };
  const criterion = createCriterion(params.criterion);
  criterion.bind(y, w);
  const limits = { minSamplesLeaf: params.minSamplesLeaf, minWeightLeaf: params.minWeightLeaf, maxFeatures: params.maxFeatures };
  const splitter = new Splitter(d, y, w, criterion, limits, rng, { generic: options.genericSplitter, scan: ws.scan });
  const store = ws.store;
  store.n = 0;
  const split = new SplitRecord();
  const { maxDepth, minSamplesSplit, minSamplesLeaf } = params;
  // Every leaf holds ≥ minSamplesLeaf rows, and a depth-d tree has < 2^(d+1) nodes.
  store.reserve(Math.min(2 * Math.ceil(nSamples / minSamplesLeaf) - 1, 2 ** (maxDepth + 1) - 1));
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
    let leaf = stopsAt(params, depth, n, weight, impurity);
    if (!leaf) {
      constant = splitter.findBest(samples, start, end, split, constant);
      if (!trackConstant) constant = 0;
      leaf = split.pos < 0 || splitImprovement(criterion, weightRoot, impurity, split.impurityLeft, split.impurityRight) + EPSILON < params.minImpurityDecrease;
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
      // One leaf child: feature 0 is partitioned in full (the leaf reads it), the rest only compacted.
      const full = onlyFirst || leafLeft || leafRight ? 1 : d;
      ws.splitNode(nSamples, full, onlyFirst ? full : d, split.feature, start, end, leafRight, constant, base + start, base + mid);
    }
    stack.push(mid, end, depth + 1, k, 0, split.impurityRight, constant);
    stack.push(start, mid, depth + 1, k, 1, split.impurityLeft, constant);
  }
  return finishTree(store, params.ccpAlpha, leafOfRow, order, nSamples);
}
