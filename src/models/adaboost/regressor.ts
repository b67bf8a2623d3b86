/**
 * `AdaBoostRegressor`: AdaBoost.R2 (Drucker 1997) as scikit-learn implements it. Each round fits a
 * CART tree (default depth 3) to a weighted bootstrap of the rows, scores every row's error relative
 * to the largest, and re-weights rows by β^(1−error); the ensemble predicts the weighted median of its
 * trees. Rounds stop early when a tree is perfect (error 0) or no better than chance (error ≥ 0.5).
 */
import type { Matrix } from '../../core/arrays.js';
import { asRng } from '../../core/rng.js';
import { checkPredictInput, fitted } from '../base/check-input.js';
import { type ConstraintTable, validateParams } from '../base/constraints.js';
import type { FitOptions, ModelJSON, Regressor } from '../base/estimator.js';
import { MODEL_FORMAT_VERSION, checkModelJSON } from '../io/format.js';
import { buildTree } from '../tree/builder.js';
import { TREE_CONSTRAINTS, TREE_DEFAULTS, type TreeParams, resolveTreeParams } from '../tree/params.js';
import { prepareFit } from '../tree/fit-input.js';
import { releaseWorkspace } from '../tree/workspace.js';
import { Tree, type TreeJSON } from '../tree/tree.js';
import { checkArray, checkFeatureCount, checkFinite, malformed } from '../tree/util.js';
import { weightedBootstrapCounts } from './resample.js';
import { weightedMedian } from './weighted-median.js';

export const ADABOOST_LOSSES = ['linear', 'square', 'exponential'] as const;

/**
 * The base estimator is always a DecisionTreeRegressor; its parameters are the tree parameters here
 * (scikit-learn takes an estimator object; the default there, DecisionTreeRegressor(max_depth=3), is
 * the default here).
 */
export interface AdaBoostParams extends TreeParams {
  readonly nEstimators: number;
  readonly learningRate: number;
  readonly loss: (typeof ADABOOST_LOSSES)[number];
  readonly randomState: number | null;
}

export const ADABOOST_DEFAULTS: AdaBoostParams = {
  ...TREE_DEFAULTS,
  maxDepth: 3,
  nEstimators: 50,
  learningRate: 1,
  loss: 'linear',
  randomState: null,
};

const CONSTRAINTS: ConstraintTable<AdaBoostParams> = {
  ...TREE_CONSTRAINTS,
  nEstimators: [{ type: 'int', min: 1 }],
  learningRate: [{ type: 'float', min: 0, minExclusive: true }],
  loss: [{ type: 'enum', values: ADABOOST_LOSSES }],
  randomState: [{ type: 'int', min: 0 }, { type: 'null' }],
};

/** Type alias (not interface) so it satisfies ModelJSON's `Record<string, unknown>` state. */
export type AdaBoostState = {
  readonly nFeatures: number;
  readonly trees: readonly TreeJSON[];
  readonly estimatorWeights: readonly number[];
  readonly estimatorErrors: readonly number[];
};

export class AdaBoostRegressor implements Regressor<AdaBoostParams> {
  readonly kind = 'AdaBoostRegressor';
  readonly params: AdaBoostParams;
  private trees?: Tree[];
  private weights?: Float64Array;
  private errors?: Float64Array;
  private nFeatures?: number;

  constructor(params: Partial<AdaBoostParams> = {}) {
    this.params = { ...ADABOOST_DEFAULTS, ...params };
  }

  getParams(): AdaBoostParams {
    return { ...this.params };
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    const p = this.params;
    validateParams(this.kind, p, CONSTRAINTS);
    const { data } = prepareFit(this.kind, X, y, options.sampleWeight, p.criterion);
    const n = X.nRows;
    const rng = asRng(options.seed ?? p.randomState ?? 0);
    // Boosting weights start as the user's weights (or uniform), normalised to sum 1.
    const w = options.sampleWeight ? Float64Array.from(options.sampleWeight) : new Float64Array(n).fill(1);
    scaleToOne(w);
    const trees: Tree[] = [];
    const estWeights = new Float64Array(p.nEstimators);
    const estErrors = new Float64Array(p.nEstimators).fill(1);
    const err = new Float64Array(n);
    for (let b = 0; b < p.nEstimators; b++) {
      const bRng = rng.child(b);
      const counts = weightedBootstrapCounts(w, n, bRng);
      // Each tree sees a bootstrap of n rows, so its fraction-valued limits resolve against n.
      const tree = buildTree(data, y, counts, resolveTreeParams(p, n, X.columns.length, n), bRng);
      trees.push(tree);
      const pred = tree.predict(X);
      let errMax = 0;
      for (let i = 0; i < n; i++) {
        err[i] = Math.abs(pred[i] - y[i]);
        if (w[i] > 0 && err[i] > errMax) errMax = err[i];
      }
      let estimatorError = 0;
      for (let i = 0; i < n; i++) {
        if (w[i] <= 0) continue;
        let e = errMax !== 0 ? err[i] / errMax : err[i];
        if (p.loss === 'square') e *= e;
        else if (p.loss === 'exponential') e = 1 - Math.exp(-e);
        err[i] = e;
        estimatorError += w[i] * e;
      }
      if (estimatorError <= 0) {
        // A perfect fit: keep it with weight 1 and stop.
        estWeights[b] = 1;
        estErrors[b] = 0;
        break;
      }
      if (estimatorError >= 0.5) {
        // No better than chance: discard this tree, unless it is the only one.
        if (trees.length > 1) trees.pop();
        break;
      }
      const beta = estimatorError / (1 - estimatorError);
      estWeights[b] = p.learningRate * Math.log(1 / beta);
      estErrors[b] = estimatorError;
      if (b === p.nEstimators - 1) break;
      for (let i = 0; i < n; i++) if (w[i] > 0) w[i] *= Math.pow(beta, (1 - err[i]) * p.learningRate);
      let sum = 0;
      for (let i = 0; i < n; i++) sum += w[i];
      if (!(sum > 0)) break;
      scaleToOne(w);
    }
    this.trees = trees;
    this.weights = estWeights.slice(0, trees.length);
    this.errors = estErrors.slice(0, trees.length);
    this.nFeatures = X.columns.length;
    releaseWorkspace(data); // no more trees on this data: its wasm arena serves the next fit
    return this;
  }

  get estimators_(): readonly Tree[] {
    return fitted(this.kind, this.trees);
  }

  /** Weight of each kept estimator in the weighted median. */
  get estimatorWeights_(): Float64Array {
    return fitted(this.kind, this.weights);
  }

  /** Weighted average loss of each kept estimator (in [0, 0.5)). */
  get estimatorErrors_(): Float64Array {
    return fitted(this.kind, this.errors);
  }

  get nFeaturesIn_(): number {
    return fitted(this.kind, this.nFeatures);
  }

  predict(X: Matrix): Float64Array {
    const trees = this.estimators_;
    checkPredictInput(this.kind, X, this.nFeaturesIn_);
    return weightedMedian(trees.map((t) => t.predict(X)), this.estimatorWeights_);
  }

  toJSON(): ModelJSON<AdaBoostParams, AdaBoostState> {
    return {
      format: 'convopt-model',
      formatVersion: MODEL_FORMAT_VERSION,
      kind: this.kind,
      params: this.getParams(),
      state: {
        nFeatures: this.nFeaturesIn_,
        trees: this.estimators_.map((t) => t.toJSON()),
        estimatorWeights: Array.from(this.estimatorWeights_),
        estimatorErrors: Array.from(this.estimatorErrors_),
      },
    };
  }

  static fromJSON(doc: unknown): AdaBoostRegressor {
    const d = checkModelJSON(doc, 'AdaBoostRegressor');
    const s = d.state as unknown as AdaBoostState;
    const m = new AdaBoostRegressor(d.params as Partial<AdaBoostParams>);
    validateParams(m.kind, m.params, CONSTRAINTS);
    m.nFeatures = checkFeatureCount(s.nFeatures);
    const trees = checkArray<TreeJSON>(s.trees, 'trees');
    if (trees.length === 0) malformed('the ensemble has no trees');
    m.trees = trees.map((t) => Tree.fromJSON(t, m.nFeatures as number));
    const weights = checkArray<number>(s.estimatorWeights, 'estimatorWeights');
    const errors = checkArray<number>(s.estimatorErrors, 'estimatorErrors');
    if (weights.length !== trees.length || errors.length !== trees.length) malformed(`${trees.length} trees but ${weights.length} weights and ${errors.length} errors`);
    m.weights = Float64Array.from(weights, (v, i) => checkFinite(v, `estimatorWeights[${i}]`));
    m.errors = Float64Array.from(errors, (v, i) => checkFinite(v, `estimatorErrors[${i}]`));
    return m;
  }
}

function scaleToOne(w: Float64Array): void {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i];
  for (let i = 0; i < w.length; i++) w[i] /= s;
}
