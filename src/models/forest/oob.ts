/**
 * Out-of-bag estimates: each row is predicted by the trees whose bootstrap left it out, and the R² of
 * those predictions estimates generalisation without a holdout. The bootstraps are redrawn from the
 * per-tree generators (cheap, and nothing per tree has to be kept from the fit).
 */
import type { Matrix } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { r2 } from '../../eval/metrics/index.js';
import type { Tree } from '../tree/tree.js';
import { bootstrapCounts } from './grow.js';

export interface OobResult {
  /** Mean out-of-bag prediction per row; NaN for rows that were in every bootstrap. */
  readonly prediction: Float64Array;
  /** R² over the rows that have an out-of-bag prediction. */
  readonly score: number;
}

export function outOfBag(trees: readonly Tree[], X: Matrix, y: Float64Array, sampleWeight: Float64Array | undefined, rootSeed: number, nDraws: number): OobResult {
  const n = X.nRows;
  const sum = new Float64Array(n);
  const count = new Int32Array(n);
  trees.forEach((tree, t) => {
    const counts = bootstrapCounts(rootSeed, t, n, nDraws);
    for (let i = 0; i < n; i++) {
      if (counts[i] !== 0) continue;
      sum[i] += tree.value[tree.leafOf(X.columns, i)];
      count[i]++;
    }
  });
  const prediction = new Float64Array(n);
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    if (count[i] > 0) {
      prediction[i] = sum[i] / count[i];
      rows.push(i);
    } else prediction[i] = NaN;
  }
  if (rows.length < 2) {
    throw new ConvoptError('INVALID_PARAMETER', `RandomForestRegressor: only ${rows.length} row(s) were out of bag, too few for an out-of-bag score.`, { path: 'oobScore', hint: 'Use more trees (nEstimators) or set oobScore: false.' });
  }
  const yt = Float64Array.from(rows, (i) => y[i]);
  const yp = Float64Array.from(rows, (i) => prediction[i]);
  const w = sampleWeight ? Float64Array.from(rows, (i) => sampleWeight[i]) : undefined;
  return { prediction, score: r2(yt, yp, w) };
}
