/** crossValidate / crossValidateBundle: reference CV scores, OOF predictions, determinism, errors. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fromRows } from '../core/arrays.js';
import { ConvoptError } from '../core/errors.js';
import { seedFeatureMatrix } from '../features/index.js';
import { kagFrame } from '../features/testing.js';
import { ModelBundle } from '../models/bundle.js';
import { LinearRegression } from '../models/linear/index.js';
import { crossValidate, crossValidateBundle } from './cross-validate.js';
import { foldsFromAssignment, kFold } from './split/index.js';
import { referencePath } from '../../test/helpers/reference.js';

const seedRef = JSON.parse(readFileSync(referencePath('sklearn_seed_reference.json'), 'utf8')) as { cv5_fold_of_row: number[]; models: { LinearRegression: { cv5_r2_mean: number; cv5_r2_std: number } } };
const planRef = JSON.parse(readFileSync(referencePath('sklearn_planning_reference.json'), 'utf8')) as { fold_of_row: number[][]; models: Record<string, { r2_mean: number; poisson_deviance_mean: number }> };

test('seed LinearRegression 5-fold CV with the reference folds: mean and std R²', () => {
  const frame = kagFrame();
  const y = Float64Array.from(frame.numeric('Approved_Conversion'));
  const cv = crossValidate(() => new LinearRegression(), seedFeatureMatrix(frame), y, foldsFromAssignment(seedRef.cv5_fold_of_row), { metrics: ['r2', 'rmse'] });
  assert.equal(cv.folds.length, 5);
  assert.ok(Math.abs(cv.mean.r2 - seedRef.models.LinearRegression.cv5_r2_mean) < 1e-6, `${cv.mean.r2}`);
  assert.ok(Math.abs(cv.std.r2 - seedRef.models.LinearRegression.cv5_r2_std) < 1e-6, `${cv.std.r2}`);
  assert.ok(cv.oofPredictions.every(Number.isFinite));
  assert.ok(cv.mean.rmse > 0);
});

test('bundle CV fits features per fold; planning LinearRegression matches the reference', () => {
  const frame = kagFrame();
  const folds = planRef.fold_of_row.flatMap((a) => foldsFromAssignment(a));
  const cv = crossValidateBundle(() => ModelBundle.create({ features: 'planning', model: 'LinearRegression' }), frame, folds, { metrics: ['r2', 'meanPoissonDeviance', 'meanPoissonDevianceClipped'] });
  assert.ok(Math.abs(cv.mean.r2 - planRef.models['LinearRegression(onehot campaign/age/gender + interest, Spent)'].r2_mean) < 1e-9);
  // OLS predicts negative counts for some rows: deviance is undefined there, reported as NaN + warning.
  assert.ok(Number.isNaN(cv.mean.meanPoissonDeviance));
  assert.ok(cv.warnings.length > 0 && /meanPoissonDeviance/.test(cv.warnings[0]));
  // The reference clipped predictions at 1e-9 before scoring deviance.
  const want = planRef.models['LinearRegression(onehot campaign/age/gender + interest, Spent)'].poisson_deviance_mean;
  assert.ok(Math.abs(cv.mean.meanPoissonDevianceClipped - want) < 1e-6, `${cv.mean.meanPoissonDevianceClipped} vs ${want}`);
});

test('train scores, determinism and errors', () => {
  const X = fromRows(Array.from({ length: 30 }, (_, i) => [i, (i * 7) % 5]));
  const y = Float64Array.from({ length: 30 }, (_, i) => 2 * i + ((i * 7) % 5) + (i % 3));
  const folds = kFold(30, { nSplits: 3, shuffle: true, seed: 4 });
  const a = crossValidate(() => new LinearRegression(), X, y, folds, { returnTrainScore: true });
  const b = crossValidate(() => new LinearRegression(), X, y, folds, { returnTrainScore: true });
  assert.deepEqual(a, b);
  assert.ok(a.folds.every((f) => f.train !== undefined && f.train.r2 >= f.test.r2 - 0.2));
  assert.throws(() => crossValidate(() => new LinearRegression(), X, y, []), ConvoptError);
  assert.throws(() => crossValidate(() => new LinearRegression(), X, y, folds, { metrics: ['accuracy' as 'r2'] }), (e: unknown) => e instanceof ConvoptError && /accuracy/.test(e.message));
  assert.throws(() => crossValidate(() => new LinearRegression(), X, y, kFold(40, { nSplits: 2 })), (e: unknown) => e instanceof ConvoptError && /outside/.test(e.message));
});
