/**
 * Half Poisson deviance with log link: loss exp(raw) − y·raw (up to a constant), gradient
 * exp(raw) − y, hessian exp(raw). Predictions exp(raw) are always positive; the baseline is the log
 * of the mean target (clipped away from 0 so an all-zero target still has a finite baseline).
 */
import { ConvoptError } from '../../../core/errors.js';
import { weightedMean, type HgbLoss } from './base.js';

export function poissonLoss(): HgbLoss {
  return {
    name: 'poisson',
    constantHessian: false,
    checkTarget(y) {
      let sum = 0;
      for (let i = 0; i < y.length; i++) {
        if (y[i] < 0) {
          throw new ConvoptError('INVALID_DATA', `HistGradientBoostingRegressor(loss="poisson") needs a target y ≥ 0; row ${i + 1} has ${y[i]}.`, {
            row: i + 1,
            value: y[i],
            hint: 'Use loss="squared_error" for targets that can be negative, or fix the row.',
          });
        }
        sum += y[i];
      }
      if (!(sum > 0)) {
        throw new ConvoptError('INVALID_DATA', 'HistGradientBoostingRegressor(loss="poisson") needs a target with a positive sum; every y is 0.', {
          hint: 'A Poisson model of an all-zero target predicts 0 everywhere; use more data or loss="squared_error".',
        });
      }
    },
    baseline(y, w) {
      // Same clip as scikit-learn's fit_intercept_only for a log link.
      return Math.log(Math.max(weightedMean(y, w), 10 * 2.220446049250313e-16));
    },
    gradients(y, raw, w, grad, hess) {
      for (let i = 0; i < y.length; i++) {
        const mu = Math.exp(raw[i]);
        const wi = w ? w[i] : 1;
        grad[i] = wi * (mu - y[i]);
        hess[i] = wi * mu;
      }
    },
    loss(y, raw, w) {
      let s = 0;
      let sw = 0;
      for (let i = 0; i < y.length; i++) {
        const wi = w ? w[i] : 1;
        s += wi * (Math.exp(raw[i]) - y[i] * raw[i]);
        sw += wi;
      }
      return s / sw;
    },
    inverseLink: (raw) => Math.exp(raw),
  };
}
