/**
 * Selection-based quantiles must equal the sort-based definition exactly (bit for bit), whatever
 * the data: ties, constant runs, sorted and reversed input, tiny and odd sizes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantileSorted } from './quantile.js';
import { Rng } from './rng.js';
import { quantilesInPlace, selectInPlace } from './select.js';

function cases(): Float64Array[] {
  const rng = new Rng(7);
  const out: Float64Array[] = [new Float64Array(0), Float64Array.of(3), Float64Array.of(2, 1)];
  for (const n of [3, 5, 16, 17, 100, 1001, 20_000]) {
    out.push(Float64Array.from({ length: n }, () => rng.normal() * 100));
    out.push(Float64Array.from({ length: n }, () => rng.int(4))); // heavy ties
    out.push(Float64Array.from({ length: n }, (_, i) => i)); // sorted
    out.push(Float64Array.from({ length: n }, (_, i) => n - i)); // reversed
    out.push(new Float64Array(n).fill(1.5)); // constant
    out.push(Float64Array.from({ length: n }, (_, i) => (i % 2 ? i : -i))); // organ pipe-ish
  }
  return out;
}

test('quantilesInPlace equals quantileSorted of a sorted copy, bit for bit', () => {
  const qs = [0, 0.1, 0.25, 0.5, 0.5, 0.75, 0.9, 1];
  for (const data of cases()) {
    const sorted = Float64Array.from(data).sort();
    const want = qs.map((q) => quantileSorted(sorted, q));
    const got = quantilesInPlace(Float64Array.from(data), qs);
    assert.deepEqual(got, want, `n=${data.length}`);
  }
});

test('selectInPlace puts the k-th order statistic at k and partitions around it', () => {
  for (const data of cases()) {
    if (data.length === 0) continue;
    const sorted = Float64Array.from(data).sort();
    for (const k of [0, data.length >> 2, data.length >> 1, data.length - 1]) {
      const a = Float64Array.from(data);
      selectInPlace(a, k);
      assert.equal(a[k], sorted[k]);
      for (let i = 0; i < k; i++) assert.ok(a[i] <= a[k]);
      for (let i = k + 1; i < a.length; i++) assert.ok(a[i] >= a[k]);
    }
  }
});

test('quantiles must be ascending and within [0, 1]', () => {
  assert.throws(() => quantilesInPlace(Float64Array.of(1, 2), [0.75, 0.25]), RangeError);
  assert.throws(() => quantilesInPlace(Float64Array.of(1, 2), [1.5]), RangeError);
});
