/** Linear models: LinearRegression (OLS), Ridge (L2) and PoissonRegressor (log-link GLM). */
export { LINEAR_REGRESSION_DEFAULTS, LinearRegression, type LinearRegressionParams } from './linear-regression.js';
export { POISSON_DEFAULTS, PoissonRegressor, type PoissonRegressorParams } from './poisson.js';
export { RIDGE_DEFAULTS, Ridge, type RidgeParams } from './ridge.js';
export { type LinearState, linearPredictor } from './base.js';
