/**
 * Order statistics in O(n) (Hoare's quickselect on a scratch copy), for losses that need a quantile of
 * residuals every iteration: sorting 1M residuals 100 times would cost more than growing the trees.
 */

/** The k-th smallest (0-based) of `a`; reorders `a` in place. */
export function selectInPlace(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    // Median of three as pivot keeps sorted or constant inputs linear.
    const mid = (lo + hi) >>> 1;
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Smallest value of `a[from..]` (after `selectInPlace(a, from − 1)` that is the from-th smallest). */
function minFrom(a: Float64Array, from: number): number {
  let m = a[from];
  for (let i = from + 1; i < a.length; i++) if (a[i] < m) m = a[i];
  return m;
}

/** Median (mean of the two middle values for even length, as NumPy); reorders `a` in place. */
export function medianInPlace(a: Float64Array): number {
  const n = a.length;
  if (n === 0) return 0;
  const lo = selectInPlace(a, (n - 1) >> 1);
  return n % 2 ? lo : 0.5 * (lo + minFrom(a, n >> 1));
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
    return selectInPlace(a, Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1)));
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
