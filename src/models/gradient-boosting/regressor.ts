/**
 * `GradientBoostingRegressor`: scikit-learn's exact-split gradient boosting. Start from a constant
 * (mean or median), then per iteration fit a depth-limited CART tree (Friedman MSE) to the negative
 * gradient on an optional row subsample, re-estimate its leaves for the loss, and add it scaled by
 * the learning rate. The features are presorted once and reused by every tree.
 */
import type { Matrix } from '../../core/arrays.js';
import { asRng } from '../../core/rng.js';
import { checkPredictInput, fitted } from '../base/check-input.js';
import { type ConstraintTable, validateParams } from '../base/constraints.js';
import type { FitOptions, ModelJSON, Regressor } from '../base/estimator.js';
import { MODEL_FORMAT_VERSION, checkModelJSON } from '../io/format.js';
import { buildTree } from '../tree/builder.js';
import { flatEnsembleOf } from '../tree/flat-ensemble.js';
import { prepareFit } from '../tree/fit-input.js';
import { TREE_CONSTRAINTS, TREE_DEFAULTS, type TreeParams, resolveTreeParams } from '../tree/params.js';
import { Tree, type TreeJSON } from '../tree/tree.js';
import { checkArray, checkFeatureCount, checkFinite, malformed, meanImportances } from '../tree/util.js';
import { GB_LOSSES, type GbLossName, createLoss } from './loss/index.js';

export interface GradientBoostingParams extends TreeParams {
  readonly loss: GbLossName;
  readonly learningRate: number;
  readonly nEstimators: number;
  /** Share of rows each tree is fitted on, drawn without replacement; 1 = all. */
  readonly subsample: number;
  /** Huber's quantile of |residual| beyond which the loss turns linear. */
  readonly alpha: number;
  readonly randomState: number | null;
}

export const GRADIENT_BOOSTING_DEFAULTS: GradientBoostingParams = {
  ...TREE_DEFAULTS,
  criterion: 'friedman_mse',
  maxDepth: 3,
  loss: 'squared_error',
  learningRate: 0.1,
  nEstimators: 100,
  subsample: 1,
  alpha: 0.9,
  randomState: null,
};

const CONSTRAINTS: ConstraintTable<GradientBoostingParams> = {
  ...TREE_CONSTRAINTS,
  criterion: [{ type: 'enum', values: ['friedman_mse', 'squared_error'] }],
  loss: [{ type: 'enum', values: GB_LOSSES }],
  learningRate: [{ type: 'float', min: 0 }],
  nEstimators: [{ type: 'int', min: 1 }],
  subsample: [{ type: 'float', min: 0, max: 1, minExclusive: true }],
  alpha: [{ type: 'float', min: 0, max: 1, minExclusive: true, maxExclusive: true }],
  randomState: [{ type: 'int', min: 0 }, { type: 'null' }],
};

/** Type alias (not interface) so it satisfies ModelJSON's `Record<string, unknown>` state. */
export type GradientBoostingState = {
  readonly nFeatures: number;
  readonly init: number;
  readonly trees: readonly TreeJSON[];
  readonly trainScore: readonly number[];
};

export class GradientBoostingRegressor implements Regressor<GradientBoostingParams> {
  readonly kind = 'GradientBoostingRegressor';
  readonly params: GradientBoostingParams;
  private trees?: Tree[];
  private init?: number;
  private nFeatures?: number;
  private trainScore?: Float64Array;

  constructor(params: Partial<GradientBoostingParams> = {}) {
    this.params = { ...GRADIENT_BOOSTING_DEFAULTS, ...params };
  }

  getParams(): GradientBoostingParams {
    return { ...this.params };
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    const p = this.params;
    validateParams(this.kind, p, CONSTRAINTS);
    const { data, weights, totalWeight } = prepareFit(this.kind, X, y, options.sampleWeight, p.criterion);
    const n = X.nRows;
    const resolved = resolveTreeParams(p, n, X.columns.length, totalWeight);
    const rng = asRng(options.seed ?? p.randomState ?? 0);
    const loss = createLoss(p.loss, p.alpha);
    const init = loss.initialPrediction(y, weights, options.sampleWeight !== undefined);
    const raw = new Float64Array(n).fill(init);
    const before = new Float64Array(n);
    const gradient = new Float64Array(n);
    const leaves = new Int32Array(n);
    const nInBag = Math.max(1, Math.floor(p.subsample * n));
    const mask = new Uint8Array(n).fill(1);
    const treeWeights = p.subsample < 1 ? new Float64Array(n) : weights;
    const trees: Tree[] = [];
    const trainScore = new Float64Array(p.nEstimators);
    for (let m = 0; m < p.nEstimators; m++) {
      const treeRng = rng.child(m);
      if (p.subsample < 1) {
        mask.fill(0);
        for (const i of treeRng.sampleWithoutReplacement(n, nInBag)) mask[i] = 1;
        for (let i = 0; i < n; i++) treeWeights[i] = weights[i] * mask[i];
      }
      loss.negativeGradient(y, raw, weights, gradient);
      // Leaves of the in-sample rows come from the grower; the rest (subsample, zero weights) by walking the tree.
      leaves.fill(-1);
      const tree = buildTree(data, gradient, treeWeights, resolved, treeRng, { leafOfRow: leaves });
      for (let i = 0; i < n; i++) if (leaves[i] < 0) leaves[i] = tree.leafOf(X.columns, i);
      if (loss.updateLeaves) {
        before.set(raw);
        loss.updateLeaves(tree, rowsByLeaf(leaves, mask), y, before, weights);
      }
      for (let i = 0; i < n; i++) raw[i] += p.learningRate * tree.value[leaves[i]];
      trees.push(tree);
      trainScore[m] = loss.loss(y, raw, weights, p.subsample < 1 ? mask : undefined);
    }
    this.trees = trees;
    this.init = init;
    this.trainScore = trainScore;
    this.nFeatures = X.columns.length;
    return this;
  }

  get estimators_(): readonly Tree[] {
    return fitted(this.kind, this.trees);
  }

  /** The constant the ensemble starts from (mean or median of y). */
  get init_(): number {
    return fitted(this.kind, this.init);
  }

  /** Loss on the (in-bag) training rows after each iteration. */
  get trainScore_(): Float64Array {
    return fitted(this.kind, this.trainScore);
  }

  get nFeaturesIn_(): number {
    return fitted(this.kind, this.nFeatures);
  }

  /** Mean over trees of each tree's normalised impurity decrease per feature. */
  get featureImportances_(): Float64Array {
    return meanImportances(this.estimators_, this.nFeaturesIn_);
  }

  predict(X: Matrix): Float64Array {
    const trees = this.estimators_;
    checkPredictInput(this.kind, X, this.nFeaturesIn_);
    const out = new Float64Array(X.nRows).fill(this.init_);
    // Same additions in the same order as Tree.addPredictions per tree, in a cache-friendly layout.
    flatEnsembleOf(trees, this.nFeaturesIn_).addPredictions(X, out, this.params.learningRate);
    return out;
  }

  /** Prediction after each iteration: element m holds the predictions of the first m + 1 trees. */
  stagedPredict(X: Matrix): Float64Array[] {
    const trees = this.estimators_;
    checkPredictInput(this.kind, X, this.nFeaturesIn_);
    const out: Float64Array[] = [];
    const cur = new Float64Array(X.nRows).fill(this.init_);
    for (const t of trees) {
      t.addPredictions(X, cur, this.params.learningRate);
      out.push(cur.slice());
    }
    return out;
  }

  toJSON(): ModelJSON<GradientBoostingParams, GradientBoostingState> {
    return {
      format: 'convopt-model',
      formatVersion: MODEL_FORMAT_VERSION,
      kind: this.kind,
      params: this.getParams(),
      state: { nFeatures: this.nFeaturesIn_, init: this.init_, trees: this.estimators_.map((t) => t.toJSON()), trainScore: Array.from(this.trainScore_) },
    };
  }

  static fromJSON(doc: unknown): GradientBoostingRegressor {
    const d = checkModelJSON(doc, 'GradientBoostingRegressor');
    const s = d.state as unknown as GradientBoostingState;
    const m = new GradientBoostingRegressor(d.params as Partial<GradientBoostingParams>);
    validateParams(m.kind, m.params, CONSTRAINTS);
    m.nFeatures = checkFeatureCount(s.nFeatures);
    m.init = checkFinite(s.init, 'init');
    const trees = checkArray<TreeJSON>(s.trees, 'trees');
    if (trees.length === 0) malformed('the ensemble has no trees');
    m.trees = trees.map((t) => Tree.fromJSON(t, m.nFeatures as number));
    m.trainScore = Float64Array.from(checkArray<number>(s.trainScore, 'trainScore'));
    return m;
  }
}

/** In-bag rows of each leaf. */
function rowsByLeaf(leaves: Int32Array, mask: Uint8Array): Map<number, Int32Array> {
  const counts = new Map<number, number>();
  for (let i = 0; i < leaves.length; i++) if (mask[i]) counts.set(leaves[i], (counts.get(leaves[i]) ?? 0) + 1);
  const out = new Map<number, Int32Array>();
  const fill = new Map<number, number>();
  for (const [leaf, c] of counts) {
    out.set(leaf, new Int32Array(c));
    fill.set(leaf, 0);
  }
  for (let i = 0; i < leaves.length; i++) {
    if (!mask[i]) continue;
    const k = fill.get(leaves[i]) as number;
    (out.get(leaves[i]) as Int32Array)[k] = i;
    fill.set(leaves[i], k + 1);
  }
  return out;
}
