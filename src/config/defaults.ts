/**
 * Config defaults that need no schema: kept apart from `schema.ts` (zod) so command help and other
 * light paths can show them without loading the validator.
 */
import type { FeatureSetName } from '../features/sets.js';

/** A model family as the config file may write it: a kind, or a kind with params and a feature set. */
export type FamilySpec =
  | string
  | {
      readonly kind: string;
      readonly name?: string;
      readonly params?: Readonly<Record<string, unknown>>;
      /** A named feature set, or `log`: the log1p variant of the run's set (see `logVariant`). */
      readonly features?: FeatureSetName | 'log';
    };

/**
 * The model families `convopt train` fits by default: the six of the original stack plus Ridge, a
 * cheap regularised linear model that edges out OLS on the reference folds. PoissonRegressor has a
 * log link, so it gets the log1p variant of the run's features, and the planning reference's
 * α = 1e-3: on raw seed counts it extrapolates wildly out of fold (CV R² −1.19 against 0.71).
 */
export const DEFAULT_FAMILIES: readonly FamilySpec[] = [
  'LinearRegression',
  'Ridge',
  'GradientBoostingRegressor',
  'AdaBoostRegressor',
  'RandomForestRegressor',
  'HistGradientBoostingRegressor',
  { kind: 'PoissonRegressor', params: { alpha: 1e-3 }, features: 'log' },
];

/** Registered model name under which `convopt train` registers versions (and moves `champion`). */
export const DEFAULT_MODEL_NAME = 'convopt';
