/**
 * Pearson and Spearman correlation, pairwise over rows where both values are present (pandas'
 * `DataFrame.corr` behaviour). Spearman is Pearson on average ranks (ties averaged, see rank.ts).
 * A constant column has no defined correlation: the result is null, not NaN, so JSON stays valid.
 */
import type { Frame } from '../data/frame.js';
import { averageRanks } from './rank.js';

export type CorrelationMethod = 'pearson' | 'spearman';

export interface CorrelationMatrix {
  readonly method: CorrelationMethod;
  readonly columns: readonly string[];
  /** values[i][j]: correlation of columns i and j; null when undefined (constant or < 2 pairs). */
  readonly values: readonly (readonly (number | null)[])[];
}

function completePairs(x: ArrayLike<number>, y: ArrayLike<number>): [Float64Array, Float64Array] {
  if (x.length !== y.length) throw new RangeError(`x has ${x.length} values, y has ${y.length}.`);
  let n = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) n++;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      a[k] = x[i];
      b[k++] = y[i];
    }
  }
  return [a, b];
}

function pearsonComplete(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  const n = a.length;
  if (n < 2) return null;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return null;
  // Clamp: rounding can push |r| a hair past 1 for perfectly collinear data.
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}

/** Pearson's r over complete pairs; null when undefined. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const [a, b] = completePairs(x, y);
  return pearsonComplete(a, b);
}

/** Spearman's ρ (Pearson on average ranks) over complete pairs; null when undefined. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const [a, b] = completePairs(x, y);
  return pearsonComplete(averageRanks(a), averageRanks(b));
}

function isComplete(c: ArrayLike<number>): boolean {
  for (let i = 0; i < c.length; i++) if (!Number.isFinite(c[i])) return false;
  return true;
}

/** Symmetric correlation matrix of numeric frame columns. */
export function correlationMatrix(frame: Frame, columns: readonly string[], method: CorrelationMethod): CorrelationMatrix {
  let cols: ArrayLike<number>[] = columns.map((c) => frame.numeric(c));
  let f = method === 'pearson' ? pearson : spearman;
  // With no missing value anywhere, every pair uses all rows, so each column is ranked once
  // (k sorts instead of k·(k−1)); with gaps, ranks depend on the pair and are computed per pair.
  if (cols.every((c) => isComplete(c))) {
    if (method === 'spearman') cols = cols.map((c) => averageRanks(c));
    // No gaps: skip the per-pair complete-case copies.
    f = pearsonComplete;
  }
  const values: (number | null)[][] = columns.map(() => new Array<number | null>(columns.length).fill(null));
  for (let i = 0; i < cols.length; i++) {
    for (let j = i; j < cols.length; j++) {
      const r = i === j ? (pearson(cols[i], cols[i]) === null ? null : 1) : f(cols[i], cols[j]);
      values[i][j] = r;
      values[j][i] = r;
    }
  }
  return { method, columns: [...columns], values };
}
