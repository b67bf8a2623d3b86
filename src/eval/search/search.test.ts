/** Grid and random search: enumeration, ranking direction, determinism and errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRows } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { Ridge } from '../../models/linear/index.js';
import { kFold } from '../split/index.js';
import { expandGrid, gridSearchCV, randomSearchCV, sampleParam } from './index.js';

const X = fromRows(Array.from({ length: 60 }, (_, i) => [Math.sin(i), Math.cos(3 * i), (i % 7) / 7]));
const y = Float64Array.from({ length: 60 }, (_, i) => 3 * Math.sin(i) - 2 * Math.cos(3 * i) + 0.1 * ((i * 13) % 5));
const folds = kFold(60, { nSplits: 5, shuffle: true, seed: 11 });

test('expandGrid: all combinations, sorted keys, lists of grids', () => {
  assert.deepEqual(expandGrid({ b: [1, 2], a: ['x'] }), [{ a: 'x', b: 1 }, { a: 'x', b: 2 }]);
  assert.equal(expandGrid([{ alpha: [1, 2] }, { alpha: [3], fitIntercept: [false] }]).length, 3);
  assert.throws(() => expandGrid({ alpha: [] }), ConvoptError);
});

test('gridSearchCV ranks by mean score: small alpha wins on a noiseless-ish linear target', () => {
  const res = gridSearchCV('Ridge', { alpha: [100, 0.001, 1] }, X, y, folds, { metrics: ['rmse'] });
  assert.deepEqual(res.leaderboard.map((e) => e.params.alpha), [0.001, 1, 100]);
  assert.equal(res.best.rank, 1);
  assert.ok(res.leaderboard[0].meanScore >= res.leaderboard[1].meanScore);
  assert.equal(res.best.foldScores.length, 5);
  // Lower-is-better metrics rank ascending.
  const byRmse = gridSearchCV((p) => new Ridge(p), { alpha: [100, 0.001] }, X, y, folds, { scoring: 'rmse' });
  assert.equal(byRmse.best.params.alpha, 0.001);
  assert.ok(byRmse.leaderboard[0].meanScore < byRmse.leaderboard[1].meanScore);
});

test('randomSearchCV is deterministic under a seed and samples inside the ranges', () => {
  const space = { alpha: { type: 'loguniform', low: 1e-3, high: 10 } } as const;
  const a = randomSearchCV('Ridge', space, X, y, folds, { nIter: 6, seed: 5 });
  const b = randomSearchCV('Ridge', space, X, y, folds, { nIter: 6, seed: 5 });
  assert.deepEqual(a, b);
  assert.equal(a.leaderboard.length, 6);
  assert.ok(a.leaderboard.every((e) => (e.params.alpha as number) >= 1e-3 && (e.params.alpha as number) <= 10));
  const rng = new Rng(1);
  for (let i = 0; i < 50; i++) {
    const v = sampleParam('k', { type: 'int', low: 2, high: 4 }, rng) as number;
    assert.ok(Number.isInteger(v) && v >= 2 && v <= 4);
  }
  assert.throws(() => randomSearchCV('Ridge', space, X, y, folds, { nIter: 0 }), (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_PARAMETER');
  assert.throws(() => sampleParam('a', { type: 'loguniform', low: 0, high: 1 }, rng), ConvoptError);
});

test('a bad candidate parameter surfaces as a typed error naming it', () => {
  assert.throws(() => gridSearchCV('Ridge', { alpha: [-1] }, X, y, folds), (e: unknown) => e instanceof ConvoptError && e.location.path === 'alpha');
});
