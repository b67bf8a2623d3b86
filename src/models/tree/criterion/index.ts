/** Criterion registry: the names `criterion` accepts and a factory for each. */
import type { Criterion } from './criterion.js';
import { FriedmanMse } from './friedman-mse.js';
import { Poisson } from './poisson.js';
import { SquaredError } from './squared-error.js';

export const CRITERIA = ['squared_error', 'friedman_mse', 'poisson'] as const;
export type CriterionName = (typeof CRITERIA)[number];

export function createCriterion(name: CriterionName): Criterion {
  switch (name) {
    case 'squared_error':
      return new SquaredError();
    case 'friedman_mse':
      return new FriedmanMse();
    case 'poisson':
      return new Poisson();
  }
}

export { type Criterion, impurityImprovement, splitImprovement } from './criterion.js';
