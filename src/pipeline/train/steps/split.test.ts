import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConvoptError } from '../../../core/errors.js';
import { Rng } from '../../../core/rng.js';
import { frameFromArrays } from '../../../data/frame.js';
import { kagFrame } from '../../../features/testing.js';
import { REFERENCE_CV5_FOLD_OF_ROW, REFERENCE_TEST_ROWS } from '../reference-split.js';
import { splitStep, type SplitParams, type SplitPlan } from './split.js';

const ctx = { nodeId: 'split', rng: new Rng(0), progress: () => undefined, annotate: () => undefined };
const params: SplitParams = { scheme: 'auto', folds: 5, seed: 7, testSize: 0.2, featureSet: 'seed' };

async function plan(frame: ReturnType<typeof frameFromArrays>, p: SplitParams = params): Promise<SplitPlan> {
  return ((await splitStep.run(ctx, { table: frame }, p)) as { plan: SplitPlan }).plan;
}

test('auto: the bundled data with seed features replays the scikit-learn holdout rows and folds', async () => {
  const p = await plan(kagFrame());
  assert.equal(p.scheme, 'reference');
  assert.deepEqual(p.holdoutTest, REFERENCE_TEST_ROWS);
  assert.deepEqual(p.foldOfRow, REFERENCE_CV5_FOLD_OF_ROW);
  // Planning features on the same data use seeded k-fold (the reference covers the seed stack only).
  assert.equal((await plan(kagFrame(), { ...params, featureSet: 'planning' })).scheme, 'kfold');
});

test('other data: seeded, balanced k-fold and holdout; forcing the reference scheme is a config error', async () => {
  const f = frameFromArrays({ Spent: Array.from({ length: 23 }, (_, i) => i), Approved_Conversion: Array.from({ length: 23 }, (_, i) => i % 3) });
  const p = await plan(f);
  assert.equal(p.scheme, 'kfold');
  assert.match(p.description, /seeded 5-fold CV \(seed 7\) \+ holdout \(5 rows\)/);
  const sizes = [0, 1, 2, 3, 4].map((k) => p.foldOfRow.filter((x) => x === k).length);
  assert.deepEqual(sizes, [5, 5, 5, 4, 4]);
  assert.deepEqual(await plan(f), p, 'same seed, same plan');
  assert.notDeepEqual((await plan(f, { ...params, seed: 8 })).foldOfRow, p.foldOfRow);
  await assert.rejects(plan(f, { ...params, scheme: 'reference' }), (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_CONFIG' && e.location.path === 'cv.scheme');
});
