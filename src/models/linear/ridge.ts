/**
 * `Ridge`: least squares with an L2 penalty α‖coef‖² (intercept not penalised), as scikit-learn's Ridge
 * with its default Cholesky solver. α = 0 is ordinary least squares (minimum norm when rank deficient).
 */
import type { Matrix } from '../../core/arrays.js';
import { type ConstraintTable, validateParams } from '../base/constraints.js';
import type { FitOptions, ModelJSON, Regressor } from '../base/estimator.js';
import { MODEL_FORMAT_VERSION, checkModelJSON } from '../io/format.js';
import { LinearModelBase, type LinearState } from './base.js';
import { ridgeSolve } from './solvers/ridge.js';

const KIND = 'Ridge';

export interface RidgeParams {
  /** Penalty strength (≥ 0; default 1.0). */
  readonly alpha: number;
  readonly fitIntercept: boolean;
}

export const RIDGE_DEFAULTS: RidgeParams = { alpha: 1.0, fitIntercept: true };
const CONSTRAINTS: ConstraintTable<RidgeParams> = {
  alpha: [{ type: 'float', min: 0 }],
  fitIntercept: [{ type: 'boolean' }],
};

/**
 * @example new Ridge({ alpha: 0.5 }).fit(X, y).predict(X)
 */
export class Ridge extends LinearModelBase implements Regressor<RidgeParams> {
  readonly kind = KIND;
  readonly params: RidgeParams;

  constructor(params: Partial<RidgeParams> = {}) {
    super();
    this.params = { ...RIDGE_DEFAULTS, ...params };
  }

  getParams(): RidgeParams {
    return { ...this.params };
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    validateParams(KIND, this.params, CONSTRAINTS);
    this.fitLeastSquares(X, y, options, this.params.fitIntercept, (design) => ridgeSolve(design, this.params.alpha));
    return this;
  }

  predict(X: Matrix): Float64Array {
    return this.linear(X);
  }

  toJSON(): ModelJSON<RidgeParams, LinearState> {
    return { format: 'convopt-model', formatVersion: MODEL_FORMAT_VERSION, kind: KIND, params: this.getParams(), state: this.state() };
  }

  static fromJSON(doc: unknown): Ridge {
    const j = checkModelJSON(doc, KIND);
    const m = new Ridge(j.params as Partial<RidgeParams>);
    validateParams(KIND, m.params, CONSTRAINTS);
    m.restore(j.state);
    return m;
  }
}
