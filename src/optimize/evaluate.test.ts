import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadAds } from '../data/load.js';
import { evaluateResponseModel } from './evaluate.js';
import { historyFromFrame } from './plan.js';
import { referencePath } from '../../test/helpers/reference.js';

const reference = JSON.parse(readFileSync(referencePath('sklearn_planning_reference.json'), 'utf8')) as {
  fold_of_row: number[][];
  models: Record<string, { r2_mean: number; poisson_deviance_mean: number }>;
};

test('out of fold on the reference repeated 5-fold, the planning model beats scikit-learn’s best planning models', async () => {
  const { frame } = await loadAds({});
  const scores = evaluateResponseModel(historyFromFrame(frame), reference.fold_of_row);
  const bestR2 = Math.max(...Object.values(reference.models).map((m) => m.r2_mean)); // 0.4124, HistGradientBoosting(poisson)
  const bestDeviance = Math.min(...Object.values(reference.models).map((m) => m.poisson_deviance_mean)); // 1.188, RandomForest
  assert.equal(scores.folds, 15);
  assert.ok(scores.r2Mean >= bestR2, `R² ${scores.r2Mean} < ${bestR2}`);
  assert.ok(scores.poissonDevianceMean <= bestDeviance, `deviance ${scores.poissonDevianceMean} > ${bestDeviance}`);
});

test('a fold assignment for other data is refused', async () => {
  const { frame } = await loadAds({});
  assert.throws(() => evaluateResponseModel(historyFromFrame(frame), [[0, 1, 0]]), /fold assignment has 3 rows; the data has 1143/);
});
