/**
 * Quantile (pinball) loss, identity link: the model estimates the `quantile` of y given x, e.g. the
 * ends of an 80 % prediction interval from 0.1 and 0.9 (scikit-learn's `loss='quantile'`). Gradients
 * are −q where y ≥ raw and 1 − q below, hessian 1; like absolute error, leaves are then re-set to the
 * residuals' q-quantile, which is where the pinball loss of the leaf is lowest. Unweighted quantiles
 * interpolate as NumPy's `percentile`, weighted ones take the first value reaching the weight share
 * (scikit-learn's `_weighted_percentile`); both via selection, not a sort.
 */
import { type HgbLoss, leafResiduals } from './base.js';
import { lowerQuantileInPlace, percentileInPlace } from './select.js';

export function quantileLoss(weighted: boolean, quantile: number): HgbLoss {
  // scikit-learn passes the quantile on as a percentile (100·q) and divides it again: the same bits here.
  const share = (100 * quantile) / 100;
  const constant = (r: Float64Array, w: Float64Array | null): number => (w ? lowerQuantileInPlace(r, w, share) : percentileInPlace(r, share));
  return {
    name: 'quantile',
    constantHessian: !weighted,
    checkTarget: () => {},
    baseline: (y, w) => constant(Float64Array.from(y), w),
    gradients(y, raw, w, grad, hess) {
      for (let i = 0; i < y.length; i++) {
        const wi = w ? w[i] : 1;
        grad[i] = wi * (y[i] >= raw[i] ? -quantile : 1 - quantile);
        hess[i] = wi;
      }
    },
    loss(y, raw, w) {
      let s = 0;
      let sw = 0;
      for (let i = 0; i < y.length; i++) {
        const wi = w ? w[i] : 1;
        const d = y[i] - raw[i];
        s += wi * (d >= 0 ? quantile * d : (quantile - 1) * d);
        sw += wi;
      }
      return s / sw;
    },
    inverseLink: (raw) => raw,
    leafValue(y, raw, w, indices) {
      const leaf = leafResiduals(y, raw, w, indices);
      return constant(leaf.r, leaf.w);
    },
  };
}
