/** The loss registry: name → loss implementation (one file per loss). */
import { absoluteError } from './absolute-error.js';
import type { HgbLoss } from './base.js';
import { huberLoss } from './huber.js';
import { poissonLoss } from './poisson.js';
import { squaredError } from './squared-error.js';

export type { HgbLoss } from './base.js';

export const HGB_LOSSES = ['squared_error', 'absolute_error', 'poisson', 'huber'] as const;
export type HgbLossName = (typeof HGB_LOSSES)[number];

/** `alpha` is the Huber quantile of |residual| that sets δ (other losses ignore it). */
export function makeLoss(name: HgbLossName, weighted: boolean, alpha = 0.9): HgbLoss {
  switch (name) {
    case 'squared_error':
      return squaredError(weighted);
    case 'absolute_error':
      return absoluteError(weighted);
    case 'poisson':
      return poissonLoss();
    case 'huber':
      return huberLoss(weighted, alpha);
  }
}
