/**
 * Split finding and sample partitioning (scikit-learn's `splitting.pyx`). `findNodeSplit` scans each
 * feature's histogram for the bin threshold with the largest gain
 * `G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)` (written via clipped node values so monotonic bounds count),
 * subject to min_samples_leaf and min_hessian_to_split. Missing values are tried on the right (left-to-
 * right scan) and, when the feature has any, on the left (right-to-left scan); the larger gain wins.
 * `splitIndices` partitions a node's slice of the shared sample-index array in place.
 */
import { MONOTONIC_NEG, MONOTONIC_NONE, MONOTONIC_POS, computeNodeValue } from './common.js';
import { USED_WORDS } from './histogram-kernels.js';
import type { HgbKernels } from './wasm-kernels.js';

/** The best split of a node. `gain <= 0` means "no valid split". */
export interface SplitInfo {
  gain: number;
  featureIdx: number;
  binIdx: number;
  missingGoToLeft: boolean;
  sumGradientLeft: number;
  sumHessianLeft: number;
  sumGradientRight: number;
  sumHessianRight: number;
  nSamplesLeft: number;
  nSamplesRight: number;
  valueLeft: number;
  valueRight: number;
}

export interface SplitterOptions {
  /** The histogram layout (see `HistogramLayout`): feature f's bins start at bin `binOffset[f]`, `stride` float64s each. */
  readonly binOffset: Int32Array;
  readonly stride: number;
  /** Per feature; also the feature's missing-value bin code in the training bins. */
  readonly nBinsNonMissing: Uint16Array;
  readonly hasMissingValues: Uint8Array;
  readonly l2Regularization: number;
  readonly minSamplesLeaf: number;
  readonly minHessianToSplit: number;
  readonly minGainToSplit: number;
  /** Per feature: -1, 0, 1 (null: no constraints). */
  readonly monotonicCst: Int8Array | null;
  /** The hessian of every sample when constant (hessian sums come from counts), else null. */
  readonly constantHessian: number | null;
  /** The fit's wasm kernels: dense nodes of the unit case are scanned by one kernel call (same split). */
  readonly kernels?: HgbKernels | null;
}

export function noSplit(): SplitInfo {
  return {
    gain: -1,
    featureIdx: -1,
    binIdx: 0,
    missingGoToLeft: false,
    sumGradientLeft: 0,
    sumHessianLeft: 0,
    sumGradientRight: 0,
    sumHessianRight: 0,
    nSamplesLeft: 0,
    nSamplesRight: 0,
    valueLeft: 0,
    valueRight: 0,
  };
}

/** Node-level inputs to the split search. */
export interface NodeStats {
  readonly nSamples: number;
  readonly sumGradients: number;
  readonly sumHessians: number;
  /** The node's own (bounded) value. */
  readonly value: number;
  readonly lowerBound: number;
  readonly upperBound: number;
}

/**
 * The best split over all features (ties keep the lowest feature index, then the lowest bin). With
 * `used` (a sparse histogram's used-bin bitmap, see `buildHistogramRowsSparse`) only the marked bins
 * are read: the others are stale and, in the node, empty with exactly zero sums; so the result
 * is the same as scanning a fully zeroed histogram.
 */
export function findNodeSplit(hist: Float64Array, node: NodeStats, opts: SplitterOptions, used: Uint32Array | null = null): SplitInfo {
  const best = noSplit();
  const nFeatures = opts.nBinsNonMissing.length;
  const k = opts.kernels;
  if (!used && k && k.scans && unitNode(node, opts) && k.owns(hist)) scanUnitWasm(k, hist, node, opts, best);
  else {
    for (let f = 0; f < nFeatures; f++) {
      if (used) scanFeatureSparse(hist, f, node, opts, best, used);
      else scanFeature(hist, f, node, opts, best);
    }
  }
  // A feature without missing values at fit time sends NaN met at predict time to the larger child.
  if (best.featureIdx >= 0 && opts.hasMissingValues[best.featureIdx] === 0) best.missingGoToLeft = best.nSamplesLeft > best.nSamplesRight;
  return best;
}

/** Whether every feature of the node takes the unit-hessian scans (see `scanFeature`): no constraints or bounds, unit hessians, no l2. */
function unitNode(node: NodeStats, opts: SplitterOptions): boolean {
  const free = opts.monotonicCst === null && node.lowerBound === -Infinity && node.upperBound === Infinity;
  return free && opts.constantHessian === 1 && opts.l2Regularization === 0 && opts.minSamplesLeaf >= opts.minHessianToSplit && node.sumHessians === node.nSamples;
}

/** The dense unit scans of every feature as one wasm call (`HgbKernels.scanUnit`: the same gains and winner as the JS loops). */
function scanUnitWasm(k: HgbKernels, hist: Float64Array, node: NodeStats, opts: SplitterOptions, best: SplitInfo): void {
  const { nSamples, sumGradients, lowerBound, upperBound } = node;
  const floor = best.gain > opts.minGainToSplit ? best.gain : opts.minGainToSplit;
  if (!k.scanUnit(hist, nSamples, sumGradients, sumGradients * node.value, opts.minSamplesLeaf, floor)) return;
  const [gain, f, bin, missingLeft, g, n] = k.splitResult;
  // The scanned side: the left one (left to right) or the right one (right to left, missing left).
  if (missingLeft === 1) setBest(best, gain, f, bin, true, sumGradients - g, nSamples - n, g, n, nSamples - n, n, lowerBound, upperBound, 0);
  else setBest(best, gain, f, bin, false, g, n, sumGradients - g, nSamples - n, n, nSamples - n, lowerBound, upperBound, 0);
}

function splitGain(
  gL: number,
  hL: number,
  gR: number,
  hR: number,
  lossCurrent: number,
  cst: number,
  lower: number,
  upper: number,
  l2: number,
): number {
  const vL = computeNodeValue(gL, hL, lower, upper, l2);
  const vR = computeNodeValue(gR, hR, lower, upper, l2);
  if ((cst === MONOTONIC_POS && vL > vR) || (cst === MONOTONIC_NEG && vL < vR)) return -1;
  // loss of a node with value v and gradient sum G is G·v (= −G²/(H+λ) when unbounded).
  return lossCurrent - gL * vL - gR * vR;
}

function scanFeature(hist: Float64Array, f: number, node: NodeStats, opts: SplitterOptions, best: SplitInfo): void {
  const stride = opts.stride;
  const offset = opts.binOffset[f] * stride;
  const nbnm = opts.nBinsNonMissing[f];
  const hasMissing = opts.hasMissingValues[f] === 1;
  const cst = opts.monotonicCst ? opts.monotonicCst[f] : MONOTONIC_NONE;
  const { minSamplesLeaf, minHessianToSplit, minGainToSplit, l2Regularization: l2, constantHessian } = opts;
  const { nSamples, sumGradients, sumHessians, lowerBound, upperBound } = node;
  const lossCurrent = sumGradients * node.value;
  // Without a constraint or bounds, node values are plain Newton steps: the gain is computed inline
  // with the very same operations as splitGain (so the same bits), minus the calls and clipping.
  const free = cst === MONOTONIC_NONE && lowerBound === -Infinity && upperBound === Infinity;
  // Left to right: missing values (if any) go right. Splitting on the last non-missing bin is only
  // meaningful with missing values (non-missing left, missing right).
  const end = nbnm - 1 + (hasMissing ? 1 : 0);
  // Squared error's defaults: hL = nL and hR = nR exactly, so the hessian checks follow from the
  // sample checks and l2 adds nothing (see scanLeftToRightUnit).
  const unit = free && constantHessian === 1 && l2 === 0 && minSamplesLeaf >= minHessianToSplit && sumHessians === nSamples;
  if (unit) scanLeftToRightUnit(hist, offset, stride, end, f, node, minSamplesLeaf, minGainToSplit, lossCurrent, best);
  else if (free && constantHessian !== null) scanConstantHessian(hist, offset, stride, ALL_BINS, 0, end, f, node, opts, lossCurrent, best);
  else scanLeftToRight(hist, offset, stride, ALL_BINS, 0, end, f, node, opts, cst, free, lossCurrent, best);
  if (!hasMissing) return;
  // Bins nbnm − 1 down to 1 go right in turn (bin 0 always stays left).
  if (unit) scanRightToLeftUnit(hist, offset, stride, nbnm, f, node, minSamplesLeaf, minGainToSplit, lossCurrent, best);
  else scanRightToLeft(hist, offset, stride, ALL_BINS, 1, nbnm, f, node, opts, cst, free, lossCurrent, best);
}

/**
 * Left-to-right scan over every bin for unit hessians, no l2 and no constraints, the common case of
 * small-data fits (this loop was ~40 % of one): the same gains as `scanConstantHessian` from fewer
 * operations, and `gain > floor` is `gain > bestGain && gain > minGainToSplit`. The count is the last
 * float64 of a bin whatever the stride. Empty bins are scanned like any other, as scikit-learn does:
 * skipping them was a branch that mispredicted on mid-size nodes, where empty and filled bins
 * alternate (~9 % of a small-data fit). An empty bin splits the samples as the bin before it; only a
 * rounding residue left by histogram subtraction can make it win, which moves the threshold within
 * the gap between two training values, nothing more.
 */
function scanLeftToRightUnit(hist: Float64Array, offset: number, stride: number, end: number, f: number, node: NodeStats, minSamplesLeaf: number, minGainToSplit: number, lossCurrent: number, best: SplitInfo): void {
  const { nSamples, sumGradients, lowerBound, upperBound } = node;
  let floor = best.gain > minGainToSplit ? best.gain : minGainToSplit;
  let gL = 0;
  let nL = 0;
  let bestB = -1;
  let bestGL = 0;
  let bestNL = 0;
  for (let b = 0, o = offset; b < end; b++, o += stride) {
    const count = hist[o + stride - 1];
    gL += hist[o];
    nL += count;
    if (nL < minSamplesLeaf) continue;
    const nR = nSamples - nL;
    if (nR < minSamplesLeaf) break;
    const gR = sumGradients - gL;
    const gain = lossCurrent - gL * (-gL / (nL + 1e-15)) - gR * (-gR / (nR + 1e-15));
    if (gain > floor) {
      floor = gain;
      bestB = b;
      bestGL = gL;
      bestNL = nL;
    }
  }
  if (bestB >= 0) setBest(best, floor, f, bestB, false, bestGL, bestNL, sumGradients - bestGL, nSamples - bestNL, bestNL, nSamples - bestNL, lowerBound, upperBound, 0);
}

/**
 * Left-to-right scan over bins `bins[from..to)` (ascending) for a constant hessian and no
 * constraints or bounds: the same checks and arithmetic as scanLeftToRight with the mode branches
 * and the best-split writes hoisted out. Dense histograms pass every bin, sparse ones their marked bins.
 */
function scanConstantHessian(hist: Float64Array, offset: number, stride: number, bins: Int32Array, from: number, to: number, f: number, node: NodeStats, opts: SplitterOptions, lossCurrent: number, best: SplitInfo): void {
  const { minSamplesLeaf, minHessianToSplit, minGainToSplit, l2Regularization: l2 } = opts;
  const constantHessian = opts.constantHessian!;
  const { nSamples, sumGradients, sumHessians, lowerBound, upperBound } = node;
  let bestGain = best.gain;
  let gL = 0;
  let nL = 0;
  let bestB = -1;
  let bestGL = 0;
  let bestNL = 0;
  for (let j = from; j < to; j++) {
    const b = bins[j];
    const o = offset + b * stride;
    const count = hist[o + stride - 1];
    gL += hist[o];
    nL += count;
    const hL = nL * constantHessian;
    const nR = nSamples - nL;
    if (nL < minSamplesLeaf) continue;
    if (nR < minSamplesLeaf) break;
    const hR = sumHessians - hL;
    if (hL < minHessianToSplit) continue;
    if (hR < minHessianToSplit) break;
    const gR = sumGradients - gL;
    const gain = lossCurrent - gL * (-gL / (hL + l2 + 1e-15)) - gR * (-gR / (hR + l2 + 1e-15));
    if (gain > bestGain && gain > minGainToSplit) {
      bestGain = gain;
      bestB = b;
      bestGL = gL;
      bestNL = nL;
    }
  }
  if (bestB >= 0) {
    const hL = bestNL * constantHessian;
    setBest(best, bestGain, f, bestB, false, bestGL, hL, sumGradients - bestGL, sumHessians - hL, bestNL, nSamples - bestNL, lowerBound, upperBound, l2);
  }
}

/**
 * `scanRightToLeft` over every bin for unit hessians, no l2 and no constraints (see the unit loop of
 * `scanFeature`): hR = nR and hLeft = nLeft exactly, so the same gains from fewer operations.
 */
function scanRightToLeftUnit(hist: Float64Array, offset: number, stride: number, nbnm: number, f: number, node: NodeStats, minSamplesLeaf: number, minGainToSplit: number, lossCurrent: number, best: SplitInfo): void {
  const { nSamples, sumGradients, lowerBound, upperBound } = node;
  let floor = best.gain > minGainToSplit ? best.gain : minGainToSplit;
  let gR = 0;
  let nR = 0;
  let bestC = -1;
  let bestGR = 0;
  let bestNR = 0;
  for (let c = nbnm - 1, o = offset + c * stride; c >= 1; c--, o -= stride) {
    const count = hist[o + stride - 1];
    gR += hist[o];
    nR += count;
    if (nR < minSamplesLeaf) continue;
    const nLeft = nSamples - nR;
    if (nLeft < minSamplesLeaf) break;
    const gLeft = sumGradients - gR;
    const gain = lossCurrent - gLeft * (-gLeft / (nLeft + 1e-15)) - gR * (-gR / (nR + 1e-15));
    if (gain > floor) {
      floor = gain;
      bestC = c;
      bestGR = gR;
      bestNR = nR;
    }
  }
  if (bestC >= 0) setBest(best, floor, f, bestC - 1, true, sumGradients - bestGR, nSamples - bestNR, bestGR, bestNR, nSamples - bestNR, bestNR, lowerBound, upperBound, 0);
}

/** Bin numbers 0..255: the general scans walk a list of bins, and a dense histogram's list is every bin. */
const ALL_BINS = Int32Array.from({ length: 256 }, (_, b) => b);

/** The marked bins of the feature being scanned (`scanFeatureSparse`), ascending. */
const MARKED = new Int32Array(256);

/**
 * `scanFeature` over a sparse histogram (small nodes, see `buildHistogramRowsSparse`): walks only the
 * bins marked in `used`, in ascending order. They include every non-empty bin of the node, and the
 * bins left out would add exact zeros, so the scan makes the same sums in the same order as the dense scan:
 * the same split to the bit, without touching the (stale) unmarked bins.
 */
function scanFeatureSparse(hist: Float64Array, f: number, node: NodeStats, opts: SplitterOptions, best: SplitInfo, used: Uint32Array): void {
  const stride = opts.stride;
  const offset = opts.binOffset[f] * stride;
  const width = opts.binOffset[f + 1] - opts.binOffset[f];
  const nbnm = opts.nBinsNonMissing[f];
  const hasMissing = opts.hasMissingValues[f] === 1;
  const cst = opts.monotonicCst ? opts.monotonicCst[f] : MONOTONIC_NONE;
  const { constantHessian } = opts;
  const { sumGradients, lowerBound, upperBound } = node;
  const lossCurrent = sumGradients * node.value;
  // Without a constraint or bounds, node values are plain Newton steps: the gain is computed inline
  // with the very same operations as splitGain (so the same bits), minus the calls and clipping.
  const free = cst === MONOTONIC_NONE && lowerBound === -Infinity && upperBound === Infinity;
  const marked = MARKED;
  let nMarked = 0;
  for (let w = 0, base = f * USED_WORDS; w < USED_WORDS && w * 32 < width; w++) {
    let bits = used[base + w];
    while (bits !== 0) {
      const low = bits & -bits;
      bits ^= low;
      marked[nMarked++] = w * 32 + 31 - Math.clz32(low);
    }
  }
  // Left to right: missing values (if any) go right. Splitting on the last non-missing bin is only
  // meaningful with missing values (non-missing left, missing right).
  const end = nbnm - 1 + (hasMissing ? 1 : 0);
  let endAt = nMarked;
  while (endAt > 0 && marked[endAt - 1] >= end) endAt--;
  if (free && constantHessian !== null) scanConstantHessian(hist, offset, stride, marked, 0, endAt, f, node, opts, lossCurrent, best);
  else scanLeftToRight(hist, offset, stride, marked, 0, endAt, f, node, opts, cst, free, lossCurrent, best);
  if (!hasMissing) return;
  // Right to left: non-missing bins nbnm − 1 down to 1 go right in turn (bin 0 always stays left).
  let lo = 0;
  while (lo < nMarked && marked[lo] < 1) lo++;
  let hi = nMarked;
  while (hi > lo && marked[hi - 1] > nbnm - 1) hi--;
  scanRightToLeft(hist, offset, stride, marked, lo, hi, f, node, opts, cst, free, lossCurrent, best);
}

/** Left-to-right scan, general case (per-sample hessians, monotonic constraints or bounds), over bins `bins[from..to)` (ascending). */
function scanLeftToRight(hist: Float64Array, offset: number, stride: number, bins: Int32Array, from: number, to: number, f: number, node: NodeStats, opts: SplitterOptions, cst: number, free: boolean, lossCurrent: number, best: SplitInfo): void {
  const { minSamplesLeaf, minHessianToSplit, minGainToSplit, l2Regularization: l2, constantHessian } = opts;
  const { nSamples, sumGradients, sumHessians, lowerBound, upperBound } = node;
  let bestGain = best.gain;
  let gL = 0;
  let hL = 0;
  let nL = 0;
  for (let j = from; j < to; j++) {
    const b = bins[j];
    const o = offset + b * stride;
    const count = hist[o + stride - 1];
    gL += hist[o];
    nL += count;
    hL = constantHessian === null ? hL + hist[o + 1] : nL * constantHessian;
    const nR = nSamples - nL;
    if (nL < minSamplesLeaf) continue;
    if (nR < minSamplesLeaf) break;
    const hR = sumHessians - hL;
    if (hL < minHessianToSplit) continue;
    if (hR < minHessianToSplit) break;
    const gR = sumGradients - gL;
    const gain = free ? lossCurrent - gL * (-gL / (hL + l2 + 1e-15)) - gR * (-gR / (hR + l2 + 1e-15)) : splitGain(gL, hL, gR, hR, lossCurrent, cst, lowerBound, upperBound, l2);
    if (gain > bestGain && gain > minGainToSplit) {
      bestGain = gain;
      setBest(best, gain, f, b, false, gL, hL, gR, hR, nL, nR, lowerBound, upperBound, l2);
    }
  }
}

/**
 * Right-to-left scan: bins `bins[from..to)` (ascending, each in 1..nbnm − 1) are added to the right
 * from the last down; splitting below bin c puts c and everything above it right and missing values
 * left.
 */
function scanRightToLeft(hist: Float64Array, offset: number, stride: number, bins: Int32Array, from: number, to: number, f: number, node: NodeStats, opts: SplitterOptions, cst: number, free: boolean, lossCurrent: number, best: SplitInfo): void {
  const { minSamplesLeaf, minHessianToSplit, minGainToSplit, l2Regularization: l2, constantHessian } = opts;
  const { nSamples, sumGradients, sumHessians, lowerBound, upperBound } = node;
  let bestGain = best.gain;
  let gR = 0;
  let hR = 0;
  let nR = 0;
  for (let j = to - 1; j >= from; j--) {
    const c = bins[j];
    const b = c - 1;
    const o = offset + c * stride;
    const count = hist[o + stride - 1];
    gR += hist[o];
    nR += count;
    hR = constantHessian === null ? hR + hist[o + 1] : nR * constantHessian;
    const nLeft = nSamples - nR;
    if (nR < minSamplesLeaf) continue;
    if (nLeft < minSamplesLeaf) break;
    const hLeft = sumHessians - hR;
    if (hR < minHessianToSplit) continue;
    if (hLeft < minHessianToSplit) break;
    const gLeft = sumGradients - gR;
    const gain = free ? lossCurrent - gLeft * (-gLeft / (hLeft + l2 + 1e-15)) - gR * (-gR / (hR + l2 + 1e-15)) : splitGain(gLeft, hLeft, gR, hR, lossCurrent, cst, lowerBound, upperBound, l2);
    if (gain > bestGain && gain > minGainToSplit) {
      bestGain = gain;
      setBest(best, gain, f, b, true, gLeft, hLeft, gR, hR, nLeft, nR, lowerBound, upperBound, l2);
    }
  }
}

function setBest(
  best: SplitInfo,
  gain: number,
  f: number,
  b: number,
  missingLeft: boolean,
  gL: number,
  hL: number,
  gR: number,
  hR: number,
  nL: number,
  nR: number,
  lower: number,
  upper: number,
  l2: number,
): void {
  best.gain = gain;
  best.featureIdx = f;
  best.binIdx = b;
  best.missingGoToLeft = missingLeft;
  best.sumGradientLeft = gL;
  best.sumHessianLeft = hL;
  best.sumGradientRight = gR;
  best.sumHessianRight = hR;
  best.nSamplesLeft = nL;
  best.nSamplesRight = nR;
  best.valueLeft = computeNodeValue(gL, hL, lower, upper, l2);
  best.valueRight = computeNodeValue(gR, hR, lower, upper, l2);
}

/**
 * Partitions `indices[start..stop)` in place: samples going left first (in their original order),
 * then those going right. Returns the index where the right child starts. `scratch` must hold
 * `stop − start` entries.
 */
export function splitIndices(
  bins: Uint8Array,
  binIdx: number,
  missingGoToLeft: boolean,
  missingBin: number,
  indices: Uint32Array,
  start: number,
  stop: number,
  scratch: Uint32Array,
  kernels: HgbKernels | null = null,
): number {
  // Below a few hundred samples, filling the 256-entry table in JS costs more than it saves (in wasm it does not).
  const wasm = kernels !== null && kernels.owns(bins, indices, scratch);
  const nLeft = stop - start < 512 && !wasm ? partitionRangeSmall(bins, binIdx, missingGoToLeft, missingBin, indices, start, stop, scratch) : partitionRange(bins, binIdx, missingGoToLeft, missingBin, indices, start, stop, scratch, 0, kernels);
  indices.set(scratch.subarray(0, stop - start - nLeft), start + nLeft);
  return start + nLeft;
}

/**
 * The first half of `splitIndices`, for one thread's share of a node: moves the samples of
 * `indices[start..stop)` that go left to the front of that range (in order) and writes those going
 * right to `scratch[at..]` (in order). Returns how many went left. `kernels`: the fit's wasm kernels,
 * used when the arrays are in their memory.
 */
export function partitionRange(
  bins: Uint8Array,
  binIdx: number,
  missingGoToLeft: boolean,
  missingBin: number,
  indices: Uint32Array,
  start: number,
  stop: number,
  scratch: Uint32Array,
  at: number,
  kernels: HgbKernels | null = null,
): number {
  // The wasm kernel, when it reaches every array, does the very same writes (wasm-kernels.ts).
  if (kernels && kernels.owns(bins, indices, scratch)) return kernels.partition(bins, binIdx, missingGoToLeft, missingBin, indices, start, stop, scratch, at);
  // Branch-free: a 256-entry "goes left" table, and every sample written to both sides with only
  // the chosen side's cursor advancing. Left/right is a coin flip per sample, so a branch would
  // mispredict half the time (this is ~2× faster on 1M rows). Writing indices[l] is safe: l <= k.
  const goLeft = GO_LEFT;
  for (let b = 0; b < 256; b++) goLeft[b] = b <= binIdx || (missingGoToLeft && b === missingBin) ? 1 : 0;
  let l = start;
  let r = at;
  let k = start;
  // Four samples at a time: their index and bin loads are issued before the dependent stores
  // (~25 % faster at 200k-800k samples). Same writes in the same order.
  for (; k + 3 < stop; k += 4) {
    const i0 = indices[k];
    const i1 = indices[k + 1];
    const i2 = indices[k + 2];
    const i3 = indices[k + 3];
    const a0 = goLeft[bins[i0]];
    const a1 = goLeft[bins[i1]];
    const a2 = goLeft[bins[i2]];
    const a3 = goLeft[bins[i3]];
    indices[l] = i0;
    scratch[r] = i0;
    l += a0;
    r += 1 - a0;
    indices[l] = i1;
    scratch[r] = i1;
    l += a1;
    r += 1 - a1;
    indices[l] = i2;
    scratch[r] = i2;
    l += a2;
    r += 1 - a2;
    indices[l] = i3;
    scratch[r] = i3;
    l += a3;
    r += 1 - a3;
  }
  for (; k < stop; k++) {
    const i = indices[k];
    const left = goLeft[bins[i]];
    indices[l] = i;
    scratch[r] = i;
    l += left;
    r += 1 - left;
  }
  return l - start;
}

/**
 * `partitionRange` (at 0) for small nodes, without the table: "goes left" is computed from the bin
 * with integer arithmetic, `b <= binIdx`, or `b === missingBin` when missing values go left.
 * Branch-free like the table version; the branching partition it replaced mispredicted about once
 * per pair of samples.
 */
function partitionRangeSmall(bins: Uint8Array, binIdx: number, missingGoToLeft: boolean, missingBin: number, indices: Uint32Array, start: number, stop: number, scratch: Uint32Array): number {
  const missingLeft = missingGoToLeft ? 1 : 0;
  let l = start;
  let r = 0;
  for (let k = start; k < stop; k++) {
    const i = indices[k];
    const b = bins[i];
    // (x >> 31) is −1 for negative x, else 0; ((x ^ y) − 1) >>> 31 is 1 exactly when x = y (bytes).
    const left = (((binIdx - b) >> 31) + 1) | (missingLeft & (((b ^ missingBin) - 1) >>> 31));
    indices[l] = i;
    scratch[r] = i;
    l += left;
    r += 1 - left;
  }
  return l - start;
}

/** Reused lookup table of splitIndices (bins are bytes, so 256 entries cover every bin). */
const GO_LEFT = new Uint8Array(256);

/** The plain branching partition (tests check `splitIndices` against it). */
export function splitIndicesNaive(
  bins: Uint8Array,
  binIdx: number,
  missingGoToLeft: boolean,
  missingBin: number,
  indices: Uint32Array,
  start: number,
  stop: number,
  scratch: Uint32Array,
): number {
  let l = start;
  let r = 0;
  // Missing values sit in the last bin, so "goes left" is `bin <= binIdx` unless they go left.
  for (let k = start; k < stop; k++) {
    const i = indices[k];
    const b = bins[i];
    if (b <= binIdx || (missingGoToLeft && b === missingBin)) indices[l++] = i;
    else scratch[r++] = i;
  }
  indices.set(scratch.subarray(0, r), l);
  return l;
}
