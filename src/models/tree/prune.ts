/**
 * Minimal cost-complexity pruning (Breiman et al.'s weakest-link pruning, scikit-learn's `ccp_alpha`).
 *
 * R(t) = impurity(t) × weight(t) / weight(root) is a node's share of the training error, R(T_t) the sum
 * over the leaves below it, and |T_t| their count. Collapsing the subtree below t into a leaf saves
 * |T_t| − 1 leaves at the cost of R(t) − R(T_t) more error, so its "effective alpha" is
 * (R(t) − R(T_t)) / (|T_t| − 1). Pruning repeatedly collapses the internal node with the smallest
 * effective alpha (the first in node order on ties, as scikit-learn) while that alpha is at most
 * `ccpAlpha`. The pruned tree keeps the surviving nodes' statistics and is renumbered depth-first,
 * left child first.
 */
import { Tree } from './tree.js';

/** Bookkeeping of one pruning pass over `tree` (all arrays indexed by the original node ids). */
class Pruning {
  readonly parent: Int32Array;
  /** R(t) per node. */
  readonly rNode: Float64Array;
  /** R(T_t): sum of R over the current leaves below t (R(t) itself for a current leaf). */
  readonly rBranch: Float64Array;
  /** Current leaves below t (0 for a current leaf). */
  readonly nLeaves: Int32Array;
  /** 1 for nodes that are internal in the current (pruned) tree. */
  readonly candidate: Uint8Array;
  /** 1 for nodes still in the current tree. */
  readonly inTree: Uint8Array;

  constructor(readonly tree: Tree) {
    const n = tree.nodeCount;
    const { feature, left, right, impurity, weightedNNodeSamples: w } = tree;
    this.parent = new Int32Array(n).fill(-1);
    this.rNode = new Float64Array(n);
    this.rBranch = new Float64Array(n);
    this.nLeaves = new Int32Array(n);
    this.candidate = new Uint8Array(n);
    this.inTree = new Uint8Array(n).fill(1);
    for (let k = 0; k < n; k++) {
      this.rNode[k] = (w[k] * impurity[k]) / w[0];
      if (feature[k] >= 0) {
        this.parent[left[k]] = k;
        this.parent[right[k]] = k;
        this.candidate[k] = 1;
      }
    }
    // Leaves pass their R and a count of 1 up to every ancestor.
    for (let k = 0; k < n; k++) {
      if (feature[k] >= 0) continue;
      this.rBranch[k] += this.rNode[k];
      for (let a = this.parent[k]; a >= 0; a = this.parent[a]) {
        this.rBranch[a] += this.rNode[k];
        this.nLeaves[a] += 1;
      }
    }
  }

  /** The weakest link: the candidate with the smallest effective alpha (first on ties), or −1. */
  weakest(): { node: number; alpha: number } {
    let node = -1;
    let alpha = Number.MAX_VALUE;
    for (let k = 0; k < this.candidate.length; k++) {
      if (!this.candidate[k]) continue;
      const a = (this.rNode[k] - this.rBranch[k]) / (this.nLeaves[k] - 1);
      if (a < alpha) {
        alpha = a;
        node = k;
      }
    }
    return { node, alpha };
  }

  /** Turns internal node `t` into a leaf and updates its ancestors. */
  collapse(t: number): void {
    const { feature, left, right } = this.tree;
    const stack = [t];
    while (stack.length) {
      const k = stack.pop()!;
      if (!this.inTree[k]) continue;
      this.candidate[k] = 0;
      if (k !== t) this.inTree[k] = 0;
      if (feature[k] >= 0) stack.push(left[k], right[k]);
    }
    const removedLeaves = this.nLeaves[t] - 1;
    const rDiff = this.rNode[t] - this.rBranch[t];
    this.nLeaves[t] = 0;
    this.rBranch[t] = this.rNode[t];
    for (let a = this.parent[t]; a >= 0; a = this.parent[a]) {
      this.nLeaves[a] -= removedLeaves;
      this.rBranch[a] += rDiff;
    }
  }

  /** True while the current tree has more than its root. */
  get rootIsInternal(): boolean {
    return this.candidate[0] === 1;
  }
}

export interface PrunedTree {
  readonly tree: Tree;
  /** Original node id → the id of the node of the pruned tree it belongs to (a removed node: its new leaf). */
  readonly nodeOf: Int32Array;
}

/** Prunes `tree` at `ccpAlpha` (see the module comment); returns the same tree when nothing is pruned. */
export function pruneTree(tree: Tree, ccpAlpha: number): PrunedTree {
  const p = new Pruning(tree);
  let pruned = false;
  while (p.rootIsInternal) {
    const { node, alpha } = p.weakest();
    if (alpha > ccpAlpha) break;
    p.collapse(node);
    pruned = true;
  }
  if (!pruned) return { tree, nodeOf: Int32Array.from({ length: tree.nodeCount }, (_, k) => k) };
  return rebuild(tree, p);
}

/** The kept nodes of `p`, renumbered depth-first with the left child first. */
function rebuild(tree: Tree, p: Pruning): PrunedTree {
  const { feature, threshold, left, right, value, impurity, nNodeSamples, weightedNNodeSamples } = tree;
  let n = 0;
  for (let k = 0; k < tree.nodeCount; k++) n += p.inTree[k];
  const out = {
    feature: new Int32Array(n),
    threshold: new Float64Array(n),
    left: new Int32Array(n).fill(-1),
    right: new Int32Array(n).fill(-1),
    value: new Float64Array(n),
    impurity: new Float64Array(n),
    nNodeSamples: new Int32Array(n),
    weightedNNodeSamples: new Float64Array(n),
  };
  const nodeOf = new Int32Array(tree.nodeCount).fill(-1);
  let next = 0;
  // (original node, new parent, is left child); right pushed first so the left subtree is numbered first.
  const stack: [number, number, boolean][] = [[0, -1, false]];
  while (stack.length) {
    const [k, parent, isLeft] = stack.pop()!;
    const id = next++;
    nodeOf[k] = id;
    if (parent >= 0) (isLeft ? out.left : out.right)[parent] = id;
    const leaf = feature[k] < 0 || !p.candidate[k];
    out.feature[id] = leaf ? -1 : feature[k];
    out.threshold[id] = leaf ? 0 : threshold[k];
    out.value[id] = value[k];
    out.impurity[id] = impurity[k];
    out.nNodeSamples[id] = nNodeSamples[k];
    out.weightedNNodeSamples[id] = weightedNNodeSamples[k];
    if (!leaf) stack.push([right[k], id, false], [left[k], id, true]);
  }
  // Removed nodes belong to the leaf their nearest kept ancestor became (parents precede children).
  for (let k = 1; k < tree.nodeCount; k++) if (nodeOf[k] < 0) nodeOf[k] = nodeOf[p.parent[k]];
  return { tree: new Tree(out), nodeOf };
}

export interface PruningPath {
  /** Effective alphas at which the tree changes, starting at 0. */
  readonly ccpAlphas: Float64Array;
  /** Total leaf impurity (Σ R over the leaves) of the tree pruned at each alpha. */
  readonly impurities: Float64Array;
}

/** Every step of weakest-link pruning down to the root (scikit-learn's `cost_complexity_pruning_path`). */
export function pruningPath(tree: Tree): PruningPath {
  const p = new Pruning(tree);
  const alphas = [0];
  const impurities = [p.rBranch[0]];
  while (p.rootIsInternal) {
    const { node, alpha } = p.weakest();
    p.collapse(node);
    alphas.push(alpha);
    impurities.push(p.rBranch[0]);
  }
  return { ccpAlphas: Float64Array.from(alphas), impurities: Float64Array.from(impurities) };
}
