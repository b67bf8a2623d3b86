/**
 * Cross-validation, as scikit-learn's `cross_validate`: fit a fresh estimator per fold, score the held
 * out rows with each named metric, report per-fold scores plus mean and (population) std, and the
 * out-of-fold predictions. `crossValidateBundle` does the same on raw Frames with a ModelBundle so the
 * features (means, categories) are learned inside each fold, never from the test rows.
 */
import { type Matrix, take, takeRows } from '../core/arrays.js';
import { ConvoptError } from '../core/errors.js';
import { type Rng, asRng } from '../core/rng.js';
import type { Frame } from '../data/frame.js';
import type { Regressor } from '../models/base/estimator.js';
import type { ModelBundle } from '../models/bundle.js';
import { METRICS, type MetricName } from './metrics/index.js';
import type { Fold } from './split/fold.js';

export interface CrossValidateOptions {
  /** Metrics to compute (default r2, rmse, mae). */
  readonly metrics?: readonly MetricName[];
  /** Seed for the estimators; fold k fits with child stream k. Default 0. */
  readonly seed?: number | Rng;
  /** Per-row weights, used in fit and scoring. */
  readonly sampleWeight?: Float64Array;
  /** Also score the training rows of each fold. */
  readonly returnTrainScore?: boolean;
}

export interface FoldScores {
  readonly fold: number;
  readonly nTrain: number;
  readonly nTest: number;
  readonly test: Record<string, number>;
  readonly train?: Record<string, number>;
}

export interface CrossValidateResult {
  readonly metrics: readonly MetricName[];
  readonly folds: readonly FoldScores[];
  readonly mean: Record<string, number>;
  readonly std: Record<string, number>;
  /** Out-of-fold prediction per row (NaN for rows in no test fold; the last fold wins on overlap). */
  readonly oofPredictions: Float64Array;
  /** Metrics that could not be computed for some fold (e.g. Poisson deviance of a negative prediction). */
  readonly warnings: readonly string[];
}

/** A metric value; NaN (with a warning) when the predictions are outside the metric's domain. */
function scoreOne(metric: MetricName, y: Float64Array, p: Float64Array, w: Float64Array | undefined, warnings: string[], where: string): number {
  try {
    return METRICS[metric].fn(y, p, w);
  } catch (err) {
    if (err instanceof ConvoptError && err.code === 'INVALID_ARGUMENT') {
      warnings.push(`${metric} not computed for ${where}: ${err.message}`);
      return NaN;
    }
    throw err;
  }
}

function summarize(metrics: readonly MetricName[], folds: FoldScores[]): { mean: Record<string, number>; std: Record<string, number> } {
  const mean: Record<string, number> = {};
  const std: Record<string, number> = {};
  for (const m of metrics) {
    const v = folds.map((f) => f.test[m]);
    const mu = v.reduce((a, b) => a + b, 0) / v.length;
    mean[m] = mu;
    std[m] = Math.sqrt(v.reduce((a, b) => a + (b - mu) ** 2, 0) / v.length);
  }
  return { mean, std };
}

function checkFolds(folds: readonly Fold[], n: number): void {
  if (folds.length === 0) throw new ConvoptError('INVALID_ARGUMENT', 'Cross-validation needs at least one fold.', { hint: 'Pass folds from kFold/repeatedKFold/foldsFromAssignment.' });
  folds.forEach((f, k) => {
    for (const idx of [f.train, f.test]) {
      for (const r of idx) {
        if (r < 0 || r >= n) throw new ConvoptError('INVALID_ARGUMENT', `Fold ${k + 1} refers to row ${r}, outside 0..${n - 1}.`, { hint: 'Build the folds for the same number of rows as the data.' });
      }
    }
  });
}

/**
 * Cross-validates the estimator made by `factory` on the given folds.
 * @example crossValidate(() => new Ridge(), X, y, kFold(X.nRows, { shuffle: true, seed: 1 }), { metrics: ['r2'] }).mean.r2
 */
export function crossValidate(factory: () => Regressor, X: Matrix, y: Float64Array, folds: readonly Fold[], options: CrossValidateOptions = {}): CrossValidateResult {
  return runFolds(X.nRows, folds, options, y, (fold, seed) => {
    const model = factory().fit(takeRows(X, fold.train), take(y, fold.train), { seed, ...(options.sampleWeight ? { sampleWeight: take(options.sampleWeight, fold.train) } : {}) });
    return { predictTest: () => model.predict(takeRows(X, fold.test)), predictTrain: () => model.predict(takeRows(X, fold.train)) };
  });
}

/**
 * Cross-validates a ModelBundle on a raw Frame: features and model are both fitted per fold.
 * @example crossValidateBundle(() => ModelBundle.create({ features: 'planning' }), frame, folds).mean.r2
 */
export function crossValidateBundle(factory: () => ModelBundle, frame: Frame, folds: readonly Fold[], options: CrossValidateOptions = {}): CrossValidateResult {
  const probe = factory();
  const y = probe.targetOf(frame);
  return runFolds(frame.nRows, folds, options, y, (fold, seed) => {
    const bundle = factory().fit(frame.take(fold.train), { seed, ...(options.sampleWeight ? { sampleWeight: take(options.sampleWeight, fold.train) } : {}) });
    return { predictTest: () => bundle.predict(frame.take(fold.test)), predictTrain: () => bundle.predict(frame.take(fold.train)) };
  });
}

function runFolds(
  n: number,
  folds: readonly Fold[],
  options: CrossValidateOptions,
  y: Float64Array,
  fitFold: (fold: Fold, seed: Rng) => { predictTest: () => Float64Array; predictTrain: () => Float64Array },
): CrossValidateResult {
  checkFolds(folds, n);
  const metrics = options.metrics ?? (['r2', 'rmse', 'mae'] as const);
  for (const m of metrics) {
    if (!Object.prototype.hasOwnProperty.call(METRICS, m)) {
      throw new ConvoptError('INVALID_ARGUMENT', `Unknown metric ${JSON.stringify(m)}.`, { value: m, hint: `Use any of: ${Object.keys(METRICS).join(', ')}.` });
    }
  }
  const rng = asRng(options.seed);
  const oof = new Float64Array(n).fill(NaN);
  const warnings: string[] = [];
  const results: FoldScores[] = folds.map((fold, k) => {
    const fitted = fitFold(fold, rng.child(k));
    const pred = fitted.predictTest();
    for (let i = 0; i < fold.test.length; i++) oof[fold.test[i]] = pred[i];
    const yTest = take(y, fold.test);
    const wTest = options.sampleWeight ? take(options.sampleWeight, fold.test) : undefined;
    const test = Object.fromEntries(metrics.map((m) => [m, scoreOne(m, yTest, pred, wTest, warnings, `fold ${k + 1}`)]));
    let train: Record<string, number> | undefined;
    if (options.returnTrainScore) {
      const pTrain = fitted.predictTrain();
      const yTrain = take(y, fold.train);
      const wTrain = options.sampleWeight ? take(options.sampleWeight, fold.train) : undefined;
      train = Object.fromEntries(metrics.map((m) => [m, scoreOne(m, yTrain, pTrain, wTrain, warnings, `fold ${k + 1} (train)`)]));
    }
    return { fold: k, nTrain: fold.train.length, nTest: fold.test.length, test, ...(train ? { train } : {}) };
  });
  return { metrics: [...metrics], folds: results, ...summarize(metrics, results), oofPredictions: oof, warnings };
}
