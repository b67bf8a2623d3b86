/** The blas.ts and gram.ts kernels against their naive twins, on shapes that exercise every leftover branch. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../core/rng.js';
import { addLinear, centredGemvT, centredGemvTColumns, dot2, gemvT } from './blas.js';
import { centredGram, centredGramNaive, crossGram, crossGramNaive, crossGramRows, weightedGram, weightedGramNaive } from './gram.js';
import { sum4, weightedSum4 } from './design.js';

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

test('centredGram / centredGemvT equal the naive products of explicitly centred copies', () => {
  const rng = new Rng(9);
  for (let p = 1; p <= 9; p++) {
    const n = 21 + p;
    const cols = Array.from({ length: p }, (_, j) => Float64Array.from({ length: n }, () => 1000 * j + rng.normal()));
    const means = Float64Array.from(cols, (c) => c.reduce((a, b) => a + b, 0) / n);
    const centred = cols.map((c, j) => Float64Array.from(c, (v) => v - means[j]));
    const fast = centredGram(cols, means);
    const slow = crossGramNaive(centred, centred);
    fast.forEach((v, i) => assert.ok(Math.abs(v - slow[i]) <= 1e-10 * (1 + Math.abs(slow[i])), `p=${p} entry ${i}`));
    const v = Float64Array.from({ length: n }, () => rng.normal());
    const g = centredGemvT(cols, means, v);
    const want = gemvT(centred, v);
    g.forEach((x, j) => assert.ok(Math.abs(x - want[j]) <= 1e-10 * (1 + Math.abs(want[j]))));
  }
});

test('the blocked centredGram gives bit-identical results to one running sum per entry', () => {
  const rng = new Rng(12);
  for (let p = 1; p <= 17; p++) {
    const n = 30 + (p % 3);
    const cols = Array.from({ length: p }, (_, j) => Float64Array.from({ length: n }, () => 1e3 * j + rng.normal() * 10 ** (j % 5)));
    const means = Float64Array.from(cols, (c) => c.reduce((a, b) => a + b, 0) / n);
    assert.deepEqual(Array.from(centredGram(cols, means)), Array.from(centredGramNaive(cols, means)), `p=${p}`);
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

test('sum4 / weightedSum4 (the design means) equal plain running sums, every leftover length', () => {
  const rng = new Rng(21);
  for (let n = 0; n <= 13; n++) {
    const x = Float64Array.from({ length: n }, (_, i) => 1e6 * (i % 3) + rng.normal());
    const w = Float64Array.from({ length: n }, () => rng.random());
    let s = 0;
    let sw = 0;
    for (let i = 0; i < n; i++) {
      s += x[i];
      sw += w[i] * x[i];
    }
    assert.ok(Math.abs(sum4(x) - s) <= 1e-12 * (1 + Math.abs(s)), `n=${n}`);
    assert.ok(Math.abs(weightedSum4(x, w) - sw) <= 1e-12 * (1 + Math.abs(sw)), `n=${n} weighted`);
  }
});

test('the blocked weightedGram gives bit-identical results to one running sum per entry', () => {
  const rng = new Rng(14);
  for (let p = 1; p <= 17; p++) {
    const n = 30 + (p % 3);
    const cols = Array.from({ length: p }, (_, j) => Float64Array.from({ length: n }, () => rng.normal() * 10 ** (j % 4)));
    const h = Float64Array.from({ length: n }, () => rng.random() * 3);
    assert.deepEqual(Array.from(weightedGram(cols, h)), Array.from(weightedGramNaive(cols, h)), `p=${p}`);
  }
});

test('gemvT equals dot2 per column and addLinear equals one pass per nonzero coefficient, bit for bit', () => {
  const rng = new Rng(15);
  for (let p = 1; p <= 11; p++) {
    const n = 20 + (p % 3);
    const A = Array.from({ length: p }, (_, j) => Float64Array.from({ length: n }, () => rng.normal() * 10 ** (j % 3)));
    const v = Float64Array.from({ length: n }, () => rng.normal());
    assert.deepEqual(Array.from(gemvT(A, v)), A.map((a) => dot2(a, v)), `gemvT p=${p}`);
    const t = Float64Array.from({ length: p }, (_, j) => (j % 3 === 1 ? 0 : rng.normal()));
    const fused = Float64Array.from({ length: n }, () => rng.normal());
    const passes = Float64Array.from(fused);
    addLinear(A, t, fused);
    A.forEach((a, j) => {
      if (t[j] !== 0) for (let i = 0; i < n; i++) passes[i] += t[j] * a[i];
    });
    assert.deepEqual(Array.from(fused), Array.from(passes), `addLinear p=${p}`);
  }
});

test('the four-column centredGemvT equals the one-column loop bit for bit', () => {
  const rng = new Rng(16);
  for (let p = 1; p <= 11; p++) {
    const n = 20 + (p % 3);
    const cols = Array.from({ length: p }, (_, j) => Float64Array.from({ length: n }, () => 100 * j + rng.normal()));
    const means = Float64Array.from(cols, (c) => c.reduce((a, b) => a + b, 0) / n);
    const v = Float64Array.from({ length: n }, () => rng.normal());
    const slow = new Float64Array(p);
    centredGemvTColumns(cols, means, v, slow, 0);
    assert.deepEqual(Array.from(centredGemvT(cols, means, v)), Array.from(slow), `p=${p}`);
  }
});
