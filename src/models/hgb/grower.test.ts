import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matrix } from '../../core/arrays.js';
import { Rng } from '../../core/rng.js';
import { BinMapper } from './binning.js';
import { PLAIN } from '../../core/arena.js';
import { histogramLayout } from './common.js';
import { TreeGrower, type GrowerOptions } from './grower.js';
import { HistogramBuilder } from './histogram.js';
import type { SplitterOptions } from './splitting.js';

function grow(n: number, opts: Partial<GrowerOptions>, seed = 1) {
  const rng = new Rng(seed);
  const cols = [new Float64Array(n), new Float64Array(n)];
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    cols[0][i] = rng.random();
    cols[1][i] = rng.random();
    y[i] = Math.sin(6 * cols[0][i]) + cols[1][i] * cols[1][i];
  }
  const X = matrix(cols);
  const mapper = new BinMapper(63).fit(X, rng);
  const binned = mapper.transform(X, PLAIN, true);
  const gradients = Float32Array.from(y, (v) => -v);
  const { stride, binOffset, size } = histogramLayout(mapper.nBinsNonMissing_, mapper.hasMissingValues_, true);
  const ctx = { nRows: n, nFeatures: 2, stride, binOffset, columns: binned.columns, rowBins: null, gradients, hessians: new Float32Array(n).fill(1), orderedG: new Float32Array(n), orderedH: new Float32Array(n), indices: new Uint32Array(n), constantHessian: true, rootCounts: null };
  const builder = new HistogramBuilder(ctx, new Float64Array(40 * size));
  const splitter: SplitterOptions = { binOffset, stride, nBinsNonMissing: mapper.nBinsNonMissing_, hasMissingValues: mapper.hasMissingValues_, l2Regularization: 0, minSamplesLeaf: 20, minHessianToSplit: 1e-3, minGainToSplit: 0, monotonicCst: null, constantHessian: 1 };
  const grower = new TreeGrower(builder, splitter, { maxLeafNodes: 31, maxDepth: null, minSamplesLeaf: 20, shrinkage: 1, ...opts }, new Uint32Array(n)).grow();
  return { grower, predictor: grower.makePredictor(mapper), X, y, ctx, builder };
}

test('grows up to maxLeafNodes leaves, each with at least minSamplesLeaf samples', () => {
  const { grower, predictor } = grow(2000, {});
  assert.equal(grower.leaves.length, 31);
  assert.equal(predictor.nLeaves, 31);
  assert.equal(predictor.nNodes, 61);
  for (const leaf of grower.leaves) assert.ok(leaf.stop - leaf.start >= 20);
});

test('every histogram slot is released once the tree is grown (no leak across iterations)', () => {
  for (const opts of [{}, { maxLeafNodes: 5 }, { maxDepth: 3 }, { maxLeafNodes: null }]) {
    const { builder } = grow(3000, opts);
    assert.equal(builder.freeSlotCount, 40, JSON.stringify(opts));
  }
});

test('leaves partition the sample indices: every row in exactly one leaf', () => {
  const { grower, ctx } = grow(1000, { maxLeafNodes: 8 });
  const seen = new Uint8Array(1000);
  let total = 0;
  for (const leaf of grower.leaves) {
    for (let k = leaf.start; k < leaf.stop; k++) seen[ctx.indices[k]]++;
    total += leaf.stop - leaf.start;
  }
  assert.equal(total, 1000);
  assert.ok(seen.every((c) => c === 1));
});

test('maxDepth caps the depth', () => {
  const { predictor } = grow(2000, { maxDepth: 2 });
  assert.equal(predictor.maxDepth, 2);
  assert.ok(predictor.nLeaves <= 4);
});

test('leaf values are Newton steps (mean of −gradient = mean y here), scaled by shrinkage', () => {
  const { grower, ctx, y } = grow(500, { maxLeafNodes: 4, shrinkage: 0.5 });
  for (const leaf of grower.leaves) {
    let s = 0;
    for (let k = leaf.start; k < leaf.stop; k++) s += Math.fround(y[ctx.indices[k]]);
    assert.ok(Math.abs(leaf.value - (0.5 * s) / (leaf.stop - leaf.start)) < 1e-9);
  }
});

test('too few rows to split (n < 2·minSamplesLeaf): a single leaf', () => {
  const { grower, predictor } = grow(30, {});
  assert.equal(grower.leaves.length, 1);
  assert.equal(predictor.nNodes, 1);
});
