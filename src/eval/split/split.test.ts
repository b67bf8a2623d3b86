/** Splitters: partition invariants, sklearn fold sizes, determinism under a seed, typed errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConvoptError } from '../../core/errors.js';
import { foldsFromAssignment, holdoutSplit, kFold, repeatedKFold } from './index.js';

function assertPartition(folds: { train: Int32Array; test: Int32Array }[], n: number): void {
  const seen = new Uint8Array(n);
  for (const f of folds) {
    assert.equal(f.train.length + f.test.length, n);
    for (const r of f.test) seen[r]++;
    const inTest = new Set(f.test);
    for (const r of f.train) assert.ok(!inTest.has(r));
  }
  assert.ok(seen.every((c) => c === 1), 'each row in exactly one test fold');
}

test('kFold: sizes as sklearn (first n % k folds one larger), partition, no shuffle = contiguous', () => {
  const folds = kFold(11, { nSplits: 3 });
  assert.deepEqual(folds.map((f) => f.test.length), [4, 4, 3]);
  assert.deepEqual([...folds[0].test], [0, 1, 2, 3]);
  assertPartition(folds, 11);
});

test('kFold shuffle is seeded and deterministic', () => {
  const a = kFold(50, { nSplits: 5, shuffle: true, seed: 7 });
  const b = kFold(50, { nSplits: 5, shuffle: true, seed: 7 });
  const c = kFold(50, { nSplits: 5, shuffle: true, seed: 8 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assertPartition(a, 50);
});

test('repeatedKFold gives nSplits × nRepeats folds, each repeat a partition', () => {
  const folds = repeatedKFold(23, { nSplits: 4, nRepeats: 3, seed: 1 });
  assert.equal(folds.length, 12);
  for (let r = 0; r < 3; r++) assertPartition(folds.slice(4 * r, 4 * r + 4), 23);
  assert.notDeepEqual(folds[0].test, folds[4].test);
});

test('foldsFromAssignment replays fixed folds', () => {
  const folds = foldsFromAssignment([1, 0, 1, 2, 0]);
  assert.deepEqual([...folds[0].test], [1, 4]);
  assert.deepEqual([...folds[1].train], [1, 3, 4]);
  assert.throws(() => foldsFromAssignment([0, 2]), ConvoptError);
  assert.throws(() => foldsFromAssignment([0, -1]), ConvoptError);
});

test('holdoutSplit: ceil(test fraction), explicit rows, errors', () => {
  const s = holdoutSplit(1143, { testSize: 0.2, seed: 42 });
  assert.equal(s.test.length, 229);
  assert.equal(new Set([...s.train, ...s.test]).size, 1143);
  assert.equal(s.train.length, 914);
  assert.deepEqual(holdoutSplit(10, { testRows: [9, 2] }).test, Int32Array.from([2, 9]));
  assert.deepEqual([...holdoutSplit(5, { testSize: 2, shuffle: false }).test], [3, 4]);
  assert.throws(() => holdoutSplit(5, { testSize: 1.5 }), (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_PARAMETER');
  assert.throws(() => holdoutSplit(5, { testRows: [5] }), ConvoptError);
  assert.throws(() => kFold(3, { nSplits: 5 }), ConvoptError);
  assert.throws(() => kFold(10, { nSplits: 1 }), ConvoptError);
});
