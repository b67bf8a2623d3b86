import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matrix } from '../../core/arrays.js';
import { Rng } from '../../core/rng.js';
import { BinMapper, findThresholds, mapToBins, mapToBinsNaive } from './binning.js';
import { useWasmBinning } from './wasm-binning.js';
import { PLAIN, SHARED } from '../../core/arena.js';
import { histogramLayout } from './common.js';

test('few distinct values: thresholds are midpoints, each value gets its own bin', () => {
  const t = findThresholds(Float64Array.from([1, 1, 2, 4, 4, 4]), 255);
  assert.deepEqual([...t], [1.5, 3]);
  const out = new Uint8Array(4);
  mapToBins([1, 2, 4, 3], t, 255, out);
  assert.deepEqual([...out], [0, 1, 2, 1]);
});

test('a value equal to a threshold goes to the lower bin (x <= threshold)', () => {
  const out = new Uint8Array(3);
  mapToBins([1.5, 1.5000001, -1e9], Float64Array.from([1.5, 3]), 255, out);
  assert.deepEqual([...out], [0, 1, 0]);
});

test('many distinct values: maxBins − 1 quantile thresholds give roughly equal bins', () => {
  const n = 10_000;
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = i;
  const t = findThresholds(v, 10);
  assert.equal(t.length, 9);
  const bins = new Uint8Array(n);
  mapToBins(v, t, 10, bins);
  const counts = new Array(10).fill(0);
  for (const b of bins) counts[b]++;
  for (const c of counts) assert.ok(Math.abs(c - 1000) <= 1, `bin count ${c}`);
});

test('NaN goes to the missing bin (index maxBins) and is flagged per feature', () => {
  const X = matrix([Float64Array.from([1, NaN, 3, 2]), Float64Array.from([5, 6, 7, 8])]);
  const m = new BinMapper(255).fit(X, new Rng(0));
  assert.equal(m.missingValuesBinIdx_, 255);
  assert.deepEqual([...m.hasMissingValues_], [1, 0]);
  assert.deepEqual([...m.nBinsNonMissing_], [3, 4]);
  const b = m.transform(X);
  assert.deepEqual([...b.columns[0]], [0, 255, 2, 1]);
  assert.deepEqual([...b.columns[1]], [0, 1, 2, 3]);
});

test('subsampling is seeded: same seed, same thresholds; shared transform is identical', () => {
  const rng = new Rng(3);
  const n = 5000;
  const col = new Float64Array(n);
  for (let i = 0; i < n; i++) col[i] = rng.normal();
  const X = matrix([col]);
  const a = new BinMapper(32, 1000).fit(X, new Rng(7));
  const b = new BinMapper(32, 1000).fit(X, new Rng(7));
  assert.deepEqual(a.binThresholds_[0], b.binThresholds_[0]);
  assert.equal(a.binThresholds_[0].length, 31);
  assert.ok(a.transform(X, SHARED).columns[0].buffer instanceof SharedArrayBuffer);
  assert.deepEqual([...a.transform(X, SHARED).columns[0]], [...a.transform(X).columns[0]]);
});

test('an all-NaN feature has one (empty) non-missing bin and no thresholds', () => {
  const m = new BinMapper().fit(matrix([Float64Array.from([NaN, NaN])]), new Rng(0));
  assert.equal(m.binThresholds_[0].length, 0);
  assert.equal(m.nBinsNonMissing_[0], 1);
});

test('compact codes: NaN right after a feature\'s last bin, laid out by histogramLayout with no unused bins', () => {
  const X = matrix([Float64Array.from([1, NaN, 3, 2]), Float64Array.from([5, 5, 6, 6]), Float64Array.from([0, 1, 2, NaN])]);
  const m = new BinMapper(255).fit(X, new Rng(0));
  assert.deepEqual([...m.nBinsNonMissing_], [3, 2, 3]);
  const compact = m.transform(X, PLAIN, true);
  assert.deepEqual([...compact.columns[0]], [0, 3, 2, 1]);
  assert.deepEqual([...compact.columns[2]], [0, 1, 2, 3]);
  // Without `compact`, NaN keeps the shared missing bin; everything else is the same.
  assert.deepEqual([...m.transform(X).columns[0]], [0, 255, 2, 1]);
  assert.deepEqual([...m.transform(X).columns[1]], [...compact.columns[1]]);
  const layout = histogramLayout(m.nBinsNonMissing_, m.hasMissingValues_, true);
  assert.deepEqual([...layout.binOffset], [0, 4, 6, 10]);
  assert.equal(layout.stride, 2);
  assert.equal(layout.size, 20);
  assert.equal(histogramLayout(m.nBinsNonMissing_, m.hasMissingValues_, false).size, 30);
});

for (const wasm of [true, false]) {
  test(`branch-free mapToBins (${wasm ? 'wasm' : 'JS'}) equals the branching search (ties on thresholds, ±Infinity, NaN, every threshold count, chunk ends)`, (ctx) => {
    useWasmBinning(wasm);
    ctx.after(() => useWasmBinning(true));
    const rng = new Rng(5);
    for (const nT of [0, 1, 2, 3, 7, 8, 31, 100, 254]) {
      const t = Float64Array.from({ length: nT }, () => Math.round(rng.normal() * 50) / 10).sort();
      const col = Float64Array.from({ length: nT === 100 ? 70_001 : 2000 }, (_, i) => {
        if (i % 17 === 0) return NaN;
        if (i % 23 === 0 && nT > 0) return t[i % nT];
        if (i % 29 === 0) return i % 2 ? Infinity : -Infinity;
        return Math.round(rng.normal() * 60) / 10;
      });
      const a = new Uint8Array(col.length);
      const b = new Uint8Array(col.length);
      mapToBins(col, t, nT + 1, a);
      mapToBinsNaive(col, t, nT + 1, b);
      assert.deepEqual(a, b, `${nT} thresholds`);
    }
  });
}
