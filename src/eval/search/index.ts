/** Hyperparameter search: spaces (grid, random distributions) and CV-ranked leaderboards. */
export { type ParamDistribution, type ParamGrid, type ParamValue, expandGrid, sampleParam, sampleParams } from './space.js';
export { type EstimatorSpec, type LeaderboardEntry, type SearchOptions, type SearchResult, gridSearchCV, randomSearchCV, searchCandidates } from './search.js';
