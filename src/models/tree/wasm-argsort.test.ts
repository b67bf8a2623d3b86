import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.js';
import { argsortColumnMerge, presort } from './presort.js';
import { argsortColumnsWasm } from './wasm-argsort.js';
import { useTreeKernels } from './wasm-kernels.js';

test('the wasm argsorts (counting sort of small integers, else radix) give the merge sort\'s order (ties in row order, ±0 equal, ±Infinity, negatives, ulp gaps repaired or re-sorted, float32) and declines NaN', () => {
  const rng = new Rng(31);
  const columns: (Float64Array | Float32Array)[] = [];
  for (const n of [1, 2, 7, 914, 5000]) {
    columns.push(Float64Array.from({ length: n }, () => (rng.random() < 0.3 ? Math.floor(rng.random() * 5) : rng.normal() * 1e3)));
    // Values a few ulps apart: every key bit matters.
    columns.push(Float64Array.from({ length: n }, () => (1 + Math.floor(rng.random() * n)) * (1 + Math.floor(rng.random() * 8) * 2 ** -52)));
    // Codes and flags: most digit passes skipped.
    columns.push(Float64Array.from({ length: n }, () => Math.floor(rng.random() * 3)));
    columns.push(Float32Array.from({ length: n }, () => rng.normal()));
  }
  // Integers in [0, 256) take the counting sort (−0 ties with 0 in row order); 256 or a fraction sends the column to the radix sort.
  columns.push(Float64Array.of(3, -0, 255, 0, 3, 1, -0, 255, 0), Float64Array.of(2, 256, 1, 0), Float64Array.of(2, 0.5, 1, 0));
  // Small integer ranges: negatives, a descending run, a single row.
  columns.push(Float64Array.from({ length: 917 }, () => Math.floor(rng.random() * 7) - 3), Float64Array.from({ length: 300 }, (_, i) => 300 - i), Float64Array.of(5));
  // 4,000 distinct values in reverse order, equal in the top key bytes: past the repair's budget, so sorted by every digit.
  columns.push(Float64Array.from({ length: 4000 }, (_, i) => 1 + (4000 - i) * 2 ** -52));
  columns.push(Float64Array.of(0, -0, 1, -0, 0, -1, Infinity, -Infinity, 0, Infinity, -2.5e-320, 5e-324, -Number.MAX_VALUE));
  for (const col of columns) {
    const [sorted] = argsortColumnsWasm([col]) ?? [];
    assert.ok(sorted, 'WebAssembly is available on Node 20');
    assert.deepEqual(Array.from(sorted), Array.from(argsortColumnMerge(col)), `n=${col.length}`);
  }
  // One call sorts many columns; a NaN column is left to the JS sorts (null), the others still sorted.
  const withNaN = Float64Array.of(2, NaN, 1);
  const many = argsortColumnsWasm([Float64Array.of(3, 1, 2), withNaN, Float64Array.of(1, 1, 0)]);
  assert.deepEqual(many?.map((s) => (s ? Array.from(s) : null)), [[1, 2, 0], null, [2, 0, 1]]);
  assert.equal(argsortColumnsWasm([]), null);
});

test('presort gives the same orders with the wasm argsort on and off', (t) => {
  const rng = new Rng(32);
  const columns = [Float64Array.from({ length: 700 }, () => rng.normal()), Float64Array.from({ length: 700 }, () => Math.floor(rng.random() * 40)), Float64Array.from({ length: 700 }, (_, i) => (i % 5 === 0 ? NaN : i % 11))];
  const on = presort(columns);
  useTreeKernels(false);
  t.after(() => useTreeKernels(true));
  assert.deepEqual(presort(columns), on);
});
