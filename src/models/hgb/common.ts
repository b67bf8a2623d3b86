/**
 * Shared constants and dtypes of the histogram gradient boosting package (after scikit-learn's
 * `common.pyx`): declared once so every stage agrees on them.
 */

/** Thresholds above this are clipped, so `x <= threshold` stays meaningful for huge values. */
export const ALMOST_INF = 1e300;

/** Monotonic constraint codes, as in scikit-learn's `monotonic_cst`. */
export const MONOTONIC_NONE = 0;
export const MONOTONIC_POS = 1;
export const MONOTONIC_NEG = -1;

/**
 * A node value: the Newton step `-G / (H + l2)`, clipped to the bounds that monotonic constraints
 * impose. The tiny epsilon keeps an all-zero-hessian node from dividing by zero.
 */
export function computeNodeValue(sumGradients: number, sumHessians: number, lower: number, upper: number, l2: number): number {
  const value = -sumGradients / (sumHessians + l2 + 1e-15);
  if (value < lower) return lower;
  if (value > upper) return upper;
  return value;
}

/**
 * A histogram bin with per-sample hessians holds three float64s: sum of gradients, sum of hessians, sample count.
 * Interleaving them keeps one bin's update in one cache line.
 */
export const HIST_STRIDE = 3;

/**
 * Where each feature's bins sit in a histogram. Feature f owns bins [binOffset[f], binOffset[f + 1]):
 * its non-missing bins, then one bin for missing values if it had any at fit time (so the training
 * data's missing code of feature f is `nBinsNonMissing[f]`, see `BinMapper.transform`). Each bin is
 * `stride` float64s: (g, count) with constant hessians, (g, h, count) otherwise.
 *
 * Only bins that can hold samples take space: small data and flag features use a fraction of
 * 256 bins, and every histogram is zeroed, subtracted and kept in cache in full.
 */
export interface HistogramLayout {
  readonly stride: number;
  /** nFeatures + 1 entries, in bins. */
  readonly binOffset: Int32Array;
  /** Float64s per histogram. */
  readonly size: number;
}

export function histogramLayout(nBinsNonMissing: Uint16Array, hasMissingValues: Uint8Array, constantHessian: boolean): HistogramLayout {
  const F = nBinsNonMissing.length;
  const binOffset = new Int32Array(F + 1);
  for (let f = 0; f < F; f++) binOffset[f + 1] = binOffset[f] + nBinsNonMissing[f] + (hasMissingValues[f] ? 1 : 0);
  const stride = constantHessian ? 2 : HIST_STRIDE;
  return { stride, binOffset, size: binOffset[F] * stride };
}
