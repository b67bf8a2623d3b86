/** Squared error: start at the (weighted) mean, fit residuals; the tree's leaf means are optimal. */
import { type GbLoss, weightedMean } from './loss.js';

export class SquaredErrorLoss implements GbLoss {
  readonly name = 'squared_error';

  initialPrediction(y: Float64Array, w: Float64Array): number {
    return weightedMean(y.length, w, undefined, (i) => y[i]);
  }

  negativeGradient(y: Float64Array, raw: Float64Array, _w: Float64Array, out: Float64Array): void {
    for (let i = 0; i < y.length; i++) out[i] = y[i] - raw[i];
  }

  loss(y: Float64Array, raw: Float64Array, w: Float64Array, mask?: Uint8Array): number {
    return weightedMean(y.length, w, mask, (i) => (y[i] - raw[i]) ** 2);
  }
}
