/** The plain-JS blas.ts and gram.ts kernels against their naive twins, on shapes that exercise every leftover branch. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../core/rng.js';
import { dot2, gemvT } from './blas.js';
import { crossGram, crossGramNaive, crossGramRows } from './gram.js';
import { weightedSum4 } from './design.js';

test('crossGram equals the naive twin for p = 1..9 and odd n; gemvT and dot2 equal plain sums', () => {
  const rng = new Rng(3);
  for (let p = 1; p <= 9; p++) {
    const n = 17 + p;
    const cols = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => rng.normal()));
    const w = Float64Array.from({ length: n }, () => rng.random());
    const left = cols.map((c) => Float64Array.from(c, (v, i) => v * w[i]));
    const fast = crossGram(left, cols);
    const slow = crossGramNaive(left, cols);
    fast.forEach((v, i) => assert.ok(Math.abs(v - slow[i]) <= 1e-12 * (1 + Math.abs(slow[i])), `p=${p} entry ${i}`));
    const v = Float64Array.from({ length: n }, () => rng.normal());
    const g = gemvT(cols, v);
    cols.forEach((c, j) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += c[i] * v[i];
      assert.ok(Math.abs(g[j] - s) < 1e-12 * (1 + Math.abs(s)));
      assert.ok(Math.abs(dot2(c, v) - s) < 1e-12 * (1 + Math.abs(s)));
    });
  }
});

test('the two-row crossGram gives bit-identical results to the one-row kernel', () => {
  const rng = new Rng(13);
  for (let p = 1; p <= 17; p++) {
    const n = 30 + (p % 3);
    const right = Array.from({ length: p }, (_, j) => Float64Array.from({ length: n }, () => rng.normal() * 10 ** (j % 4)));
    const w = Float64Array.from({ length: n }, () => rng.random());
    const left = right.map((c) => Float64Array.from(c, (v, i) => v * w[i]));
    assert.deepEqual(Array.from(crossGram(left, right)), Array.from(crossGramRows(left, right)), `p=${p}`);
  }
});

test('weightedSum4 (the weighted design means) equals a plain running sum, every leftover length', () => {
  const rng = new Rng(21);
  for (let n = 0; n <= 13; n++) {
    const x = Float64Array.from({ length: n }, (_, i) => 1e6 * (i % 3) + rng.normal());
    const w = Float64Array.from({ length: n }, () => rng.random());
    let sw = 0;
    for (let i = 0; i < n; i++) sw += w[i] * x[i];
    assert.ok(Math.abs(weightedSum4(x, w) - sw) <= 1e-12 * (1 + Math.abs(sw)), `n=${n} weighted`);
  }
});

test('gemvT equals dot2 per column, bit for bit', () => {
  const rng = new Rng(15);
  for (let p = 1; p <= 11; p++) {
    const n = 20 + (p % 3);
    const A = Array.from({ length: p }, (_, j) => Float64Array.from({ length: n }, () => rng.normal() * 10 ** (j % 3)));
    const v = Float64Array.from({ length: n }, () => rng.normal());
    assert.deepEqual(Array.from(gemvT(A, v)), A.map((a) => dot2(a, v)), `gemvT p=${p}`);
  }
});
