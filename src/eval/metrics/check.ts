/**
 * Shared argument checks for the regression metrics: equal lengths, at least one row, finite values
 * and valid sample weights. Messages name the metric and the first offending row (1-based).
 */
import { ConvoptError } from '../../core/errors.js';

/** Validates `yTrue`, `yPred` and optional weights; returns the weights (all ones when absent). */
export function checkMetricInput(metric: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>, sampleWeight?: ArrayLike<number>): ArrayLike<number> | undefined {
  if (yTrue.length !== yPred.length) {
    throw new ConvoptError('INVALID_ARGUMENT', `${metric}: yTrue has ${yTrue.length} values but yPred has ${yPred.length}.`, { hint: 'Pass predictions for exactly the rows whose true values you give.' });
  }
  if (yTrue.length === 0) throw new ConvoptError('INVALID_ARGUMENT', `${metric}: no rows to score.`, { hint: 'Score at least one row.' });
  for (let i = 0; i < yTrue.length; i++) {
    if (!Number.isFinite(yTrue[i])) throw new ConvoptError('INVALID_ARGUMENT', `${metric}: yTrue is ${yTrue[i]} at row ${i + 1}.`, { row: i + 1, value: yTrue[i], hint: 'Drop rows with a missing target before scoring.' });
    if (!Number.isFinite(yPred[i])) throw new ConvoptError('INVALID_ARGUMENT', `${metric}: yPred is ${yPred[i]} at row ${i + 1}.`, { row: i + 1, value: yPred[i], hint: 'The model produced a non-finite prediction; check its inputs.' });
  }
  if (sampleWeight === undefined) return undefined;
  if (sampleWeight.length !== yTrue.length) {
    throw new ConvoptError('INVALID_ARGUMENT', `${metric}: ${sampleWeight.length} sample weights for ${yTrue.length} rows.`, { hint: 'Give one weight per row.' });
  }
  let total = 0;
  for (let i = 0; i < sampleWeight.length; i++) {
    const w = sampleWeight[i];
    if (!Number.isFinite(w) || w < 0) throw new ConvoptError('INVALID_ARGUMENT', `${metric}: sample weight at row ${i + 1} is ${w}; weights must be finite and ≥ 0.`, { row: i + 1, value: w });
    total += w;
  }
  if (total <= 0) throw new ConvoptError('INVALID_ARGUMENT', `${metric}: sample weights sum to 0.`, { hint: 'Give at least one row a positive weight.' });
  return sampleWeight;
}

/** Weighted mean of `f(i)` over rows (plain mean without weights). */
export function weightedMean(n: number, w: ArrayLike<number> | undefined, f: (i: number) => number): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    num += wi * f(i);
    den += wi;
  }
  return num / den;
}
