/**
 * What every way of growing a tree shares: the presorted data it reads (`TreeData`), the reusable
 * buffers (`Workspace`, one per data object, so an ensemble's trees do not each allocate ~n·d
 * arrays), the growable node storage (`NodeStore`) and the final step (`finishTree`: pruning).
 */
import type { NumericColumn } from '../../core/arrays.js';
import type { ResolvedTreeParams } from './builder.js';
import { type Allocator, Arena, PLAIN } from '../../core/arena.js';
import { compactSegments, partitionSegments } from './partition.js';
import { INDEX_ONLY_MAX_ROWS, type SampleOrder, sampleOrder, sampleOrderInto } from './presort.js';
import { pruneTree } from './prune.js';
import { Tree } from './tree.js';
import { type TreeKernels, treeKernels } from './wasm-kernels.js';

/** What every tree of a fit (or an ensemble) shares: the features, and each one's presorted rows. */
export interface TreeData {
  readonly columns: readonly NumericColumn[];
  readonly sorted: readonly Int32Array[];
}

/** Node impurities at or below this are treated as pure (scikit-learn uses DBL_EPSILON). */
export const EPSILON = Number.EPSILON;

/** Nodes `NodeStore.reserve` allocates at most ahead of need (larger trees grow by doubling). */
const RESERVE_MAX = 1 << 16;

export class NodeStore {
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

  /**
   * Room for `capacity` nodes up front (capped at RESERVE_MAX): a 914-row tree of ~630 nodes grew
   * from 64 by four doublings, each allocating and copying eight arrays (~3 % of its fit).
   */
  reserve(capacity: number): void {
    const cap = Math.min(capacity, RESERVE_MAX);
    if (cap > this.feature.length) this.grow(cap);
  }

  private grow(cap = this.feature.length * 2): void {
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

  /**
   * The grown tree, its eight arrays views of one new buffer (float64 ones first, for alignment):
   * each ArrayBuffer costs an allocation and GC bookkeeping of its own, about a microsecond apiece.
   */
  finish(): Tree {
    const n = this.n;
    const buffer = new ArrayBuffer(n * (4 * 8 + 4 * 4));
    const f64 = (k: number, from: Float64Array): Float64Array => {
      const a = new Float64Array(buffer, k * 8 * n, n);
      a.set(from.subarray(0, n));
      return a;
    };
    const i32 = (k: number, from: Int32Array): Int32Array => {
      const a = new Int32Array(buffer, 32 * n + k * 4 * n, n);
      a.set(from.subarray(0, n));
      return a;
    };
    return new Tree({
      threshold: f64(0, this.threshold),
      value: f64(1, this.value),
      impurity: f64(2, this.impurity),
      weightedNNodeSamples: f64(3, this.weighted),
      feature: i32(0, this.feature),
      left: i32(1, this.left),
      right: i32(2, this.right),
      nNodeSamples: i32(3, this.nNodeSamples),
    });
  }
}

/**
 * The thread's one node store: trees grow synchronously, one at a time per thread, and a grown tree
 * is copied out (`finish`), so every workspace can share it. Its arrays, reserved up to ~2n nodes for
 * n rows (88 KB for the bundled 914), were allocated anew by every single-tree fit (~2 % of one).
 */
const threadStore = new NodeStore();

/** The wasm split scans' inputs, all in the workspace's arena: the feature columns, a node's feature list, this tree's weights and w·y, and the result slots. */
export interface ScanBuffers {
  readonly kernels: TreeKernels;
  /** Feature j at elements [j·n, (j + 1)·n). */
  readonly columns: Float64Array;
  readonly features: Int32Array;
  readonly w: Float64Array;
  readonly wy: Float64Array;
  /** The scan's winner: its proxy, its feature and (squared-error scans) the features found constant, as bits. */
  readonly result: Float64Array;
}

/**
 * Buffers one tree's growth needs, kept per `TreeData` so the many trees of an ensemble (forest,
 * boosting, AdaBoost) reuse them instead of allocating ~n·d arrays per tree. A tree is grown
 * synchronously on one thread, so one set per data object is never shared by two growing trees.
 * In the index-only layout the buffers live in a wasm `Arena` and splits are partitioned and scanned by
 * the wasm kernels (`wasm-kernels.ts`: the same writes as partition.ts, the same proxies as the
 * splitter's fast scans; the partition 2.5-3× faster per node).
 */
export class Workspace {
  readonly order: Int32Array;
  /** Feature values beside `order` (large data only, see SampleOrder), else null. */
  readonly values: Float64Array | null;
  readonly goesLeft: Uint8Array;
  readonly scratch: Int32Array;
  readonly scratchValues: Float64Array | null;
  /** Node storage, reset per tree and reserved to the tree's bound (see `NodeStore.reserve`); the thread's one (`threadStore`). */
  readonly store = threadStore;
  /** The partition kernels over this workspace's arena; null: partition.ts's JS loops. */
  readonly kernels: TreeKernels | null;
  /** The layout with every row and its values (sampleOrder of all-positive weights), made on second use. */
  private full?: SampleOrder;
  private fullUses = 0;

  constructor(
    readonly data: TreeData,
    readonly withValues: boolean,
  ) {
    const n = data.sorted.length ? data.sorted[0].length : 0;
    const size = n * data.columns.length + 1; // + 1: see sampleOrderInto
    const d = data.columns.length;
    const arena = withValues ? null : Arena.acquire(4 * size + 5 * n + 8 * n * (d + 2) + 4 * d + 16 * 64);
    this.arena = arena;
    const kernels = arena && treeKernels(arena.memory);
    const alloc: Allocator = arena && kernels ? arena : PLAIN;
    this.kernels = arena && kernels;
    this.order = alloc.i32(size);
    this.values = withValues ? new Float64Array(size) : null;
    this.goesLeft = alloc.u8(n);
    this.scratch = alloc.i32(n);
    this.scratchValues = withValues ? new Float64Array(n) : null;
    if (arena && kernels) {
      // The scans' inputs: a copy of the features (exact: float32 columns widen exactly), and per-tree w and w·y.
      const columns = arena.f64(n * d);
      data.columns.forEach((col, j) => columns.set(col, j * n));
      this.scan = { kernels, columns, features: arena.i32(d), w: arena.f64(n), wy: arena.f64(n), result: arena.f64(3) };
    } else this.scan = null;
  }

  /** What the wasm split scans read (see `ScanBuffers`); null without the kernels. */
  readonly scan: ScanBuffers | null;
  private readonly arena: Arena | null;

  /** Gives the arena back for the next fit (see `releaseWorkspace`); the workspace must not be used after. */
  release(): void {
    this.arena?.release();
  }

  /**
   * Splits the node [start, end): the rows at order[markFrom, markTo) (the split feature's left
   * rows) go left. Segments of features below `partitionTo` are partitioned (`partitionSegments`),
   * those from there up to `compactTo` keep one side only (`compactSegments`, `keepLeft`); the split
   * feature's own segment (`skipFeature`) is already in order. By the wasm kernels when there are
   * some (they also flag and unflag the rows in goesLeft), else partition.ts's JS loops.
   */
  splitNode(nSamples: number, partitionTo: number, compactTo: number, skipFeature: number, start: number, end: number, keepLeft: boolean, constant: number, markFrom: number, markTo: number): void {
    const { order, goesLeft, kernels } = this;
    const compacts = compactTo > partitionTo;
    if (kernels) {
      kernels.partitionSegments(order, nSamples, partitionTo, skipFeature, start, end, goesLeft, this.scratch, constant, markFrom, markTo, !compacts);
      if (compacts) kernels.compactSegments(order, nSamples, partitionTo, compactTo, skipFeature, start, end, goesLeft, keepLeft, constant, markFrom, markTo);
      return;
    }
    for (let p = markFrom; p < markTo; p++) goesLeft[order[p]] = 1;
    partitionSegments(order, this.values, nSamples, partitionTo, skipFeature, start, end, goesLeft, this.scratch, this.scratchValues, constant);
    if (compacts) compactSegments(order, this.values, nSamples, partitionTo, compactTo, skipFeature, start, end, goesLeft, keepLeft, constant);
    for (let p = markFrom; p < markTo; p++) goesLeft[order[p]] = 0;
  }

  /**
   * Fills `order` (and `values`) with the rows of positive weight (as `sampleOrder`). When every row
   * has positive weight (boosting without subsample), the index-only layout is the presorted orders
   * copied whole (`sampleOrderInto`), and the layout with values is copied from a cached full one
   * instead of gathering the values again.
   */
  fill(w: Float64Array): number {
    let nSamples = 0;
    for (let i = 0; i < w.length; i++) if (w[i] > 0) nSamples++;
    if (nSamples === w.length && this.values) {
      // A single tree (DecisionTreeRegressor) fills directly; the cached copy pays off from the second.
      if (!this.full && this.fullUses++ === 0) return sampleOrderInto(this.data.columns, this.data.sorted, w, nSamples, this.order, this.values);
      this.full ??= sampleOrder(this.data.columns, this.data.sorted, w, this.withValues);
      this.order.set(this.full.order);
      if (this.full.values) this.values.set(this.full.values);
      return nSamples;
    }
    return sampleOrderInto(this.data.columns, this.data.sorted, w, nSamples, this.order, this.values);
  }
}

const workspaces = new WeakMap<TreeData, Workspace>();

/**
 * Ends `data`'s workspace, if it has one: its wasm arena goes back to the thread's pool for the next
 * fit. Call when no more trees will be grown on `data` (a fit's end); a later tree would get a new one.
 */
export function releaseWorkspace(data: TreeData): void {
  const ws = workspaces.get(data);
  if (!ws) return;
  workspaces.delete(data);
  ws.release();
}

export function workspaceOf(data: TreeData, withValues: boolean): Workspace {
  let ws = workspaces.get(data);
  if (!ws || ws.withValues !== withValues) {
    ws = new Workspace(data, withValues);
    workspaces.set(data, ws);
  }
  return ws;
}

/**
 * The grown tree, pruned at `ccpAlpha` when that is positive; the sample's rows in `leafOfRow` (the
 * first `nSamples` entries of `order`) are moved to the leaves their old leaves were pruned into.
 */
export function finishTree(store: NodeStore, ccpAlpha: number, leafOfRow: Int32Array | undefined, order: Int32Array, nSamples: number): Tree {
  const grown = store.finish();
  if (!ccpAlpha) return grown;
  const { tree, nodeOf } = pruneTree(grown, ccpAlpha);
  if (leafOfRow && tree !== grown) for (let p = 0; p < nSamples; p++) leafOfRow[order[p]] = nodeOf[leafOfRow[order[p]]];
  return tree;
}

/** Whether a fit on `nRows` rows keeps feature values beside the row indices (large data; see SampleOrder). */
export function defaultWithValues(nRows: number): boolean {
  return nRows > INDEX_ONLY_MAX_ROWS;
}

/**
 * scikit-learn's stopping rules for a node of `n` rows and weight `weight` at `depth`: too deep, too
 * few rows or weight to split, or already pure. Such a node is a leaf whatever its best split.
 */
export function stopsAt(params: Pick<ResolvedTreeParams, 'maxDepth' | 'minSamplesSplit' | 'minSamplesLeaf' | 'minWeightLeaf'>, depth: number, n: number, weight: number, impurity: number): boolean {
  return depth >= params.maxDepth || n < params.minSamplesSplit || n < 2 * params.minSamplesLeaf || weight < 2 * params.minWeightLeaf || impurity <= EPSILON;
}
