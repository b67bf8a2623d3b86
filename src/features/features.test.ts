/**
 * Feature steps and sets. The seed set must reproduce the reference preprocessing: its column order and
 * the column means after imputation printed by the Python pipeline (tolerance 1e-12 relative: only
 * summation order differs).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ConvoptError } from '../core/errors.js';
import { frameFromArrays } from '../data/frame.js';
import { FeaturePipeline, Log1pTransform, OneHotEncoder, RatioFeature, SEED_FEATURE_COLUMNS, StandardScaler, buildFeaturePipeline, logVariant, seedFeatureMatrix } from './index.js';
import { kagFrame } from './testing.js';
import { referencePath } from '../../test/helpers/reference.js';

const seedRef = JSON.parse(readFileSync(referencePath('sklearn_seed_reference.json'), 'utf8')) as {
  feature_columns: string[];
  column_means_after_imputation: Record<string, number>;
};

function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
}

test('seed features: reference column order and column means after imputation', () => {
  const X = seedFeatureMatrix(kagFrame());
  assert.deepEqual(X.names, seedRef.feature_columns);
  assert.deepEqual([...SEED_FEATURE_COLUMNS], seedRef.feature_columns);
  assert.equal(X.nRows, 1143);
  X.columns.forEach((col, j) => {
    const want = seedRef.column_means_after_imputation[X.names![j]];
    const got = mean(col);
    assert.ok(Math.abs(got - want) <= 1e-12 * Math.abs(want), `${X.names![j]}: ${got} vs ${want}`);
    assert.ok(col.every(Number.isFinite), `${X.names![j]} all finite`);
  });
});

test('ratio: 0/0 → 0, x/0 → mean of finite training ratios, learned state reused at transform', () => {
  const train = frameFromArrays({ a: [0, 2, 4, 3], b: [0, 1, 2, 0] });
  const step = new RatioFeature({ numerator: 'a', denominator: 'b', output: 'r' });
  const p = new FeaturePipeline([step]).fit(train);
  assert.deepEqual([...p.transform(train).columns[0]], [0, 2, 2, 4 / 3]);
  assert.equal(step.fillValue_, 4 / 3);
  const other = frameFromArrays({ a: [5, 0], b: [0, 0] });
  assert.deepEqual([...p.transform(other).columns[0]], [4 / 3, 0]);
});

test('one-hot: numeric levels sorted numerically, drop first, unknown category is a typed error or ignored', () => {
  const train = frameFromArrays({ c: [1178, 916, 936, 916] });
  const p = new FeaturePipeline([new OneHotEncoder({ column: 'c', prefix: 'campaign', drop: 'first' })]).fit(train);
  assert.deepEqual(p.featureNames_, ['campaign_936', 'campaign_1178']);
  assert.deepEqual([...p.transform(train).columns[1]], [1, 0, 0, 0]);
  const unseen = frameFromArrays({ c: [916, 999] });
  assert.throws(
    () => p.transform(unseen),
    (e: unknown) => e instanceof ConvoptError && e.location.row === 2 && e.location.column === 'c' && /999/.test(e.message),
  );
  const lenient = new FeaturePipeline([new OneHotEncoder({ column: 'c', handleUnknown: 'ignore' })]).fit(train);
  assert.deepEqual(lenient.transform(unseen).columns.map((c) => c[1]), [0, 0, 0]);
});

test('categorical input independent of the frame level order (codes are mapped by label)', () => {
  const a = frameFromArrays({ gender: ['M', 'F'] });
  const b = frameFromArrays({ gender: ['M', 'M'] }); // levels ['M'] only: code 0 means M here
  const p = new FeaturePipeline([new OneHotEncoder({ column: 'gender' })]).fit(a);
  assert.deepEqual(p.transform(b).columns.map((c) => [...c]), [[0, 0], [1, 1]]);
});

test('planning sets: pre-launch columns only; planning-log uses log1p(Spent)', () => {
  const frame = kagFrame();
  const plan = buildFeaturePipeline('planning').fit(frame);
  assert.deepEqual(plan.featureNames_, [
    'campaign_916', 'campaign_936', 'campaign_1178',
    'age_30-34', 'age_35-39', 'age_40-44', 'age_45-49',
    'gender_F', 'gender_M', 'interest', 'Spent',
  ]); // prettier-ignore
  const log = buildFeaturePipeline('planning-log').fit(frame);
  const X = log.transform(frame);
  assert.equal(X.names!.at(-1), 'Spent_log1p');
  assert.equal(X.columns.at(-1)![0], Math.log1p(frame.numeric('Spent')[0]));
});

test('seed-log: the seed set with log1p amounts in place of the raw ones, and it survives a JSON round trip', () => {
  const frame = kagFrame();
  const seed = buildFeaturePipeline('seed').fitTransform(frame);
  const log = buildFeaturePipeline('seed-log').fit(frame);
  assert.deepEqual(log.featureNames_, [
    'interest', 'campaign_936', 'campaign_1178', 'Age_Group', 'Gender_Code',
    'Impressions_log1p', 'Clicks_log1p', 'Spent_log1p', 'Total_Conversion_log1p', 'Interaction_Imp_Clicks_log1p',
    'Spent_per_Click_log1p', 'Total_Conversion_Rate_log1p', 'Budget_Allocation_Imp_log1p', 'CTR_log1p', 'Conversion_per_Impression_log1p',
  ]); // prettier-ignore
  const X = log.transform(frame);
  const column = (m: typeof X, name: string) => m.columns[m.names!.indexOf(name)];
  // Same values as the seed set's, through log1p (ratios included, with their learned x/0 imputation).
  for (const name of ['Impressions', 'Interaction_Imp_Clicks', 'Spent_per_Click']) {
    assert.deepEqual(column(X, `${name}_log1p`), column(seed, name).map(Math.log1p));
  }
  assert.deepEqual(column(X, 'Age_Group'), column(seed, 'Age_Group'));
  const back = FeaturePipeline.fromJSON(JSON.parse(JSON.stringify(log.toJSON())));
  assert.deepEqual(back.transform(frame), X);
  assert.equal(logVariant('seed'), 'seed-log');
  assert.equal(logVariant('planning'), 'planning-log');
});

test('scaler and log1p: learned scaling, constant column, typed error below -1', () => {
  const f = frameFromArrays({ x: [1, 2, 3], k: [5, 5, 5] });
  const p = new FeaturePipeline([new StandardScaler({ columns: ['x', 'k'] })]).fit(f);
  const X = p.transform(f);
  assert.deepEqual([...X.columns[1]], [0, 0, 0]);
  assert.ok(Math.abs(X.columns[0][2] - Math.sqrt(1.5)) < 1e-15);
  assert.throws(() => new FeaturePipeline([new Log1pTransform({ columns: ['x'] })]).fit(frameFromArrays({ x: [0, -2] })), (e: unknown) => e instanceof ConvoptError && e.location.row === 2);
});

test('toJSON round trip reproduces features bit for bit; bad documents fail with MODEL_FORMAT', () => {
  const frame = kagFrame();
  const p = buildFeaturePipeline('seed').fit(frame.take([0, 5, 10, 500, 900, 1000, 1142]));
  const json = JSON.parse(JSON.stringify(p.toJSON()));
  const q = FeaturePipeline.fromJSON(json);
  assert.deepEqual(q.toJSON(), p.toJSON());
  assert.deepEqual(q.transform(frame), p.transform(frame));
  assert.throws(() => FeaturePipeline.fromJSON({ ...json, formatVersion: 99 }), (e: unknown) => e instanceof ConvoptError && e.code === 'MODEL_FORMAT' && /newer/.test(e.message));
  assert.throws(() => FeaturePipeline.fromJSON({ ...json, steps: [{ type: 'mystery', params: {} }] }), (e: unknown) => e instanceof ConvoptError && e.code === 'MODEL_FORMAT');
  assert.throws(() => FeaturePipeline.fromJSON({ format: 'x' }), (e: unknown) => e instanceof ConvoptError && e.code === 'MODEL_FORMAT');
  assert.throws(() => buildFeaturePipeline('seed').transform(frame), (e: unknown) => e instanceof ConvoptError && e.code === 'NOT_FITTED');
});

test('missing input column is a typed error naming it', () => {
  const f = frameFromArrays({ interest: [1] });
  assert.throws(() => buildFeaturePipeline('seed').fit(f), (e: unknown) => e instanceof ConvoptError && e.location.column === 'Impressions');
});
