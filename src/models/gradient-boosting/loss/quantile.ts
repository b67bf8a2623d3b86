/**
 * Quantile (pinball) loss: the model estimates the `alpha` quantile of y given x, e.g. the upper end
 * of an 80 % prediction interval with alpha = 0.9. Start at the alpha quantile of y, fit the
 * gradient (alpha above the prediction, alpha − 1 below it), then set each leaf to the weighted alpha
 * percentile of its rows' residuals, the exact minimiser of the leaf's pinball loss (scikit-learn's
 * `QuantileLossFunction`).
 */
import type { Tree } from '../../tree/tree.js';
import { percentile, weightedPercentile } from '../percentile.js';
import { type GbLoss, setLeavesToResidualPercentile, weightedMean } from './loss.js';

export class QuantileLoss implements GbLoss {
  readonly name = 'quantile';

  constructor(private readonly alpha: number) {}

  initialPrediction(y: Float64Array, w: Float64Array, weighted: boolean): number {
    return weighted ? weightedPercentile(y, w, this.alpha * 100) : percentile(y, this.alpha * 100);
  }

  negativeGradient(y: Float64Array, raw: Float64Array, _w: Float64Array, out: Float64Array): void {
    const a = this.alpha;
    for (let i = 0; i < y.length; i++) out[i] = y[i] > raw[i] ? a : a - 1;
  }

  loss(y: Float64Array, raw: Float64Array, w: Float64Array, mask?: Uint8Array): number {
    const a = this.alpha;
    return weightedMean(y.length, w, mask, (i) => {
      const d = y[i] - raw[i];
      return y[i] > raw[i] ? a * d : (a - 1) * d;
    });
  }

  updateLeaves(tree: Tree, rowsByLeaf: ReadonlyMap<number, Int32Array>, y: Float64Array, raw: Float64Array, w: Float64Array): void {
    setLeavesToResidualPercentile(tree, rowsByLeaf, y, raw, w, this.alpha * 100);
  }
}
