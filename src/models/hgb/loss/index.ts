/** The loss registry: name → loss implementation (one file per loss). */
import { absoluteError } from './absolute-error.js';
import type { HgbLoss } from './base.js';
import { huberLoss } from './huber.js';
import { poissonLoss } from './poisson.js';
import { quantileLoss } from './quantile.js';
import { squaredError } from './squared-error.js';

export type { HgbLoss } from './base.js';

export const HGB_LOSSES = ['squared_error', 'absolute_error', 'poisson', 'huber', 'quantile'] as const;
export type HgbLossName = (typeof HGB_LOSSES)[number];

/** `alpha` is the Huber quantile of |residual| that sets δ; `quantile` the one the quantile loss estimates (other losses ignore both). */
export function makeLoss(name: HgbLossName, weighted: boolean, alpha = 0.9, quantile = 0.5): HgbLoss {
  switch (name) {
    case 'squared_error':
      return squaredError(weighted);
    case 'absolute_error':
      return absoluteError(weighted);
    case 'poisson':
      return poissonLoss();
    case 'huber':
      return huberLoss(weighted, alpha);
    case 'quantile':
      return quantileLoss(weighted, quantile);
  }
}
