/**
 * Quantiles by selection instead of a full sort: the same definition as `quantileSorted` (linear
 * interpolation at h = (n − 1)·q, numpy's default) but O(n) per quantile, because cleaning a
 * 1M-row frame only needs q1 and q3 (or the median) of each column, not the whole order.
 */

/**
 * Rearranges `a[lo..hi]` so that `a[k]` holds the value a sort would put there, everything before
 * it is ≤ and everything after it is ≥. Floyd–Rivest: on large ranges a recursive call on a small
 * sample first brackets k tightly, so the full partition touches each element about once (≈1.25n
 * comparisons for a quartile, against ≈3n for median-of-three quickselect). Falls back to sorting
 * the remaining range when partitioning keeps failing to shrink it, so adversarial inputs stay
 * O(n log n) at worst. `a` must hold no NaN.
 */
export function selectInPlace(a: Float64Array, k: number, lo = 0, hi = a.length - 1): void {
  let left = lo;
  let right = hi;
  let budget = 2 * Math.ceil(Math.log2(hi - lo + 2)) + 8;
  while (right > left) {
    if (budget-- === 0) {
      a.subarray(left, right + 1).sort();
      return;
    }
    if (right - left > 600) {
      const n = right - left + 1;
      const i = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * Math.sign(i - n / 2);
      selectInPlace(a, k, Math.max(left, Math.floor(k - (i * s) / n + sd)), Math.min(right, Math.floor(k + ((n - i) * s) / n + sd)));
    }
    const t = a[k];
    let i = left;
    let j = right;
    swap(a, left, k);
    if (a[right] > t) swap(a, right, left);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i] < t) i++;
      while (a[j] > t) j--;
    }
    if (a[left] === t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    // a[j] === t is now in its sorted place; keep the side that holds k.
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** Smallest value of `a[from..to]` (inclusive). */
export function minOf(a: Float64Array, from: number, to: number): number {
  let m = a[from];
  for (let i = from + 1; i <= to; i++) if (a[i] < m) m = a[i];
  return m;
}

/**
 * The q-quantiles of `values` (NaN-free; reordered in place), ascending `qs` required. Each result
 * equals `quantileSorted(sorted copy, q)`: the two neighbours at ⌊h⌋ and ⌊h⌋+1 are found by
 * selection, and later quantiles only search to the right of earlier ones.
 */
export function quantilesInPlace(values: Float64Array, qs: readonly number[]): number[] {
  const n = values.length;
  const out: number[] = [];
  let from = 0;
  let prev = -Infinity;
  for (const q of qs) {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0, 1]; got ${q}.`);
    if (q < prev) throw new RangeError('quantiles must be requested in ascending order.');
    prev = q;
    if (n === 0) {
      out.push(NaN);
      continue;
    }
    const h = (n - 1) * q;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, n - 1);
    selectInPlace(values, lo, from, n - 1);
    const a = values[lo];
    // After selecting lo, the next order statistic is the minimum of everything to its right.
    const b = hi === lo ? a : minOf(values, lo + 1, n - 1);
    // Written as a + frac·(b − a) like quantileSorted, so results are bit-identical.
    out.push(a + (h - lo) * (b - a));
    from = lo;
  }
  return out;
}
