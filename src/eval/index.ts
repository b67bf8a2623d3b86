/** Evaluation: metrics, splitters, cross-validation and hyperparameter search. */
export * from './metrics/index.js';
export * from './split/index.js';
export { type CrossValidateOptions, type CrossValidateResult, type FoldScores, crossValidate, crossValidateBundle } from './cross-validate.js';
export * from './search/index.js';
