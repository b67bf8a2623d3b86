/**
 * `HistogramBuilder`: owns the histograms of one tree's nodes. Builds the root histogram directly,
 * a child's histogram either directly over its samples (the smaller child) or as parent − sibling
 * (the larger child: the subtraction trick, O(bins) instead of O(samples)).
 *
 * Histograms live in slots of one store; when a thread team is attached the store is a
 * SharedArrayBuffer and features are split across the team, each thread running the same kernels
 * (`histogram-kernels.ts`) on its own feature range, so the result does not depend on the thread count.
 */
import { USED_WORDS, buildFeatureRange, buildHistogramRowsSparse, needsGather, type HistogramContext } from './histogram-kernels.js';
import { splitIndices } from './splitting.js';
import { type Allocator, PLAIN } from '../../core/arena.js';

/** See threads.ts: below this many samples × features a node is built without waking workers. */
export const TEAM_MIN_NODE_CELLS = 32_768;
/** Nodes with at least this many samples are partitioned by the whole team (smaller: hand-offs cost more). */
export const TEAM_MIN_PARTITION = 65_536;
/**
 * A node is built sparse when nSamples × nFeatures is at most this fraction of the histogram's bins
 * (914 × 15 seed data, 2,282 bins: nodes up to 38 samples). Since dense scans stopped branching on
 * empty bins they beat sparse ones sooner: default fit 45.7 ms at 0.2-0.25, 47.2 at 0.15, 49 at
 * 0.1, 0.5 and 0 (no sparse builds), 53.6 at 1.
 */
const SPARSE_MAX_FILL = 0.25;

export { buildHistogramNaive } from './histogram-kernels.js';

/** One node's histogram: `data` holds every feature's bins as laid out by the context (see `HistogramLayout`). */
export interface Histogram {
  /** Slot in the shared store, or -1 for an overflow histogram built on the main thread only. */
  readonly slot: number;
  readonly data: Float64Array;
  /** The used-bin bitmap of a sparse histogram (`USED_WORDS` words per feature, see `buildHistogramRowsSparse`). */
  readonly used: Uint32Array;
  /** Whether only the bins marked in `used` are valid (the rest is stale); false: every bin is. */
  sparse: boolean;
}

/** A set of threads that fills one histogram slot together (see `threads.ts`). */
export interface HistogramTeam {
  /** Builds all features of store slot `slot`; blocks until every thread is done. */
  build(slot: number, root: boolean, start: number, stop: number): void;
  /** `splitIndices` on `ctx.indices` with `ctx.scratch`, each thread partitioning a share of the node. */
  partition(feature: number, binIdx: number, missingGoToLeft: boolean, missingBin: number, start: number, stop: number): number;
}

export class HistogramBuilder {
  readonly ctx: HistogramContext;
  /** Float64s per histogram. */
  readonly size: number;
  readonly store: Float64Array;
  private readonly capacity: number;
  private readonly freeSlots: number[] = [];
  /** One reused Histogram per slot (a node's histogram is released before its slot is handed out again). */
  private readonly slots: Histogram[] = [];
  private team: HistogramTeam | null;

  /**
   * @param store  `capacity * size` float64s; a SharedArrayBuffer-backed array when `team` is given.
   * @param alloc  where the used-bin bitmaps go (the fit's arena, so the wasm kernels reach them).
   */
  constructor(ctx: HistogramContext, store: Float64Array, team: HistogramTeam | null = null, alloc: Allocator = PLAIN) {
    this.ctx = ctx;
    this.size = ctx.binOffset[ctx.nFeatures] * ctx.stride;
    this.store = store;
    this.capacity = Math.floor(store.length / this.size);
    for (let s = this.capacity - 1; s >= 0; s--) this.freeSlots.push(s);
    const usedSize = ctx.nFeatures * USED_WORDS;
    const used = alloc.u32(this.capacity * usedSize);
    for (let s = 0; s < this.capacity; s++) this.slots.push({ slot: s, data: store.subarray(s * this.size, (s + 1) * this.size), used: used.subarray(s * usedSize, (s + 1) * usedSize), sparse: false });
    this.team = team;
  }

  /**
   * Whether a node of `nSamples` is built sparse (see `buildHistogramRowsSparse`): when its samples
   * touch a small part of the histogram's bins, so zeroing and scanning only those is cheaper.
   * Needs row-major bins; never for nodes a team builds (workers fill whole feature ranges).
   */
  private buildsSparse(nSamples: number): boolean {
    return this.ctx.rowBins !== null && nSamples * this.ctx.nFeatures <= SPARSE_MAX_FILL * this.ctx.binOffset[this.ctx.nFeatures];
  }

  /**
   * Whether a child of `nSamples` is cheaper to build directly than as parent − sibling: a direct
   * build costs ~nSamples × nFeatures bin updates, subtraction one pass over every bin (measured
   * ≈ 1.75× cheaper per element than an update, with 3 float64s per bin; the rule keeps counting 3
   * so the choice, and with it every rounding, is the same for both strides). On small data most
   * nodes are below the line.
   */
  cheaperDirect(nSamples: number): boolean {
    return nSamples * this.ctx.nFeatures * 1.75 < 3 * this.ctx.binOffset[this.ctx.nFeatures];
  }

  /** Slots currently free (all of them between trees: growers release every histogram). */
  get freeSlotCount(): number {
    return this.freeSlots.length;
  }

  /** Detaches the thread team (later histograms are built on the calling thread). */
  detachTeam(): void {
    this.team = null;
  }

  private acquire(): Histogram {
    const slot = this.freeSlots.pop();
    if (slot === undefined) return { slot: -1, data: new Float64Array(this.size), used: new Uint32Array(this.ctx.nFeatures * USED_WORDS), sparse: false };
    const h = this.slots[slot];
    h.sparse = false;
    return h;
  }

  /**
   * Partitions a node's samples by a split (see `splitIndices`): by the team for large nodes (same
   * result), else on this thread with `scratch`.
   */
  partition(feature: number, binIdx: number, missingGoToLeft: boolean, missingBin: number, start: number, stop: number, scratch: Uint32Array): number {
    if (this.team && this.ctx.scratch && stop - start >= TEAM_MIN_PARTITION) return this.team.partition(feature, binIdx, missingGoToLeft, missingBin, start, stop);
    return splitIndices(this.ctx.columns[feature], binIdx, missingGoToLeft, missingBin, this.ctx.indices, start, stop, scratch, this.ctx.kernels);
  }

  /** Returns a histogram's slot to the pool. */
  release(h: Histogram): void {
    if (h.slot >= 0) this.freeSlots.push(h.slot);
  }

  /** Root histogram over every row. */
  computeRoot(): Histogram {
    const h = this.acquire();
    this.fill(h, true, 0, this.ctx.nRows);
    return h;
  }

  /** Histogram of the samples `indices[start..stop)`, built directly. */
  computeBrute(start: number, stop: number): Histogram {
    const { indices, gradients, hessians, orderedG, orderedH, constantHessian } = this.ctx;
    const h = this.acquire();
    if (needsGather(this.ctx)) {
      // Gather once per node so every feature's kernel reads gradients sequentially.
      for (let k = start, o = 0; k < stop; k++, o++) orderedG[o] = gradients[indices[k]];
      if (!constantHessian) for (let k = start, o = 0; k < stop; k++, o++) orderedH[o] = hessians[indices[k]];
    }
    if (this.buildsSparse(stop - start) && !this.teamBuilds(h, stop - start)) {
      h.used.fill(0);
      h.sparse = true;
      buildHistogramRowsSparse(this.ctx, h.data, h.used, start, stop);
    } else {
      this.fill(h, false, start, stop);
    }
    return h;
  }

  /** Whether histogram `h` of a node with `nSamples` is built by the team (else by this thread). */
  private teamBuilds(h: Histogram, nSamples: number): boolean {
    return h.slot >= 0 && this.team !== null && nSamples * this.ctx.nFeatures >= TEAM_MIN_NODE_CELLS;
  }

  /**
   * The larger child's histogram as parent − sibling, written over the parent's (no longer needed)
   * slot. A sparse sibling is zero outside its marked bins, so only those are subtracted (p − 0 = p
   * bit for bit); the result is as sparse as the parent (the child's bins are a subset of its bins).
   */
  computeSubtraction(parent: Histogram, sibling: Histogram): Histogram {
    const k = this.ctx.kernels && this.ctx.stride === 2 ? this.ctx.kernels : null;
    if (sibling.sparse) {
      if (k && k.owns(parent.data, sibling.data, sibling.used)) k.subtractMarked(parent.data, sibling.data, sibling.used, this.ctx.nFeatures);
      else subtractMarkedBins(parent.data, sibling.data, sibling.used, this.ctx.binOffset, this.ctx.stride);
    } else if (k && k.owns(parent.data, sibling.data)) k.subtract(parent.data, sibling.data);
    else subtractHistograms(parent.data, sibling.data, parent.data);
    return parent;
  }

  private fill(h: Histogram, root: boolean, start: number, stop: number): void {
    if (this.teamBuilds(h, stop - start)) this.team!.build(h.slot, root, start, stop);
    else buildFeatureRange(this.ctx, h.data, 0, this.ctx.nFeatures, root, start, stop);
  }
}

/**
 * `out = parent − sibling`, element-wise over [from, to) (out may alias parent). A bin left with no
 * samples may keep a rounding residue in its sums (parent and sibling add the same gradients in
 * different orders); the splitter ignores bins whose count is 0, so the residue never matters.
 */
export function subtractHistograms(parent: Float64Array, sibling: Float64Array, out: Float64Array, from = 0, to = parent.length): void {
  for (let i = from; i < to; i++) out[i] = parent[i] - sibling[i];
}

/** `parent −= sibling` over the bins marked in the sibling's used-bin bitmap (see `computeSubtraction`). */
export function subtractMarkedBins(parent: Float64Array, sibling: Float64Array, used: Uint32Array, binOffset: Int32Array, stride: number): void {
  const F = binOffset.length - 1;
  for (let f = 0; f < F; f++) {
    for (let w = 0; w < USED_WORDS; w++) {
      let bits = used[f * USED_WORDS + w];
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const o = (binOffset[f] + w * 32 + 31 - Math.clz32(low)) * stride;
        for (let j = o; j < o + stride; j++) parent[j] -= sibling[j];
      }
    }
  }
}
