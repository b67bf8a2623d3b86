import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.js';
import { radixSortFloat64 } from './radix-sort.js';
import { useWasmBinning } from './wasm-binning.js';
import { useTreeKernels } from '../tree/wasm-kernels.js';

for (const wasm of [true, false]) {
  test(`radixSortFloat64 (${wasm ? 'wasm passes and argsort' : 'JS passes and built-in sort'}) orders exactly as Float64Array.prototype.sort (signs, ±0, ±Infinity, subnormals, ties)`, (t) => {
    useWasmBinning(wasm);
    useTreeKernels(wasm);
    t.after(() => {
      useWasmBinning(true);
      useTreeKernels(true);
    });
    const rng = new Rng(11);
    const special = [0, -0, Infinity, -Infinity, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1];
    // Below 2^15 values the trees' wasm argsort runs (or the built-in sort); above, the radix passes.
    for (const n of [0, 1, 1000, 40_000]) {
      const v = Float64Array.from({ length: n }, (_, i) => {
        if (i % 7 === 0) return special[i % special.length];
        if (i % 5 === 0) return Math.round(rng.normal() * 3); // integers: passes with one digit are skipped
        return rng.normal() * 10 ** rng.int(12) * (rng.random() < 0.5 ? -1 : 1);
      });
      const expected = Float64Array.from(v).sort();
      const got = radixSortFloat64(Float64Array.from(v));
      assert.equal(got.length, n);
      for (let i = 0; i < n; i++) assert.ok(Object.is(got[i], expected[i]), `n=${n} at ${i}: ${got[i]} vs ${expected[i]}`);
    }
  });
}

test('radixSortFloat64 sorts a subarray view in place without touching the rest of its buffer', () => {
  const whole = Float64Array.from([9, ...Array.from({ length: 100 }, (_, i) => 100 - i), -9]);
  radixSortFloat64(whole.subarray(1, 101));
  assert.deepEqual([...whole], [9, ...Array.from({ length: 100 }, (_, i) => i + 1), -9]);
});
