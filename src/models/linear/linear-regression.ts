/**
 * `LinearRegression`: ordinary least squares, as scikit-learn's. The intercept is fitted by centring;
 * rank-deficient data (duplicate or constant columns) gets the minimum-norm solution, like
 * scikit-learn's lstsq. Solver details in `solvers/lstsq.ts`.
 */
import type { Matrix } from '../../core/arrays.js';
import { type ConstraintTable, validateParams } from '../base/constraints.js';
import type { FitOptions, ModelJSON, Regressor } from '../base/estimator.js';
import { MODEL_FORMAT_VERSION, checkModelJSON } from '../io/format.js';
import { LinearModelBase, type LinearState } from './base.js';
import { lstsq } from './solvers/lstsq.js';

const KIND = 'LinearRegression';

export interface LinearRegressionParams {
  /** Fit an intercept (default true). */
  readonly fitIntercept: boolean;
}

export const LINEAR_REGRESSION_DEFAULTS: LinearRegressionParams = { fitIntercept: true };
const CONSTRAINTS: ConstraintTable<LinearRegressionParams> = { fitIntercept: [{ type: 'boolean' }] };

/**
 * @example
 * const m = new LinearRegression().fit(X, y);
 * m.coef_; m.intercept_; m.predict(X);
 */
export class LinearRegression extends LinearModelBase implements Regressor<LinearRegressionParams> {
  readonly kind = KIND;
  readonly params: LinearRegressionParams;
  /** Numerical rank of the centred design seen in fit. */
  rank_: number | undefined;

  constructor(params: Partial<LinearRegressionParams> = {}) {
    super();
    this.params = { ...LINEAR_REGRESSION_DEFAULTS, ...params };
  }

  getParams(): LinearRegressionParams {
    return { ...this.params };
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    validateParams(KIND, this.params, CONSTRAINTS);
    this.rank_ = undefined;
    this.fitLeastSquares(X, y, options, this.params.fitIntercept, (design) => {
      const { z, rank } = lstsq(design);
      this.rank_ = rank;
      return z;
    });
    return this;
  }

  predict(X: Matrix): Float64Array {
    return this.linear(X);
  }

  toJSON(): ModelJSON<LinearRegressionParams, LinearState> {
    return { format: 'convopt-model', formatVersion: MODEL_FORMAT_VERSION, kind: KIND, params: this.getParams(), state: this.state({ rank: this.rank_ ?? null }) };
  }

  static fromJSON(doc: unknown): LinearRegression {
    const j = checkModelJSON(doc, KIND);
    const m = new LinearRegression(j.params as Partial<LinearRegressionParams>);
    validateParams(KIND, m.params, CONSTRAINTS);
    m.restore(j.state);
    const rank = (j.state as { rank?: unknown }).rank;
    m.rank_ = typeof rank === 'number' ? rank : undefined;
    return m;
  }
}
