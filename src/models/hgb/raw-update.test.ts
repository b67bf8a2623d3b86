import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.js';
import { makeLoss } from './loss/index.js';
import { scatterLeafNumbers, setLeaves, updateRows, type RawUpdateBuffers } from './raw-update.js';

test('the shared raw update, in any number of row shares, equals the fused single-thread pass', () => {
  const rng = new Rng(3);
  const n = 2_003;
  const y = Float64Array.from({ length: n }, () => rng.normal() * 5);
  const raw0 = Float64Array.from({ length: n }, () => rng.normal());
  // A permuted index array cut into 7 leaf slices, as a grown tree leaves it (leaves out of order).
  const indices0 = Uint32Array.from(rng.permutation(n));
  const cuts = [0, 13, 400, 401, 1200, 1500, 1999, n];
  const leaves = cuts.slice(0, -1).map((start, j) => ({ start, stop: cuts[j + 1], value: rng.normal() * 0.1 })).reverse();
  // Reference: leaf numbers by slice, then the loss's fused pass.
  const leafOfRef = new Uint16Array(n);
  const valuesRef = Float64Array.from(leaves, (l) => l.value);
  leaves.forEach((l, j) => {
    for (let k = l.start; k < l.stop; k++) leafOfRef[indices0[k]] = j;
  });
  const rawRef = Float64Array.from(raw0);
  const gRef = new Float32Array(n);
  const idxRef = Uint32Array.from(indices0);
  const sumRef = makeLoss('squared_error', false).addLeafValuesAndGradients!(y, rawRef, leafOfRef, valuesRef, gRef, idxRef);
  for (const shares of [1, 2, 3, 8]) {
    const b: RawUpdateBuffers = { raw: Float64Array.from(raw0), y, leafOf: new Uint16Array(n), values: new Float64Array(16), bounds: new Int32Array(17) };
    const nLeaves = setLeaves(leaves, b);
    assert.equal(nLeaves, 7);
    const idx = Uint32Array.from(indices0);
    const g = new Float32Array(n);
    const share = (t: number) => [Math.floor((t * n) / shares), Math.floor(((t + 1) * n) / shares)];
    for (let t = 0; t < shares; t++) scatterLeafNumbers(idx, b.leafOf, b.bounds, nLeaves, share(t)[0], share(t)[1]);
    for (let t = shares - 1; t >= 0; t--) updateRows(b, g, idx, share(t)[0], share(t)[1]);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += g[i];
    assert.deepEqual(b.raw, rawRef, `${shares} shares`);
    assert.deepEqual(g, gRef);
    assert.deepEqual(idx, idxRef);
    assert.equal(sum, sumRef);
  }
  assert.equal(setLeaves(leaves, { raw: raw0, y, leafOf: new Uint16Array(n), values: new Float64Array(3), bounds: new Int32Array(4) }), -1, 'too many leaves for the buffers');
});
