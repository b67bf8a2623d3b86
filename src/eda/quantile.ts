/**
 * Quantiles of sorted samples. The definition is pandas' default (`Series.quantile`,
 * `interpolation='linear'`, numpy's "type 7"): position h = (n − 1)·q on the 0-based sorted
 * sample, linearly interpolated between its neighbours. Keeping that definition means the summary
 * table matches what the Python stack printed with `df.describe()`.
 */

/** Finite values of `values`, sorted ascending (NaN = missing is dropped). */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[k++] = values[i];
  return out.sort();
}

/** The q-quantile (0 ≤ q ≤ 1) of an ascending sample, pandas-linear; NaN for an empty sample. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0, 1]; got ${q}.`);
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const frac = h - lo;
  // Written as a + frac·(b − a) like numpy, so equal neighbours give exactly that value.
  return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
}
