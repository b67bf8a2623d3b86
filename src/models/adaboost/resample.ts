/**
 * Weighted bootstrap for AdaBoost.R2: n draws with replacement with probability proportional to the
 * boosting weights, returned as counts (a row drawn k times = sample weight k, which trees treat like
 * k copies of the row without copying data).
 */
import type { Rng } from '../../core/rng.js';

/**
 * Each draw picks the first row whose cumulative weight exceeds u·Σw. A guide table (for each of n
 * equal slices of [0, Σw), the first row whose cdf passes the slice's start) lets a short forward walk
 * replace the binary search, whose unpredictable branches dominated; same rows as the binary search
 * (`weightedBootstrapCountsBisect`, tested), so the same counts for the same generator.
 */
export function weightedBootstrapCounts(weights: Float64Array, draws: number, rng: Rng): Float64Array {
  const n = weights.length;
  const cdf = cumulative(weights);
  const s = n > 0 ? cdf[n - 1] : 0;
  if (!(s > 0 && s < Infinity)) return weightedBootstrapCountsBisect(weights, draws, rng); // degenerate weights
  // guide[b] = first row with cdf > b·s/n (n − 1 when none).
  const guide = new Int32Array(n + 1);
  let r = 0;
  for (let b = 0; b <= n; b++) {
    const t = (b * s) / n;
    while (r < n - 1 && cdf[r] <= t) r++;
    guide[b] = r;
  }
  const counts = new Float64Array(n);
  for (let d = 0; d < draws; d++) {
    const u = rng.random() * s;
    // Slice of u, one back so rounding in u·n/s can never start the walk past the answer.
    let b = Math.floor((u * n) / s) - 1;
    if (b < 0) b = 0;
    else if (b > n) b = n;
    let i = guide[b];
    while (i < n - 1 && cdf[i] <= u) i++;
    counts[i]++;
  }
  return counts;
}

/** The binary-search twin of `weightedBootstrapCounts`, for tests. */
export function weightedBootstrapCountsBisect(weights: Float64Array, draws: number, rng: Rng): Float64Array {
  const n = weights.length;
  const cdf = cumulative(weights);
  const s = n > 0 ? cdf[n - 1] : 0;
  const counts = new Float64Array(n);
  for (let d = 0; d < draws; d++) {
    const u = rng.random() * s;
    // First index with cdf > u (binary search); zero-weight rows are never picked.
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    counts[lo]++;
  }
  return counts;
}

/** Running sums of `weights` (the cdf both samplers search). */
function cumulative(weights: Float64Array): Float64Array {
  const cdf = new Float64Array(weights.length);
  let s = 0;
  for (let i = 0; i < weights.length; i++) {
    s += weights[i];
    cdf[i] = s;
  }
  return cdf;
}
