/**
 * `GradientBoostingRegressor`: scikit-learn's exact-split gradient boosting. Start from a constant
 * (mean or median), then per iteration fit a depth-limited CART tree (Friedman MSE) to the negative
 * gradient on an optional row subsample, re-estimate its leaves for the loss, and add it scaled by
 * the learning rate. The features are presorted once and reused by every tree.
 *
 * Early stopping (`nIterNoChange`) holds out `validationFraction` of the rows and stops once the
 * validation loss has not beaten any of the last `nIterNoChange` iterations' by `tol`; the iteration
 * that failed to improve is kept, as in scikit-learn. The held-out rows are drawn from the fit's seed
 * (scikit-learn's `train_test_split` draws other rows), and the model is fitted on the rest.
 */
import { type Matrix, take, takeRows } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { type Rng, asRng } from '../../core/rng.js';
import { checkFitInput, checkPredictInput, fitted } from '../base/check-input.js';
import { type ConstraintTable, validateParams } from '../base/constraints.js';
import type { FitOptions, ModelJSON, Regressor } from '../base/estimator.js';
import { MODEL_FORMAT_VERSION, checkModelJSON } from '../io/format.js';
import { buildTree } from '../tree/builder.js';
import { flatEnsembleOf } from '../tree/flat-ensemble.js';
import { prepareFit } from '../tree/fit-input.js';
import { releaseWorkspace } from '../tree/workspace.js';
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
  /** Huber's quantile of |residual| beyond which the loss turns linear; the quantile the `quantile` loss estimates. */
  readonly alpha: number;
  /** Stop when the validation loss has not improved for this many iterations; null = never stop early. */
  readonly nIterNoChange: number | null;
  /** Share of rows held out to judge early stopping (used only with `nIterNoChange`). */
  readonly validationFraction: number;
  /** The improvement in validation loss that counts (used only with `nIterNoChange`). */
  readonly tol: number;
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
  nIterNoChange: null,
  validationFraction: 0.1,
  tol: 1e-4,
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
  nIterNoChange: [{ type: 'int', min: 1 }, { type: 'null' }],
  validationFraction: [{ type: 'float', min: 0, max: 1, minExclusive: true, maxExclusive: true }],
  tol: [{ type: 'float', min: 0 }],
  randomState: [{ type: 'int', min: 0 }, { type: 'null' }],
};

/** Type alias (not interface) so it satisfies ModelJSON's `Record<string, unknown>` state. */
export type GradientBoostingState = {
  readonly nFeatures: number;
  readonly init: number;
  readonly trees: readonly TreeJSON[];
  readonly trainScore: readonly number[];
  /** Per iteration, the out-of-bag loss before the tree minus after it (subsample < 1 only; absent in older files). */
  readonly oobImprovement?: readonly number[] | null;
};

export class GradientBoostingRegressor implements Regressor<GradientBoostingParams> {
  readonly kind = 'GradientBoostingRegressor';
  readonly params: GradientBoostingParams;
  private trees?: Tree[];
  private init?: number;
  private nFeatures?: number;
  private trainScore?: Float64Array;
  private oobImprovement?: Float64Array | null;

  constructor(params: Partial<GradientBoostingParams> = {}) {
    this.params = { ...GRADIENT_BOOSTING_DEFAULTS, ...params };
  }

  getParams(): GradientBoostingParams {
    return { ...this.params };
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    const p = this.params;
    validateParams(this.kind, p, CONSTRAINTS);
    const rng = asRng(options.seed ?? p.randomState ?? 0);
    if (p.nIterNoChange === null) return this.fitStages(X, y, options.sampleWeight, rng, null);
    // Early stopping: hold out a validation share (input checked first, so problems are reported by row of the full data).
    checkFitInput(this.kind, X, y, options.sampleWeight);
    const n = X.nRows;
    const nVal = Math.ceil(p.validationFraction * n);
    if (n - nVal < 1) throw new ConvoptError('INVALID_ARGUMENT', `${this.kind}: validationFraction ${p.validationFraction} of ${n} rows leaves no row to fit on.`, { path: 'validationFraction', value: p.validationFraction, hint: 'Lower validationFraction, or fit without nIterNoChange.' });
    const isVal = new Uint8Array(n);
    for (const i of rng.child(-1).sampleWithoutReplacement(n, nVal)) isVal[i] = 1;
    const fitRows: number[] = [];
    const valRows: number[] = [];
    for (let i = 0; i < n; i++) (isVal[i] ? valRows : fitRows).push(i);
    const w = options.sampleWeight;
    const validation = { X: takeRows(X, valRows), y: take(y, valRows), w: w ? take(w, valRows) : new Float64Array(nVal).fill(1) };
    return this.fitStages(takeRows(X, fitRows), take(y, fitRows), w ? take(w, fitRows) : undefined, rng, validation);
  }

  /** The boosting loop on (X, y); with `validation`, stops early by its loss (see the class comment). */
  private fitStages(X: Matrix, y: Float64Array, sampleWeight: Float64Array | undefined, rng: Rng, validation: { X: Matrix; y: Float64Array; w: Float64Array } | null): this {
    const p = this.params;
    const { data, weights, totalWeight } = prepareFit(this.kind, X, y, sampleWeight, p.criterion);
    const n = X.nRows;
    const resolved = resolveTreeParams(p, n, X.columns.length, totalWeight);
    const loss = createLoss(p.loss, p.alpha);
    const init = loss.initialPrediction(y, weights, sampleWeight !== undefined);
    const raw = new Float64Array(n).fill(init);
    const before = new Float64Array(n);
    const gradient = new Float64Array(n);
    const leaves = new Int32Array(n);
    const nInBag = Math.max(1, Math.floor(p.subsample * n));
    const mask = new Uint8Array(n).fill(1);
    const subsampled = p.subsample < 1;
    const outOfBag = subsampled ? new Uint8Array(n) : null;
    const oobImprovement = subsampled ? new Float64Array(p.nEstimators) : null;
    const treeWeights = subsampled ? new Float64Array(n) : weights;
    const rawVal = validation ? new Float64Array(validation.y.length).fill(init) : null;
    // Validation losses of the last nIterNoChange iterations (a ring), as scikit-learn keeps them.
    const history = new Float64Array(p.nIterNoChange ?? 0).fill(Infinity);
    const trees: Tree[] = [];
    const trainScore = new Float64Array(p.nEstimators);
    for (let m = 0; m < p.nEstimators; m++) {
      const treeRng = rng.child(m);
      let oobBefore = 0;
      if (outOfBag) {
        mask.fill(0);
        for (const i of treeRng.sampleWithoutReplacement(n, nInBag)) mask[i] = 1;
        for (let i = 0; i < n; i++) {
          treeWeights[i] = weights[i] * mask[i];
          outOfBag[i] = 1 - mask[i];
        }
        oobBefore = nInBag < n ? loss.loss(y, raw, weights, outOfBag) : 0;
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
      trainScore[m] = loss.loss(y, raw, weights, subsampled ? mask : undefined);
      if (outOfBag && oobImprovement) oobImprovement[m] = nInBag < n ? oobBefore - loss.loss(y, raw, weights, outOfBag) : 0;
      if (validation && rawVal) {
        tree.addPredictions(validation.X, rawVal, p.learningRate);
        const v = loss.loss(validation.y, rawVal, validation.w);
        if (!history.some((h) => v + p.tol < h)) break;
        history[m % history.length] = v;
      }
    }
    const nStages = trees.length;
    this.trees = trees;
    this.init = init;
    this.trainScore = trainScore.slice(0, nStages);
    this.oobImprovement = oobImprovement ? oobImprovement.slice(0, nStages) : null;
    this.nFeatures = X.columns.length;
    releaseWorkspace(data); // no more trees on this data: its wasm arena serves the next fit
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

  /** Iterations actually fitted: `nEstimators`, or fewer when early stopping ended the fit. */
  get nEstimators_(): number {
    return this.estimators_.length;
  }

  /** Per iteration, how much the tree lowered the loss on the rows left out of its subsample (subsample < 1). */
  get oobImprovement_(): Float64Array {
    const oob = fitted(this.kind, this.oobImprovement);
    if (oob === null && this.params.subsample < 1) throw new ConvoptError('INVALID_ARGUMENT', `${this.kind}: this model's file does not record oobImprovement_ (it was saved by an older convopt); refit it to get them.`, { path: 'subsample' });
    if (oob === null) throw new ConvoptError('INVALID_ARGUMENT', `${this.kind}: oobImprovement_ is only computed with subsample < 1 (no row is out of bag otherwise).`, { path: 'subsample', value: this.params.subsample, hint: 'Fit with subsample below 1, e.g. 0.8.' });
    return oob;
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
      state: {
        nFeatures: this.nFeaturesIn_,
        init: this.init_,
        trees: this.estimators_.map((t) => t.toJSON()),
        trainScore: Array.from(this.trainScore_),
        oobImprovement: this.oobImprovement ? Array.from(this.oobImprovement) : null,
      },
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
    m.oobImprovement = s.oobImprovement === undefined || s.oobImprovement === null ? null : Float64Array.from(checkArray<number>(s.oobImprovement, 'oobImprovement'));
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
