/**
 * Box-plot statistics precomputed in TypeScript (Tukey's rule: whiskers reach the most extreme
 * values within 1.5 · IQR of the quartiles; values beyond are outliers). Precomputing keeps the
 * HTML small for large data — the chart receives five numbers and the outliers, not every row —
 * and makes the quartiles the pandas-linear ones of the summary table.
 */
import { quantileSorted, sortedFinite } from './quantile.js';

export interface BoxStats {
  readonly name: string;
  readonly count: number;
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
  /** Lower whisker end: smallest value ≥ q1 − 1.5·IQR. */
  readonly lower: number;
  /** Upper whisker end: largest value ≤ q3 + 1.5·IQR. */
  readonly upper: number;
  readonly outlierCount: number;
  /** Outlier values (the most extreme first, at most `maxOutliers`). */
  readonly outliers: readonly number[];
}

/** Tukey box statistics of one column; null when it has no finite value. */
export function boxStats(name: string, values: ArrayLike<number>, maxOutliers = 500): BoxStats | null {
  return boxStatsSorted(name, sortedFinite(values), maxOutliers);
}

/** Box statistics from finite values already sorted ascending (shared with the summary's sort). */
export function boxStatsSorted(name: string, s: Float64Array, maxOutliers = 500): BoxStats | null {
  const n = s.length;
  if (n === 0) return null;
  const q1 = quantileSorted(s, 0.25);
  const q3 = quantileSorted(s, 0.75);
  const iqr = q3 - q1;
  const loFence = q1 - 1.5 * iqr;
  const hiFence = q3 + 1.5 * iqr;
  let lo = 0;
  while (s[lo] < loFence) lo++;
  let hi = n - 1;
  while (s[hi] > hiFence) hi--;
  const out: number[] = [];
  for (let i = 0; i < lo; i++) out.push(s[i]);
  for (let i = n - 1; i > hi; i--) out.push(s[i]);
  // Keep the most extreme outliers when capping: they are the ones a reader must see.
  out.sort((a, b) => Math.max(Math.abs(b - q3), Math.abs(q1 - b)) - Math.max(Math.abs(a - q3), Math.abs(q1 - a)));
  return {
    name,
    count: n,
    q1,
    median: quantileSorted(s, 0.5),
    q3,
    lower: s[lo],
    upper: s[hi],
    outlierCount: out.length,
    outliers: out.slice(0, maxOutliers),
  };
}
