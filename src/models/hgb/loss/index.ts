/** The loss registry: name → loss implementation (one file per loss). */
import { absoluteError } from './absolute-error.js';
import type { HgbLoss } from './base.js';
import { poissonLoss } from './poisson.js';
import { squaredError } from './squared-error.js';

export type { HgbLoss } from './base.js';

export const HGB_LOSSES = ['squared_error', 'absolute_error', 'poisson'] as const;
export type HgbLossName = (typeof HGB_LOSSES)[number];

export function makeLoss(name: HgbLossName, weighted: boolean): HgbLoss {
  switch (name) {
    case 'squared_error':
      return squaredError(weighted);
    case 'absolute_error':
      return absoluteError(weighted);
    case 'poisson':
      return poissonLoss();
  }
}
