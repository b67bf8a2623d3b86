import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arena } from './arena.js';

test('an arena hands out zeroed, aligned, disjoint arrays and says when it is full', () => {
  const arena = Arena.create(100_000, false)!;
  const a = arena.f64(3);
  const b = arena.u8(5);
  assert.deepEqual([...a], [0, 0, 0]);
  assert.equal(a.byteOffset % 64, 0);
  assert.equal(b.byteOffset % 64, 0);
  assert.ok(b.byteOffset >= a.byteOffset + a.byteLength);
  assert.throws(() => arena.f64(1 << 20), /arena exhausted/);
});

test('a released arena is reused by the next acquire, and its arrays start at zero again', () => {
  const first = Arena.acquire(50_000)!;
  const x = first.f64(1000).fill(7);
  const memory = first.memory;
  first.release();
  first.release(); // twice is harmless: it is pooled once
  const again = Arena.acquire(40_000)!;
  assert.equal(again.memory, memory, 'the same memory, not a new one');
  const y = again.f64(1000);
  assert.equal(y.byteOffset, x.byteOffset);
  assert.deepEqual([...new Set(y)], [0]);
  const other = Arena.acquire(40_000)!;
  assert.notEqual(other.memory, memory, 'an arena in use is not handed out twice');
  again.release();
  other.release();
  assert.ok(Arena.acquire(1 << 24)!.bytes >= 1 << 24, 'too small pooled arenas are not handed out');
});
