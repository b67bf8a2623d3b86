/**
 * `SparseDesign`: a regression design where every row has the same small number of non-zero entries
 * (one per categorical term, plus the spend slope). The planning model's one-hot and interaction
 * columns are ~90 wide but each row touches ~8 of them, so storing (column, value) pairs per row makes
 * a Newton step cost O(rows × 8²) instead of O(rows × 90²) — fast enough to refit 100 bootstrap
 * samples inside the optimiser's one-second budget.
 */

export interface SparseDesign {
  readonly nRows: number;
  /** Number of coefficient columns (the intercept is separate). */
  readonly nCols: number;
  /** Entries per row. */
  readonly k: number;
  /** Row-major `nRows × k` column indices (-1 = no entry). */
  readonly index: Int32Array;
  /** Row-major `nRows × k` values. */
  readonly value: Float64Array;
}

/** Linear predictor η = intercept + Σ value·coef for every row. */
export function linearPredictor(X: SparseDesign, intercept: number, coef: Float64Array, out: Float64Array = new Float64Array(X.nRows)): Float64Array {
  const { k, index, value } = X;
  for (let i = 0; i < X.nRows; i++) {
    let eta = intercept;
    const base = i * k;
    for (let e = 0; e < k; e++) {
      const j = index[base + e];
      if (j >= 0) eta += value[base + e] * coef[j];
    }
    out[i] = eta;
  }
  return out;
}
