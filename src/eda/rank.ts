/**
 * Ranks with ties averaged (scipy's `rankdata(method='average')`, pandas' `rank()` default), the
 * input to Spearman's correlation. Ranks are 1-based.
 */

/** Average ranks of `values` (all must be finite; callers drop missing pairs first). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    // Positions i..j (0-based) share the mean of ranks i+1..j+1.
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}
