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
 * Each histogram bin holds three float64s: sum of gradients, sum of hessians, sample count.
 * Interleaving them keeps one bin's update in one cache line.
 */
export const HIST_STRIDE = 3;
