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

export { quantileSorted } from '../core/quantile.js';
