/** Gradient boosting with exact CART trees (scikit-learn's GradientBoostingRegressor). */
export { GB_LOSSES, type GbLoss, type GbLossName, createLoss } from './loss/index.js';
export { percentile, weightedPercentile } from './percentile.js';
export { GRADIENT_BOOSTING_DEFAULTS, type GradientBoostingParams, GradientBoostingRegressor, type GradientBoostingState } from './regressor.js';
