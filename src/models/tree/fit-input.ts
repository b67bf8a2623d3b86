/**
 * Fit-time preparation shared by the tree family: input checks, unit weights when none are given,
 * the Poisson criterion's target check, and presorting.
 */
import type { Matrix } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { checkFitInput } from '../base/check-input.js';
import type { TreeData } from './builder.js';
import type { CriterionName } from './criterion/index.js';
import { presort } from './presort.js';

export interface PreparedFit {
  readonly data: TreeData;
  readonly weights: Float64Array;
  readonly totalWeight: number;
}

/** Validates X, y and weights; returns presorted data and a fresh weight array (callers may modify it). */
export function prepareFit(kind: string, X: Matrix, y: Float64Array, sampleWeight: Float64Array | undefined, criterion: CriterionName): PreparedFit {
  checkFitInput(kind, X, y, sampleWeight);
  if (criterion === 'poisson') {
    let sum = 0;
    for (let i = 0; i < y.length; i++) {
      if (y[i] < 0) throw new ConvoptError('INVALID_DATA', `${kind}.fit: criterion "poisson" needs y ≥ 0; y is ${y[i]} at row ${i + 1}.`, { row: i + 1, value: y[i], path: 'criterion', hint: 'Use criterion "squared_error" for targets that can be negative.' });
      sum += y[i];
    }
    if (sum <= 0) throw new ConvoptError('INVALID_DATA', `${kind}.fit: criterion "poisson" needs a positive sum of y; all targets are 0.`, { path: 'criterion' });
  }
  const weights = sampleWeight ? Float64Array.from(sampleWeight) : new Float64Array(X.nRows).fill(1);
  let totalWeight = 0;
  for (let i = 0; i < weights.length; i++) totalWeight += weights[i];
  return { data: { columns: X.columns, sorted: presort(X.columns) }, weights, totalWeight };
}
