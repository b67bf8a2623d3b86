/**
 * Presorting: each feature's row indices sorted by value, computed once per fit (or once per
 * ensemble) and reused by every node and every tree. Ties keep row order, so the result is the same
 * whatever the sort implementation.
 */
import type { NumericColumn } from '../../core/arrays.js';

/** Row indices of `col` in ascending value order (stable). */
export function argsortColumn(col: NumericColumn): Int32Array {
  const n = col.length;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => col[a] - col[b] || a - b);
  return idx;
}

/** One sorted index array per feature. */
export function presort(columns: readonly NumericColumn[]): Int32Array[] {
  return columns.map(argsortColumn);
}

/**
 * The per-fit sample order: for each feature j, the rows with positive weight in ascending order of
 * feature j, laid out in one array at offset `j·nSamples`. Zero-weight rows (out-of-bag rows of a
 * bootstrap, rows outside a boosting subsample) are left out, as scikit-learn's splitter does.
 */
export function sampleOrder(sorted: readonly Int32Array[], weights: Float64Array): { order: Int32Array; nSamples: number } {
  let nSamples = 0;
  for (let i = 0; i < weights.length; i++) if (weights[i] > 0) nSamples++;
  const order = new Int32Array(nSamples * sorted.length);
  for (let j = 0; j < sorted.length; j++) {
    const src = sorted[j];
    let k = j * nSamples;
    for (let p = 0; p < src.length; p++) {
      const i = src[p];
      if (weights[i] > 0) order[k++] = i;
    }
  }
  return { order, nSamples };
}
