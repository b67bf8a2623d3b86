/**
 * Percentiles as scikit-learn's boosting computes them: `weightedPercentile` is `_weighted_percentile`
 * (the first sorted value whose cumulative weight reaches the share, no interpolation);
 * `percentile` is NumPy's default linear interpolation (used for unweighted initial medians).
 */

/** Weighted percentile of `values[rows[k]]` (all rows when `rows` is omitted), q in [0, 100]. */
export function weightedPercentile(values: ArrayLike<number>, weights: ArrayLike<number>, q: number, rows?: ArrayLike<number>): number {
  const n = rows ? rows.length : values.length;
  const idx = new Int32Array(n);
  for (let k = 0; k < n; k++) idx[k] = rows ? rows[k] : k;
  idx.sort((a, b) => values[a] - values[b] || a - b);
  let total = 0;
  for (let k = 0; k < n; k++) total += weights[idx[k]];
  let target = (q / 100) * total;
  // scikit-learn nudges a 0 target up so the first positive-weight value is chosen, not a zero-weight one.
  if (target === 0) target = Number.MIN_VALUE;
  let cdf = 0;
  for (let k = 0; k < n; k++) {
    cdf += weights[idx[k]];
    if (cdf >= target) return values[idx[k]];
  }
  return values[idx[n - 1]];
}

/** Linearly interpolated percentile (NumPy's default), q in [0, 100]. */
export function percentile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  const pos = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}
