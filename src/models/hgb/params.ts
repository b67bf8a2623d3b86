/**
 * Hyperparameters of `HistGradientBoostingRegressor`: scikit-learn's names (camelCase), meanings and
 * defaults, plus `nThreads` (scikit-learn takes its thread count from OpenMP instead) and `alpha` for the
 * 'huber' loss, which scikit-learn's HistGradientBoostingRegressor lacks (semantics as its GradientBoostingRegressor).
 */
import type { ConstraintTable } from '../base/constraints.js';
import { HGB_LOSSES, type HgbLossName } from './loss/index.js';

export interface HistGradientBoostingParams {
  loss: HgbLossName;
  /** loss 'huber' only: δ is this quantile of |residual|, re-estimated each iteration (as GradientBoostingRegressor's alpha). */
  alpha: number;
  /** loss 'quantile' only (and then required): the quantile of y the model estimates, in (0, 1). */
  quantile: number | null;
  learningRate: number;
  maxIter: number;
  maxLeafNodes: number | null;
  maxDepth: number | null;
  minSamplesLeaf: number;
  l2Regularization: number;
  /** Non-missing bins per feature (≤ 255); one more bin is always kept for missing values. */
  maxBins: number;
  /** Per feature: 1 increasing, -1 decreasing, 0 free; null for none. */
  monotonicCst: number[] | null;
  /** 'auto': on when there are more than 10,000 rows. */
  earlyStopping: 'auto' | boolean;
  scoring: 'loss';
  validationFraction: number;
  nIterNoChange: number;
  tol: number;
  /** Seed for the binning subsample and the early-stopping split; null → 0 (convopt is deterministic). */
  randomState: number | null;
  /** Histogram threads including the caller; null → automatic (threads only for large data). */
  nThreads: number | null;
}

export const HGB_DEFAULTS: HistGradientBoostingParams = {
  loss: 'squared_error',
  alpha: 0.9,
  quantile: null,
  learningRate: 0.1,
  maxIter: 100,
  maxLeafNodes: 31,
  maxDepth: null,
  minSamplesLeaf: 20,
  l2Regularization: 0,
  maxBins: 255,
  monotonicCst: null,
  earlyStopping: 'auto',
  scoring: 'loss',
  validationFraction: 0.1,
  nIterNoChange: 10,
  tol: 1e-7,
  randomState: null,
  nThreads: null,
};

export const HGB_CONSTRAINTS: ConstraintTable<HistGradientBoostingParams> = {
  loss: [{ type: 'enum', values: HGB_LOSSES }],
  alpha: [{ type: 'float', min: 0, max: 1, minExclusive: true, maxExclusive: true }],
  quantile: [{ type: 'float', min: 0, max: 1, minExclusive: true, maxExclusive: true }, { type: 'null' }],
  learningRate: [{ type: 'float', min: 0, minExclusive: true }],
  maxIter: [{ type: 'int', min: 1 }],
  maxLeafNodes: [{ type: 'int', min: 2 }, { type: 'null' }],
  maxDepth: [{ type: 'int', min: 1 }, { type: 'null' }],
  minSamplesLeaf: [{ type: 'int', min: 1 }],
  l2Regularization: [{ type: 'float', min: 0 }],
  maxBins: [{ type: 'int', min: 2, max: 255 }],
  monotonicCst: [{ type: 'array', of: 'int' }, { type: 'null' }],
  earlyStopping: [{ type: 'enum', values: ['auto'] }, { type: 'boolean' }],
  scoring: [{ type: 'enum', values: ['loss'] }],
  validationFraction: [{ type: 'float', min: 0, max: 1, minExclusive: true, maxExclusive: true }],
  nIterNoChange: [{ type: 'int', min: 1 }],
  tol: [{ type: 'float', min: 0 }],
  randomState: [{ type: 'int', min: 0 }, { type: 'null' }],
  nThreads: [{ type: 'int', min: 1, max: 64 }, { type: 'null' }],
};
