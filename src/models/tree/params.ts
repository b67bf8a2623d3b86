/**
 * Tree hyperparameters shared by DecisionTreeRegressor and the ensembles: the declarative constraint
 * table, defaults (scikit-learn's), and their resolution into absolute stopping rules for one fit.
 *
 * JavaScript has one number type, so scikit-learn's int-vs-float convention is read by value: an
 * integer is a count and a non-integer in (0, 1) is a fraction. `maxFeatures: null` means all
 * features (scikit-learn's 1.0/None); `maxFeatures: 1` means one feature.
 */
import type { Constraint } from '../base/constraints.js';
import { CRITERIA, type CriterionName } from './criterion/index.js';
import type { ResolvedTreeParams } from './builder.js';

export type MaxFeatures = number | 'sqrt' | 'log2' | null;

export interface TreeParams {
  readonly criterion: CriterionName;
  /** Maximum depth; null grows until leaves are pure or hit the sample limits. */
  readonly maxDepth: number | null;
  /** Count (integer ≥ 2) or fraction of rows (0 < f < 1). */
  readonly minSamplesSplit: number;
  /** Count (integer ≥ 1) or fraction of rows (0 < f < 1). */
  readonly minSamplesLeaf: number;
  readonly minWeightFractionLeaf: number;
  readonly maxFeatures: MaxFeatures;
  readonly minImpurityDecrease: number;
  /** Minimal cost-complexity pruning: subtrees whose effective alpha is at most this are collapsed (0 = none). */
  readonly ccpAlpha: number;
  /** Grow best-first (largest improvement first) to at most this many leaves; null = no limit (depth-first). */
  readonly maxLeafNodes: number | null;
}

export const TREE_DEFAULTS: TreeParams = {
  criterion: 'squared_error',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  minWeightFractionLeaf: 0,
  maxFeatures: null,
  minImpurityDecrease: 0,
  ccpAlpha: 0,
  maxLeafNodes: null,
};

export const TREE_CONSTRAINTS: { readonly [K in keyof TreeParams]: readonly Constraint[] } = {
  criterion: [{ type: 'enum', values: CRITERIA }],
  maxDepth: [{ type: 'int', min: 1 }, { type: 'null' }],
  minSamplesSplit: [{ type: 'int', min: 2 }, { type: 'float', min: 0, max: 1, minExclusive: true, maxExclusive: true }],
  minSamplesLeaf: [{ type: 'int', min: 1 }, { type: 'float', min: 0, max: 1, minExclusive: true, maxExclusive: true }],
  minWeightFractionLeaf: [{ type: 'float', min: 0, max: 0.5 }],
  maxFeatures: [{ type: 'int', min: 1 }, { type: 'float', min: 0, max: 1, minExclusive: true, maxExclusive: true }, { type: 'enum', values: ['sqrt', 'log2'] }, { type: 'null' }],
  minImpurityDecrease: [{ type: 'float', min: 0 }],
  ccpAlpha: [{ type: 'float', min: 0 }],
  maxLeafNodes: [{ type: 'int', min: 2 }, { type: 'null' }],
};

/** Picks the tree parameters out of a larger parameter object. */
export function pickTreeParams(p: TreeParams): TreeParams {
  return {
    criterion: p.criterion,
    maxDepth: p.maxDepth,
    minSamplesSplit: p.minSamplesSplit,
    minSamplesLeaf: p.minSamplesLeaf,
    minWeightFractionLeaf: p.minWeightFractionLeaf,
    maxFeatures: p.maxFeatures,
    minImpurityDecrease: p.minImpurityDecrease,
    ccpAlpha: p.ccpAlpha,
    maxLeafNodes: p.maxLeafNodes,
  };
}

/** Number of features examined per split. */
export function resolveMaxFeatures(m: MaxFeatures, nFeatures: number): number {
  if (m === null) return nFeatures;
  if (m === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(nFeatures)));
  if (m === 'log2') return Math.max(1, Math.floor(Math.log2(nFeatures)));
  if (Number.isInteger(m)) return Math.min(m, nFeatures);
  return Math.max(1, Math.floor(m * nFeatures));
}

/** Resolves fractions against `nRows` rows of total weight `totalWeight`, as scikit-learn does. */
export function resolveTreeParams(p: TreeParams, nRows: number, nFeatures: number, totalWeight: number): ResolvedTreeParams {
  const minSamplesLeaf = Number.isInteger(p.minSamplesLeaf) ? p.minSamplesLeaf : Math.ceil(p.minSamplesLeaf * nRows);
  let minSamplesSplit = Number.isInteger(p.minSamplesSplit) ? p.minSamplesSplit : Math.max(2, Math.ceil(p.minSamplesSplit * nRows));
  minSamplesSplit = Math.max(minSamplesSplit, 2 * minSamplesLeaf);
  return {
    criterion: p.criterion,
    maxDepth: p.maxDepth ?? Number.MAX_SAFE_INTEGER,
    minSamplesSplit,
    minSamplesLeaf,
    minWeightLeaf: p.minWeightFractionLeaf * totalWeight,
    maxFeatures: resolveMaxFeatures(p.maxFeatures, nFeatures),
    minImpurityDecrease: p.minImpurityDecrease,
    ccpAlpha: p.ccpAlpha,
    maxLeafNodes: p.maxLeafNodes,
  };
}
