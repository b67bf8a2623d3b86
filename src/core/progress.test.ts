import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgress, formatDuration, LineProgress, TtyProgress } from './progress.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 100, write: (c: string) => chunks.push(c) } };
}

test('plain mode logs one line per state change, without escape codes or progress chatter', () => {
  const { chunks, stream } = sink(false);
  const p = createProgress(stream, { label: 'train' });
  assert.ok(p instanceof LineProgress);
  p.update({ id: 'load', status: 'running' });
  p.update({ id: 'load', status: 'running', fraction: 0.5 });
  p.update({ id: 'load', status: 'done', durationMs: 1234 });
  p.update({ id: 'fit', status: 'failed', durationMs: 5, error: 'bad\nmore' });
  p.stop();
  assert.deepEqual(chunks, ['[train] load: running\n', '[train] load: done (1.23 s)\n', '[train] fit: failed (5 ms): bad\n']);
});

test('TTY mode redraws lines in place; JSON mode prints nothing', () => {
  const { chunks, stream } = sink(true);
  const p = createProgress(stream, { label: 'train' });
  assert.ok(p instanceof TtyProgress);
  p.update({ id: 'load', status: 'running', fraction: 0.25 });
  p.update({ id: 'load', status: 'cached', durationMs: 3 });
  p.stop();
  assert.match(chunks[0]!, /load.*\[███░+\] 25%/);
  const ESC = String.fromCharCode(27);
  assert.ok(chunks[1]!.startsWith(`${ESC}[1A${ESC}[2K↺ train load`), JSON.stringify(chunks[1]));
  assert.match(chunks[1]!, /cached \(3 ms\)/);
  const quiet = sink(true);
  const j = createProgress(quiet.stream, { label: 'train', json: true });
  j.update({ id: 'load', status: 'done' });
  j.stop();
  assert.deepEqual(quiet.chunks, []);
  assert.equal(formatDuration(999.6), '1000 ms');
});
