/**
 * Unit tests of the EDA statistics against hand-computed values and values printed by pandas /
 * scipy (noted where used): quantiles, summary, ranks, correlations, incomplete gamma, chi-square.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameFromArrays } from '../data/frame.js';
import { quantileSorted, sortedFinite } from './quantile.js';
import { summarizeCategorical, summarizeFrame, summarizeNumeric } from './summary.js';
import { averageRanks } from './rank.js';
import { correlationMatrix, pearson, spearman } from './correlation.js';
import { logGamma, regularizedGammaP, regularizedGammaQ } from './gamma.js';
import { chiSquareIndependence, chiSquareSf } from './chi-square.js';
import { boxStats } from './boxplot.js';
import { sampleRows } from './sample.js';

const close = (a: number | null, b: number, tol = 1e-12, msg?: string) => {
  assert.ok(a !== null, msg ?? `expected ${b}, got null`);
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), msg ?? `expected ${b}, got ${a}`);
};

test('quartiles use pandas default linear interpolation: h = (n-1)q on the sorted sample', () => {
  // sorted [1,2,3,4,7,9]: q=.25 → h=1.25 → 2 + .25·(3−2) = 2.25; median h=2.5 → 3.5; q=.75 → h=3.75 → 4 + .75·3 = 6.25
  const s = sortedFinite([7, 1, 3, 9, 4, 2]);
  assert.equal(quantileSorted(s, 0.25), 2.25);
  assert.equal(quantileSorted(s, 0.5), 3.5);
  assert.equal(quantileSorted(s, 0.75), 6.25);
  assert.equal(quantileSorted(s, 0), 1);
  assert.equal(quantileSorted(s, 1), 9);
  assert.ok(Number.isNaN(quantileSorted(new Float64Array(0), 0.5)));
  assert.equal(quantileSorted([5], 0.75), 5);
  assert.throws(() => quantileSorted(s, 1.5), RangeError);
});

test('numeric summary matches describe(): sample std (n−1), missing counted, distinct values', () => {
  const r = summarizeNumeric('x', Float64Array.from([7, 1, 3, 9, 4, 2, NaN, 4]));
  assert.equal(r.count, 7);
  assert.equal(r.missing, 1);
  close(r.mean, 30 / 7);
  // Σ(x−mean)² for [1,2,3,4,4,7,9] with mean 30/7 = 52.857142…; /6 → 8.8095238…
  close(r.std, Math.sqrt((1 + 4 + 9 + 16 + 16 + 49 + 81 - 900 / 7) / 6));
  assert.equal(r.min, 1);
  assert.equal(r.q1, 2.5); // h = 1.5 on [1,2,3,4,4,7,9]
  assert.equal(r.median, 4);
  assert.equal(r.q3, 5.5); // h = 4.5 → 4 + .5·3
  assert.equal(r.max, 9);
  assert.equal(r.distinct, 6);
  const empty = summarizeNumeric('e', Float64Array.from([NaN]));
  assert.deepEqual([empty.count, empty.missing, empty.mean, empty.std, empty.min], [0, 1, null, null, null]);
  assert.equal(summarizeNumeric('one', [3]).std, null);
});

test('categorical summary counts levels, missing and the most frequent level', () => {
  const r = summarizeCategorical('g', Int32Array.from([0, 1, 1, -1, 1, 0]), ['F', 'M', 'X']);
  assert.equal(r.count, 5);
  assert.equal(r.missing, 1);
  assert.equal(r.distinct, 2);
  assert.equal(r.top, 'M');
  assert.equal(r.topCount, 3);
  assert.deepEqual(r.levels, [
    { level: 'F', count: 2 },
    { level: 'M', count: 3 },
    { level: 'X', count: 0 },
  ]);
  const f = frameFromArrays({ a: [1, 2, 3], g: ['x', 'y', 'x'] });
  assert.deepEqual(summarizeFrame(f).map((s) => s.kind), ['numeric', 'categorical']);
});

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

test('log-gamma and regularized incomplete gamma against closed forms and scipy', () => {
  close(logGamma(1), 0, 1e-14);
  close(logGamma(5), Math.log(24), 1e-13);
  close(logGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-13);
  close(logGamma(0.3), 1.0957979948180752, 1e-13); // math.lgamma
  close(logGamma(171.2), 707.6009268476702, 1e-13);
  // P(1, x) = 1 − e^(−x)
  close(regularizedGammaP(1, 2), 1 - Math.exp(-2), 1e-13);
  close(regularizedGammaQ(1, 7), Math.exp(-7), 1e-13);
  close(regularizedGammaP(2.5, 1.7), 0.36143007689620493, 1e-12); // scipy.special.gammainc
  close(regularizedGammaQ(2.5, 1.7), 0.6385699231037951, 1e-12); // scipy.special.gammaincc
  close(regularizedGammaQ(0.5, 30), 9.485737571073857e-15, 1e-10); // tail kept to relative precision
  assert.equal(regularizedGammaP(3, 0), 0);
  assert.equal(regularizedGammaQ(3, 0), 1);
  assert.throws(() => regularizedGammaP(0, 1), RangeError);
  assert.throws(() => regularizedGammaQ(1, -1), RangeError);
});

test('chi-square survival function: dof 2 closed form, textbook critical values, scipy tails', () => {
  for (const x of [0.1, 1, 5, 20]) close(chiSquareSf(x, 2), Math.exp(-x / 2), 1e-13);
  close(chiSquareSf(3.841458820694124, 1), 0.05, 1e-10); // the 5% critical value of χ²(1)
  close(chiSquareSf(9.487729036781154, 4), 0.05, 1e-10); // χ²(4) at 5%
  close(chiSquareSf(3.84, 1), 0.05004352124870519, 1e-11); // scipy.stats.chi2.sf
  close(chiSquareSf(10, 4), 0.04042768199451279, 1e-11);
  close(chiSquareSf(200, 3), 4.218541107192018e-43, 1e-9);
  close(chiSquareSf(0.5, 7), 0.9994464813904249, 1e-11);
  close(chiSquareSf(1000, 50), 7.188706215514871e-177, 1e-8);
  assert.equal(chiSquareSf(0, 3), 1);
  assert.throws(() => chiSquareSf(1, 0), RangeError);
});

test('chi-square independence test: hand-computed 2×2 and degenerate tables', () => {
  // n(ad − bc)² / ((a+b)(c+d)(a+c)(b+d)) = 100·200² / (30·70·40·60) = 0.793650…
  const r = chiSquareIndependence([
    [10, 20],
    [30, 40],
  ])!;
  close(r.statistic, 4_000_000 / 5_040_000, 1e-13);
  assert.equal(r.dof, 1);
  close(r.pValue, chiSquareSf(4_000_000 / 5_040_000, 1), 1e-15);
  assert.deepEqual(r.expected, [
    [12, 18],
    [28, 42],
  ]);
  assert.equal(r.smallExpectedShare, 0);
  // Identical rows: no association at all.
  const same = chiSquareIndependence([
    [5, 10],
    [5, 10],
    [5, 10],
  ])!;
  assert.equal(same.statistic, 0);
  assert.equal(same.dof, 2);
  assert.equal(same.pValue, 1);
  // An all-zero row is dropped; with one row left the test is undefined.
  assert.equal(chiSquareIndependence([[3, 4], [0, 0]]), null);
  assert.throws(() => chiSquareIndependence([[1, -1], [2, 2]]), RangeError);
});

test('box statistics: Tukey fences, whiskers at the furthest in-fence values, most extreme outliers kept', () => {
  // sorted [1..9, 50]: q1 = 3.25, q3 = 7.75, IQR 4.5 → fences −3.5 and 14.5
  const b = boxStats('x', [1, 2, 3, 4, 5, 6, 7, 8, 9, 50, NaN])!;
  assert.equal(b.count, 10);
  assert.equal(b.q1, 3.25);
  assert.equal(b.median, 5.5);
  assert.equal(b.q3, 7.75);
  assert.equal(b.lower, 1);
  assert.equal(b.upper, 9);
  assert.deepEqual(b.outliers, [50]);
  const capped = boxStats('y', [0, 0, 0, 0, 0, 0, 0, 0, -5, 7, 100], 2)!;
  assert.equal(capped.outlierCount, 3);
  assert.deepEqual(capped.outliers, [100, 7]);
  assert.equal(boxStats('none', [NaN]), null);
});

test('row sampling is seeded, sorted and only kicks in above the cap', () => {
  assert.deepEqual(Array.from(sampleRows(4, 10, 1).rows), [0, 1, 2, 3]);
  const a = sampleRows(1000, 50, 7);
  const b = sampleRows(1000, 50, 7);
  assert.ok(a.sampled);
  assert.equal(a.rows.length, 50);
  assert.deepEqual(a.rows, b.rows);
  assert.ok(a.rows.every((v, i) => i === 0 || v > a.rows[i - 1]));
  assert.notDeepEqual(Array.from(sampleRows(1000, 50, 8).rows), Array.from(a.rows));
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
