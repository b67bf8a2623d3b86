/** Public surface of the histogram gradient boosting package. */
export { HistGradientBoostingRegressor, type HistGradientBoostingState } from './regressor.js';
export { HGB_DEFAULTS, type HistGradientBoostingParams } from './params.js';
export { BinMapper } from './binning.js';
export { TreePredictor } from './predictor.js';
export { startHgbThreads } from './threads.js';
