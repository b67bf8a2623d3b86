import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from './rng.js';

test('the same seed gives the same stream; different seeds differ', () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const c = new Rng(43);
  const sa = Array.from({ length: 8 }, () => a.nextUint32());
  const sb = Array.from({ length: 8 }, () => b.nextUint32());
  const sc = Array.from({ length: 8 }, () => c.nextUint32());
  assert.deepEqual(sa, sb);
  assert.notDeepEqual(sa, sc);
});

test('random() is uniform on [0, 1): mean ≈ 0.5, all values in range', () => {
  const rng = new Rng(7);
  let sum = 0;
  for (let i = 0; i < 100_000; i++) {
    const u = rng.random();
    assert.ok(u >= 0 && u < 1);
    sum += u;
  }
  assert.ok(Math.abs(sum / 100_000 - 0.5) < 0.005);
});

test('int(n) covers every value of a small range about equally', () => {
  const rng = new Rng(1);
  const counts = new Array(5).fill(0);
  for (let i = 0; i < 50_000; i++) counts[rng.int(5)]++;
  for (const c of counts) assert.ok(Math.abs(c - 10_000) < 500, `count ${c}`);
});

test('child streams are pure in (seed, index) and independent of draws on the parent', () => {
  const parent = new Rng(123);
  const first = parent.child(3).nextUint32();
  parent.random();
  assert.equal(parent.child(3).nextUint32(), first);
  assert.notEqual(parent.child(4).nextUint32(), first);
});

test('permutation is a permutation and sampleWithoutReplacement draws distinct items', () => {
  const rng = new Rng(5);
  const p = Array.from(rng.permutation(100)).sort((x, y) => x - y);
  assert.deepEqual(p, Array.from({ length: 100 }, (_, i) => i));
  const s = rng.sampleWithoutReplacement(50, 20);
  assert.equal(new Set(s).size, 20);
});

test('normal() has mean ≈ 0 and variance ≈ 1', () => {
  const rng = new Rng(9);
  let s = 0;
  let s2 = 0;
  const n = 50_000;
  for (let i = 0; i < n; i++) {
    const z = rng.normal();
    s += z;
    s2 += z * z;
  }
  assert.ok(Math.abs(s / n) < 0.02);
  assert.ok(Math.abs(s2 / n - 1) < 0.03);
});

test('poisson(mean) draws counts with that mean and variance, one uniform per draw', () => {
  const rng = new Rng(11);
  for (const mean of [0.3, 4, 25]) {
    const n = 20_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const k = rng.poisson(mean);
      assert.ok(Number.isInteger(k) && k >= 0);
      s += k;
      s2 += k * k;
    }
    const m = s / n;
    const v = s2 / n - m * m;
    assert.ok(Math.abs(m - mean) < 4 * Math.sqrt(mean / n), `mean ${m} vs ${mean}`);
    assert.ok(Math.abs(v / mean - 1) < 0.06, `variance ${v} vs ${mean}`);
  }
  assert.equal(new Rng(1).poisson(0), 0);
  // The stream advances by exactly one uniform, so a seeded sequence is stable.
  const a = new Rng(5);
  const b = new Rng(5);
  a.poisson(3);
  b.random();
  assert.equal(a.random(), b.random());
  assert.throws(() => rng.poisson(-1), RangeError);
  assert.throws(() => rng.poisson(1e6), RangeError);
});
