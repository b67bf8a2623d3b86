import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.js';
import { HIST_STRIDE } from './common.js';
import { USED_WORDS } from './histogram-kernels.js';
import { findNodeSplit, splitIndices, splitIndicesNaive, type SplitterOptions } from './splitting.js';

const N_BINS = 8;

function options(over: Partial<SplitterOptions> = {}): SplitterOptions {
  return {
    // One feature spanning all N_BINS bins of a stride-3 histogram (the splitter reads only its non-missing bins).
    binOffset: Int32Array.from([0, N_BINS]),
    stride: HIST_STRIDE,
    nBinsNonMissing: Uint16Array.from([4]),
    hasMissingValues: Uint8Array.from([0]),
    l2Regularization: 0,
    minSamplesLeaf: 1,
    minHessianToSplit: 1e-3,
    minGainToSplit: 0,
    monotonicCst: null,
    constantHessian: 1,
    ...over,
  };
}

/** One feature; bins given as [sumGradient, count] pairs (hessian 1 per sample). */
function hist(entries: Record<number, [number, number]>): Float64Array {
  const h = new Float64Array(N_BINS * HIST_STRIDE);
  for (const [b, [g, c]] of Object.entries(entries)) {
    h[Number(b) * 3] = g;
    h[Number(b) * 3 + 2] = c;
  }
  return h;
}

function stats(h: Float64Array) {
  let g = 0;
  let c = 0;
  for (let b = 0; b < N_BINS; b++) {
    g += h[b * 3];
    c += h[b * 3 + 2];
  }
  return { nSamples: c, sumGradients: g, sumHessians: c, value: -g / c, lowerBound: -Infinity, upperBound: Infinity };
}

test('finds the step: gradients −1 in bins 0–1 and +1 in bins 2–3 split after bin 1', () => {
  const h = hist({ 0: [-10, 10], 1: [-10, 10], 2: [10, 10], 3: [10, 10] });
  const s = findNodeSplit(h, stats(h), options());
  assert.equal(s.featureIdx, 0);
  assert.equal(s.binIdx, 1);
  assert.equal(s.nSamplesLeft, 20);
  assert.equal(s.valueLeft, 1);
  assert.equal(s.valueRight, -1);
  // gain = G_L²/H_L + G_R²/H_R − G²/H = 400/20 + 400/20 − 0
  assert.ok(Math.abs(s.gain - 40) < 1e-9);
});

test('min_samples_leaf forbids the best split and takes the next admissible one', () => {
  const h = hist({ 0: [-10, 5], 1: [1, 10], 2: [1, 10], 3: [1, 10] });
  assert.equal(findNodeSplit(h, stats(h), options()).binIdx, 0);
  const s = findNodeSplit(h, stats(h), options({ minSamplesLeaf: 6 }));
  assert.equal(s.binIdx, 1);
  assert.ok(s.nSamplesLeft >= 6 && s.nSamplesRight >= 6);
});

test('no gain (all gradients equal) → gain ≤ 0, no split', () => {
  const h = hist({ 0: [1, 1], 1: [1, 1], 2: [1, 1], 3: [1, 1] });
  assert.ok(findNodeSplit(h, stats(h), options()).gain <= 0);
});

test('missing values join the side they resemble', () => {
  // Missing samples (bin 7) look like bins 0–1 (negative gradients) → go left.
  const h = hist({ 0: [-10, 10], 1: [-10, 10], 2: [10, 10], 3: [10, 10], 7: [-10, 10] });
  const o = options({ hasMissingValues: Uint8Array.from([1]) });
  const s = findNodeSplit(h, stats(h), o);
  assert.equal(s.binIdx, 1);
  assert.equal(s.missingGoToLeft, true);
  assert.equal(s.nSamplesLeft, 30);
  const h2 = hist({ 0: [-10, 10], 1: [-10, 10], 2: [10, 10], 3: [10, 10], 7: [10, 10] });
  const s2 = findNodeSplit(h2, stats(h2), o);
  assert.equal(s2.missingGoToLeft, false);
  assert.equal(s2.nSamplesRight, 30);
});

test('a split "any value vs missing" is found on the last non-missing bin', () => {
  const h = hist({ 0: [-5, 10], 1: [-5, 10], 2: [-5, 10], 3: [-5, 10], 7: [40, 10] });
  const s = findNodeSplit(h, stats(h), options({ hasMissingValues: Uint8Array.from([1]) }));
  assert.equal(s.binIdx, 3);
  assert.equal(s.missingGoToLeft, false);
  assert.equal(s.nSamplesRight, 10);
});

test('a monotonic increasing constraint rejects splits whose left value exceeds the right', () => {
  // Gradients +1 then −1: values −1 (left) then +1 (right) → left < right is fine for POS…
  const up = hist({ 0: [10, 10], 1: [10, 10], 2: [-10, 10], 3: [-10, 10] });
  assert.ok(findNodeSplit(up, stats(up), options({ monotonicCst: Int8Array.from([1]) })).gain > 0);
  // …and forbidden for NEG.
  assert.ok(findNodeSplit(up, stats(up), options({ monotonicCst: Int8Array.from([-1]) })).gain <= 0);
});

test('l2 regularisation shrinks the child values', () => {
  const h = hist({ 0: [-10, 10], 1: [10, 10] });
  const s = findNodeSplit(h, stats(h), options({ nBinsNonMissing: Uint16Array.from([2]), l2Regularization: 10 }));
  assert.ok(Math.abs(s.valueLeft - 0.5) < 1e-12);
});

test('splitIndices partitions in place, stable, missing values by the flag', () => {
  const bins = Uint8Array.from([0, 3, 7, 1, 2, 7]);
  const idx = Uint32Array.from([9, 0, 1, 2, 3, 4, 5]);
  const scratch = new Uint32Array(7);
  const mid = splitIndices(bins, 1, true, 7, idx, 1, 7, scratch);
  assert.equal(mid, 5);
  assert.deepEqual([...idx], [9, 0, 2, 3, 5, 1, 4]);
  const idx2 = Uint32Array.from([0, 1, 2, 3, 4, 5]);
  assert.equal(splitIndices(bins, 1, false, 7, idx2, 0, 6, scratch), 2);
  assert.deepEqual([...idx2], [0, 3, 1, 2, 4, 5]);
});

test('splitIndices (branch-free) equals the branching partition on random bins, thresholds and flags', () => {
  let s = 12345;
  const rand = (m: number) => ((s = (s * 1103515245 + 12345) % 2147483648), s % m);
  for (let trial = 0; trial < 40; trial++) {
    // Up to 3,000 samples: both the small-range path and the branch-free table path run.
    const n = 1 + rand(3000);
    const bins = Uint8Array.from({ length: n }, () => (rand(10) === 0 ? 255 : rand(40)));
    const idx = Uint32Array.from({ length: n }, (_, i) => i);
    const a = Uint32Array.from(idx);
    const b = Uint32Array.from(idx);
    const start = rand(n);
    const stop = start + rand(n - start + 1);
    const binIdx = rand(40);
    const mgl = rand(2) === 1;
    const ma = splitIndices(bins, binIdx, mgl, 255, a, start, stop, new Uint32Array(n));
    const mb = splitIndicesNaive(bins, binIdx, mgl, 255, b, start, stop, new Uint32Array(n));
    assert.equal(ma, mb);
    assert.deepEqual(a, b);
  }
});

test('findNodeSplit over a sparse histogram (marked bins only, stale data elsewhere) equals the dense scan', () => {
  const rng = new Rng(77);
  const F = 3;
  // Widths 256 (255 bins + missing), 40 and 2: bitmaps of 8, 2 and 1 words.
  const nbnm = Uint16Array.from([255, 40, 2]);
  const hasMissing = Uint8Array.from([1, 0, 1]);
  const binOffset = Int32Array.from([0, 256, 296, 299]);
  for (let trial = 0; trial < 300; trial++) {
    const constant = trial % 2 === 0;
    const stride = constant ? 2 : 3;
    const dense = new Float64Array(binOffset[F] * stride);
    const sparse = new Float64Array(dense.length);
    for (let i = 0; i < sparse.length; i++) sparse[i] = rng.normal() * 100;
    const used = new Uint32Array(F * USED_WORDS);
    // One sample set per trial, binned per feature: every feature sees the same n, G and H.
    const n = 2 + rng.int(60);
    const g = Array.from({ length: n }, () => rng.normal() + (trial % 3) - 1);
    const h = Array.from({ length: n }, () => (constant ? 1 : 0.1 + rng.random()));
    for (let f = 0; f < F; f++) {
      const width = binOffset[f + 1] - binOffset[f];
      for (let i = 0; i < n; i++) {
        const b = hasMissing[f] && rng.int(8) === 0 ? width - 1 : rng.int(nbnm[f]);
        const o = (binOffset[f] + b) * stride;
        if (!((used[f * USED_WORDS + (b >> 5)] >>> (b & 31)) & 1)) {
          used[f * USED_WORDS + (b >> 5)] |= 1 << (b & 31);
          for (let j = 0; j < stride; j++) sparse[o + j] = 0;
        }
        for (const out of [dense, sparse]) {
          out[o] += g[i];
          if (!constant) out[o + 1] += h[i];
          out[o + stride - 1] += 1;
        }
      }
    }
    const sumG = g.reduce((a, b) => a + b, 0);
    const sumH = h.reduce((a, b) => a + b, 0);
    const monotonicCst = trial % 5 === 4 ? Int8Array.from([1, -1, 0]) : null;
    const bounded = trial % 7 === 6;
    const node = { nSamples: n, sumGradients: sumG, sumHessians: sumH, value: -sumG / (sumH + 1e-15), lowerBound: bounded ? -0.5 : -Infinity, upperBound: bounded ? 0.5 : Infinity };
    const o = options({ binOffset, stride, nBinsNonMissing: nbnm, hasMissingValues: hasMissing, minSamplesLeaf: 1 + rng.int(5), constantHessian: constant ? 1 : null, monotonicCst });
    const want = findNodeSplit(dense, node, o);
    assert.deepEqual(findNodeSplit(sparse, node, o, used), want, `trial ${trial}`);
  }
});

test('the unit-hessian scans (constant hessian 1, l2 0) equal the general scans on explicit hessians of 1', () => {
  const rng = new Rng(78);
  const F = 3;
  // The last feature has missing values (its last bin): both scan directions run.
  const nbnm = Uint16Array.from([200, 30, 50]);
  const binOffset = Int32Array.from([0, 200, 230, 281]);
  let missingLeftWins = 0;
  for (let trial = 0; trial < 200; trial++) {
    const two = new Float64Array(binOffset[F] * 2);
    const three = new Float64Array(binOffset[F] * 3);
    const n = 2 + rng.int(400);
    const g = Array.from({ length: n }, () => rng.normal() * (1 + (trial % 4)));
    for (let f = 0; f < F; f++) {
      for (let i = 0; i < n; i++) {
        const b = binOffset[f] + (f === 2 && rng.int(4) === 0 ? nbnm[f] : rng.int(nbnm[f]));
        two[b * 2] += g[i];
        two[b * 2 + 1] += 1;
        three[b * 3] += g[i];
        three[b * 3 + 1] += 1;
        three[b * 3 + 2] += 1;
      }
    }
    const sumG = g.reduce((a, b) => a + b, 0);
    const node = { nSamples: n, sumGradients: sumG, sumHessians: n, value: -sumG / (n + 1e-15), lowerBound: -Infinity, upperBound: Infinity };
    const common = { binOffset, nBinsNonMissing: nbnm, hasMissingValues: Uint8Array.from([0, 0, 1]), minSamplesLeaf: 1 + rng.int(30) };
    const unit = findNodeSplit(two, node, options({ ...common, stride: 2, constantHessian: 1 }));
    const general = findNodeSplit(three, node, options({ ...common, stride: HIST_STRIDE, constantHessian: null }));
    assert.deepEqual(unit, general, `trial ${trial}`);
    if (unit.featureIdx === 2 && unit.missingGoToLeft) missingLeftWins++;
  }
  assert.ok(missingLeftWins > 0, 'some best splits come from the right-to-left scan');
});
