import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.js';
import { HIST_STRIDE } from './common.js';
import { toRowMajor } from './binning.js';
import { HistogramBuilder, buildHistogramNaive, subtractHistograms } from './histogram.js';
import { USED_WORDS, buildFeatureRange, buildHistogram, buildHistogramNoHessian, buildHistogramRows, buildHistogramRowsIndexed, buildHistogramRowsSparse, countBins, buildHistogramRoot, buildHistogramRootGradients, buildHistogramRootGradientsPair, buildHistogramRootNoHessian, type HistogramContext } from './histogram-kernels.js';

const N_BINS = 16;
/** Every feature spans N_BINS bins (`binOffset[f] = f · N_BINS`). */
const offsets = (nFeatures: number) => Int32Array.from({ length: nFeatures + 1 }, (_, f) => f * N_BINS);

function randomData(n: number, nFeatures: number, seed: number): HistogramContext {
  const rng = new Rng(seed);
  const columns = Array.from({ length: nFeatures }, () => {
    const c = new Uint8Array(n);
    for (let i = 0; i < n; i++) c[i] = rng.int(N_BINS);
    return c;
  });
  const gradients = new Float32Array(n);
  const hessians = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    gradients[i] = rng.normal();
    hessians[i] = rng.random() + 0.1;
  }
  const indices = new Uint32Array(n);
  for (let i = 0; i < n; i++) indices[i] = i;
  return { nRows: n, nFeatures, stride: HIST_STRIDE, binOffset: offsets(nFeatures), columns, rowBins: null, gradients, hessians, orderedG: new Float32Array(n), orderedH: new Float32Array(n), indices, constantHessian: false, rootCounts: null };
}

/** A random subset of rows, sorted (as a node's partition keeps them). */
function nodeIndices(n: number, k: number, seed: number): Uint32Array {
  return Uint32Array.from(new Rng(seed).sampleWithoutReplacement(n, k)).sort();
}

test('node kernel (unrolled, ordered gradients) equals the naive kernel exactly', () => {
  const ctx = randomData(1003, 1, 1);
  const idx = nodeIndices(1003, 517, 2);
  const naive = new Float64Array(N_BINS * HIST_STRIDE);
  buildHistogramNaive(naive, 0, ctx.columns[0], idx, 0, idx.length, ctx.gradients, ctx.hessians);
  const og = Float32Array.from(idx, (i) => ctx.gradients[i]);
  const oh = Float32Array.from(idx, (i) => ctx.hessians[i]);
  const fast = new Float64Array(N_BINS * HIST_STRIDE);
  buildHistogram(fast, 0, ctx.columns[0], idx, 0, idx.length, og, oh);
  assert.deepEqual(fast, naive);
  // Constant hessians: (g, count) pairs, hessian sums are left to the splitter.
  const noH = new Float64Array(N_BINS * 2);
  buildHistogramNoHessian(noH, 0, ctx.columns[0], idx, 0, idx.length, og);
  for (let b = 0; b < N_BINS; b++) {
    assert.equal(noH[b * 2], naive[b * 3]);
    assert.equal(noH[b * 2 + 1], naive[b * 3 + 2]);
  }
});

test('row-major kernel equals the naive kernel for every feature (with and without hessians)', () => {
  const ctx = randomData(1501, 5, 4);
  // 703 samples: the 4-at-a-time loop and its 3-sample tail both run.
  const idx = nodeIndices(1501, 703, 8);
  const rowBins = toRowMajor({ nRows: 1501, columns: ctx.columns });
  const size = 5 * N_BINS * HIST_STRIDE;
  const naive = new Float64Array(size);
  for (let f = 0; f < 5; f++) buildHistogramNaive(naive, f * N_BINS * HIST_STRIDE, ctx.columns[f], idx, 0, idx.length, ctx.gradients, ctx.hessians);
  const og = Float32Array.from(idx, (i) => ctx.gradients[i]);
  const oh = Float32Array.from(idx, (i) => ctx.hessians[i]);
  const rows = new Float64Array(size);
  buildHistogramRows(rows, rowBins, 5, offsets(5), 0, 5, idx, 0, idx.length, og, oh);
  assert.deepEqual(rows, naive);
  // A feature sub-range (what one thread builds) touches only its features; constant hessians read
  // gradients by index and write (g, count) pairs.
  const part = new Float64Array(5 * N_BINS * 2);
  buildHistogramRowsIndexed(part, rowBins, 5, offsets(5), 2, 4, idx, 0, idx.length, ctx.gradients);
  for (let bin = 0; bin < 5 * N_BINS; bin++) {
    const f = Math.floor(bin / N_BINS);
    const inRange = f >= 2 && f < 4;
    assert.equal(part[bin * 2], inRange ? naive[bin * 3] : 0);
    assert.equal(part[bin * 2 + 1], inRange ? naive[bin * 3 + 2] : 0);
  }
});

test('row-major kernel reading gradients by index equals the gathered one exactly', () => {
  const ctx = randomData(1501, 5, 41);
  const idx = nodeIndices(1501, 703, 42);
  const rowBins = toRowMajor({ nRows: 1501, columns: ctx.columns });
  const size = 5 * N_BINS * 2;
  // The gathered reference: the column kernel for constant hessians on gradients in node order.
  const og = Float32Array.from(idx, (i) => ctx.gradients[i]);
  const gathered = new Float64Array(size);
  for (let f = 0; f < 5; f++) buildHistogramNoHessian(gathered, f * N_BINS * 2, ctx.columns[f], idx, 0, idx.length, og);
  const indexed = new Float64Array(size);
  buildHistogramRowsIndexed(indexed, rowBins, 5, offsets(5), 0, 5, idx, 0, idx.length, ctx.gradients);
  assert.deepEqual(indexed, gathered);
  // Through buildFeatureRange, which picks this kernel for row-major bins and constant hessians.
  const viaRange = new Float64Array(size).fill(7);
  buildFeatureRange({ ...ctx, stride: 2, rowBins, indices: idx, constantHessian: true }, viaRange, 0, 5, false, 0, idx.length);
  assert.deepEqual(viaRange, gathered);
});

test('root kernels equal the naive kernel over all rows', () => {
  const ctx = randomData(999, 1, 3);
  const naive = new Float64Array(N_BINS * HIST_STRIDE);
  buildHistogramNaive(naive, 0, ctx.columns[0], ctx.indices, 0, 999, ctx.gradients, ctx.hessians);
  const root = new Float64Array(N_BINS * HIST_STRIDE);
  buildHistogramRoot(root, 0, ctx.columns[0], 999, ctx.gradients, ctx.hessians);
  assert.deepEqual(root, naive);
  const rootNoH = new Float64Array(N_BINS * 2);
  buildHistogramRootNoHessian(rootNoH, 0, ctx.columns[0], 999, ctx.gradients);
  for (let b = 0; b < N_BINS; b++) {
    assert.equal(rootNoH[b * 2], naive[b * 3]);
    assert.equal(rootNoH[b * 2 + 1], naive[b * 3 + 2]);
  }
});

test('root with cached bin counts (both hessian modes) equals counting at the root', () => {
  const base = randomData(777, 3, 12);
  for (const constantHessian of [true, false]) {
    const stride = constantHessian ? 2 : 3;
    const size = 3 * N_BINS * stride;
    const counted = new Float64Array(size);
    buildFeatureRange({ ...base, stride, constantHessian }, counted, 0, 3, true, 0, 777);
    const cached = new Float64Array(size).fill(123);
    const rootCounts = countBins(base.columns, offsets(3), new Float64Array(3 * N_BINS));
    buildFeatureRange({ ...base, stride, constantHessian, rootCounts }, cached, 0, 3, true, 0, 777);
    // Counts and hessians are exact; gradient sums may differ by rounding (4-way root kernel).
    assertHistogramsClose(cached, counted, stride);
  }
});

/** Equal counts and hessian sums, gradient sums equal up to float64 rounding of a reordered sum. */
function assertHistogramsClose(a: Float64Array, b: Float64Array, stride: number): void {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) {
    if (i % stride === 0) assert.ok(Math.abs(a[i] - b[i]) <= 1e-12 * (1 + Math.abs(b[i])), `gradient sum ${i}: ${a[i]} vs ${b[i]}`);
    else assert.equal(a[i], b[i], `slot ${i}`);
  }
}

test('4-way root gradient kernel equals the naive kernel (exactly for integer gradients), with runs of equal bins', () => {
  const n = 10_003;
  const rng = new Rng(21);
  const bins = new Uint8Array(n);
  // Runs of one bin (a flag feature) and the full 256-bin range.
  for (let i = 0; i < n; i++) bins[i] = i < n / 2 ? (Math.floor(i / 37) % 2) : rng.int(256);
  const idx = Uint32Array.from({ length: n }, (_, i) => i);
  for (const integer of [true, false]) {
    const g = Float32Array.from({ length: n }, () => (integer ? rng.int(21) - 10 : rng.normal()));
    const naive = new Float64Array(256 * 3 + 6);
    buildHistogramNaive(naive, 3, bins, idx, 0, n, g, new Float32Array(n));
    // Constant hessians: (g, count) pairs, here at offset 2.
    const fast = new Float64Array(256 * 2 + 4);
    buildHistogramRootGradients(fast, 2, bins, n, g);
    for (let b = 0; b < 256; b++) {
      const o = 2 + b * 2;
      const want = naive[3 + b * 3];
      if (integer) assert.equal(fast[o], want, `bin ${b}`);
      else assert.ok(Math.abs(fast[o] - want) <= 1e-12 * (1 + Math.abs(want)), `bin ${b}: ${fast[o]} vs ${want}`);
      assert.equal(fast[o + 1], 0, 'counts come from countBins');
    }
    assert.equal(Math.abs(fast[0]) + Math.abs(fast[1]) + Math.abs(fast[fast.length - 2]) + Math.abs(fast[fast.length - 1]), 0, 'nothing written outside the feature');
  }
});

test('two-feature root kernel gives each feature the bits of the one-feature kernel (different widths, odd row count)', () => {
  const n = 5_003;
  const rng = new Rng(31);
  const flags = Uint8Array.from({ length: n }, (_, i) => (Math.floor(i / 13) % 2));
  const wide = Uint8Array.from({ length: n }, () => rng.int(200));
  const g = Float32Array.from({ length: n }, () => rng.normal());
  for (const [a, wa, b, wb] of [[flags, 2, wide, 200], [wide, 200, flags, 2]] as const) {
    const single = new Float64Array((wa + wb) * 2);
    buildHistogramRootGradients(single, 0, a, n, g, wa);
    buildHistogramRootGradients(single, wa * 2, b, n, g, wb);
    const pair = new Float64Array((wa + wb) * 2);
    buildHistogramRootGradientsPair(pair, 0, a, wa, wa * 2, b, wb, n, g);
    assert.deepEqual(pair, single);
  }
});

test('builder: a child built directly equals the naive sums; parent − sibling equals the other child', () => {
  const n = 2000;
  const ctx = randomData(n, 3, 5);
  const size = 3 * N_BINS * HIST_STRIDE;
  const builder = new HistogramBuilder(ctx, new Float64Array(4 * size));
  const root = builder.computeRoot();
  // Partition rows: left = feature-0 bin < 6, like a split would.
  const left: number[] = [];
  const right: number[] = [];
  for (let i = 0; i < n; i++) (ctx.columns[0][i] < 6 ? left : right).push(i);
  ctx.indices.set([...left, ...right]);
  const leftHist = builder.computeBrute(0, left.length);
  const expectedRight = new Float64Array(size);
  const expectedLeft = new Float64Array(size);
  for (let f = 0; f < 3; f++) {
    const off = f * N_BINS * HIST_STRIDE;
    buildHistogramNaive(expectedLeft, off, ctx.columns[f], ctx.indices, 0, left.length, ctx.gradients, ctx.hessians);
    buildHistogramNaive(expectedRight, off, ctx.columns[f], ctx.indices, left.length, n, ctx.gradients, ctx.hessians);
  }
  assert.deepEqual(leftHist.data, expectedLeft);
  const rightHist = builder.computeSubtraction(root, leftHist);
  for (let i = 0; i < size; i++) {
    // Subtraction reorders float additions, so it matches up to rounding (counts exactly).
    if (i % 3 === 2) assert.equal(rightHist.data[i], expectedRight[i]);
    else assert.ok(Math.abs(rightHist.data[i] - expectedRight[i]) < 1e-9, `entry ${i}: ${rightHist.data[i]} vs ${expectedRight[i]}`);
  }
});

test('builder hands out overflow histograms when its store is full, and reuses released slots', () => {
  const ctx = randomData(100, 2, 9);
  const size = 2 * N_BINS * HIST_STRIDE;
  const builder = new HistogramBuilder(ctx, new Float64Array(size));
  const a = builder.computeRoot();
  const b = builder.computeRoot();
  assert.equal(a.slot, 0);
  assert.equal(b.slot, -1);
  assert.deepEqual(a.data, b.data);
  builder.release(a);
  assert.equal(builder.computeRoot().slot, 0);
});

test('subtractHistograms is element-wise (over a range when given)', () => {
  const out = new Float64Array(3);
  subtractHistograms(Float64Array.from([5, 4, 3]), Float64Array.from([1, 1, 1]), out);
  assert.deepEqual([...out], [4, 3, 2]);
  const part = Float64Array.from([9, 9, 9]);
  subtractHistograms(Float64Array.from([5, 4, 3]), Float64Array.from([1, 1, 1]), part, 1, 2);
  assert.deepEqual([...part], [9, 3, 9]);
});

/** Whether bin b of feature f is marked in a used-bin bitmap. */
const marked = (used: Uint32Array, f: number, b: number) => ((used[f * USED_WORDS + (b >> 5)] >>> (b & 31)) & 1) === 1;

test('sparse kernel: marks exactly the non-empty bins and gives them the dense sums, whatever the slot held (both hessian modes)', () => {
  const base = randomData(3001, 4, 51);
  const rowBins = toRowMajor({ nRows: 3001, columns: base.columns });
  const idx = nodeIndices(3001, 37, 52);
  for (const constantHessian of [true, false]) {
    const stride = constantHessian ? 2 : 3;
    const ctx: HistogramContext = { ...base, stride, rowBins, indices: idx, constantHessian };
    const og = ctx.orderedG;
    const oh = ctx.orderedH;
    idx.forEach((i, k) => {
      og[k] = ctx.gradients[i];
      oh[k] = ctx.hessians[i];
    });
    const dense = new Float64Array(4 * N_BINS * stride);
    buildFeatureRange(ctx, dense, 0, 4, false, 0, idx.length);
    const sparse = new Float64Array(dense.length).fill(-3.5);
    const used = new Uint32Array(4 * USED_WORDS);
    buildHistogramRowsSparse(ctx, sparse, used, 0, idx.length);
    for (let f = 0; f < 4; f++) {
      for (let b = 0; b < N_BINS; b++) {
        const o = (f * N_BINS + b) * stride;
        const count = dense[o + stride - 1];
        assert.equal(marked(used, f, b), count > 0, `feature ${f} bin ${b}`);
        // Unmarked bins keep the stale value; marked ones equal the dense sums bit for bit.
        for (let j = 0; j < stride; j++) assert.equal(sparse[o + j], count > 0 ? dense[o + j] : -3.5);
      }
    }
  }
});

test('builder: small nodes are built sparse; a sparse sibling subtracts like its dense twin', () => {
  const n = 4000;
  const base = randomData(n, 3, 61);
  const rowBins = toRowMajor({ nRows: n, columns: base.columns });
  const ctx: HistogramContext = { ...base, stride: 2, rowBins, constantHessian: true };
  const size = 3 * N_BINS * 2;
  // Stale data in every slot: sparse builds must not depend on it.
  const builder = new HistogramBuilder(ctx, new Float64Array(4 * size).fill(9.25));
  const root = builder.computeRoot();
  assert.equal(root.sparse, false);
  // A 4-sample child (4 × 3 cells ≤ a quarter of the 48 bins) is sparse; the rest of the rows form its sibling.
  const small = [5, 17, 1999, 3999];
  const rest = Array.from({ length: n }, (_, i) => i).filter((i) => !small.includes(i));
  ctx.indices.set([...small, ...rest]);
  const smallHist = builder.computeBrute(0, small.length);
  assert.equal(smallHist.sparse, true);
  const expectedSmall = new Float64Array(size);
  buildFeatureRange(ctx, expectedSmall, 0, 3, false, 0, small.length);
  for (let f = 0; f < 3; f++) {
    for (let b = 0; b < N_BINS; b++) {
      const o = (f * N_BINS + b) * 2;
      if (marked(smallHist.used, f, b)) assert.deepEqual([smallHist.data[o], smallHist.data[o + 1]], [expectedSmall[o], expectedSmall[o + 1]]);
      else assert.equal(expectedSmall[o + 1], 0, 'every non-empty bin is marked');
    }
  }
  const expectedRest = Float64Array.from(root.data);
  for (let i = 0; i < size; i++) expectedRest[i] -= expectedSmall[i];
  const restHist = builder.computeSubtraction(root, smallHist);
  assert.equal(restHist.sparse, false);
  assert.deepEqual(restHist.data, expectedRest);
  // A large node is built dense.
  assert.equal(builder.computeBrute(small.length, n).sparse, false);
});
