/**
 * The q-quantile of an ascending sample with linear interpolation between neighbours (numpy's and
 * pandas' default: position h = (n − 1)·q). One definition for cleaning, EDA and the optimiser.
 */
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
