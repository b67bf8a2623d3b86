import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MaxHeap } from './max-heap.js';

test('pops the largest key first, equal keys in the order they were pushed; drain empties it', () => {
  const h = new MaxHeap<string>();
  for (const [item, key] of [['a', 1], ['b', 5], ['c', 3], ['d', 5], ['e', 0], ['f', 3]] as const) h.push(item, key);
  assert.equal(h.size, 6);
  assert.deepEqual([h.pop(), h.pop(), h.pop(), h.pop()], ['b', 'd', 'c', 'f']);
  assert.deepEqual(h.drain().sort(), ['a', 'e']);
  assert.equal(h.size, 0);
});
