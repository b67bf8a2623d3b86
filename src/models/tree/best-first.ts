/**
 * Best-first tree growth (scikit-learn's `BestFirstTreeBuilder`, used when `maxLeafNodes` is set): every
 * node's best split is found when the node is created, and the frontier is expanded in order of split
 * improvement (largest first) until `maxLeafNodes` leaves exist; the remaining frontier becomes leaves.
 * Nodes are numbered in creation order (a node's left child, then its right child, when it is split),
 * as scikit-learn numbers them. Equal improvements are expanded in creation order here; scikit-learn's
 * heap may take them in another order, which only matters when such a tie falls on the last leaves.
 */
import { MaxHeap } from '../../core/max-heap.js';
import type { Rng } from '../../core/rng.js';
import { createCriterion, splitImprovement } from './criterion/index.js';
import type { ResolvedTreeParams } from './builder.js';
import { SplitRecord, Splitter } from './splitter.js';
import type { Tree } from './tree.js';
import { EPSILON, type TreeData, defaultWithValues, finishTree, stopsAt, workspaceOf } from './workspace.js';

/** A created node waiting on the frontier, with the split found for it. */
interface FrontierNode {
  readonly node: number;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  /** Already a leaf by a stopping rule (never split, whatever the budget). */
  readonly leaf: boolean;
  readonly improvement: number;
  readonly feature: number;
  readonly pos: number;
  readonly impurityLeft: number;
  readonly impurityRight: number;
  /** Features known constant in the node (bit j), passed on to its children. */
  readonly constant: number;
}

/**
 * Grows one tree with at most `maxLeafNodes` leaves on the rows with positive weight (same inputs and
 * `leafOfRow` contract as `buildTree`, which calls this when `params.maxLeafNodes` is set).
 */
export function buildTreeBestFirst(data: TreeData, y: Float64Array, w: Float64Array, params: ResolvedTreeParams, maxLeafNodes: number, rng: Rng, leafOfRow?: Int32Array): Tree {
  const d = data.columns.length;
  const ws = workspaceOf(data, defaultWithValues(w.length));
  const nSamples = ws.fill(w);
  const { order, values, store } = ws;
  const samples = { order, values, columns: data.columns, nSamples };
  const criterion = createCriterion(params.criterion);
  criterion.bind(y, w);
  const splitter = new Splitter(d, y, w, criterion, { minSamplesLeaf: params.minSamplesLeaf, minWeightLeaf: params.minWeightLeaf, maxFeatures: params.maxFeatures }, rng, { scan: ws.scan });
  store.n = 0;
  const split = new SplitRecord();
  let weightRoot = 0;

  /** Creates the node of samples [start, end) and finds its split (scikit-learn's `_add_split_node`). */
  const addNode = (start: number, end: number, impurityIn: number, parent: number, isLeft: boolean, depth: number, constantIn: number): FrontierNode => {
    const n = end - start;
    criterion.init(order, start, end);
    const weight = criterion.weightNode;
    if (parent < 0) weightRoot = weight;
    const impurity = Number.isNaN(impurityIn) ? criterion.nodeImpurity() : impurityIn;
    const value = criterion.nodeValue();
    let leaf = stopsAt(params, depth, n, weight, impurity);
    let constant = constantIn;
    let improvement = 0;
    if (!leaf) {
      constant = splitter.findBest(samples, start, end, split, constant);
      if (split.pos < 0) leaf = true;
      else {
        improvement = splitImprovement(criterion, weightRoot, impurity, split.impurityLeft, split.impurityRight);
        leaf = improvement + EPSILON < params.minImpurityDecrease;
      }
    }
    const node = store.add(parent, isLeft, impurity, n, weight, value);
    if (!leaf) {
      store.feature[node] = split.feature;
      store.threshold[node] = split.threshold;
    }
    return leaf
      ? { node, start, end, depth, leaf, improvement: 0, feature: -1, pos: end, impurityLeft: 0, impurityRight: 0, constant }
      : { node, start, end, depth, leaf, improvement, feature: split.feature, pos: split.pos, impurityLeft: split.impurityLeft, impurityRight: split.impurityRight, constant };
  };

  // By improvement; nodes are pushed as they are created, so ties go to the node created first.
  const frontier = new MaxHeap<FrontierNode>();
  const push = (f: FrontierNode): void => frontier.push(f, f.improvement);
  push(addNode(0, nSamples, NaN, -1, false, 0, 0));
  let splitsLeft = maxLeafNodes - 1;
  while (frontier.size > 0) {
    const r = frontier.pop();
    if (r.leaf || splitsLeft <= 0) {
      // Out of budget: the split found for it is dropped.
      store.feature[r.node] = -1;
      store.threshold[r.node] = 0;
      if (leafOfRow) for (let p = r.start; p < r.end; p++) leafOfRow[order[p]] = r.node;
      continue;
    }
    const base = r.feature * nSamples;
    ws.splitNode(nSamples, d, d, r.feature, r.start, r.end, false, r.constant, base + r.start, base + r.pos);
    splitsLeft--;
    push(addNode(r.start, r.pos, r.impurityLeft, r.node, true, r.depth + 1, r.constant));
    push(addNode(r.pos, r.end, r.impurityRight, r.node, false, r.depth + 1, r.constant));
  }
  return finishTree(store, params.ccpAlpha, leafOfRow, order, nSamples);
}
