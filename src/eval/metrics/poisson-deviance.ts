/**
 * Mean Poisson deviance, as scikit-learn's `mean_poisson_deviance`: the natural loss for counts such as
 * conversions. Targets must be ≥ 0 and predictions > 0 (a log is taken), otherwise a typed error.
 */
import { ConvoptError } from '../../core/errors.js';
import { checkMetricInput, weightedMean } from './check.js';

/** Unit deviance 2·(y·log(y/μ) − y + μ), with y·log(y/μ) = 0 at y = 0. */
export function poissonUnitDeviance(y: number, mu: number): number {
  const ylog = y > 0 ? y * Math.log(y / mu) : 0;
  return 2 * (ylog - y + mu);
}

/**
 * Weighted mean of the Poisson unit deviance. Lower is better; 0 is perfect.
 * @example meanPoissonDeviance([0, 2], [0.5, 2]) // 0.5
 */
export function meanPoissonDeviance(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, sampleWeight?: ArrayLike<number>): number {
  const w = checkMetricInput('meanPoissonDeviance', yTrue, yPred, sampleWeight);
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] < 0) {
      throw new ConvoptError('INVALID_ARGUMENT', `meanPoissonDeviance: yTrue is ${yTrue[i]} at row ${i + 1}; Poisson deviance needs targets ≥ 0.`, { row: i + 1, value: yTrue[i], hint: 'Use it for counts only, or score with mse/r2.' });
    }
    if (!(yPred[i] > 0)) {
      throw new ConvoptError('INVALID_ARGUMENT', `meanPoissonDeviance: yPred is ${yPred[i]} at row ${i + 1}; Poisson deviance needs predictions > 0.`, {
        row: i + 1,
        value: yPred[i],
        hint: 'Use a model with positive predictions (PoissonRegressor, Poisson loss), or clip predictions to a small positive floor first.',
      });
    }
  }
  return weightedMean(yTrue.length, w, (i) => poissonUnitDeviance(yTrue[i], yPred[i]));
}

/** The floor the reference evaluation used for non-positive predictions (sklearn planning reference). */
export const POISSON_PREDICTION_FLOOR = 1e-9;

/**
 * Mean Poisson deviance with predictions clipped to ≥ `floor` first, so models that can predict ≤ 0
 * (OLS) get a finite, comparable score; this is how the planning reference scored LinearRegression.
 * @example meanPoissonDevianceClipped([0, 2], [-1, 2]) // finite
 */
export function meanPoissonDevianceClipped(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, sampleWeight?: ArrayLike<number>, floor = POISSON_PREDICTION_FLOOR): number {
  const clipped = Float64Array.from({ length: yPred.length }, (_, i) => (yPred[i] < floor ? floor : yPred[i]));
  for (let i = 0; i < yPred.length; i++) if (Number.isNaN(yPred[i])) clipped[i] = NaN; // still reported by the check
  return meanPoissonDeviance(yTrue, clipped, sampleWeight);
}
