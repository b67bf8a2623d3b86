/**
 * The estimator contract, after scikit-learn's: the constructor stores options exactly as given,
 * `fit` validates them (against a declarative constraint table) and learns; learned state ends in `_`
 * and reading it before `fit` throws `NotFittedError`; `fit` returns `this` and refitting discards
 * earlier state. Hyperparameter names are scikit-learn's, in camelCase, with the same defaults.
 */
import type { Matrix } from '../../core/arrays.js';
import type { Rng } from '../../core/rng.js';

export interface FitOptions {
  /** Per-row weights (non-negative, same length as y). */
  readonly sampleWeight?: Float64Array;
  /** Seed or generator; overrides the estimator's `randomState` for this fit. */
  readonly seed?: number | Rng;
}

/** Serialised model: versioned, self-describing, and byte-identical for the same data and seed. */
export interface ModelJSON<P = Record<string, unknown>, S = Record<string, unknown>> {
  readonly format: 'convopt-model';
  readonly formatVersion: number;
  readonly kind: string;
  readonly params: P;
  readonly state: S;
}

export interface Regressor<P extends object = object> {
  /** Class name, e.g. `RandomForestRegressor`; the key of the model registry. */
  readonly kind: string;
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this;
  predict(X: Matrix): Float64Array;
  /** The hyperparameters as given to the constructor, with defaults filled in. */
  getParams(): P;
  toJSON(): ModelJSON<P>;
  /** Number of features seen in fit. */
  readonly nFeaturesIn_: number;
}

/** Constructor shape for search/clone: `new Ctor(params)`. */
export type RegressorFactory<P extends object = object> = (params: Partial<P>) => Regressor<P>;
