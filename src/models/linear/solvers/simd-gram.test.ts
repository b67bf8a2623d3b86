/** The WebAssembly SIMD Gram against its plain-JS twin (bit for bit) and the one-running-sum Grams (to rounding). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { centredGramNaive, weightedGramNaive } from './gram.js';
import { Ridge } from '../ridge.js';
import { gramWorkspace, pairGram, pairGramNaive, pairMeans } from './simd-gram.js';
import { forceJsKernels, simdKernels } from './simd-kernels.js';

function data(n: number, p: number, seed: number): Float64Array[] {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.3;
  // Mixed magnitudes, as in the seed features (CTR ~1e-4 beside spend ~1e2 and impressions ~1e5).
  return Array.from({ length: p }, (_, j) => Float64Array.from({ length: n }, () => rnd() * 10 ** ((j % 5) - 2) + (j % 3)));
}

const same = (a: Float64Array, b: Float64Array, what: string) => assert.ok(a.every((v, i) => Object.is(v, b[i])), what);

test('WebAssembly SIMD is available on the supported Node versions', () => {
  assert.ok(simdKernels(), 'the kernels compile and instantiate');
});

test('the SIMD Gram equals the plain-JS twin bit for bit: p = 1..10, odd and even n, centred, weighted, chunked', () => {
  for (const n of [1, 2, 3, 8, 37, 100]) {
    for (let p = 1; p <= 10; p++) {
      const cols = data(n, p, 7 * n + p);
      const means = Float64Array.from(cols, (c) => c.reduce((a, b) => a + b, 0) / n);
      const h = data(n, 1, n + 99 * p)[0].map((v) => Math.abs(v) + 0.1);
      for (const m of [undefined, means]) {
        for (const w of [undefined, h]) {
          const what = `n=${n} p=${p} centred=${!!m} weighted=${!!w}`;
          const want = pairGramNaive(cols, m, w);
          same(pairGram(cols, m, w), want, what);
          // Chunks of 2, 4, 6… rows (and an odd last chunk) carry the lane sums over: same bits.
          for (const limit of [1, 8 * Math.ceil(p / 4) * 4, 12 * Math.ceil(p / 4) * 4]) same(gramWorkspace(cols, m, { residentLimit: limit }).gram(w), want, `${what} limit=${limit}`);
        }
      }
    }
  }
});

test("centring by 'mean' computes pairMeans and the centred Gram, resident or chunked, bit for bit", () => {
  for (const n of [1, 5, 64, 301]) {
    for (const p of [1, 4, 7, 16]) {
      const cols = data(n, p, 13 * n + p);
      const means = pairMeans(cols);
      const want = pairGramNaive(cols, means);
      for (const limit of [undefined, 1, 12 * Math.ceil(p / 4) * 4]) {
        const ws = gramWorkspace(cols, 'mean', { residentLimit: limit });
        same(ws.means ?? new Float64Array(0), means, `means n=${n} p=${p} limit=${limit}`);
        same(ws.gram(), want, `gram n=${n} p=${p} limit=${limit}`);
      }
    }
  }
});

test('the SIMD Gram agrees with one running sum per entry (the blocked JS kernels\' order) to rounding', () => {
  const n = 914;
  const cols = data(n, 16, 3);
  const means = Float64Array.from(cols, (c) => c.reduce((a, b) => a + b, 0) / n);
  const h = data(n, 1, 5)[0].map((v) => Math.abs(v) + 0.1);
  const pairs: [Float64Array, Float64Array][] = [
    [pairGram(cols, means), centredGramNaive(cols, means)],
    [pairGram(cols, undefined, h), weightedGramNaive(cols, h)],
  ];
  for (const [got, want] of pairs) {
    for (let j = 0; j < 16; j++) {
      for (let k = 0; k < 16; k++) {
        const tol = 1e-12 * Math.sqrt(Math.abs(want[j * 16 + j] * want[k * 16 + k]));
        assert.ok(Math.abs(got[j * 16 + k] - want[j * 16 + k]) <= tol, `(${j},${k}) ${got[j * 16 + k]} vs ${want[j * 16 + k]}`);
      }
    }
  }
});

test('workspaces sharing the wasm memory re-copy their columns when another one used it in between', () => {
  const a = data(50, 5, 1);
  const b = data(50, 7, 2);
  const h = data(50, 1, 3)[0].map((v) => Math.abs(v) + 0.1);
  const wa = gramWorkspace(a);
  const wb = gramWorkspace(b);
  same(wa.gram(h), pairGramNaive(a, undefined, h), 'a first');
  same(wb.gram(h), pairGramNaive(b, undefined, h), 'b');
  same(wa.gram(), pairGramNaive(a), 'a again');
  same(wa.gram(h), pairGramNaive(a, undefined, h), 'a, resident');
});

test('without WebAssembly the plain-JS twin fits the same model, bit for bit', () => {
  const X = { nRows: 301, columns: data(301, 6, 11) };
  const y = data(301, 1, 12)[0];
  const fast = new Ridge({ alpha: 0.5 }).fit(X, y);
  forceJsKernels(true);
  try {
    assert.equal(simdKernels(), null);
    const slow = new Ridge({ alpha: 0.5 }).fit(X, y);
    same(slow.coef_, fast.coef_, 'coef');
    assert.ok(Object.is(slow.intercept_, fast.intercept_));
  } finally {
    forceJsKernels(false);
  }
  assert.ok(simdKernels());
});

test('a workspace larger than the memory moves the thread to a new, larger instance: the old buffer is never detached', () => {
  const small = gramWorkspace(data(50, 3, 1));
  const before = simdKernels()!;
  const bufferBefore = before.memory.buffer;
  // More than the current memory holds, but under the resident limit: needs a bigger instance.
  const n = Math.ceil((bufferBefore.byteLength * 1.5) / (8 * 2 * 8)) + 2;
  const cols = data(n, 8, 3);
  const big = gramWorkspace(cols, 'mean', { residentLimit: n * 8 });
  const after = simdKernels()!;
  assert.notEqual(after, before, 'a new instance');
  assert.ok(after.memory.buffer.byteLength >= n * 8 * 8, 'with room for the columns');
  assert.equal(bufferBefore.byteLength > 0, true, 'the old memory is not detached (no grow())');
  assert.equal(big.resident?.kernels, after);
  same(big.gram(), pairGramNaive(cols, pairMeans(cols)), 'the big Gram is still the twin');
  // The earlier workspace keeps working on its own instance.
  const smallCols = data(50, 3, 1);
  same(small.gram(), pairGramNaive(smallCols), 'the small Gram too');
});
