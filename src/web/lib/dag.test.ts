/** The DAG layout: lineage edges, longest-path layers, order within a layer, and the canvas size. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_GEOMETRY as G, layoutDag } from './dag.js';

test('layers steps by longest path from a source and links writers to readers', () => {
  const l = layoutDag([
    { id: 'ingest', inputs: [], outputs: ['t'] },
    { id: 'features', inputs: ['t'], outputs: ['f'] },
    { id: 'split', inputs: ['t'], outputs: ['p'] },
    { id: 'train_a', inputs: ['t', 'p', 'f'], outputs: ['ma'] },
    { id: 'train_b', inputs: ['t', 'p', 'f'], outputs: ['mb'] },
    { id: 'evaluate', inputs: ['ma', 'mb', 'p'], outputs: ['r'] },
  ]);
  const by = new Map(l.nodes.map((n) => [n.id, n]));
  assert.deepEqual(
    l.nodes.map((n) => [n.id, n.layer, n.index]),
    [
      ['ingest', 0, 0],
      ['features', 1, 0],
      ['split', 1, 1],
      ['train_a', 2, 0],
      ['train_b', 2, 1],
      ['evaluate', 3, 0],
    ],
  );
  assert.equal(l.edges.length, 1 + 1 + 3 + 3 + 3);
  assert.ok(l.edges.some((e) => e.from === 'split' && e.to === 'evaluate'));
  assert.equal(by.get('evaluate')!.x, G.margin + 3 * (G.nodeWidth + G.gapX));
  assert.equal(l.width, 2 * G.margin + 4 * G.nodeWidth + 3 * G.gapX);
  assert.equal(l.height, 2 * G.margin + 2 * G.nodeHeight + G.gapY);
});

test('ignores self-reads, duplicate edges and reads of later steps (no cycles), keeps isolated steps', () => {
  const l = layoutDag([
    { id: 'a', inputs: ['y'], outputs: ['x'] },
    { id: 'b', inputs: ['x', 'x', 'z'], outputs: ['y', 'z'] },
    { id: 'lonely', inputs: [], outputs: [] },
  ]);
  assert.deepEqual(l.edges, [{ from: 'a', to: 'b' }]);
  assert.deepEqual(
    l.nodes.map((n) => n.layer),
    [0, 1, 0],
  );
});
