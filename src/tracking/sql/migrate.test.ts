/**
 * Migrations: a store left at schema 001 with data is upgraded at open (002 backfills the run
 * snapshots from the child tables) on both backends, and the migration files are numbered without gaps.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../from-uri.js';
import { SqliteDriver } from '../sqlite/driver.js';
import { PostgresDriver } from '../postgres/driver.js';
import { freshPgSchema } from '../testing/pg.js';
import { codeSchemaVersion, loadMigrations } from './migrate.js';
import type { SqlDriver } from './driver.js';

test('migration files are numbered 001, 002, … with the same slugs on both dialects', () => {
  const slugs = (d: 'sqlite' | 'postgres') => loadMigrations(d).map((m) => `${m.version}_${m.slug}`);
  assert.deepEqual(slugs('sqlite'), slugs('postgres'));
  assert.ok(codeSchemaVersion('sqlite') >= 2);
});

/** Builds a schema-001 store by hand with one run, then lets openStore upgrade it. */
async function upgradeFrom001(driver: SqlDriver, uri: string, schema?: string): Promise<void> {
  const m001 = loadMigrations(driver.dialect)[0];
  await driver.transaction(async (tx) => {
    if (schema) await tx.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await tx.run('CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, slug TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    await driver.execScript(tx, m001.sql);
    await tx.run("INSERT INTO schema_version VALUES (1, 'initial', 0)");
    await tx.run("INSERT INTO experiments VALUES ('e1', 'old', 1)");
    await tx.run("INSERT INTO runs (run_id, experiment_id, name, status, start_time, heartbeat_at) VALUES ('r1', 'e1', 'legacy', 'FINISHED', 5, 5)");
    await tx.run("INSERT INTO params VALUES ('r1', 'model', 'Ridge'), ('r1', 'alpha', '0.5')");
    await tx.run("INSERT INTO latest_metrics VALUES ('r1', 'r2', 0.75, 0, 5)");
    await tx.run("INSERT INTO tags VALUES ('r1', 'owner', 'ana')");
  });
  await driver.close();
  const store = await openStore(uri);
  try {
    const run = await store.getRun('r1');
    assert.deepEqual(run.params, { alpha: '0.5', model: 'Ridge' });
    assert.deepEqual(run.metrics, { r2: 0.75 });
    assert.deepEqual(run.tags, { owner: 'ana' });
    assert.deepEqual((await store.searchRuns({ filter: "params.model = 'Ridge' and metrics.r2 > 0.7" })).items.map((r) => r.name), ['legacy']);
  } finally {
    await store.close();
  }
}

test('SQLite: a schema-001 store with data is upgraded and its run snapshots backfilled', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'convopt-migrate-'));
  try {
    const file = join(dir, 'old.db');
    await upgradeFrom001(new SqliteDriver(file), file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PostgreSQL: a schema-001 store with data is upgraded and its run snapshots backfilled', async () => {
  const s = freshPgSchema('migrate'); // fails with instructions when CONVOPT_TEST_PG_URL is unset
  try {
    const base = new URL(s.uri);
    base.searchParams.delete('schema');
    await upgradeFrom001(new PostgresDriver(base.toString(), { schema: s.schema }), s.uri, s.schema);
  } finally {
    await s.drop();
  }
});
