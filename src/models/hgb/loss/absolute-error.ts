/**
 * Absolute error |y − raw|, identity link: gradient sign(raw − y), hessian 1. Newton steps on a sign
 * are meaningless in magnitude, so after each tree is grown every leaf is re-set to the (weighted)
 * median residual of its samples, as scikit-learn does.
 */
import { type HgbLoss, leafResiduals } from './base.js';

/** Weighted median (the lower one on ties of cumulative weight, matching a 50th weighted percentile). */
export function weightedMedian(values: Float64Array, w: Float64Array | null): number {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  if (!w) {
    const sorted = order.map((i) => values[i]);
    return n % 2 ? sorted[(n - 1) / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i];
  let acc = 0;
  for (const i of order) {
    acc += w[i];
    if (acc >= total / 2) return values[i];
  }
  return values[order[n - 1]];
}

export function absoluteError(weighted: boolean): HgbLoss {
  return {
    name: 'absolute_error',
    constantHessian: !weighted,
    checkTarget: () => {},
    baseline: (y, w) => weightedMedian(y, w),
    gradients(y, raw, w, grad, hess) {
      for (let i = 0; i < y.length; i++) {
        const wi = w ? w[i] : 1;
        grad[i] = wi * (raw[i] > y[i] ? 1 : raw[i] < y[i] ? -1 : 0);
        hess[i] = wi;
      }
    },
    loss(y, raw, w) {
      let s = 0;
      let sw = 0;
      for (let i = 0; i < y.length; i++) {
        const wi = w ? w[i] : 1;
        s += wi * Math.abs(y[i] - raw[i]);
        sw += wi;
      }
      return s / sw;
    },
    inverseLink: (raw) => raw,
    leafValue(y, raw, w, indices) {
      const leaf = leafResiduals(y, raw, w, indices);
      return weightedMedian(leaf.r, leaf.w);
    },
  };
}
