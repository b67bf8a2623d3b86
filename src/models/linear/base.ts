/**
 * What the three linear models share: learned `coef_` / `intercept_` / `nFeaturesIn_`, the
 * least-squares fit path (LinearRegression, Ridge), prediction η = intercept + X·coef (with an
 * optional inverse link), and the model-file state `{coef (base64 f64), intercept, nFeatures,
 * featureNames}` so a reloaded model predicts bit for bit.
 */
import type { Matrix } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { checkFitInput, checkPredictInput, fitted } from '../base/check-input.js';
import type { FitOptions } from '../base/estimator.js';
import { type EncodedArray, decodeArray, encodeArray } from '../io/typed-codec.js';
import { type Design, buildDesign, unscale } from './solvers/design.js';

export interface LinearState {
  readonly coef: EncodedArray;
  readonly intercept: number;
  readonly nFeatures: number;
  readonly featureNames: string[] | null;
  readonly [extra: string]: unknown;
}

export interface LinearFit {
  coef: Float64Array;
  intercept: number;
  featureNames: string[] | null;
}

/** intercept + X·coef, row by row, reading X column by column. */
export function linearPredictor(X: Matrix, coef: Float64Array, intercept: number): Float64Array {
  const out = new Float64Array(X.nRows).fill(intercept);
  for (let j = 0; j < coef.length; j++) {
    const c = coef[j];
    const x = X.columns[j];
    for (let i = 0; i < out.length; i++) out[i] += c * x[i];
  }
  return out;
}

/** Learned-state accessors and prediction, shared by LinearRegression, Ridge and PoissonRegressor. */
export abstract class LinearModelBase {
  abstract readonly kind: string;
  protected fit_: LinearFit | undefined;

  /** Coefficients, one per feature, in the order of X's columns. */
  get coef_(): Float64Array {
    return fitted(this.kind, this.fit_).coef;
  }
  get intercept_(): number {
    return fitted(this.kind, this.fit_).intercept;
  }
  get nFeaturesIn_(): number {
    return fitted(this.kind, this.fit_).coef.length;
  }
  /** Feature names seen in fit (X.names), or null. */
  get featureNamesIn_(): readonly string[] | null {
    return fitted(this.kind, this.fit_).featureNames;
  }

  /**
   * The least-squares fit LinearRegression and Ridge share: input checks, the centred and scaled
   * design, `solve` on it (coefficients in the design's scaled units), and the coefficients back in
   * the data's units.
   */
  protected fitLeastSquares(X: Matrix, y: Float64Array, options: FitOptions, fitIntercept: boolean, solve: (design: Design) => Float64Array): void {
    // Unweighted with an intercept, the design's column sums prove X and y finite: the check's own
    // scan is skipped and rerun (to name the bad row) only when a sum is not finite.
    const defer = !options.sampleWeight && fitIntercept;
    checkFitInput(this.kind, X, y, options.sampleWeight, { deferFinite: defer });
    this.fit_ = undefined;
    const design = buildDesign(X, y, options.sampleWeight, fitIntercept);
    if (defer && !design.sumsFinite) checkFitInput(this.kind, X, y, options.sampleWeight);
    const { coef, intercept } = unscale(design, solve(design));
    this.fit_ = { coef, intercept, featureNames: X.names ? [...X.names] : null };
  }

  /** η = intercept + X·coef. */
  protected linear(X: Matrix): Float64Array {
    const f = fitted(this.kind, this.fit_);
    checkPredictInput(this.kind, X, f.coef.length);
    return linearPredictor(X, f.coef, f.intercept);
  }

  protected state(extra: Record<string, unknown> = {}): LinearState {
    const f = fitted(this.kind, this.fit_);
    return { coef: encodeArray(f.coef), intercept: f.intercept, nFeatures: f.coef.length, featureNames: f.featureNames ? [...f.featureNames] : null, ...extra };
  }

  protected restore(state: unknown): void {
    const s = state as Partial<LinearState>;
    const bad = (what: string): never => {
      throw new ConvoptError('MODEL_FORMAT', `${this.kind} model file has a malformed state: ${what}.`, { hint: 'The model file is corrupted; retrain or restore it.' });
    };
    if (!s || typeof s !== 'object') bad('missing');
    if (!Number.isInteger(s.nFeatures) || (s.nFeatures as number) < 1) bad('nFeatures must be a positive integer');
    if (typeof s.intercept !== 'number' || !Number.isFinite(s.intercept)) bad('intercept must be a finite number');
    const coef = decodeArray(s.coef as EncodedArray, 'f64');
    if (coef.length !== s.nFeatures) bad(`${coef.length} coefficients for ${s.nFeatures} features`);
    if (!coef.every(Number.isFinite)) bad('coefficients must be finite');
    const names = s.featureNames ?? null;
    if (names !== null && (!Array.isArray(names) || names.length !== coef.length || !names.every((n) => typeof n === 'string'))) bad('featureNames must list one name per feature');
    this.fit_ = { coef, intercept: s.intercept as number, featureNames: names };
  }
}
