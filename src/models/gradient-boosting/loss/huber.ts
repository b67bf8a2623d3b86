/**
 * Huber loss (Friedman 2001's M-regression): squared for residuals within γ, linear beyond, where γ is
 * the `alpha` quantile of |residual| recomputed each iteration. Leaves are set like scikit-learn:
 * the median residual plus the mean of the clipped deviations from it.
 */
import type { Tree } from '../../tree/tree.js';
import { percentile, weightedPercentile } from '../percentile.js';
import type { GbLoss } from './loss.js';

export class HuberLoss implements GbLoss {
  readonly name = 'huber';
  /** γ of the latest gradient (used by `loss` and `updateLeaves` of the same iteration). */
  private gamma: number | null = null;

  constructor(private readonly alpha: number) {}

  initialPrediction(y: Float64Array, w: Float64Array, weighted: boolean): number {
    this.gamma = null;
    return weighted ? weightedPercentile(y, w, 50) : percentile(y, 50);
  }

  /** The alpha quantile of |residual| over the rows with `mask[i] = 1` (all rows when omitted). */
  private gammaOf(y: Float64Array, raw: Float64Array, w: Float64Array, mask?: Uint8Array): number {
    const abs = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) abs[i] = Math.abs(y[i] - raw[i]);
    if (!mask) return weightedPercentile(abs, w, this.alpha * 100);
    const rows: number[] = [];
    for (let i = 0; i < y.length; i++) if (mask[i] === 1) rows.push(i);
    return weightedPercentile(abs, w, this.alpha * 100, rows);
  }

  negativeGradient(y: Float64Array, raw: Float64Array, w: Float64Array, out: Float64Array): void {
    const gamma = this.gammaOf(y, raw, w);
    for (let i = 0; i < y.length; i++) {
      const d = y[i] - raw[i];
      out[i] = Math.abs(d) <= gamma ? d : gamma * Math.sign(d);
    }
    this.gamma = gamma;
  }

  loss(y: Float64Array, raw: Float64Array, w: Float64Array, mask?: Uint8Array): number {
    // Before the first gradient (the out-of-bag loss of iteration 0) γ comes from the rows scored.
    const gamma = this.gamma ?? this.gammaOf(y, raw, w, mask);
    let s = 0;
    let sw = 0;
    for (let i = 0; i < y.length; i++) {
      if (mask && mask[i] === 0) continue;
      const a = Math.abs(y[i] - raw[i]);
      s += w[i] * (a <= gamma ? 0.5 * a * a : gamma * (a - gamma / 2));
      sw += w[i];
    }
    return s / sw;
  }

  updateLeaves(tree: Tree, rowsByLeaf: ReadonlyMap<number, Int32Array>, y: Float64Array, raw: Float64Array, w: Float64Array): void {
    const gamma = this.gamma ?? 0;
    const diff = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) diff[i] = y[i] - raw[i];
    for (const [leaf, rows] of rowsByLeaf) {
      const median = weightedPercentile(diff, w, 50, rows);
      let s = 0;
      // Unweighted mean of the clipped deviations, as scikit-learn (1.2) computes it.
      for (let k = 0; k < rows.length; k++) {
        const d = diff[rows[k]] - median;
        s += Math.sign(d) * Math.min(Math.abs(d), gamma);
      }
      tree.value[leaf] = median + s / rows.length;
    }
  }
}

