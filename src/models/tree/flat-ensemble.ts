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
  /** Depth-3 heaps only: per tree, the leaf value of each of the 128 outcomes of its 7 tests. */
  private readonly leaf128: Float64Array | null;
  /** Scratch for one row-major block; grown on demand and reused (predict is synchronous). */
  private block = new Float64Array(0);

  private constructor(
    readonly nTrees: number,
    readonly nFeatures: number,
    layout: HeapLayout | NodeLayout,
  ) {
    this.layout = layout;
    this.leaf128 = layout.kind === 'heap' && layout.depth === 3 ? leafTables(layout, nTrees) : null;
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
    if (this.block.length < BLOCK * F) this.block = new Float64Array(BLOCK * F);
    const xb = this.block;
    const cols = X.columns;
    for (let start = 0; start < X.nRows; start += BLOCK) {
      const m = Math.min(BLOCK, X.nRows - start);
      for (let j = 0; j < F; j++) {
        const c = cols[j]!;
        for (let i = 0; i < m; i++) xb[i * F + j] = c[start + i]!;
      }
      if (this.leaf128) addDepth3(this.layout as HeapLayout, this.leaf128, this.nTrees, F, xb, m, out, start, scale);
      else if (this.layout.kind === 'heap') addHeap(this.layout, this.nTrees, F, xb, m, out, start, scale);
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
 * Depth-3 heaps over a row-major block: all 7 tests of a tree are evaluated for every row
 * (independent loads and compares, no data-dependent branch to mispredict), and the 7 outcomes
 * index the tree's 128-entry table of leaf values (`leaf128`, built once from DEPTH3_LEAF).
 */
function addDepth3(h: HeapLayout, leaf128: Float64Array, nTrees: number, F: number, xb: Float64Array, m: number, out: Float64Array, start: number, scale: number): void {
  const { feature: f, threshold: th } = h;
  for (let t = 0; t < nTrees; t++) {
    const o = t * 7;
    const f0 = f[o]!, f1 = f[o + 1]!, f2 = f[o + 2]!, f3 = f[o + 3]!, f4 = f[o + 4]!, f5 = f[o + 5]!, f6 = f[o + 6]!;
    const t0 = th[o]!, t1 = th[o + 1]!, t2 = th[o + 2]!, t3 = th[o + 3]!, t4 = th[o + 4]!, t5 = th[o + 5]!, t6 = th[o + 6]!;
    const vo = t * 128;
    for (let i = 0, b = 0; i < m; i++, b += F) {
      // `(a <= b) | …` compiles to flag sets, not branches; NaN fails `<=` and goes right as in Tree.leafOf.
      const bits = ((xb[b + f0]! <= t0) as unknown as number) | (((xb[b + f1]! <= t1) as unknown as number) << 1) | (((xb[b + f2]! <= t2) as unknown as number) << 2) | (((xb[b + f3]! <= t3) as unknown as number) << 3) | (((xb[b + f4]! <= t4) as unknown as number) << 4) | (((xb[b + f5]! <= t5) as unknown as number) << 5) | (((xb[b + f6]! <= t6) as unknown as number) << 6);
      out[start + i] += scale * leaf128[vo + bits]!;
    }
  }
}

/** Per depth-3 tree, its leaf value for each of the 128 test outcomes. */
function leafTables(h: HeapLayout, nTrees: number): Float64Array {
  const out = new Float64Array(nTrees * 128);
  for (let t = 0; t < nTrees; t++) for (let bits = 0; bits < 128; bits++) out[t * 128 + bits] = h.value[t * 8 + DEPTH3_LEAF[bits]!]!;
  return out;
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
