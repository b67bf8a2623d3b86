/**
 * The histogram kernels: per-feature sums of gradients, hessians and counts over the samples of one
 * node, written into a flat `Float64Array` laid out by a `HistogramLayout` (common.ts): bin b of
 * feature f at `(binOffset[f] + b) * stride`, stride 3 (g, h, count) with per-sample hessians and 2
 * (g, count) with constant hessians. Shared by
 * the main thread and the worker threads, so both run exactly the same summation order and threaded
 * results are bit-identical to single-threaded ones.
 *
 * Variants, as in scikit-learn's `histogram.pyx`: root (no sample-index indirection), and constant
 * hessian (no hessian sums: the splitter derives them from counts). Non-root kernels read
 * gradients already gathered into node order (`ordered*[k - start]` belongs to `indices[k]`), so the
 * gather happens once per node instead of once per feature. `buildHistogramNaive` is the plain
 * reference the tests check every fast kernel against.
 */
import { HIST_STRIDE } from './common.js';
import type { HgbKernels } from './wasm-kernels.js';

/** Reference kernel (tests only): direct, unoptimised, reads gradients by sample index. */
export function buildHistogramNaive(
  out: Float64Array,
  offset: number,
  bins: Uint8Array,
  indices: Uint32Array,
  start: number,
  stop: number,
  gradients: Float32Array,
  hessians: Float32Array,
): void {
  for (let k = start; k < stop; k++) {
    const i = indices[k];
    const b = offset + bins[i] * HIST_STRIDE;
    out[b] += gradients[i];
    out[b + 1] += hessians[i];
    out[b + 2] += 1;
  }
}

/** Node histogram of one feature with per-sample hessians. */
export function buildHistogram(
  out: Float64Array,
  offset: number,
  bins: Uint8Array,
  indices: Uint32Array,
  start: number,
  stop: number,
  orderedG: Float32Array,
  orderedH: Float32Array,
): void {
  // Unrolled by 4 (as sklearn does); each bin still receives its values in sample order, so sums are
  // bit-identical to the naive kernel.
  const n = stop - start;
  const end4 = start + (n & ~3);
  let k = start;
  let o = 0;
  for (; k < end4; k += 4, o += 4) {
    const b0 = offset + bins[indices[k]] * 3;
    const b1 = offset + bins[indices[k + 1]] * 3;
    const b2 = offset + bins[indices[k + 2]] * 3;
    const b3 = offset + bins[indices[k + 3]] * 3;
    out[b0] += orderedG[o];
    out[b0 + 1] += orderedH[o];
    out[b0 + 2] += 1;
    out[b1] += orderedG[o + 1];
    out[b1 + 1] += orderedH[o + 1];
    out[b1 + 2] += 1;
    out[b2] += orderedG[o + 2];
    out[b2 + 1] += orderedH[o + 2];
    out[b2 + 2] += 1;
    out[b3] += orderedG[o + 3];
    out[b3 + 1] += orderedH[o + 3];
    out[b3 + 2] += 1;
  }
  for (; k < stop; k++, o++) {
    const b = offset + bins[indices[k]] * 3;
    out[b] += orderedG[o];
    out[b + 1] += orderedH[o];
    out[b + 2] += 1;
  }
}

/** Node histogram of one feature when every hessian is the same constant (stride 2: g, count). */
export function buildHistogramNoHessian(
  out: Float64Array,
  offset: number,
  bins: Uint8Array,
  indices: Uint32Array,
  start: number,
  stop: number,
  orderedG: Float32Array,
): void {
  const n = stop - start;
  const end4 = start + (n & ~3);
  let k = start;
  let o = 0;
  for (; k < end4; k += 4, o += 4) {
    const b0 = offset + bins[indices[k]] * 2;
    const b1 = offset + bins[indices[k + 1]] * 2;
    const b2 = offset + bins[indices[k + 2]] * 2;
    const b3 = offset + bins[indices[k + 3]] * 2;
    out[b0] += orderedG[o];
    out[b0 + 1] += 1;
    out[b1] += orderedG[o + 1];
    out[b1 + 1] += 1;
    out[b2] += orderedG[o + 2];
    out[b2 + 1] += 1;
    out[b3] += orderedG[o + 3];
    out[b3 + 1] += 1;
  }
  for (; k < stop; k++, o++) {
    const b = offset + bins[indices[k]] * 2;
    out[b] += orderedG[o];
    out[b + 1] += 1;
  }
}

/** Root histogram of one feature: every row, in row order, no index indirection. */
export function buildHistogramRoot(out: Float64Array, offset: number, bins: Uint8Array, n: number, gradients: Float32Array, hessians: Float32Array): void {
  for (let i = 0; i < n; i++) {
    const b = offset + bins[i] * 3;
    out[b] += gradients[i];
    out[b + 1] += hessians[i];
    out[b + 2] += 1;
  }
}

/** Root histogram of one feature with constant hessians (stride 2). */
export function buildHistogramRootNoHessian(out: Float64Array, offset: number, bins: Uint8Array, n: number, gradients: Float32Array): void {
  const end4 = n & ~3;
  let i = 0;
  for (; i < end4; i += 4) {
    const b0 = offset + bins[i] * 2;
    const b1 = offset + bins[i + 1] * 2;
    const b2 = offset + bins[i + 2] * 2;
    const b3 = offset + bins[i + 3] * 2;
    out[b0] += gradients[i];
    out[b0 + 1] += 1;
    out[b1] += gradients[i + 1];
    out[b1 + 1] += 1;
    out[b2] += gradients[i + 2];
    out[b2 + 1] += 1;
    out[b3] += gradients[i + 3];
    out[b3 + 1] += 1;
  }
  for (; i < n; i++) {
    const b = offset + bins[i] * 2;
    out[b] += gradients[i];
    out[b + 1] += 1;
  }
}

/**
 * Root histogram of one feature, gradient sums only: the root's bin counts are the same every
 * iteration, so they are counted once per fit (`countBins`) and copied in, halving the root's writes.
 *
 * Rows go round-robin into four private sub-histograms (row i into sub-histogram i mod 4), summed at
 * the end as (s0 + s1) + (s2 + s3). Features with few bins (flags, age groups) otherwise send run
 * after run of rows to one bin, and every add waits for the previous store to that bin; four
 * independent chains run ~1.7× faster on 800k rows. The order depends only on row positions, so the
 * result is the same for any thread count; it differs from strict row-order sums by rounding only.
 */
export function buildHistogramRootGradients(out: Float64Array, offset: number, bins: Uint8Array, n: number, gradients: Float32Array, width = 256): void {
  // Only the feature's `width` bins can be hit: zero and combine just those (small data uses a few
  // dozen of 256 per feature, and this fixed cost is most of a small root's build).
  const s = rootScratch(width);
  const end4 = n & ~3;
  let i = 0;
  for (; i < end4; i += 4) {
    s[bins[i]] += gradients[i];
    s[256 + bins[i + 1]] += gradients[i + 1];
    s[512 + bins[i + 2]] += gradients[i + 2];
    s[768 + bins[i + 3]] += gradients[i + 3];
  }
  for (let r = 0; i < n; i++, r += 256) s[r + bins[i]] += gradients[i];
  for (let b = 0; b < width; b++) {
    const v = s[b] + s[256 + b] + (s[512 + b] + s[768 + b]);
    // Bins the feature never uses stay exactly 0 (skip the write: the caller zeroed `out`).
    if (v !== 0) out[offset + b * 2] += v;
  }
}

/**
 * `buildHistogramRootGradients` for two features in one pass over the rows: each gradient is read
 * once for both, and the two features' independent updates overlap (~20 % faster at 800k rows).
 * Each feature keeps its own four sub-histograms, filled and summed exactly as by the one-feature
 * kernel, so the sums are the same bits.
 */
export function buildHistogramRootGradientsPair(
  out: Float64Array,
  offsetA: number,
  binsA: Uint8Array,
  widthA: number,
  offsetB: number,
  binsB: Uint8Array,
  widthB: number,
  n: number,
  gradients: Float32Array,
): void {
  const s = rootScratch(Math.max(widthA, widthB), 8);
  const end4 = n & ~3;
  let i = 0;
  for (; i < end4; i += 4) {
    const g0 = gradients[i];
    const g1 = gradients[i + 1];
    const g2 = gradients[i + 2];
    const g3 = gradients[i + 3];
    s[binsA[i]] += g0;
    s[1024 + binsB[i]] += g0;
    s[256 + binsA[i + 1]] += g1;
    s[1280 + binsB[i + 1]] += g1;
    s[512 + binsA[i + 2]] += g2;
    s[1536 + binsB[i + 2]] += g2;
    s[768 + binsA[i + 3]] += g3;
    s[1792 + binsB[i + 3]] += g3;
  }
  for (let r = 0; i < n; i++, r += 256) {
    s[r + binsA[i]] += gradients[i];
    s[1024 + r + binsB[i]] += gradients[i];
  }
  for (let b = 0; b < widthA; b++) {
    const v = s[b] + s[256 + b] + (s[512 + b] + s[768 + b]);
    if (v !== 0) out[offsetA + b * 2] += v;
  }
  for (let b = 0; b < widthB; b++) {
    const v = s[1024 + b] + s[1280 + b] + (s[1536 + b] + s[1792 + b]);
    if (v !== 0) out[offsetB + b * 2] += v;
  }
}

let scratch = new Float64Array(0);
/** `parts` 256-entry sub-histograms, the first `width` entries of each zeroed (a per-thread array: each worker has its own module instance). */
function rootScratch(width: number, parts = 4): Float64Array {
  if (scratch.length === 0) scratch = new Float64Array(8 * 256);
  for (let r = 0; r < parts * 256; r += 256) scratch.fill(0, r, r + width);
  return scratch;
}

/** Per feature and bin, the number of rows (`out[binOffset[f] + b]`), for `HistogramContext.rootCounts`. */
export function countBins(columns: readonly Uint8Array[], binOffset: Int32Array, out: Float64Array): Float64Array {
  out.fill(0);
  columns.forEach((bins, f) => {
    const off = binOffset[f];
    for (let i = 0; i < bins.length; i++) out[off + bins[i]]++;
  });
  return out;
}

/**
 * Node histogram of features [f0, f1) from row-major bins (`rowBins[i * nFeatures + f]`): one pass over
 * the node's samples reads each sample's bins from one cache line instead of one line per feature,
 * which is what makes deep nodes (scattered samples) fast. Four samples go through the feature loop
 * together (their updates are independent, so the CPU overlaps them: ~1.6× faster than one at a
 * time); per bin, values still arrive in sample order, so sums equal the naive kernel's exactly.
 */
export function buildHistogramRows(
  out: Float64Array,
  rowBins: Uint8Array,
  nFeatures: number,
  binOffset: Int32Array,
  f0: number,
  f1: number,
  indices: Uint32Array,
  start: number,
  stop: number,
  orderedG: Float32Array,
  orderedH: Float32Array,
): void {
  const F = nFeatures;
  let k = start;
  let o = 0;
  for (; k + 3 < stop; k += 4, o += 4) {
    const r0 = indices[k] * F;
    const r1 = indices[k + 1] * F;
    const r2 = indices[k + 2] * F;
    const r3 = indices[k + 3] * F;
    const g0 = orderedG[o];
    const g1 = orderedG[o + 1];
    const g2 = orderedG[o + 2];
    const g3 = orderedG[o + 3];
    const h0 = orderedH[o];
    const h1 = orderedH[o + 1];
    const h2 = orderedH[o + 2];
    const h3 = orderedH[o + 3];
    for (let f = f0; f < f1; f++) {
      const off = binOffset[f] * 3;
      const b0 = off + rowBins[r0 + f] * 3;
      out[b0] += g0;
      out[b0 + 1] += h0;
      out[b0 + 2] += 1;
      const b1 = off + rowBins[r1 + f] * 3;
      out[b1] += g1;
      out[b1 + 1] += h1;
      out[b1 + 2] += 1;
      const b2 = off + rowBins[r2 + f] * 3;
      out[b2] += g2;
      out[b2 + 1] += h2;
      out[b2 + 2] += 1;
      const b3 = off + rowBins[r3 + f] * 3;
      out[b3] += g3;
      out[b3 + 1] += h3;
      out[b3 + 2] += 1;
    }
  }
  for (; k < stop; k++, o++) {
    const base = indices[k] * F;
    const g = orderedG[o];
    const h = orderedH[o];
    for (let f = f0; f < f1; f++) {
      const b = (binOffset[f] + rowBins[base + f]) * 3;
      out[b] += g;
      out[b + 1] += h;
      out[b + 2] += 1;
    }
  }
}

/**
 * `buildHistogramRows` for constant hessians, reading gradients by sample index instead of from a
 * gathered copy: the gather would do the same random reads plus a pass of writes, and in threaded
 * builds no thread waits for a serial gather. Eight samples go through the feature loop together
 * (their rows are scattered over the bins matrix, so more of them in flight hides more cache misses:
 * ~10-20 % faster than four at 20k-400k-sample nodes of the 1M-row benchmark). Per bin, values still
 * arrive in sample order, so the sums are the same.
 */
export function buildHistogramRowsIndexed(out: Float64Array, rowBins: Uint8Array, nFeatures: number, binOffset: Int32Array, f0: number, f1: number, indices: Uint32Array, start: number, stop: number, gradients: Float32Array): void {
  const F = nFeatures;
  let k = start;
  for (; k + 7 < stop; k += 8) {
    const i0 = indices[k];
    const i1 = indices[k + 1];
    const i2 = indices[k + 2];
    const i3 = indices[k + 3];
    const i4 = indices[k + 4];
    const i5 = indices[k + 5];
    const i6 = indices[k + 6];
    const i7 = indices[k + 7];
    const r0 = i0 * F;
    const r1 = i1 * F;
    const r2 = i2 * F;
    const r3 = i3 * F;
    const r4 = i4 * F;
    const r5 = i5 * F;
    const r6 = i6 * F;
    const r7 = i7 * F;
    const g0 = gradients[i0];
    const g1 = gradients[i1];
    const g2 = gradients[i2];
    const g3 = gradients[i3];
    const g4 = gradients[i4];
    const g5 = gradients[i5];
    const g6 = gradients[i6];
    const g7 = gradients[i7];
    for (let f = f0; f < f1; f++) {
      const off = binOffset[f] * 2;
      let b = off + rowBins[r0 + f] * 2;
      out[b] += g0;
      out[b + 1] += 1;
      b = off + rowBins[r1 + f] * 2;
      out[b] += g1;
      out[b + 1] += 1;
      b = off + rowBins[r2 + f] * 2;
      out[b] += g2;
      out[b + 1] += 1;
      b = off + rowBins[r3 + f] * 2;
      out[b] += g3;
      out[b + 1] += 1;
      b = off + rowBins[r4 + f] * 2;
      out[b] += g4;
      out[b + 1] += 1;
      b = off + rowBins[r5 + f] * 2;
      out[b] += g5;
      out[b + 1] += 1;
      b = off + rowBins[r6 + f] * 2;
      out[b] += g6;
      out[b + 1] += 1;
      b = off + rowBins[r7 + f] * 2;
      out[b] += g7;
      out[b + 1] += 1;
    }
  }
  for (; k < stop; k++) {
    const i = indices[k];
    const base = i * F;
    const g = gradients[i];
    for (let f = f0; f < f1; f++) {
      const b = (binOffset[f] + rowBins[base + f]) * 2;
      out[b] += g;
      out[b + 1] += 1;
    }
  }
}

/** Everything a feature-range job needs; the same view exists on the main thread and in each worker. */
export interface HistogramContext {
  readonly nRows: number;
  readonly nFeatures: number;
  /** Float64s per bin: 2 (g, count) with constant hessians, else 3 (g, h, count). */
  readonly stride: number;
  /** Feature f's bins are [binOffset[f], binOffset[f + 1]) (see `HistogramLayout`). */
  readonly binOffset: Int32Array;
  /** Binned data, feature-major: feature f is `binned.subarray(f * nRows, (f + 1) * nRows)`. */
  readonly columns: readonly Uint8Array[];
  /** The same bins row-major (`rowBins[i * nFeatures + f]`), for non-root nodes; null → column kernels. */
  readonly rowBins: Uint8Array | null;
  readonly gradients: Float32Array;
  readonly hessians: Float32Array;
  readonly orderedG: Float32Array;
  readonly orderedH: Float32Array;
  readonly indices: Uint32Array;
  /** Partition scratch (nRows entries), shared with workers in threaded fits. */
  readonly scratch?: Uint32Array;
  readonly constantHessian: boolean;
  /** Row count per bin over all rows (`countBins`, indexed like the layout's bins), or null to count at every root. */
  readonly rootCounts: Float64Array | null;
  /**
   * This thread's wasm kernels when every array above lives in their memory (the fit's arena, see
   * arena.ts); they then replace the row-indexed and root-pair JS kernels (same sums, bit for bit)
   * for histograms in that memory. Absent or null: JS kernels only.
   */
  readonly kernels?: HgbKernels | null;
}

/**
 * Fills features [f0, f1) of histogram `out` (zeroing them first) for the samples `indices[start..stop)`,
 * or for every row when `root` is set. Node builds read `orderedG`/`orderedH` (gathered by the
 * caller, see `needsGather`) except with row-major bins and constant hessians, which read
 * `gradients` by index.
 */
/** Whether node builds read gradients gathered into node order (see `buildFeatureRange`). */
export function needsGather(ctx: HistogramContext): boolean {
  return !(ctx.rowBins && ctx.constantHessian);
}

export function buildFeatureRange(ctx: HistogramContext, out: Float64Array, f0: number, f1: number, root: boolean, start: number, stop: number): void {
  const { stride, binOffset } = ctx;
  out.fill(0, binOffset[f0] * stride, binOffset[f1] * stride);
  const wasm = ctx.kernels && ctx.kernels.owns(out) ? ctx.kernels : null;
  if (!root && ctx.rowBins && ctx.constantHessian) {
    if (wasm) wasm.rowsIndexed(out, ctx.rowBins, ctx.nFeatures, f0, f1, ctx.indices, start, stop, ctx.gradients);
    else buildHistogramRowsIndexed(out, ctx.rowBins, ctx.nFeatures, binOffset, f0, f1, ctx.indices, start, stop, ctx.gradients);
    return;
  }
  if (!root && ctx.rowBins) {
    buildHistogramRows(out, ctx.rowBins, ctx.nFeatures, binOffset, f0, f1, ctx.indices, start, stop, ctx.orderedG, ctx.orderedH);
    return;
  }
  const width = (f: number) => binOffset[f + 1] - binOffset[f];
  if (root && ctx.rootCounts && ctx.constantHessian) {
    // Features two at a time (see buildHistogramRootGradientsPair); which features pair up does not
    // change any sum.
    const { columns, nRows, gradients } = ctx;
    let f = f0;
    for (; f + 1 < f1; f += 2) {
      if (wasm) wasm.rootPair(out, binOffset[f] * 2, columns[f], width(f), binOffset[f + 1] * 2, columns[f + 1], width(f + 1), nRows, gradients);
      else buildHistogramRootGradientsPair(out, binOffset[f] * 2, columns[f], width(f), binOffset[f + 1] * 2, columns[f + 1], width(f + 1), nRows, gradients);
    }
    // An odd feature out: the wasm pair kernel with an empty second feature (its sub-histograms are
    // filled and never combined) still beats the JS loop, and the first feature's sums are the same.
    if (f < f1 && wasm) wasm.rootPair(out, binOffset[f] * 2, columns[f], width(f), binOffset[f] * 2, columns[f], 0, nRows, gradients);
    else if (f < f1) buildHistogramRootGradients(out, binOffset[f] * 2, columns[f], nRows, gradients, width(f));
  }
  for (let f = f0; f < f1; f++) {
    const offset = binOffset[f] * stride;
    const bins = ctx.columns[f];
    if (root && ctx.rootCounts) {
      // (Constant hessians: the gradient sums were added above, two features at a time.)
      if (!ctx.constantHessian) buildHistogramRoot(out, offset, bins, ctx.nRows, ctx.gradients, ctx.hessians);
      // Counts are exact integers, so copying them gives the same histogram as counting.
      const counts = ctx.rootCounts;
      for (let b = binOffset[f], o = offset + stride - 1; b < binOffset[f + 1]; b++, o += stride) out[o] = counts[b];
    } else if (root) {
      if (ctx.constantHessian) buildHistogramRootNoHessian(out, offset, bins, ctx.nRows, ctx.gradients);
      else buildHistogramRoot(out, offset, bins, ctx.nRows, ctx.gradients, ctx.hessians);
    } else if (ctx.constantHessian) {
      buildHistogramNoHessian(out, offset, bins, ctx.indices, start, stop, ctx.orderedG);
    } else {
      buildHistogram(out, offset, bins, ctx.indices, start, stop, ctx.orderedG, ctx.orderedH);
    }
  }
}

/** 32-bit words per feature in a node's used-bin bitmap (bins are bytes: 256 / 32). */
export const USED_WORDS = 8;

/**
 * Sparse build of a small node's histogram (all features, row-major bins): a node with a few dozen
 * samples touches a few dozen of each feature's up to 256 bins, so zeroing and later scanning every
 * bin costs more than the sums. Pass 1 marks the bins the samples fall in (bit `b & 31` of
 * `used[f * USED_WORDS + (b >> 5)]`, the caller clears `used`) and zeroes just those; pass 2 is the
 * dense kernel, so every bin gets the same values in the same order (same sums). Bins not marked
 * keep whatever the slot held before: readers must go through `used` (`findNodeSplit`, subtraction).
 */
export function buildHistogramRowsSparse(ctx: HistogramContext, out: Float64Array, used: Uint32Array, start: number, stop: number): void {
  const { rowBins, nFeatures: F, binOffset, stride, indices } = ctx;
  if (!rowBins) throw new Error('buildHistogramRowsSparse needs row-major bins');
  const k = ctx.kernels;
  if (k && stride === 2 && ctx.constantHessian && k.owns(out, rowBins, indices, used, ctx.gradients)) {
    // Both passes as wasm (the same marks, zeros and sums).
    k.markSparse(out, rowBins, F, indices, start, stop, used);
    k.rowsIndexed(out, rowBins, F, 0, F, indices, start, stop, ctx.gradients);
    return;
  }
  for (let k = start; k < stop; k++) {
    const r = indices[k] * F;
    for (let f = 0; f < F; f++) {
      const b = rowBins[r + f];
      used[f * USED_WORDS + (b >> 5)] |= 1 << (b & 31);
      const o = (binOffset[f] + b) * stride;
      out[o] = 0;
      out[o + 1] = 0;
      out[o + stride - 1] = 0;
    }
  }
  if (ctx.constantHessian && ctx.kernels && ctx.kernels.owns(out)) ctx.kernels.rowsIndexed(out, rowBins, F, 0, F, indices, start, stop, ctx.gradients);
  else if (ctx.constantHessian) buildHistogramRowsIndexed(out, rowBins, F, binOffset, 0, F, indices, start, stop, ctx.gradients);
  else buildHistogramRows(out, rowBins, F, binOffset, 0, F, indices, start, stop, ctx.orderedG, ctx.orderedH);
}
