/**
 * The tracking-store contract against SQLite (a fresh file per test file), plus SQLite-only failure
 * modes: a full disk (simulated with max_page_count) and an unopenable file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConvoptError } from '../core/errors.js';
import { openStore } from './from-uri.js';
import { storeContract } from './testing/contract.js';

storeContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'convopt-store-'));
  const file = join(dir, 'convopt.db');
  return { uri: file, readOnlyUri: `sqlite:${file}?mode=ro`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});

test('SQLite: a full disk gives IO_ERROR and rolls the whole batch back', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'convopt-full-'));
  try {
    const file = join(dir, 'full.db');
    (await openStore(file)).close();
    const store = await openStore(file, { sqliteMaxPageCount: 40 });
    const e = await store.createExperiment('full');
    const run = await store.createRun({ experimentId: e.experimentId });
    await store.logParam(run.runId, 'kept', 'yes');
    const big = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`p${i}`, 'x'.repeat(2000)]));
    await assert.rejects(store.logBatch(run.runId, { params: big }), (err: unknown) => err instanceof ConvoptError && err.code === 'IO_ERROR' && /rolled back/.test(err.message));
    const after = await store.getRun(run.runId);
    assert.deepEqual(after.params, { kept: 'yes' });
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SQLite: a file that is not a database gives STORE_UNAVAILABLE naming the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'convopt-bad-'));
  try {
    const file = join(dir, 'not-a-db.db');
    writeFileSync(file, 'this is a text file, not SQLite'.repeat(100));
    await assert.rejects(openStore(file), (err: unknown) => err instanceof ConvoptError && err.code === 'STORE_UNAVAILABLE' && err.location.file === file);
    await assert.rejects(openStore(`sqlite:${join(dir, 'missing.db')}?mode=ro`), (err: unknown) => err instanceof ConvoptError && err.code === 'NOT_FOUND');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
