/**
 * Numeric dtypes, declared once. Training data is column-major: one typed array per feature.
 * Features are `Float64Array` (or `Float32Array` when memory matters), bin codes `Uint8Array`,
 * gradients/hessians `Float32Array` with `Float64` accumulators.
 */

/** One feature column. */
export type NumericColumn = Float64Array | Float32Array;
/** Bin codes of one binned feature (≤ 256 bins). */
export type BinnedColumn = Uint8Array;
/** Gradients and hessians. */
export type GradientArray = Float32Array;

/** A column-major numeric matrix: `columns[j][i]` is row i of feature j. */
export interface Matrix {
  readonly nRows: number;
  readonly columns: readonly NumericColumn[];
  /** Feature names, when known (same length as `columns`). */
  readonly names?: readonly string[];
}

/** Builds a Matrix from columns, checking every column has the same length. */
export function matrix(columns: readonly NumericColumn[], names?: readonly string[]): Matrix {
  const nRows = columns.length ? columns[0].length : 0;
  for (let j = 1; j < columns.length; j++) {
    if (columns[j].length !== nRows) {
      throw new RangeError(`Column ${names?.[j] ?? j} has ${columns[j].length} rows; column 0 has ${nRows}.`);
    }
  }
  if (names && names.length !== columns.length) throw new RangeError(`${names.length} names for ${columns.length} columns.`);
  return names ? { nRows, columns, names } : { nRows, columns };
}

/** Row-major nested arrays → Matrix (handy in tests and small examples). */
export function fromRows(rows: readonly (readonly number[])[], names?: readonly string[]): Matrix {
  const nCols = rows.length ? rows[0].length : (names?.length ?? 0);
  const columns = Array.from({ length: nCols }, () => new Float64Array(rows.length));
  rows.forEach((row, i) => {
    if (row.length !== nCols) throw new RangeError(`Row ${i} has ${row.length} values; expected ${nCols}.`);
    for (let j = 0; j < nCols; j++) columns[j][i] = row[j];
  });
  return matrix(columns, names);
}

/** The sub-matrix of the given rows (copied), in the given order. */
export function takeRows(X: Matrix, rows: ArrayLike<number>): Matrix {
  const columns = X.columns.map((col) => {
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = col[rows[i]];
    return out;
  });
  return X.names ? { nRows: rows.length, columns, names: X.names } : { nRows: rows.length, columns };
}

/** Elements of `a` at `rows` (copied). */
export function take(a: ArrayLike<number>, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = a[rows[i]];
  return out;
}
