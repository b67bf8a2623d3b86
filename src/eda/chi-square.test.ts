/**
 * Log-gamma, regularized incomplete gamma and chi-square tests against closed forms, textbook critical values and scipy's output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logGamma, regularizedGammaP, regularizedGammaQ } from './gamma.js';
import { chiSquareIndependence, chiSquareSf } from './chi-square.js';

const close = (a: number | null, b: number, tol = 1e-12, msg?: string) => {
  assert.ok(a !== null, msg ?? `expected ${b}, got null`);
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), msg ?? `expected ${b}, got ${a}`);
};

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
