/**
 * Test fixture for scikit-learn parity: the seed feature matrix of the bundled data, the reference
 * holdout split and 5-fold assignment, and helpers that score any regressor on them exactly as the
 * reference did (`/work/shared/reference/sklearn_seed_reference.json`, copied to `reference.json`).
 */
import { readFileSync } from 'node:fs';
import { type Matrix, take, takeRows } from '../../../core/arrays.js';
import { r2 } from '../../../eval/metrics/index.js';
import { seedFeatureMatrix } from '../../../features/index.js';
import { kagFrame } from '../../../features/testing.js';
import type { Regressor } from '../../base/estimator.js';

interface Reference {
  readonly split: { readonly test_row_indices: readonly number[] };
  readonly cv5_fold_of_row: readonly number[];
  readonly models: Record<string, { readonly holdout_r2: number; readonly cv5_r2_mean: number }>;
}

const REFERENCE = JSON.parse(readFileSync(new URL('./reference.json', import.meta.url), 'utf8')) as Reference;

export interface SeedData {
  readonly X: Matrix;
  readonly y: Float64Array;
}

let cached: SeedData | undefined;

/** All 1,143 rows: seed features and Approved_Conversion. */
export function seedData(): SeedData {
  if (cached) return cached;
  const frame = kagFrame();
  cached = { X: seedFeatureMatrix(frame), y: Float64Array.from(frame.numeric('Approved_Conversion')) };
  return cached;
}

/** scikit-learn's holdout and 5-fold R² for a model name. */
export function referenceScores(model: string): { holdout: number; cv5: number } {
  const m = REFERENCE.models[model];
  return { holdout: m.holdout_r2, cv5: m.cv5_r2_mean };
}

function splitRows(isTest: (i: number) => boolean, n: number): { train: Int32Array; test: Int32Array } {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < n; i++) (isTest(i) ? test : train).push(i);
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

function score(make: () => Regressor, X: Matrix, y: Float64Array, train: Int32Array, test: Int32Array): number {
  const m = make().fit(takeRows(X, train), take(y, train));
  return r2(take(y, test), m.predict(takeRows(X, test)));
}

/** Holdout R² on the reference's 20 % test rows. */
export function holdoutR2(make: () => Regressor): number {
  const { X, y } = seedData();
  const testRows = new Set(REFERENCE.split.test_row_indices);
  const { train, test } = splitRows((i) => testRows.has(i), X.nRows);
  return score(make, X, y, train, test);
}

/** Mean R² over the reference's 5 folds. */
export function cv5R2(make: () => Regressor): number {
  const { X, y } = seedData();
  let sum = 0;
  for (let k = 0; k < 5; k++) {
    const { train, test } = splitRows((i) => REFERENCE.cv5_fold_of_row[i] === k, X.nRows);
    sum += score(make, X, y, train, test);
  }
  return sum / 5;
}
