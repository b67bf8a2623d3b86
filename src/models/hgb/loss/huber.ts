/**
 * Huber loss, identity link, as in GradientBoostingRegressor (Friedman's M-regression) and LightGBM:
 * ½r² for residuals |r| ≤ δ, δ(|r| − δ/2) beyond. δ is re-estimated every iteration as the `alpha`
 * quantile of |y − raw| (weighted, no interpolation), so "how large is an outlier" follows the fit.
 * Gradients are the residuals clipped to ±δ with hessian 1 (trees split on those, so outliers pull
 * no harder than δ); after each tree is grown every leaf is re-set to the robust step
 * median(r) + mean(clip(r − median(r), ±δ)) over its samples (r = y − raw).
 */
import { weightedMedian } from './absolute-error.js';
import { type HgbLoss, leafResiduals } from './base.js';
import { lowerQuantileInPlace, medianInPlace } from './select.js';

/** The Huber loss also exposes its current δ (tests, diagnostics). */
export type HuberLoss = HgbLoss & { readonly delta: number };

export function huberLoss(weighted: boolean, alpha: number): HuberLoss {
  let delta = 0;
  const estimateDelta = (y: Float64Array, raw: Float64Array | number, w: Float64Array | null): number => {
    const abs = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) abs[i] = Math.abs(y[i] - (typeof raw === 'number' ? raw : raw[i]));
    return lowerQuantileInPlace(abs, w, alpha);
  };
  return {
    name: 'huber',
    constantHessian: !weighted,
    checkTarget: () => {},
    baseline(y, w) {
      const m = w ? weightedMedian(y, w) : medianInPlace(Float64Array.from(y));
      // The baseline scores (early stopping's first entry) need a δ before any gradient exists.
      delta = estimateDelta(y, m, w);
      return m;
    },
    gradients(y, raw, w, grad, hess) {
      delta = estimateDelta(y, raw, w);
      for (let i = 0; i < y.length; i++) {
        const r = raw[i] - y[i];
        const g = r > delta ? delta : r < -delta ? -delta : r;
        const wi = w ? w[i] : 1;
        grad[i] = wi * g;
        hess[i] = wi;
      }
    },
    loss(y, raw, w) {
      let s = 0;
      let sw = 0;
      for (let i = 0; i < y.length; i++) {
        const wi = w ? w[i] : 1;
        const a = Math.abs(y[i] - raw[i]);
        s += wi * (a <= delta ? 0.5 * a * a : delta * (a - 0.5 * delta));
        sw += wi;
      }
      return s / sw;
    },
    inverseLink: (raw) => raw,
    leafValue(y, raw, w, indices) {
      const n = indices.length;
      const leaf = leafResiduals(y, raw, w, indices);
      // medianInPlace reorders the residuals, which the mean below (recomputed from y and raw) does not mind.
      const median = leaf.w ? weightedMedian(leaf.r, leaf.w) : medianInPlace(leaf.r);
      let s = 0;
      let sw = 0;
      for (let k = 0; k < n; k++) {
        const d = y[indices[k]] - raw[indices[k]] - median;
        const wi = w ? w[indices[k]] : 1;
        s += wi * (d > delta ? delta : d < -delta ? -delta : d);
        sw += wi;
      }
      return median + (sw > 0 ? s / sw : 0);
    },
    get delta() {
      return delta;
    },
  };
}
