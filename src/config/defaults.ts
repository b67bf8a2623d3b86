/**
 * Config defaults that need no schema: kept apart from `schema.ts` (zod) so command help and other
 * light paths can show them without loading the validator.
 */

/**
 * The model families `convopt train` fits by default (by registry kind): the six of the original
 * stack plus Ridge, a cheap regularised linear model that edges out OLS on the reference folds.
 */
export const DEFAULT_FAMILIES = [
  'LinearRegression',
  'Ridge',
  'GradientBoostingRegressor',
  'AdaBoostRegressor',
  'RandomForestRegressor',
  'HistGradientBoostingRegressor',
  'PoissonRegressor',
] as const;

/** Registered model name under which `convopt train` registers versions (and moves `champion`). */
export const DEFAULT_MODEL_NAME = 'convopt';
