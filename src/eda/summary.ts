/**
 * Per-column summary statistics (the `describe()` table): count, missing, mean, sample standard
 * deviation (n − 1, as pandas), min, quartiles (pandas-linear, see quantile.ts), max and the number
 * of distinct values; for categorical columns, distinct levels and the most frequent one.
 */
import type { Frame } from '../data/frame.js';
import { quantileSorted, sortedFinite } from './quantile.js';

export interface NumericSummary {
  readonly name: string;
  readonly kind: 'numeric';
  readonly count: number;
  readonly missing: number;
  readonly mean: number | null;
  /** Sample standard deviation (ddof = 1); null when fewer than two values. */
  readonly std: number | null;
  readonly min: number | null;
  readonly q1: number | null;
  readonly median: number | null;
  readonly q3: number | null;
  readonly max: number | null;
  readonly distinct: number;
}

export interface CategoricalSummary {
  readonly name: string;
  readonly kind: 'categorical';
  readonly count: number;
  readonly missing: number;
  readonly distinct: number;
  /** Most frequent level (ties → first in level order) and its count. */
  readonly top: string | null;
  readonly topCount: number;
  /** Count per level, in level order. */
  readonly levels: readonly { readonly level: string; readonly count: number }[];
}

export type ColumnSummary = NumericSummary | CategoricalSummary;

const orNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Summary of one numeric column; NaN (and ±Infinity) count as missing. */
export function summarizeNumeric(name: string, values: ArrayLike<number>): NumericSummary {
  return summarizeSorted(name, sortedFinite(values), values.length);
}

/** Summary from the column's finite values already sorted ascending (`total` counts missing too). */
export function summarizeSorted(name: string, sorted: Float64Array, total: number): NumericSummary {
  const n = sorted.length;
  // Two-pass mean/variance: numerically safer than the running-sum formula on large counts.
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  const mean = n ? sum / n : NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i] - mean) ** 2;
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  return {
    name,
    kind: 'numeric',
    count: n,
    missing: total - n,
    mean: orNull(mean),
    std: n > 1 ? Math.sqrt(ss / (n - 1)) : null,
    min: n ? sorted[0] : null,
    q1: orNull(quantileSorted(sorted, 0.25)),
    median: orNull(quantileSorted(sorted, 0.5)),
    q3: orNull(quantileSorted(sorted, 0.75)),
    max: n ? sorted[n - 1] : null,
    distinct,
  };
}

/** Summary of one dictionary-encoded column (code −1 = missing). */
export function summarizeCategorical(name: string, codes: Int32Array, levels: readonly string[]): CategoricalSummary {
  const counts = new Float64Array(levels.length);
  let missing = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c < 0) missing++;
    else counts[c]++;
  }
  let top = -1;
  for (let l = 0; l < levels.length; l++) if (counts[l] > 0 && (top < 0 || counts[l] > counts[top])) top = l;
  let distinct = 0;
  for (let l = 0; l < levels.length; l++) if (counts[l] > 0) distinct++;
  return {
    name,
    kind: 'categorical',
    count: codes.length - missing,
    missing,
    distinct,
    top: top >= 0 ? levels[top] : null,
    topCount: top >= 0 ? counts[top] : 0,
    levels: levels.map((level, l) => ({ level, count: counts[l] })),
  };
}

/** One summary per column, in frame order (or the given order). */
export function summarizeFrame(frame: Frame, columns: readonly string[] = frame.names): ColumnSummary[] {
  return columns.map((name) => {
    const s = frame.column(name);
    return s.kind === 'numeric' ? summarizeNumeric(name, s.values) : summarizeCategorical(name, s.codes, s.levels);
  });
}
