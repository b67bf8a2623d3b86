/** CART regression trees: the estimator, the flat predictor, and the growth machinery ensembles reuse. */
export { type ResolvedTreeParams, type TreeData, buildTree } from './builder.js';
export { CRITERIA, type CriterionName } from './criterion/index.js';
export { prepareFit } from './fit-input.js';
export { type MaxFeatures, TREE_CONSTRAINTS, TREE_DEFAULTS, type TreeParams, pickTreeParams, resolveMaxFeatures, resolveTreeParams } from './params.js';
export { presort } from './presort.js';
export { DECISION_TREE_DEFAULTS, type DecisionTreeParams, DecisionTreeRegressor, type DecisionTreeState } from './regressor.js';
export { Tree, type TreeArrays, type TreeJSON } from './tree.js';
