/** Half squared error ½(y − raw)², identity link: gradient raw − y, hessian 1. */
import { weightedMean, type HgbLoss } from './base.js';

export function squaredError(weighted: boolean): HgbLoss {
  return {
    name: 'squared_error',
    constantHessian: !weighted,
    checkTarget: () => {},
    baseline: (y, w) => weightedMean(y, w),
    gradients(y, raw, w, grad, hess) {
      if (w) {
        for (let i = 0; i < y.length; i++) {
          grad[i] = w[i] * (raw[i] - y[i]);
          hess[i] = w[i];
        }
      } else {
        for (let i = 0; i < y.length; i++) grad[i] = raw[i] - y[i];
        hess.fill(1);
      }
    },
    loss(y, raw, w) {
      let s = 0;
      let sw = 0;
      for (let i = 0; i < y.length; i++) {
        const wi = w ? w[i] : 1;
        const d = y[i] - raw[i];
        s += wi * 0.5 * d * d;
        sw += wi;
      }
      return s / sw;
    },
    inverseLink: (raw) => raw,
    // Unweighted only: with weights the gradients are w·(raw − y) and hessians vary.
    ...(weighted ? {} : { addLeafValuesAndGradients }),
  };
}

/** `HgbLoss.addLeafValuesAndGradients` for unweighted squared error: gradient raw − y. */
function addLeafValuesAndGradients(y: Float64Array, raw: Float64Array, leafOf: Uint16Array, values: Float64Array, grad: Float32Array, indices: Uint32Array): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const r = raw[i] + values[leafOf[i]];
    raw[i] = r;
    // The float32 value `gradients` stores, summed as the grower sums the stored gradients.
    const g = Math.fround(r - y[i]);
    grad[i] = g;
    sum += g;
    indices[i] = i;
  }
  return sum;
}
