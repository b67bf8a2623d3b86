/**
 * Ranks with ties averaged (scipy's `rankdata(method='average')`, pandas' `rank()` default), the
 * input to Spearman's correlation. Ranks are 1-based.
 *
 * Implementation: sort a copy with the native typed-array sort, walk its runs of equal values to
 * get each distinct value's average rank, then look every value up in a Map. On a million rows
 * this is several times faster than a comparator sort of an index array or a binary search per
 * value (both measured; the latter is cache-bound).
 */

/** Average ranks of `values` (all must be finite; callers drop missing pairs first). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const rankOf = new Map<number, number>();
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[i]) j++;
    // Positions i..j (0-based) share the mean of ranks i+1..j+1.
    rankOf.set(sorted[i], (i + j) / 2 + 1);
    i = j + 1;
  }
  const ranks = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) ranks[k] = rankOf.get(values[k])!;
  return ranks;
}
