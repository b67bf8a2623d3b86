import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.js';
import { Arena } from '../../core/arena.js';
import { USED_WORDS, buildHistogramRootGradientsPair, buildHistogramRowsIndexed, buildHistogramRowsSparse, type HistogramContext } from './histogram-kernels.js';
import { findNodeSplit, partitionRange, type SplitterOptions } from './splitting.js';
import { subtractHistograms, subtractMarkedBins } from './histogram.js';
import { scatterLeafNumbers, updateRows } from './raw-update.js';
import { HgbKernels, KERNEL_SCRATCH, featureBins } from './wasm-kernels.js';

/** Features of different widths (a flag, a few codes, full 256-bin features), laid out back to back as a fit's histogram. */
const WIDTHS = [2, 7, 256, 255, 31];
const binOffset = Int32Array.from({ length: WIDTHS.length + 1 }, (_, f) => WIDTHS.slice(0, f).reduce((a, b) => a + b, 0));
const F = WIDTHS.length;
const histLength = 2 * binOffset[F];

function setup(n: number, shared: boolean, seed: number) {
  const arena = Arena.create(1 << 22, shared);
  assert.ok(arena, 'WebAssembly memory is available on Node 20');
  const rng = new Rng(seed);
  const columns = WIDTHS.map((w) => {
    const c = arena.u8(n);
    // Skewed: half the rows in one bin, so bins get long runs (what the sub-histograms are for).
    for (let i = 0; i < n; i++) c[i] = rng.random() < 0.5 ? 0 : rng.int(w);
    return c;
  });
  const rowBins = arena.u8(n * F);
  for (let i = 0; i < n; i++) for (let f = 0; f < F; f++) rowBins[i * F + f] = columns[f][i];
  const gradients = arena.f32(n);
  for (let i = 0; i < n; i++) gradients[i] = rng.normal();
  const offsets = arena.i32(F);
  for (let f = 0; f < F; f++) offsets[f] = 16 * binOffset[f];
  const kernels = HgbKernels.create(arena.memory, offsets, arena.f64(KERNEL_SCRATCH));
  assert.ok(kernels);
  return { arena, rng, columns, rowBins, gradients, kernels };
}

/** Same bits, not just close values. */
function assertSameBits(actual: Float64Array, expected: Float64Array): void {
  assert.deepEqual(new BigUint64Array(actual.slice().buffer), new BigUint64Array(expected.slice().buffer));
}

for (const shared of [false, true]) {
  test(`wasm node kernel adds what the JS kernel adds, bit for bit (${shared ? 'shared' : 'private'} memory)`, () => {
    const n = 3001;
    const { arena, rng, rowBins, gradients, kernels } = setup(n, shared, 1);
    // A node: a sorted random subset, sitting at an offset inside the index array.
    const indices = arena.u32(n);
    const rows = Uint32Array.from(rng.sampleWithoutReplacement(n, 1237)).sort();
    indices.set(rows, 100);
    for (const [f0, f1] of [[0, F], [1, 4], [2, 3]]) {
      const js = new Float64Array(histLength);
      buildHistogramRowsIndexed(js, rowBins, F, binOffset, f0, f1, indices, 100, 100 + rows.length, gradients);
      const wasm = arena.f64(histLength);
      kernels.rowsIndexed(wasm, rowBins, F, f0, f1, indices, 100, 100 + rows.length, gradients);
      assertSameBits(wasm, js);
    }
  });

  test(`wasm root kernel adds what the JS kernel adds, bit for bit (${shared ? 'shared' : 'private'} memory)`, () => {
    for (const n of [4000, 4003, 2]) {
      const { arena, columns, gradients, kernels } = setup(n, shared, n);
      for (const [a, b] of [[0, 1], [2, 3], [3, 4], [4, 2]]) {
        const js = new Float64Array(histLength);
        js.fill(0.25); // the kernels add to what is there
        buildHistogramRootGradientsPair(js, 2 * binOffset[a], columns[a], WIDTHS[a], 2 * binOffset[b], columns[b], WIDTHS[b], n, gradients);
        const wasm = arena.f64(histLength).fill(0.25);
        kernels.rootPair(wasm, 2 * binOffset[a], columns[a], WIDTHS[a], 2 * binOffset[b], columns[b], WIDTHS[b], n, gradients);
        assertSameBits(wasm, js);
      }
    }
  });
}

test('wasm partition moves the same samples to the same places as the JS one', () => {
  const n = 5003;
  const { arena, rng, columns, kernels } = setup(n, true, 4);
  for (const [feature, binIdx, missingLeft, missingBin] of [[2, 100, false, 255], [2, 0, true, 255], [1, 3, true, 6], [4, 12, false, 31]] as const) {
    const rows = Uint32Array.from(rng.sampleWithoutReplacement(n, 2001)).sort();
    const jsIdx = new Uint32Array(n);
    jsIdx.set(rows, 50);
    const jsScratch = new Uint32Array(n);
    const wIdx = arena.u32(n);
    wIdx.set(rows, 50);
    const wScratch = arena.u32(n);
    const jsLeft = partitionRange(columns[feature], binIdx, missingLeft, missingBin, jsIdx, 50, 50 + rows.length, jsScratch, 7);
    const wLeft = kernels.partition(columns[feature], binIdx, missingLeft, missingBin, wIdx, 50, 50 + rows.length, wScratch, 7);
    assert.equal(wLeft, jsLeft);
    assert.ok(jsLeft > 0 && jsLeft < rows.length, 'both sides get samples');
    assert.deepEqual([...wIdx.subarray(50, 50 + wLeft)], [...jsIdx.subarray(50, 50 + jsLeft)]);
    assert.deepEqual([...wScratch.subarray(7, 7 + rows.length - wLeft)], [...jsScratch.subarray(7, 7 + rows.length - jsLeft)]);
  }
});

test('wasm raw-prediction update and gradient sum match the JS update and sum, bit for bit', () => {
  const n = 1003;
  const { arena, kernels } = setup(n, true, 5);
  const make = (a: { f64(n: number): Float64Array; u16(n: number): Uint16Array; f32(n: number): Float32Array; u32(n: number): Uint32Array }) => {
    const r = new Rng(8);
    // Filled in place: map() would return a copy outside the arena.
    const fill = <T extends Float64Array | Uint16Array>(t: T, f: () => number): T => {
      for (let i = 0; i < t.length; i++) t[i] = f();
      return t;
    };
    const raw = fill(a.f64(n), () => r.normal());
    const y = fill(a.f64(n), () => r.int(5));
    const leafOf = fill(a.u16(n), () => r.int(31));
    const values = fill(a.f64(31), () => 0.1 * r.normal());
    return { raw, y, leafOf, values, bounds: new Int32Array(0), grad: a.f32(n), idx: a.u32(n).fill(7) };
  };
  const plain = { f64: (m: number) => new Float64Array(m), u16: (m: number) => new Uint16Array(m), f32: (m: number) => new Float32Array(m), u32: (m: number) => new Uint32Array(m) };
  const js = make(plain);
  const w = make(arena);
  assert.ok(kernels.owns(w.raw, w.y, w.leafOf, w.values, w.grad, w.idx));
  updateRows(js, js.grad, js.idx, 100, 900);
  kernels.updateRows(w.raw, w.y, w.leafOf, w.values, w.grad, w.idx, 100, 900);
  assertSameBits(w.raw, js.raw);
  assert.deepEqual([...w.grad], [...js.grad]);
  assert.deepEqual([...w.idx], [...js.idx]);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += js.grad[i];
  assert.equal(kernels.sum(w.grad), sum);
});

test('kernels refuse arrays outside their memory (callers then run the JS kernel)', () => {
  const { kernels, rowBins } = setup(10, false, 3);
  assert.equal(kernels.owns(rowBins), true);
  assert.equal(kernels.owns(rowBins, new Float64Array(4)), false);
});

test('wasm histogram subtraction equals the JS one, bit for bit', () => {
  const { arena, rng, kernels } = setup(10, true, 6);
  const parent = arena.f64(histLength);
  const sibling = arena.f64(histLength);
  for (let k = 0; k < histLength; k++) {
    parent[k] = rng.normal() * 1e3;
    sibling[k] = rng.normal();
  }
  const js = parent.slice();
  subtractHistograms(js, sibling, js);
  kernels.subtract(parent, sibling);
  assertSameBits(parent, js);
});

test('wasm subtraction over marked bins equals the JS one, bit for bit, and leaves unmarked bins alone', () => {
  const { arena, rng, kernels } = setup(10, false, 8);
  const parent = arena.f64(histLength);
  const sibling = arena.f64(histLength);
  const used = arena.u32(F * USED_WORDS);
  for (let k = 0; k < histLength; k++) {
    parent[k] = rng.normal() * 1e3;
    sibling[k] = rng.normal();
  }
  // Marks anywhere in each feature's words, the first and last bins included.
  for (let f = 0; f < F; f++) for (let b = 0; b < WIDTHS[f]; b++) if (b === 0 || b === WIDTHS[f] - 1 || rng.random() < 0.2) used[f * USED_WORDS + (b >> 5)] |= 1 << (b & 31);
  const before = parent.slice();
  const js = parent.slice();
  subtractMarkedBins(js, sibling, used, binOffset, 2);
  kernels.subtractMarked(parent, sibling, used, F);
  assertSameBits(parent, js);
  let unmarked = 0;
  for (let f = 0; f < F; f++) {
    for (let b = 0; b < WIDTHS[f]; b++) {
      const k = 2 * (binOffset[f] + b);
      const marked = ((used[f * USED_WORDS + (b >> 5)] >>> (b & 31)) & 1) === 1;
      assert.deepEqual([parent[k], parent[k + 1]], marked ? [before[k] - sibling[k], before[k + 1] - sibling[k + 1]] : [before[k], before[k + 1]], `feature ${f}, bin ${b}`);
      if (!marked) unmarked++;
    }
  }
  assert.ok(unmarked > 100);
});

// Both kernel variants (minSamplesLeaf ≥ 16 drops the exact-no-op 1e-15; below, it stays), and
// integer gradients, whose many equal gains test that ties keep the first feature and bin.
for (const [minSamplesLeaf, integerGradients] of [[20, false], [3, false], [20, true], [3, true]] as const) {
  test(`the wasm node scan picks the split the JS scans pick, to the bit (minSamplesLeaf ${minSamplesLeaf}${integerGradients ? ', integer gradients' : ''})`, () => {
    const arena = Arena.create(1 << 22, false)!;
    const rng = new Rng(7);
    const offsets = arena.i32(F);
    for (let f = 0; f < F; f++) offsets[f] = 16 * binOffset[f];
    // Features 1 and 3 have missing values (their last bin), so both scan directions run.
    const nBinsNonMissing = Uint16Array.from(WIDTHS, (w, f) => (f === 1 || f === 3 ? w - 1 : w));
    const hasMissingValues = Uint8Array.from(WIDTHS, (_, f) => (f === 1 || f === 3 ? 1 : 0));
    const features = featureBins(arena, nBinsNonMissing, hasMissingValues);
    const kernels = HgbKernels.create(arena.memory, offsets, arena.f64(KERNEL_SCRATCH), features)!;
    const base: SplitterOptions = { binOffset, stride: 2, nBinsNonMissing, hasMissingValues, l2Regularization: 0, minSamplesLeaf, minHessianToSplit: 1e-3, minGainToSplit: 0, monotonicCst: null, constantHessian: 1 };
    let wins = 0;
    for (let t = 0; t < 40; t++) {
      // A node of random samples: per bin a count and a gradient sum, empty bins included.
      const hist = arena.f64(histLength);
      const n = 40 + rng.int(2000);
      const bins = new Int32Array(F);
      for (let s = 0; s < n; s++) {
        for (let g = 0; g < F; g++) bins[g] = rng.int(WIDTHS[g]);
        // The gradient follows feature 1 (or 3, every other node): its low bins and its missing
        // bin (the last) low, its high bins high, so sending missing values left is the best split.
        const m = t % 2 === 0 ? 1 : 3;
        const low = bins[m] < nBinsNonMissing[m] / 2 || bins[m] === WIDTHS[m] - 1;
        const grad = (low ? -2 : 2) + (integerGradients ? rng.int(3) - 1 : rng.normal());
        for (let g = 0; g < F; g++) {
          const b = binOffset[g] + bins[g];
          hist[2 * b] += grad;
          hist[2 * b + 1] += 1;
        }
      }
      let sumGradients = 0;
      for (let b = binOffset[0]; b < binOffset[1]; b++) sumGradients += hist[2 * b];
      const node = { nSamples: n, sumGradients, sumHessians: n, value: -sumGradients / n, lowerBound: -Infinity, upperBound: Infinity };
      const js = findNodeSplit(hist, node, base);
      const wasm = findNodeSplit(hist, node, { ...base, kernels });
      assert.deepEqual(wasm, js, `node ${t}`);
      if (js.gain > 0) wins++;
      if (js.missingGoToLeft && hasMissingValues[js.featureIdx]) wins += 100;
    }
    assert.ok(wins % 100 > 30, 'most nodes find a split');
    assert.ok(wins >= 100, 'some splits send missing values left (the right-to-left scan won)');
  });
}

test('equal gains in both lanes of a pair and across pairs: the wasm scan keeps the lowest feature, as the JS scans do', () => {
  // Four copies of one feature (equal widths pair them up), so every candidate ties four ways.
  const widths = [31, 31, 31, 31];
  const offs = Int32Array.from([0, 31, 62, 93, 124]);
  const arena = Arena.create(1 << 20, false)!;
  const offsets = arena.i32(4);
  for (let f = 0; f < 4; f++) offsets[f] = 16 * offs[f];
  const nBinsNonMissing = Uint16Array.from(widths);
  const hasMissingValues = new Uint8Array(4);
  const kernels = HgbKernels.create(arena.memory, offsets, arena.f64(KERNEL_SCRATCH), featureBins(arena, nBinsNonMissing, hasMissingValues))!;
  const rng = new Rng(3);
  const hist = arena.f64(2 * 124);
  const n = 300;
  let sumGradients = 0;
  for (let s = 0; s < n; s++) {
    const b = rng.int(31);
    const grad = b < 12 ? -1 : 1;
    sumGradients += grad;
    for (let f = 0; f < 4; f++) {
      hist[2 * (offs[f] + b)] += grad;
      hist[2 * (offs[f] + b) + 1] += 1;
    }
  }
  const node = { nSamples: n, sumGradients, sumHessians: n, value: -sumGradients / n, lowerBound: -Infinity, upperBound: Infinity };
  const base: SplitterOptions = { binOffset: offs, stride: 2, nBinsNonMissing, hasMissingValues, l2Regularization: 0, minSamplesLeaf: 20, minHessianToSplit: 1e-3, minGainToSplit: 0, monotonicCst: null, constantHessian: 1 };
  const js = findNodeSplit(hist, node, base);
  const wasm = findNodeSplit(hist, node, { ...base, kernels });
  assert.equal(js.featureIdx, 0);
  assert.equal(js.binIdx, 11);
  assert.deepEqual(wasm, js);
});

test('wasm leaf numbering writes what the JS scatter writes', () => {
  const n = 2001;
  const { arena, rng, kernels } = setup(n, true, 9);
  const indices = arena.u32(n);
  indices.set(rng.permutation(n));
  // Five leaves own consecutive slices of the index array.
  const bounds = Int32Array.from([0, 300, 301, 1200, 1900, n]);
  const js = new Uint16Array(n);
  const wasm = arena.u16(n);
  scatterLeafNumbers(indices, js, bounds, 5, 250, 1950);
  scatterLeafNumbers(indices, wasm, bounds, 5, 250, 1950, kernels);
  assert.deepEqual([...wasm], [...js]);
  assert.equal(new Set(js).size, 5);
});

test('a sparse node histogram built by the wasm kernels has the marks and sums of the JS build', () => {
  const n = 500;
  const { arena, rng, columns, rowBins, gradients, kernels } = setup(n, true, 10);
  const indices = arena.u32(n);
  indices.set(Uint32Array.from(rng.sampleWithoutReplacement(n, 37)).sort());
  const ctx = (k: HgbKernels | null): HistogramContext => ({ nRows: n, nFeatures: F, stride: 2, binOffset, columns, rowBins, gradients, hessians: gradients, orderedG: gradients, orderedH: gradients, indices, constantHessian: true, rootCounts: null, kernels: k });
  // Stale values everywhere: only the marked bins may be read afterwards.
  const js = arena.f64(histLength).fill(9);
  const wasm = arena.f64(histLength).fill(9);
  const usedJs = arena.u32(F * USED_WORDS);
  const usedWasm = arena.u32(F * USED_WORDS);
  buildHistogramRowsSparse(ctx(null), js, usedJs, 0, 37);
  buildHistogramRowsSparse(ctx(kernels), wasm, usedWasm, 0, 37);
  assert.deepEqual(usedWasm, usedJs);
  assertSameBits(wasm, js);
  assert.ok(js.some((v) => v === 9) && js.some((v) => v !== 9 && v !== 0), 'some bins stale, some filled');
});
