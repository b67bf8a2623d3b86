/**
 * `PoissonRegressor`: a generalised linear model with log link for counts (conversions), as
 * scikit-learn's PoissonRegressor: minimises half the mean Poisson deviance + (α/2)‖coef‖². Solved by
 * Newton/IRLS with line search (scikit-learn's default is L-BFGS; both reach the same optimum, Newton in
 * far fewer iterations). Predictions exp(η) are always positive. Negative targets are rejected.
 */
import type { Matrix } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { checkFitInput, fitted } from '../base/check-input.js';
import { type ConstraintTable, validateParams } from '../base/constraints.js';
import type { FitOptions, ModelJSON, Regressor } from '../base/estimator.js';
import { MODEL_FORMAT_VERSION, checkModelJSON } from '../io/format.js';
import { LinearModelBase, type LinearState } from './base.js';
import { newtonPoisson } from './solvers/newton-poisson.js';

const KIND = 'PoissonRegressor';

export interface PoissonRegressorParams {
  /** L2 penalty strength (≥ 0; default 1.0 as scikit-learn). */
  readonly alpha: number;
  readonly fitIntercept: boolean;
  /** Iterations (Newton or chord steps) at most (default 100). */
  readonly maxIter: number;
  /**
   * Stop when every gradient entry (with respect to the coefficients) is ≤ tol in absolute value
   * (default 1e-4), or a step lowers the objective by less than 64ε relatively: scikit-learn's lbfgs
   * `gtol` and `ftol`.
   */
  readonly tol: number;
}

export const POISSON_DEFAULTS: PoissonRegressorParams = { alpha: 1.0, fitIntercept: true, maxIter: 100, tol: 1e-4 };
const CONSTRAINTS: ConstraintTable<PoissonRegressorParams> = {
  alpha: [{ type: 'float', min: 0 }],
  fitIntercept: [{ type: 'boolean' }],
  maxIter: [{ type: 'int', min: 1 }],
  tol: [{ type: 'float', min: 0, minExclusive: true }],
};

/**
 * @example new PoissonRegressor({ alpha: 1e-3 }).fit(X, y).predict(X) // all > 0
 */
export class PoissonRegressor extends LinearModelBase implements Regressor<PoissonRegressorParams> {
  readonly kind = KIND;
  readonly params: PoissonRegressorParams;
  private iterations: number | undefined;
  private didConverge: boolean | undefined;

  constructor(params: Partial<PoissonRegressorParams> = {}) {
    super();
    this.params = { ...POISSON_DEFAULTS, ...params };
  }

  getParams(): PoissonRegressorParams {
    return { ...this.params };
  }

  /** Iterations (Newton or chord steps) used by the last fit. */
  get nIter_(): number {
    return fitted(KIND, this.iterations);
  }
  /** Whether the last fit met `tol` within `maxIter`. */
  get converged_(): boolean {
    return fitted(KIND, this.didConverge);
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    validateParams(KIND, this.params, CONSTRAINTS);
    // Unweighted, the finiteness scan is deferred: the solver's first objective is finite exactly when
    // X and y are (for y ≥ 0 with a positive sum). The full check runs before any data error is thrown,
    // so errors and their precedence are as before.
    const defer = !options.sampleWeight;
    const fullCheck = (): void => checkFitInput(KIND, X, y, options.sampleWeight);
    checkFitInput(KIND, X, y, options.sampleWeight, { deferFinite: defer });
    let total = 0;
    for (let i = 0; i < y.length; i++) {
      if (y[i] < 0) {
        if (defer) fullCheck();
        throw new ConvoptError('INVALID_DATA', `${KIND}.fit: target y is ${y[i]} at row ${i + 1}; Poisson regression models counts, which cannot be negative.`, {
          row: i + 1,
          value: y[i],
          hint: 'Fix or drop rows with a negative target, or use LinearRegression/Ridge for signed targets.',
        });
      }
      total += (options.sampleWeight ? options.sampleWeight[i] : 1) * y[i];
    }
    if (!(total > 0)) {
      if (defer) fullCheck();
      throw new ConvoptError('INVALID_DATA', `${KIND}.fit: every target is 0, so the fitted rate would be 0 (log of 0 is undefined).`, { hint: 'Train on data with at least one positive count.' });
    }
    this.fit_ = undefined;
    const r = newtonPoisson(X, y, { ...this.params, sampleWeight: options.sampleWeight });
    if (defer && !r.startFinite) fullCheck();
    this.iterations = r.nIter;
    this.didConverge = r.converged;
    this.fit_ = { coef: r.coef, intercept: r.intercept, featureNames: X.names ? [...X.names] : null };
    return this;
  }

  /** Expected counts exp(intercept + X·coef), always > 0. */
  predict(X: Matrix): Float64Array {
    const eta = this.linear(X);
    for (let i = 0; i < eta.length; i++) eta[i] = Math.exp(eta[i]);
    return eta;
  }

  toJSON(): ModelJSON<PoissonRegressorParams, LinearState> {
    return {
      format: 'convopt-model',
      formatVersion: MODEL_FORMAT_VERSION,
      kind: KIND,
      params: this.getParams(),
      state: this.state({ nIter: this.nIter_, converged: this.converged_ }),
    };
  }

  static fromJSON(doc: unknown): PoissonRegressor {
    const j = checkModelJSON(doc, KIND);
    const m = new PoissonRegressor(j.params as Partial<PoissonRegressorParams>);
    validateParams(KIND, m.params, CONSTRAINTS);
    m.restore(j.state);
    const s = j.state as { nIter?: unknown; converged?: unknown };
    m.iterations = typeof s.nIter === 'number' ? s.nIter : 0;
    m.didConverge = typeof s.converged === 'boolean' ? s.converged : true;
    return m;
  }
}
