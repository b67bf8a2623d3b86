/**
 * Absolute error (least absolute deviation): start at the median, fit the sign of the residual, then
 * set each leaf to the weighted median of its rows' residuals (the exact minimiser of the leaf's loss).
 */
import type { Tree } from '../../tree/tree.js';
import { percentile, weightedPercentile } from '../percentile.js';
import { type GbLoss, setLeavesToResidualPercentile, weightedMean } from './loss.js';

export class AbsoluteErrorLoss implements GbLoss {
  readonly name = 'absolute_error';

  initialPrediction(y: Float64Array, w: Float64Array, weighted: boolean): number {
    return weighted ? weightedPercentile(y, w, 50) : percentile(y, 50);
  }

  negativeGradient(y: Float64Array, raw: Float64Array, _w: Float64Array, out: Float64Array): void {
    for (let i = 0; i < y.length; i++) out[i] = Math.sign(y[i] - raw[i]);
  }

  loss(y: Float64Array, raw: Float64Array, w: Float64Array, mask?: Uint8Array): number {
    return weightedMean(y.length, w, mask, (i) => Math.abs(y[i] - raw[i]));
  }

  updateLeaves(tree: Tree, rowsByLeaf: ReadonlyMap<number, Int32Array>, y: Float64Array, raw: Float64Array, w: Float64Array): void {
    setLeavesToResidualPercentile(tree, rowsByLeaf, y, raw, w, 50);
  }
}
