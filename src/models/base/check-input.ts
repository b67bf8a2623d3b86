/**
 * Input checks shared by every estimator's `fit` and `predict`: shapes, emptiness, finiteness and
 * weights. Messages name the estimator, the column and the first offending row (1-based).
 */
import type { Matrix } from '../../core/arrays.js';
import { ConvoptError, NotFittedError } from '../../core/errors.js';

export interface CheckOptions {
  /** Allow NaN in X (models with native missing-value support). Infinity is never allowed. */
  readonly allowNaN?: boolean;
  /** Minimum rows (default 1). */
  readonly minRows?: number;
  /**
   * Skip the finiteness scans of X and y: the caller gets it from a pass it makes anyway (a sum is
   * finite when every term is) and, when that says otherwise, calls again without this flag so the
   * error names the offending row exactly as before.
   */
  readonly deferFinite?: boolean;
}

function featureName(X: Matrix, j: number): string {
  return X.names?.[j] ?? `feature ${j}`;
}

/** Validates X (and y, weights when given) for fit. */
export function checkFitInput(kind: string, X: Matrix, y: ArrayLike<number>, sampleWeight?: ArrayLike<number>, opts: CheckOptions = {}): void {
  const minRows = opts.minRows ?? 1;
  if (X.columns.length === 0) throw new ConvoptError('INVALID_DATA', `${kind}.fit got a matrix with no feature columns.`, { hint: 'Pass at least one feature.' });
  if (X.nRows < minRows) {
    throw new ConvoptError('INVALID_DATA', `${kind}.fit needs at least ${minRows} row${minRows === 1 ? '' : 's'}; got ${X.nRows}.`, { hint: 'Check that filtering or the split left enough training rows.' });
  }
  if (y.length !== X.nRows) {
    throw new ConvoptError('INVALID_DATA', `${kind}.fit got ${X.nRows} rows in X but ${y.length} targets in y.`, { hint: 'X and y must describe the same rows.' });
  }
  checkMatrix(kind, 'fit', X, opts);
  if (!opts.deferFinite && !allFinite(y)) {
    for (let i = 0; i < y.length; i++) {
      if (!Number.isFinite(y[i])) {
        throw new ConvoptError('INVALID_DATA', `${kind}.fit: target y is not finite at row ${i + 1} (${y[i]}).`, { row: i + 1, value: y[i], hint: 'Drop or impute rows with a missing target.' });
      }
    }
  }
  if (sampleWeight) {
    if (sampleWeight.length !== X.nRows) {
      throw new ConvoptError('INVALID_DATA', `${kind}.fit got ${sampleWeight.length} sample weights for ${X.nRows} rows.`);
    }
    let total = 0;
    for (let i = 0; i < sampleWeight.length; i++) {
      const w = sampleWeight[i];
      if (!Number.isFinite(w) || w < 0) {
        throw new ConvoptError('INVALID_DATA', `${kind}.fit: sample weight at row ${i + 1} is ${w}; weights must be finite and ≥ 0.`, { row: i + 1, value: w });
      }
      total += w;
    }
    if (total <= 0) throw new ConvoptError('INVALID_DATA', `${kind}.fit: sample weights sum to 0.`, { hint: 'Give at least one row a positive weight.' });
  }
}

/** Validates X for predict against the number of features seen in fit. */
export function checkPredictInput(kind: string, X: Matrix, nFeatures: number, opts: CheckOptions = {}): void {
  if (X.columns.length !== nFeatures) {
    throw new ConvoptError('INVALID_DATA', `${kind}.predict got ${X.columns.length} features; the model was fitted on ${nFeatures}.`, { hint: 'Pass the same feature columns, in the same order, as in fit.' });
  }
  checkMatrix(kind, 'predict', X, opts);
}

/**
 * True when every value is finite. v * 0 is 0 for a finite v and NaN for NaN or ±Infinity, and a NaN
 * survives the sum (no overflow either way); four running sums keep the loop free of branches and of
 * one long add chain. Callers scan again only to name the offending row.
 */
export function allFinite(a: ArrayLike<number>): boolean {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = a.length;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[i]! * 0;
    s1 += a[i + 1]! * 0;
    s2 += a[i + 2]! * 0;
    s3 += a[i + 3]! * 0;
  }
  for (; i < n; i++) s0 += a[i]! * 0;
  return s0 + s1 + s2 + s3 === 0;
}

function checkMatrix(kind: string, method: string, X: Matrix, opts: CheckOptions): void {
  for (let j = 0; j < X.columns.length; j++) {
    const col = X.columns[j];
    if (col.length !== X.nRows) throw new ConvoptError('INVALID_DATA', `${kind}.${method}: column ${featureName(X, j)} has ${col.length} rows, expected ${X.nRows}.`);
    if (opts.deferFinite || allFinite(col)) continue;
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      if (v - v !== 0) {
        // v - v is NaN exactly for NaN and ±Infinity: one comparison in the hot loop.
        if (Number.isNaN(v) && opts.allowNaN) continue;
        throw new ConvoptError(
          'INVALID_DATA',
          `${kind}.${method}: ${featureName(X, j)} is ${v} at row ${i + 1}; ${opts.allowNaN ? 'infinite values are not allowed' : `${kind} does not accept missing or infinite values`}.`,
          { row: i + 1, column: featureName(X, j), value: v, hint: opts.allowNaN ? 'Replace infinities (e.g. from x/0) before fitting.' : 'Impute or drop missing values first, or use HistGradientBoostingRegressor, which handles NaN natively.' },
        );
      }
    }
  }
}

/** Returns the learned value, or throws NotFittedError when fit has not run. */
export function fitted<T>(kind: string, value: T | undefined): T {
  if (value === undefined) throw new NotFittedError(kind);
  return value;
}
