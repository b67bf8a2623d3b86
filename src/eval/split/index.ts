/** Row splitters for evaluation: holdout, k-fold, repeated k-fold and fixed fold assignments. */
export { type Fold, foldFromMask } from './fold.js';
export { type HoldoutOptions, holdoutSplit } from './holdout.js';
export { KFold, type KFoldOptions, RepeatedKFold, type RepeatedKFoldOptions, foldsFromAssignment, kFold, repeatedKFold } from './kfold.js';
