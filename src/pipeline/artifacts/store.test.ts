import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactStore } from './store.js';
import { ConvoptError } from '../../core/errors.js';
import { sha256 } from '../../core/hash.js';

function scratch(): ArtifactStore {
  return new ArtifactStore(join(mkdtempSync(join(tmpdir(), 'convopt-art-')), 'artifacts'));
}

test('put is content addressed and get returns the same bytes', async () => {
  const store = scratch();
  const a = await store.put('hello', { kind: 'other', name: 'greeting' });
  assert.equal(a.sha256, sha256('hello'));
  assert.equal(a.uri, `artifact://sha256/${sha256('hello')}`);
  assert.equal(a.size, 5);
  assert.equal((await store.get(a.uri)).toString(), 'hello');
  const again = await store.put(Buffer.from('hello'), { kind: 'other' });
  assert.equal(again.uri, a.uri);
  assert.equal(await store.exists(a.uri), true);
  assert.equal((await store.meta(a.uri))?.name, 'greeting');
});

test('no temp files are left behind after concurrent writes of the same content', async () => {
  const store = scratch();
  const refs = await Promise.all(Array.from({ length: 8 }, () => store.put('same bytes', { kind: 'other' })));
  assert.equal(new Set(refs.map((r) => r.uri)).size, 1);
  const dir = join(store.root, refs[0]!.sha256.slice(0, 2));
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.tmp')), []);
});

test('path refuses malformed and traversal uris', () => {
  const store = scratch();
  for (const bad of ['artifact://sha256/../../etc/passwd', '../x', `artifact://sha256/${'a'.repeat(63)}`, `artifact://sha256/${'A'.repeat(64)}`, `artifact://sha256/${'a'.repeat(64)}/../x`, '/etc/passwd', '']) {
    assert.throws(() => store.path(bad), (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_ARGUMENT', bad);
  }
  assert.ok(store.path(`artifact://sha256/${'a'.repeat(64)}`).startsWith(store.root));
});

test('get of a missing artifact is NOT_FOUND with a hint', async () => {
  const store = scratch();
  const uri = `artifact://sha256/${'b'.repeat(64)}`;
  await assert.rejects(store.get(uri), (e: unknown) => e instanceof ConvoptError && e.code === 'NOT_FOUND' && e.hint !== undefined);
  assert.equal(await store.exists(uri), false);
});
