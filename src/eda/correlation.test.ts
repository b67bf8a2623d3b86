/**
 * Ranks, Pearson and Spearman correlations against hand-computed values and scipy's output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameFromArrays } from '../data/frame.js';
import { averageRanks } from './rank.js';
import { correlationMatrix, pearson, spearman } from './correlation.js';

const close = (a: number | null, b: number, tol = 1e-12, msg?: string) => {
  assert.ok(a !== null, msg ?? `expected ${b}, got null`);
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), msg ?? `expected ${b}, got ${a}`);
};

test('average ranks share the mean rank among ties (scipy rankdata)', () => {
  assert.deepEqual(Array.from(averageRanks([1, 2, 2, 3, 4, 4, 4, 10])), [1, 2.5, 2.5, 4, 6, 6, 6, 8]);
  assert.deepEqual(Array.from(averageRanks([3, 1, 2])), [3, 1, 2]);
  assert.deepEqual(Array.from(averageRanks([5, 5, 5])), [2, 2, 2]);
});

test('Pearson and Spearman: exact cases, ties, and values printed by scipy', () => {
  close(pearson([1, 2, 3], [2, 4, 6]), 1);
  close(pearson([1, 2, 3], [3, 2, 1]), -1);
  // Monotonic but not linear: Spearman 1, Pearson < 1.
  close(spearman([1, 2, 3, 4], [1, 4, 9, 100]), 1);
  assert.ok(pearson([1, 2, 3, 4], [1, 4, 9, 100])! < 0.99);
  const x = [1, 2, 2, 3, 4, 4, 4, 10];
  const y = [3, 1, 2, 5, 5, 6, 7, 7];
  close(spearman(x, y), 0.8572916996864853, 1e-12); // scipy.stats.spearmanr
  close(pearson(x, y), 0.7063721245921519, 1e-12); // scipy.stats.pearsonr
  // Missing values are skipped pairwise; a constant column gives null rather than NaN.
  close(pearson([1, NaN, 2, 3], [2, 100, 4, 6]), 1);
  assert.equal(pearson([1, 1, 1], [1, 2, 3]), null);
  assert.equal(spearman([1], [2]), null);
  assert.throws(() => pearson([1, 2], [1]), RangeError);
});

test('correlation matrix is symmetric with a unit diagonal', () => {
  const f = frameFromArrays({ a: [1, 2, 3, 4], b: [2, 1, 4, 3], c: [1, 1, 1, 1] });
  const m = correlationMatrix(f, ['a', 'b', 'c'], 'spearman');
  assert.equal(m.values[0][0], 1);
  close(m.values[0][1], 0.6); // ranks a=[1,2,3,4], b=[2,1,4,3]: 1 − 6·4/(4·15) = 0.6
  assert.equal(m.values[1][0], m.values[0][1]);
  assert.equal(m.values[2][2], null);
  assert.equal(m.values[0][2], null);
});

test('Spearman matrix: the rank-once fast path (complete columns) equals pairwise ranking (with gaps)', () => {
  const a = [3, 1, 4, 1, 5, 9, 2, 6];
  const b = [2, 7, 1, 8, 2, 8, 1, 8];
  const full = correlationMatrix(frameFromArrays({ a, b }), ['a', 'b'], 'spearman');
  close(full.values[0][1], spearman(a, b)!, 1e-15);
  // A gap in a third column must not change the a–b coefficient.
  const gappy = correlationMatrix(frameFromArrays({ a, b, c: [1, 2, null, 4, 5, 6, 7, 8] }), ['a', 'b', 'c'], 'spearman');
  close(gappy.values[0][1], full.values[0][1]!, 1e-15);
  close(gappy.values[0][2], spearman([3, 1, 1, 5, 9, 2, 6], [1, 2, 4, 5, 6, 7, 8])!, 1e-15);
});
