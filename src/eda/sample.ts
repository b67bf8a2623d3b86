/**
 * Seeded row sampling for charts that draw one mark per row (the pair plot): above a cap, a
 * uniform sample without replacement, in original row order, drawn from the explicit seed.
 */
import { Rng } from '../core/rng.js';

export interface RowSample {
  /** Row indices, ascending. */
  readonly rows: Int32Array;
  readonly sampled: boolean;
  readonly total: number;
  readonly seed: number;
}

/** All rows when nRows ≤ maxRows, else a seeded uniform sample of maxRows of them. */
export function sampleRows(nRows: number, maxRows: number, seed: number): RowSample {
  if (nRows <= maxRows) return { rows: Int32Array.from({ length: nRows }, (_, i) => i), sampled: false, total: nRows, seed };
  const rows = new Rng(seed).sampleWithoutReplacement(nRows, maxRows).slice().sort();
  return { rows, sampled: true, total: nRows, seed };
}
