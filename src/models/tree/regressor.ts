/**
 * `DecisionTreeRegressor`: a CART regression tree (scikit-learn's, exact best splits). The constructor
 * stores parameters; `fit` validates them, presorts the features once and grows the tree with
 * `buildTree`; the fitted model is one flat `Tree`.
 */
import type { Matrix } from '../../core/arrays.js';
import { asRng } from '../../core/rng.js';
import { checkPredictInput, fitted } from '../base/check-input.js';
import { type ConstraintTable, validateParams } from '../base/constraints.js';
import type { FitOptions, ModelJSON, Regressor } from '../base/estimator.js';
import { MODEL_FORMAT_VERSION, checkModelJSON } from '../io/format.js';
import { buildTree } from './builder.js';
import { releaseWorkspace } from './workspace.js';
import { prepareFit } from './fit-input.js';
import { type PruningPath, pruningPath } from './prune.js';
import { TREE_CONSTRAINTS, TREE_DEFAULTS, type TreeParams, resolveTreeParams } from './params.js';
import { Tree, type TreeJSON } from './tree.js';
import { checkFeatureCount, normalise } from './util.js';

export interface DecisionTreeParams extends TreeParams {
  /** Seed of the feature visiting order (ties between equally good splits); null = 0. */
  readonly randomState: number | null;
}

export const DECISION_TREE_DEFAULTS: DecisionTreeParams = { ...TREE_DEFAULTS, randomState: null };

const CONSTRAINTS: ConstraintTable<DecisionTreeParams> = {
  ...TREE_CONSTRAINTS,
  randomState: [{ type: 'int', min: 0 }, { type: 'null' }],
};

/** A type alias (not an interface) so it satisfies ModelJSON's `Record<string, unknown>` state. */
export type DecisionTreeState = {
  readonly nFeatures: number;
  readonly tree: TreeJSON;
};

export class DecisionTreeRegressor implements Regressor<DecisionTreeParams> {
  readonly kind = 'DecisionTreeRegressor';
  readonly params: DecisionTreeParams;
  private tree?: Tree;
  private nFeatures?: number;

  constructor(params: Partial<DecisionTreeParams> = {}) {
    this.params = { ...DECISION_TREE_DEFAULTS, ...params };
  }

  getParams(): DecisionTreeParams {
    return { ...this.params };
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    validateParams(this.kind, this.params, CONSTRAINTS);
    const { data, weights, totalWeight } = prepareFit(this.kind, X, y, options.sampleWeight, this.params.criterion);
    const resolved = resolveTreeParams(this.params, X.nRows, X.columns.length, totalWeight);
    const rng = asRng(options.seed ?? this.params.randomState ?? 0);
    this.tree = buildTree(data, y, weights, resolved, rng);
    releaseWorkspace(data);
    this.nFeatures = X.columns.length;
    return this;
  }

  /**
   * The effective alphas at which cost-complexity pruning changes the tree grown on (X, y), with the
   * leaves' total weighted impurity at each (scikit-learn's `cost_complexity_pruning_path`): candidates
   * for `ccpAlpha`, e.g. to choose by cross-validation. Does not change this model.
   */
  costComplexityPruningPath(X: Matrix, y: Float64Array, options: FitOptions = {}): PruningPath {
    return pruningPath(new DecisionTreeRegressor({ ...this.params, ccpAlpha: 0 }).fit(X, y, options).tree_);
  }

  get tree_(): Tree {
    return fitted(this.kind, this.tree);
  }

  get nFeaturesIn_(): number {
    return fitted(this.kind, this.nFeatures);
  }

  /** Normalised total impurity decrease per feature (sums to 1 unless the tree is a single leaf). */
  get featureImportances_(): Float64Array {
    const out = new Float64Array(this.nFeaturesIn_);
    this.tree_.addImportances(out);
    normalise(out);
    return out;
  }

  predict(X: Matrix): Float64Array {
    const tree = this.tree_;
    checkPredictInput(this.kind, X, this.nFeaturesIn_);
    return tree.predict(X);
  }

  /** Leaf index of every row. */
  apply(X: Matrix): Int32Array {
    const tree = this.tree_;
    checkPredictInput(this.kind, X, this.nFeaturesIn_);
    return tree.apply(X);
  }

  toJSON(): ModelJSON<DecisionTreeParams, DecisionTreeState> {
    return {
      format: 'convopt-model',
      formatVersion: MODEL_FORMAT_VERSION,
      kind: this.kind,
      params: this.getParams(),
      state: { nFeatures: this.nFeaturesIn_, tree: this.tree_.toJSON() },
    };
  }

  static fromJSON(doc: unknown): DecisionTreeRegressor {
    const d = checkModelJSON(doc, 'DecisionTreeRegressor');
    const s = d.state as unknown as DecisionTreeState;
    const m = new DecisionTreeRegressor(d.params as Partial<DecisionTreeParams>);
    validateParams(m.kind, m.params, CONSTRAINTS);
    m.nFeatures = checkFeatureCount(s.nFeatures);
    m.tree = Tree.fromJSON(s.tree, m.nFeatures);
    return m;
  }
}
