/**
 * Weighted bootstrap for AdaBoost.R2: n draws with replacement with probability proportional to the
 * boosting weights, returned as counts (a row drawn k times = sample weight k, which trees treat like
 * k copies of the row without copying data).
 */
import type { Rng } from '../../core/rng.js';

export function weightedBootstrapCounts(weights: Float64Array, draws: number, rng: Rng): Float64Array {
  const n = weights.length;
  const cdf = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += weights[i];
    cdf[i] = s;
  }
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
