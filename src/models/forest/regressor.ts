/**
 * `RandomForestRegressor`: bagged CART trees (scikit-learn's defaults: 100 trees, all features per
 * split, bootstrap). Bootstraps enter the trees as integer sample weights (no copied data), the
 * features are presorted once for all trees, and trees are grown in parallel over worker threads
 * with results identical for every `nJobs`.
 */
import type { Matrix } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { checkPredictInput, fitted } from '../base/check-input.js';
import { type ConstraintTable, validateParams } from '../base/constraints.js';
import type { FitOptions, ModelJSON, Regressor } from '../base/estimator.js';
import { MODEL_FORMAT_VERSION, checkModelJSON } from '../io/format.js';
import { flatEnsembleOf } from '../tree/flat-ensemble.js';
import { prepareFit } from '../tree/fit-input.js';
import { releaseWorkspace } from '../tree/workspace.js';
import { TREE_CONSTRAINTS, TREE_DEFAULTS, type TreeParams, resolveTreeParams } from '../tree/params.js';
import { Tree, type TreeJSON } from '../tree/tree.js';
import { checkArray, checkFeatureCount, checkFinite, malformed, meanImportances } from '../tree/util.js';
import type { ForestJob } from './grow.js';
import { outOfBag } from './oob.js';
import { growForest, resolveJobs, startForestThreads } from './threads.js';

export interface RandomForestParams extends TreeParams {
  readonly nEstimators: number;
  readonly bootstrap: boolean;
  /** Compute `oobScore_` / `oobPrediction_` (needs bootstrap). */
  readonly oobScore: boolean;
  /** Rows per bootstrap: null = all, an integer count, or a fraction in (0, 1). */
  readonly maxSamples: number | null;
  /** Threads (caller included); null = every core. Never changes the result. */
  readonly nJobs: number | null;
  readonly randomState: number | null;
}

export const RANDOM_FOREST_DEFAULTS: RandomForestParams = {
  ...TREE_DEFAULTS,
  nEstimators: 100,
  bootstrap: true,
  oobScore: false,
  maxSamples: null,
  nJobs: null,
  randomState: null,
};

/** A parameter combination the constraint table cannot express. */
function badParam(message: string, path: string): ConvoptError {
  return new ConvoptError('INVALID_PARAMETER', `RandomForestRegressor: ${message}`, { path });
}

const CONSTRAINTS: ConstraintTable<RandomForestParams> = {
  ...TREE_CONSTRAINTS,
  nEstimators: [{ type: 'int', min: 1 }],
  bootstrap: [{ type: 'boolean' }],
  oobScore: [{ type: 'boolean' }],
  maxSamples: [{ type: 'int', min: 1 }, { type: 'float', min: 0, max: 1, minExclusive: true, maxExclusive: true }, { type: 'null' }],
  nJobs: [{ type: 'int', min: 1 }, { type: 'null' }],
  randomState: [{ type: 'int', min: 0 }, { type: 'null' }],
};

/** Type alias (not interface) so it satisfies ModelJSON's `Record<string, unknown>` state. */
export type RandomForestState = {
  readonly nFeatures: number;
  readonly trees: readonly TreeJSON[];
  readonly oobScore: number | null;
};

export class RandomForestRegressor implements Regressor<RandomForestParams> {
  readonly kind = 'RandomForestRegressor';
  readonly params: RandomForestParams;
  private trees?: Tree[];
  private nFeatures?: number;
  private oob?: { score: number; prediction: Float64Array } | null;

  constructor(params: Partial<RandomForestParams> = {}) {
    this.params = { ...RANDOM_FOREST_DEFAULTS, ...params };
  }

  getParams(): RandomForestParams {
    return { ...this.params };
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    const p = this.params;
    validateParams(this.kind, p, CONSTRAINTS);
    if (p.oobScore && !p.bootstrap) {
      throw badParam('oobScore: true needs bootstrap: true (without bootstrap no row is out of bag).', 'oobScore');
    }
    if (p.maxSamples !== null && !p.bootstrap) {
      throw badParam('maxSamples applies only with bootstrap: true.', 'maxSamples');
    }
    const { data, weights, totalWeight } = prepareFit(this.kind, X, y, options.sampleWeight, p.criterion);
    const n = X.nRows;
    const nDraws = p.maxSamples === null ? n : Number.isInteger(p.maxSamples) ? p.maxSamples : Math.max(1, Math.round(p.maxSamples * n));
    if (nDraws > n) throw badParam(`maxSamples is ${p.maxSamples} but the data has only ${n} rows.`, 'maxSamples');
    const seed = options.seed instanceof Rng ? options.seed.nextSeed() : (options.seed ?? p.randomState ?? 0);
    const job: ForestJob = {
      data,
      y,
      sampleWeight: weights,
      tree: resolveTreeParams(p, n, X.columns.length, totalWeight),
      rootSeed: seed,
      bootstrap: p.bootstrap,
      nDraws,
    };
    this.trees = growForest(job, p.nEstimators, resolveJobs(p.nJobs, p.nEstimators));
    releaseWorkspace(data); // trees grown here used data's workspace: its wasm arena serves the next fit
    this.nFeatures = X.columns.length;
    this.oob = p.oobScore ? outOfBag(this.trees, X, y, options.sampleWeight, seed, nDraws) : null;
    return this;
  }

  /**
   * Like `fit`, but first boots the worker threads (which a synchronous fit cannot wait for), so the
   * fit runs on `nJobs` threads even the first time. Same result as `fit`.
   */
  async fitAsync(X: Matrix, y: Float64Array, options: FitOptions = {}): Promise<this> {
    const jobs = resolveJobs(this.params.nJobs, this.params.nEstimators);
    if (jobs > 1) await startForestThreads(jobs);
    return this.fit(X, y, options);
  }

  get estimators_(): readonly Tree[] {
    return fitted(this.kind, this.trees);
  }

  get nFeaturesIn_(): number {
    return fitted(this.kind, this.nFeatures);
  }

  /** Out-of-bag R² (fit with oobScore: true). */
  get oobScore_(): number {
    const oob = fitted(this.kind, this.oob);
    if (oob === null) throw badParam('oobScore_ is only computed when fitting with oobScore: true.', 'oobScore');
    return oob.score;
  }

  /** Out-of-bag prediction per training row (NaN where a row was in every bootstrap). */
  get oobPrediction_(): Float64Array {
    const oob = fitted(this.kind, this.oob);
    if (oob === null || oob.prediction.length === 0) throw badParam('oobPrediction_ is only available right after fitting with oobScore: true (it is not saved).', 'oobScore');
    return oob.prediction;
  }

  /** Mean over trees of each tree's normalised impurity decrease per feature. */
  get featureImportances_(): Float64Array {
    return meanImportances(this.estimators_, this.nFeaturesIn_);
  }

  predict(X: Matrix): Float64Array {
    const trees = this.estimators_;
    checkPredictInput(this.kind, X, this.nFeaturesIn_);
    const out = new Float64Array(X.nRows);
    // Same sums in the same tree order as Tree.addPredictions per tree, in a cache-friendly layout.
    flatEnsembleOf(trees, this.nFeaturesIn_).addPredictions(X, out);
    for (let i = 0; i < out.length; i++) out[i] /= trees.length;
    return out;
  }

  toJSON(): ModelJSON<RandomForestParams, RandomForestState> {
    const trees = this.estimators_;
    return {
      format: 'convopt-model',
      formatVersion: MODEL_FORMAT_VERSION,
      kind: this.kind,
      params: this.getParams(),
      state: { nFeatures: this.nFeaturesIn_, trees: trees.map((t) => t.toJSON()), oobScore: this.oob ? this.oob.score : null },
    };
  }

  static fromJSON(doc: unknown): RandomForestRegressor {
    const d = checkModelJSON(doc, 'RandomForestRegressor');
    const s = d.state as unknown as RandomForestState;
    const m = new RandomForestRegressor(d.params as Partial<RandomForestParams>);
    validateParams(m.kind, m.params, CONSTRAINTS);
    m.nFeatures = checkFeatureCount(s.nFeatures);
    const trees = checkArray<TreeJSON>(s.trees, 'trees');
    if (trees.length === 0) malformed('the forest has no trees');
    m.trees = trees.map((t) => Tree.fromJSON(t, m.nFeatures as number));
    // The OOB prediction per row is training-time data and is not saved; the score is.
    m.oob = s.oobScore === null || s.oobScore === undefined ? null : { score: checkFinite(s.oobScore, 'oobScore'), prediction: new Float64Array(0) };
    return m;
  }
}
