/**
 * Grid and random search with cross-validation (scikit-learn's GridSearchCV / RandomizedSearchCV):
 * every candidate is cross-validated on the same folds with the same seed, and the result is a
 * leaderboard sorted by the mean of the ranking metric (its direction taken from the metric registry;
 * failed or NaN scores rank last; ties keep candidate order).
 */
import type { Matrix } from '../../core/arrays.js';
import { ConvoptError, invalidParameter } from '../../core/errors.js';
import { type Rng, asRng } from '../../core/rng.js';
import type { Regressor } from '../../models/base/estimator.js';
import { createModel } from '../../models/io/load.js';
import { type CrossValidateResult, crossValidate } from '../cross-validate.js';
import { METRICS, type MetricName } from '../metrics/index.js';
import type { Fold } from '../split/fold.js';
import { type ParamDistribution, type ParamGrid, type ParamValue, expandGrid, sampleParams } from './space.js';

/** A model kind (see MODEL_KINDS) or a function building an estimator from parameters. */
export type EstimatorSpec = string | ((params: Record<string, ParamValue>) => Regressor);

export interface SearchOptions {
  /** Metric that ranks candidates (default r2). */
  readonly scoring?: MetricName;
  /** Further metrics to report (the scoring metric is always included). */
  readonly metrics?: readonly MetricName[];
  readonly seed?: number | Rng;
  readonly sampleWeight?: Float64Array;
}

export interface LeaderboardEntry {
  /** 1 = best. */
  readonly rank: number;
  /** Candidate index in evaluation order. */
  readonly candidate: number;
  readonly params: Record<string, ParamValue>;
  readonly meanScore: number;
  readonly stdScore: number;
  /** Mean of every reported metric. */
  readonly mean: Record<string, number>;
  readonly std: Record<string, number>;
  readonly foldScores: readonly number[];
}

export interface SearchResult {
  readonly scoring: MetricName;
  readonly leaderboard: readonly LeaderboardEntry[];
  readonly best: LeaderboardEntry;
  readonly warnings: readonly string[];
}

function makeFactory(spec: EstimatorSpec, params: Record<string, ParamValue>): () => Regressor {
  return typeof spec === 'string' ? () => createModel(spec, params as Record<string, unknown>) : () => spec(params);
}

/** Runs CV for each candidate and ranks them. */
export function searchCandidates(spec: EstimatorSpec, candidates: readonly Record<string, ParamValue>[], X: Matrix, y: Float64Array, folds: readonly Fold[], options: SearchOptions = {}): SearchResult {
  if (candidates.length === 0) throw new ConvoptError('INVALID_ARGUMENT', 'The search space has no candidates.', { hint: 'Give at least one value per parameter.' });
  const scoring = options.scoring ?? 'r2';
  if (!Object.prototype.hasOwnProperty.call(METRICS, scoring)) {
    throw new ConvoptError('INVALID_ARGUMENT', `Unknown scoring metric ${JSON.stringify(scoring)}.`, { path: 'scoring', value: scoring, hint: `Use one of: ${Object.keys(METRICS).join(', ')}.` });
  }
  const metrics = [scoring, ...(options.metrics ?? []).filter((m) => m !== scoring)];
  const seed = asRng(options.seed).nextSeed(); // one seed for all candidates: differences come from params only
  const warnings: string[] = [];
  const rows = candidates.map((params, candidate) => {
    const cv: CrossValidateResult = crossValidate(makeFactory(spec, params), X, y, folds, { metrics, seed, ...(options.sampleWeight ? { sampleWeight: options.sampleWeight } : {}) });
    warnings.push(...cv.warnings.map((w) => `candidate ${candidate + 1}: ${w}`));
    return { candidate, params, meanScore: cv.mean[scoring], stdScore: cv.std[scoring], mean: cv.mean, std: cv.std, foldScores: cv.folds.map((f) => f.test[scoring]) };
  });
  const sign = METRICS[scoring].greaterIsBetter ? -1 : 1;
  const key = (s: number) => (Number.isNaN(s) ? Infinity : sign * s);
  const sorted = [...rows].sort((a, b) => key(a.meanScore) - key(b.meanScore) || a.candidate - b.candidate);
  const leaderboard = sorted.map((r, i) => ({ rank: i + 1, ...r }));
  return { scoring, leaderboard, best: leaderboard[0], warnings };
}

/**
 * Exhaustive search over a grid.
 * @example gridSearchCV('Ridge', { alpha: [0.1, 1, 10] }, X, y, kFold(X.nRows, { nSplits: 5 })).best.params
 */
export function gridSearchCV(spec: EstimatorSpec, grid: ParamGrid | readonly ParamGrid[], X: Matrix, y: Float64Array, folds: readonly Fold[], options: SearchOptions = {}): SearchResult {
  return searchCandidates(spec, expandGrid(grid), X, y, folds, options);
}

/**
 * `nIter` candidates drawn from the distributions with a seeded Rng.
 * @example randomSearchCV('PoissonRegressor', { alpha: { type: 'loguniform', low: 1e-4, high: 10 } }, X, y, folds, { nIter: 20, seed: 3 })
 */
export function randomSearchCV(
  spec: EstimatorSpec,
  space: Readonly<Record<string, ParamDistribution>>,
  X: Matrix,
  y: Float64Array,
  folds: readonly Fold[],
  options: SearchOptions & { readonly nIter?: number } = {},
): SearchResult {
  const nIter = options.nIter ?? 10;
  if (!Number.isInteger(nIter) || nIter < 1) invalidParameter('nIter', nIter, 'an integer ≥ 1');
  const rng = asRng(options.seed);
  const candidates = sampleParams(space, nIter, rng.child(0));
  return searchCandidates(spec, candidates, X, y, folds, { ...options, seed: rng.child(1) });
}
