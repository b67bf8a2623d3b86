/** Boosting losses by name. */
import { AbsoluteErrorLoss } from './absolute-error.js';
import { HuberLoss } from './huber.js';
import type { GbLoss } from './loss.js';
import { QuantileLoss } from './quantile.js';
import { SquaredErrorLoss } from './squared-error.js';

export const GB_LOSSES = ['squared_error', 'absolute_error', 'huber', 'quantile'] as const;
export type GbLossName = (typeof GB_LOSSES)[number];

export function createLoss(name: GbLossName, alpha: number): GbLoss {
  switch (name) {
    case 'squared_error':
      return new SquaredErrorLoss();
    case 'absolute_error':
      return new AbsoluteErrorLoss();
    case 'huber':
      return new HuberLoss(alpha);
    case 'quantile':
      return new QuantileLoss(alpha);
  }
}

export type { GbLoss } from './loss.js';
