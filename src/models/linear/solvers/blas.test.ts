/** The blocked kernels against their naive twins, on shapes that exercise every leftover branch. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../core/rng.js';
import { crossGram, crossGramNaive, dot2, gemvT } from './blas.js';

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
