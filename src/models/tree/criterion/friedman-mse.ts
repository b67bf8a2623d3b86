/**
 * Friedman's improvement score for boosting trees (scikit-learn's `friedman_mse`, the default inside
 * GradientBoostingRegressor): `(W_R·S_L − W_L·S_R)² / (W_L·W_R)`. Within one node this is the variance
 * decrease times the node weight, so it picks the same splits as squared error up to rounding; the
 * impurities and leaf values are the squared-error ones.
 */
import { SquaredError } from './squared-error.js';

export class FriedmanMse extends SquaredError {
  override readonly name: string = 'friedman_mse';

  override proxyImprovement(): number {
    const sl = this.sumLeft;
    const sr = this.sumNode - sl;
    const diff = this.weightRight * sl - this.weightLeft * sr;
    return (diff * diff) / (this.weightLeft * this.weightRight);
  }

  /** scikit-learn's FriedmanMSE.impurity_improvement: the proxy over the node weight. */
  improvement(): number {
    const sl = this.sumLeft;
    const sr = this.sumNode - sl;
    const diff = this.weightRight * sl - this.weightLeft * sr;
    return (diff * diff) / (this.weightLeft * this.weightRight * this.weightNode);
  }
}
