/**
 * Parity with scikit-learn 1.2.1's HistGradientBoostingRegressor on the bundled data. The reference
 * figures are produced by `test/fixtures/hgb/make_reference.py` (committed with its output).
 *
 * Tolerances: the algorithm is the same (same binning rule on < 200k rows, same gain with float32
 * gradients and float64 sums, same leaf-wise order, same tie-breaking), and on this data our
 * predictions agree with scikit-learn's to ~1e-15. They are not bit-identical by construction:
 * scikit-learn adds float32 gradients in OpenMP-chunked order, so a gain tie broken by the last bit
 * could in principle pick another split. We therefore allow 1e-6 (absolute on R² and on each
 * prediction, relative on deviance): far above summation noise, far below any real algorithmic
 * difference (one different split moves the holdout R² by ~1e-2).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { takeRows } from '../../core/arrays.js';
import { meanPoissonDeviance, r2 } from '../../eval/metrics/index.js';
import { buildFeaturePipeline, seedFeatureMatrix } from '../../features/index.js';
import { kagFrame } from '../../features/testing.js';
import { HistGradientBoostingRegressor } from './regressor.js';
import { referencePath } from '../../../test/helpers/reference.js';

interface Reference {
  seed_holdout: { holdout_r2: number; test_row_indices: number[]; predictions: number[]; n_iter: number };
  planning_cv: { fold_r2: number[]; fold_poisson_deviance: number[]; r2_mean: number; poisson_deviance_mean: number };
}
const ref = JSON.parse(readFileSync(new URL('../../../test/fixtures/hgb/hgb_reference.json', import.meta.url), 'utf8')) as Reference;
const planningRef = JSON.parse(readFileSync(referencePath('sklearn_planning_reference.json'), 'utf8')) as { fold_of_row: number[][] };

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

test('seed features, default HGB, fixed holdout: R² and predictions match scikit-learn', () => {
  const frame = kagFrame();
  const X = seedFeatureMatrix(frame);
  const y = Float64Array.from(frame.numeric('Approved_Conversion'));
  const testRows = ref.seed_holdout.test_row_indices;
  const isTest = new Uint8Array(X.nRows);
  for (const r of testRows) isTest[r] = 1;
  const trainRows = [...Array(X.nRows).keys()].filter((i) => !isTest[i]);
  const model = new HistGradientBoostingRegressor().fit(takeRows(X, trainRows), Float64Array.from(trainRows, (i) => y[i]));
  assert.equal(model.nIter_, ref.seed_holdout.n_iter);
  const pred = model.predict(takeRows(X, testRows));
  const ours = r2(Float64Array.from(testRows, (i) => y[i]), pred);
  if (process.env.HGB_PARITY_VERBOSE) console.log(`seed holdout R² ours ${ours} sklearn ${ref.seed_holdout.holdout_r2}`);
  assert.ok(Math.abs(ours - ref.seed_holdout.holdout_r2) <= 1e-6, `holdout R² ${ours} vs scikit-learn ${ref.seed_holdout.holdout_r2}`);
  pred.forEach((p, k) => assert.ok(Math.abs(p - ref.seed_holdout.predictions[k]) <= 1e-6, `test row ${testRows[k]}: ${p} vs scikit-learn ${ref.seed_holdout.predictions[k]}`));
});

test('planning features, poisson HGB, repeated 5-fold CV: mean R² and deviance match scikit-learn', () => {
  const frame = kagFrame();
  const y = Float64Array.from(frame.numeric('Approved_Conversion'));
  const r2s: number[] = [];
  const devs: number[] = [];
  for (const folds of planningRef.fold_of_row) {
    for (let k = 0; k < 5; k++) {
      const tr = folds.flatMap((f, i) => (f === k ? [] : [i]));
      const te = folds.flatMap((f, i) => (f === k ? [i] : []));
      const features = buildFeaturePipeline('planning').fit(frame.take(tr));
      const model = new HistGradientBoostingRegressor({ loss: 'poisson', maxIter: 300, learningRate: 0.03, minSamplesLeaf: 20 });
      model.fit(features.transform(frame.take(tr)), Float64Array.from(tr, (i) => y[i]));
      const pred = model.predict(features.transform(frame.take(te)));
      const yt = Float64Array.from(te, (i) => y[i]);
      r2s.push(r2(yt, pred));
      devs.push(meanPoissonDeviance(yt, pred));
    }
  }
  const { r2_mean: refR2, poisson_deviance_mean: refDev } = ref.planning_cv;
  if (process.env.HGB_PARITY_VERBOSE) console.log(`planning CV R² ours ${mean(r2s)} sklearn ${refR2}; deviance ours ${mean(devs)} sklearn ${refDev}`);
  assert.ok(Math.abs(mean(r2s) - refR2) <= 1e-6, `CV R² ${mean(r2s)} vs scikit-learn ${refR2}`);
  assert.ok(Math.abs(mean(devs) - refDev) <= 1e-6 * refDev, `CV deviance ${mean(devs)} vs scikit-learn ${refDev}`);
});
