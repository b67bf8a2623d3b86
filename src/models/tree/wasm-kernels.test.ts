import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arena } from '../../core/arena.js';
import { Rng } from '../../core/rng.js';
import { compactSegments, partitionSegments } from './partition.js';
import { treeKernels } from './wasm-kernels.js';

/** The kernels on a fresh arena, the same buffers there (`wasm`) and in plain arrays (`js`), and `shuffle`: random segments in both. */
function partitionSetup(n: number, d: number, rng: Rng) {
  const arena = Arena.create(1 << 16, true)!;
  const kernels = treeKernels(arena.memory);
  assert.ok(kernels, 'WebAssembly is available on Node 20');
  const wasm = { order: arena.i32(n * d + 1), goesLeft: arena.u8(n), scratch: arena.i32(n) };
  const js = { order: new Int32Array(n * d + 1), goesLeft: new Uint8Array(n), scratch: new Int32Array(n) };
  const shuffle = (): void => {
    for (let j = 0; j < d; j++) {
      const perm = rng.permutation(n);
      for (let i = 0; i < n; i++) wasm.order[j * n + i] = js.order[j * n + i] = perm[i];
    }
  };
  return { kernels, wasm, js, shuffle };
}

test('wasm partition and compaction leave every segment as the JS loops do', () => {
  const n = 301;
  const d = 7;
  const rng = new Rng(1);
  const { kernels, wasm, js, shuffle } = partitionSetup(n, d, rng);
  for (let t = 0; t < 60; t++) {
    shuffle();
    for (let i = 0; i < n; i++) wasm.goesLeft[i] = js.goesLeft[i] = rng.random() < 0.4 ? 1 : 0;
    // A node anywhere in the segments, any feature skipped (or none), any constant-feature mask.
    const start = rng.int(100);
    const end = start + 1 + rng.int(n - start - 1);
    const skip = rng.int(d + 1) - 1;
    const constant = rng.int(1 << d);
    const from = rng.int(d);
    const keepLeft = t % 2 === 0;
    partitionSegments(js.order, null, n, d, skip, start, end, js.goesLeft, js.scratch, null, constant);
    kernels.partitionSegments(wasm.order, n, d, skip, start, end, wasm.goesLeft, wasm.scratch, constant);
    assert.deepEqual(wasm.order, js.order, `partition, case ${t}`);
    compactSegments(js.order, null, n, from, d, skip, start, end, js.goesLeft, keepLeft, constant);
    kernels.compactSegments(wasm.order, n, from, d, skip, start, end, wasm.goesLeft, keepLeft, constant);
    assert.deepEqual(wasm.order, js.order, `compaction (keep ${keepLeft ? 'left' : 'right'}), case ${t}`);
  }
});

test('the wasm partition flags the split feature\'s left rows itself, and it or the compaction clears the flags after', () => {
  const n = 97;
  const d = 5;
  const rng = new Rng(4);
  const { kernels, wasm, js, shuffle } = partitionSetup(n, d, rng);
  for (let t = 0; t < 40; t++) {
    shuffle();
    const start = rng.int(40);
    const end = start + 2 + rng.int(n - start - 2);
    const mid = start + 1 + rng.int(end - start - 1);
    const skip = rng.int(d);
    const [from, to] = [skip * n + start, skip * n + mid];
    const compacting = t % 2 === 1;
    // The JS twin, flagged and cleared by hand as the builders did.
    for (let p = from; p < to; p++) js.goesLeft[js.order[p]] = 1;
    partitionSegments(js.order, null, n, compacting ? 1 : d, skip, start, end, js.goesLeft, js.scratch, null);
    if (compacting) compactSegments(js.order, null, n, 1, d, skip, start, end, js.goesLeft, t % 4 === 1);
    for (let p = from; p < to; p++) js.goesLeft[js.order[p]] = 0;
    kernels.partitionSegments(wasm.order, n, compacting ? 1 : d, skip, start, end, wasm.goesLeft, wasm.scratch, 0, from, to, !compacting);
    if (compacting) kernels.compactSegments(wasm.order, n, 1, d, skip, start, end, wasm.goesLeft, t % 4 === 1, 0, from, to);
    assert.deepEqual(wasm.order, js.order, `case ${t}`);
    assert.ok(wasm.goesLeft.every((g) => g === 0), `flags cleared, case ${t}`);
  }
});
