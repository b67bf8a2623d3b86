/** AdaBoost.R2 regression over CART trees. */
export { ADABOOST_DEFAULTS, ADABOOST_LOSSES, type AdaBoostParams, AdaBoostRegressor, type AdaBoostState } from './regressor.js';
export { weightedBootstrapCounts } from './resample.js';
export { weightedMedian } from './weighted-median.js';
