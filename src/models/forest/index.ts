/** Random forests: the estimator, and the thread pool that grows trees in parallel. */
export { RANDOM_FOREST_DEFAULTS, type RandomForestParams, RandomForestRegressor, type RandomForestState } from './regressor.js';
export { lastForestThreads, startForestThreads } from './threads.js';
