/**
 * `FlatEnsemble`: a read-only, predict-only copy of a list of trees, laid out for speed. Rows are
 * scored in blocks: each block is copied row-major into a small scratch buffer (one load per node
 * test instead of two), then every tree walks every row of the block (tree-major, so a tree's nodes
 * stay in cache and the rows' walks are independent chains the CPU can overlap).
 *
 * Shallow trees (depth ≤ MAX_HEAP_DEPTH, e.g. boosting's depth-3 trees) are padded into perfect
 * binary heaps (children of k at 2k+1, 2k+2): the walk is exactly `depth` steps with no leaf test.
 * A leaf above the bottom level becomes a node whose whole subtree carries its value, so whatever
 * its dummy test decides, the row lands on the same value. Deeper trees keep the node-array walk.
 *
 * Per row, `addPredictions` adds `scale × leaf value` tree by tree in list order, the same
 * operations in the same order as calling `Tree.addPredictions` for each tree, so results are
 * bit-identical to the plain path.
 */
import type { Matrix } from '../../core/arrays.js';
import type { Tree } from './tree.js';

/** Deepest tree padded into a heap (2^6 = 64 leaves per tree; deeper trees waste too much). */
export const MAX_HEAP_DEPTH = 6;
/** Rows per block: 256 rows × ~15 features × 8 bytes stays well inside L1/L2. */
const BLOCK = 256;

interface HeapLayout {
  readonly kind: 'heap';
  readonly depth: number;
  /** Per tree, (2^depth − 1) internal nodes: tested feature and threshold. */
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  /** Per tree, 2^depth leaf values. */
  readonly value: Float64Array;
}

interface NodeLayout {
  readonly kind: 'nodes';
  /** All trees' nodes concatenated; child indices are absolute; feature −1 marks a leaf. */
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  /** Root node of each tree. */
  readonly roots: Int32Array;
}

export class FlatEnsemble {
  private readonly layout: HeapLayout | NodeLayout;
  /** Scratch for one row-major block; grown on demand and reused (predict is synchronous). */
  private block = new Float64Array(0);

  private constructor(
    readonly nTrees: number,
    readonly nFeatures: number,
    layout: HeapLayout | NodeLayout,
  ) {
    this.layout = layout;
  }

  static compile(trees: readonly Tree[], nFeatures: number): FlatEnsemble {
    let depth = 0;
    for (const t of trees) depth = Math.max(depth, t.maxDepth);
    // Depth 1–2 trees are padded to 3 so they use the branch-free depth-3 kernel.
    const layout = depth <= 3 ? heapLayout(trees, 3) : depth <= MAX_HEAP_DEPTH ? heapLayout(trees, depth) : nodeLayout(trees);
    return new FlatEnsemble(trees.length, nFeatures, layout);
  }

  /** Which layout was chosen (for tests and profiling). */
  get layoutKind(): 'heap' | 'nodes' {
    return this.layout.kind;
  }

  /** out[i] += scale × value of tree t at row i, for t = 0, 1, … in order (as Tree.addPredictions). */
  addPredictions(X: Matrix, out: Float64Array, scale = 1): void {
    const F = this.nFeatures;
    if (this.layout.kind === 'heap' && this.layout.depth === 3) {
      for (let start = 0; start < X.nRows; start += BLOCK) addDepth3(this.layout, this.nTrees, X.columns, start, Math.min(X.nRows, start + BLOCK), out, scale);
      return;
    }
    if (this.block.length < BLOCK * F) this.block = new Float64Array(BLOCK * F);
    const xb = this.block;
    const cols = X.columns;
    for (let start = 0; start < X.nRows; start += BLOCK) {
      const m = Math.min(BLOCK, X.nRows - start);
      for (let j = 0; j < F; j++) {
        const c = cols[j]!;
        for (let i = 0; i < m; i++) xb[i * F + j] = c[start + i]!;
      }
      if (this.layout.kind === 'heap') addHeap(this.layout, this.nTrees, F, xb, m, out, start, scale);
      else addNodes(this.layout, F, xb, m, out, start, scale);
    }
  }
}

function heapLayout(trees: readonly Tree[], depth: number): HeapLayout {
  const nInternal = (1 << depth) - 1;
  const nLeaves = 1 << depth;
  const feature = new Int32Array(trees.length * nInternal);
  const threshold = new Float64Array(trees.length * nInternal);
  const value = new Float64Array(trees.length * nLeaves);
  trees.forEach((t, ti) => {
    // (tree node, heap position, level) from the root down.
    const stack: [number, number, number][] = [[0, 0, 0]];
    while (stack.length > 0) {
      const [k, p, level] = stack.pop()!;
      if (t.feature[k]! >= 0) {
        feature[ti * nInternal + p] = t.feature[k]!;
        threshold[ti * nInternal + p] = t.threshold[k]!;
        stack.push([t.left[k]!, 2 * p + 1, level + 1], [t.right[k]!, 2 * p + 2, level + 1]);
        continue;
      }
      // A leaf at `level`: its heap subtree's bottom-level positions all carry its value; any
      // internal positions below it keep feature 0 / threshold 0, a test whose outcome is moot.
      const span = 1 << (depth - level);
      const firstBottom = (p + 1) * span - 1;
      for (let q = 0; q < span; q++) value[ti * nLeaves + firstBottom + q - nInternal] = t.value[k]!;
    }
  });
  return { kind: 'heap', depth, feature, threshold, value };
}

function nodeLayout(trees: readonly Tree[]): NodeLayout {
  let total = 0;
  for (const t of trees) total += t.nodeCount;
  const feature = new Int32Array(total);
  const threshold = new Float64Array(total);
  const left = new Int32Array(total);
  const right = new Int32Array(total);
  const value = new Float64Array(total);
  const roots = new Int32Array(trees.length);
  let off = 0;
  trees.forEach((t, ti) => {
    roots[ti] = off;
    feature.set(t.feature, off);
    threshold.set(t.threshold, off);
    value.set(t.value, off);
    for (let k = 0; k < t.nodeCount; k++) {
      left[off + k] = t.left[k]! + off;
      right[off + k] = t.right[k]! + off;
    }
    off += t.nodeCount;
  });
  return { kind: 'nodes', feature, threshold, left, right, value, roots };
}

function addHeap(h: HeapLayout, nTrees: number, F: number, xb: Float64Array, m: number, out: Float64Array, start: number, scale: number): void {
  const { depth, feature, threshold, value } = h;
  const nInternal = (1 << depth) - 1;
  const nLeaves = nInternal + 1;
  for (let t = 0; t < nTrees; t++) {
    const fo = t * nInternal;
    // Leaf q sits at heap position nInternal + q, so value index = position + vo.
    const vo = t * nLeaves - nInternal;
    for (let i = 0; i < m; i++) {
      const base = i * F;
      let p = 0;
      for (let d = 0; d < depth; d++) {
        // NaN fails `<=` and goes right, exactly as in Tree.leafOf.
        p = 2 * p + (xb[base + feature[fo + p]!]! <= threshold[fo + p]! ? 1 : 2);
      }
      out[start + i] += scale * value[vo + p]!;
    }
  }
}

/**
 * Leaf reached in a depth-3 heap from the 7 node tests: bit k of the index is 1 when node k's test
 * `x ≤ threshold` holds. Only the 3 bits on the path matter; the others are ignored by the table.
 */
const DEPTH3_LEAF = (() => {
  const lut = new Uint8Array(128);
  for (let bits = 0; bits < 128; bits++) {
    let p = 0;
    for (let d = 0; d < 3; d++) p = 2 * p + ((bits >> p) & 1 ? 1 : 2);
    lut[bits] = p - 7;
  }
  return lut;
})();

/**
 * Depth-3 heaps, column-major input: all 7 tests of a tree are evaluated for every row (independent
 * loads and compares, no data-dependent branch to mispredict) and a 128-entry table maps the 7
 * outcomes to the leaf.
 */
function addDepth3(h: HeapLayout, nTrees: number, cols: Matrix['columns'], start: number, end: number, out: Float64Array, scale: number): void {
  const { feature: f, threshold: th, value } = h;
  const lut = DEPTH3_LEAF;
  for (let t = 0; t < nTrees; t++) {
    const o = t * 7;
    const c0 = cols[f[o]!]!, c1 = cols[f[o + 1]!]!, c2 = cols[f[o + 2]!]!, c3 = cols[f[o + 3]!]!, c4 = cols[f[o + 4]!]!, c5 = cols[f[o + 5]!]!, c6 = cols[f[o + 6]!]!;
    const t0 = th[o]!, t1 = th[o + 1]!, t2 = th[o + 2]!, t3 = th[o + 3]!, t4 = th[o + 4]!, t5 = th[o + 5]!, t6 = th[o + 6]!;
    const vo = t * 8;
    for (let i = start; i < end; i++) {
      // `(a <= b) | 0` compiles to a flag set, not a branch; NaN fails `<=` and goes right as in Tree.leafOf.
      const bits = ((c0[i]! <= t0) as unknown as number) | (((c1[i]! <= t1) as unknown as number) << 1) | (((c2[i]! <= t2) as unknown as number) << 2) | (((c3[i]! <= t3) as unknown as number) << 3) | (((c4[i]! <= t4) as unknown as number) << 4) | (((c5[i]! <= t5) as unknown as number) << 5) | (((c6[i]! <= t6) as unknown as number) << 6);
      out[i] += scale * value[vo + lut[bits]!]!;
    }
  }
}

function addNodes(nl: NodeLayout, F: number, xb: Float64Array, m: number, out: Float64Array, start: number, scale: number): void {
  const { feature, threshold, left, right, value, roots } = nl;
  for (let t = 0; t < roots.length; t++) {
    const root = roots[t]!;
    for (let i = 0; i < m; i++) {
      const base = i * F;
      let k = root;
      let f = feature[k]!;
      while (f >= 0) {
        k = xb[base + f]! <= threshold[k]! ? left[k]! : right[k]!;
        f = feature[k]!;
      }
      out[start + i] += scale * value[k]!;
    }
  }
}

const cache = new WeakMap<readonly Tree[], FlatEnsemble>();

/**
 * The compiled form of a fitted model's tree list, built once per list. Fitted tree lists are never
 * mutated (fit builds a new list, and Tree is immutable), so the list's identity is a safe key.
 */
export function flatEnsembleOf(trees: readonly Tree[], nFeatures: number): FlatEnsemble {
  let f = cache.get(trees);
  if (!f || f.nFeatures !== nFeatures) {
    f = FlatEnsemble.compile(trees, nFeatures);
    cache.set(trees, f);
  }
  return f;
}
