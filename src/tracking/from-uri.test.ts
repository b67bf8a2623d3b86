/**
 * Store URIs: which backend each form selects, read-only mode, schema selection, the default store
 * under CONVOPT_HOME, and clear errors for unsupported forms.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConvoptError } from '../core/errors.js';
import { convoptHome } from '../core/home.js';
import { defaultStoreUri, openStore, parseStoreUri } from './from-uri.js';

test('SQLite forms: plain path, sqlite:, sqlite:///abs, file:, with ?mode=ro', () => {
  assert.deepEqual(parseStoreUri('runs.db'), { backend: 'sqlite', file: resolve('runs.db'), readOnly: false });
  assert.deepEqual(parseStoreUri('sqlite:data/runs.db?mode=ro'), { backend: 'sqlite', file: resolve('data/runs.db'), readOnly: true });
  assert.deepEqual(parseStoreUri('sqlite:///tmp/x.db'), { backend: 'sqlite', file: '/tmp/x.db', readOnly: false });
  assert.deepEqual(parseStoreUri('file:/tmp/y.db?mode=ro'), { backend: 'sqlite', file: '/tmp/y.db', readOnly: true });
});

test('PostgreSQL forms: schema and mode are taken out of the connection string', () => {
  assert.deepEqual(parseStoreUri('postgresql://u:p@h:5432/db?schema=team_a&mode=ro&sslmode=disable'), {
    backend: 'postgres',
    url: 'postgresql://u:p@h:5432/db?sslmode=disable',
    schema: 'team_a',
    readOnly: true,
  });
  assert.equal(parseStoreUri('postgres://h/db').backend, 'postgres');
});

test('unsupported schemes and modes are INVALID_ARGUMENT with a hint', () => {
  for (const bad of ['mysql://u@h/db', 'sqlite:x.db?mode=rwx', 'sqlite:']) {
    assert.throws(() => parseStoreUri(bad), (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_ARGUMENT' && !!e.hint, bad);
  }
});

test('the default store lives in CONVOPT_HOME (created on demand) unless CONVOPT_STORE_URI is set', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'convopt-home-'));
  const saved = { home: process.env.CONVOPT_HOME, uri: process.env.CONVOPT_STORE_URI };
  try {
    process.env.CONVOPT_HOME = join(dir, 'nested', 'home');
    delete process.env.CONVOPT_STORE_URI;
    assert.equal(convoptHome(), join(dir, 'nested', 'home'));
    assert.ok(existsSync(join(dir, 'nested', 'home')));
    assert.equal(defaultStoreUri(), join(dir, 'nested', 'home', 'convopt.db'));
    const store = await openStore();
    assert.equal(store.backend, 'sqlite');
    await store.close();
    assert.ok(existsSync(join(dir, 'nested', 'home', 'convopt.db')));
    process.env.CONVOPT_STORE_URI = join(dir, 'other.db');
    assert.equal(defaultStoreUri(), join(dir, 'other.db'));
  } finally {
    if (saved.home === undefined) delete process.env.CONVOPT_HOME;
    else process.env.CONVOPT_HOME = saved.home;
    if (saved.uri === undefined) delete process.env.CONVOPT_STORE_URI;
    else process.env.CONVOPT_STORE_URI = saved.uri;
    rmSync(dir, { recursive: true, force: true });
  }
});
