/**
 * Order statistics in O(n) (selection, `core/select.ts`), for losses that need a quantile of residuals
 * every iteration: sorting 1M residuals 100 times would cost more than growing the trees.
 */
import { minOf, selectInPlace } from '../../../core/select.js';

/** Median (mean of the two middle values for even length, as NumPy); reorders `a` in place. */
export function medianInPlace(a: Float64Array): number {
  const n = a.length;
  if (n === 0) return 0;
  const k = (n - 1) >> 1;
  selectInPlace(a, k);
  return n % 2 ? a[k] : 0.5 * (a[k] + minOf(a, n >> 1, n - 1));
}

/**
 * The first value, in ascending order, whose cumulative weight reaches `q` of the total (scikit-learn's
 * `_weighted_percentile`, no interpolation); `w` null means unit weights. Reorders `a` when unweighted.
 */
export function lowerQuantileInPlace(a: Float64Array, w: Float64Array | null, q: number): number {
  const n = a.length;
  if (n === 0) return 0;
  if (!w) {
    // With unit weights the answer is the k-th smallest, k = ⌈q·n⌉ − 1 (at least the first).
    const k = Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
    selectInPlace(a, k);
    return a[k];
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((x, y) => a[x] - a[y] || x - y);
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i];
  // A zero target would pick a zero-weight value; nudge it as scikit-learn does.
  const target = q * total || Number.MIN_VALUE;
  let acc = 0;
  for (let k = 0; k < n; k++) {
    acc += w[order[k]];
    if (acc >= target) return a[order[k]];
  }
  return a[order[n - 1]];
}

/**
 * NumPy's default percentile (linear interpolation between the two nearest ranks), q in [0, 1];
 * reorders `a` in place.
 */
export function percentileInPlace(a: Float64Array, q: number): number {
  const n = a.length;
  if (n === 0) return 0;
  const pos = q * (n - 1);
  const k = Math.floor(pos);
  selectInPlace(a, k);
  if (k === n - 1 || pos === k) return a[k];
  return a[k] + (pos - k) * (minOf(a, k + 1, n - 1) - a[k]);
}
