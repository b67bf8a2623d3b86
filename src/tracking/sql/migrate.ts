/**
 * Schema migrations: numbered files `migrations/<dialect>/NNN_slug.sql`, applied in order inside one
 * transaction at open and recorded in `schema_version`. A database newer than this code (a version
 * we have no file for) is refused with a clear error instead of being written to. On PostgreSQL an
 * advisory lock makes concurrent first opens wait for each other; SQLite's write lock does the same.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConvoptError } from '../../core/errors.js';
import type { SqlDriver, SqlExecutor } from './driver.js';

export interface Migration {
  readonly version: number;
  readonly slug: string;
  readonly sql: string;
}

/** Migration folder: beside this module under tsx, or in the source tree when running from dist/. */
function migrationsDir(dialect: 'sqlite' | 'postgres'): string {
  const candidates = [new URL(`../migrations/${dialect}/`, import.meta.url), new URL(`../../../src/tracking/migrations/${dialect}/`, import.meta.url)];
  for (const c of candidates) {
    const p = fileURLToPath(c);
    if (existsSync(p)) return p;
  }
  throw new ConvoptError('INTERNAL', `The ${dialect} migration files are missing from this installation.`, { hint: 'Reinstall convopt.' });
}

export function loadMigrations(dialect: 'sqlite' | 'postgres'): Migration[] {
  const dir = migrationsDir(dialect);
  const out: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m) continue;
    out.push({ version: Number(m[1]), slug: m[2], sql: readFileSync(dir + file, 'utf8') });
  }
  out.forEach((mig, i) => {
    if (mig.version !== i + 1) throw new ConvoptError('INTERNAL', `Migration numbering has a gap at ${mig.version}_${mig.slug}.`);
  });
  return out;
}

/** Latest schema version this code knows. */
export function codeSchemaVersion(dialect: 'sqlite' | 'postgres'): number {
  return loadMigrations(dialect).length;
}

async function currentVersion(tx: SqlExecutor): Promise<number> {
  const row = await tx.get<{ v: number | string | null }>('SELECT max(version) AS v FROM schema_version');
  return Number(row?.v ?? 0);
}

function tooNew(driver: SqlDriver, dbVersion: number, known: number): ConvoptError {
  return new ConvoptError('STORE_UNAVAILABLE', `The tracking store has schema version ${dbVersion}, newer than this convopt understands (${known}).`, {
    file: driver.displayUri,
    hint: 'Upgrade convopt to the version that last wrote this store, or point --store at another store.',
  });
}

/** Brings the schema up to date; read-only stores are only checked. Returns the schema version. */
export async function migrate(driver: SqlDriver, schema?: string): Promise<number> {
  const migrations = loadMigrations(driver.dialect);
  const known = migrations.length;
  if (driver.readOnly) {
    // A missing schema_version table (never migrated) reads as version 0.
    const v = await currentVersion(driver).catch((err: unknown) => {
      if (err instanceof ConvoptError) throw err;
      return 0;
    });
    if (v > known) throw tooNew(driver, v, known);
    if (v < known) {
      throw new ConvoptError('STORE_READ_ONLY', `The read-only tracking store has schema version ${v} but this convopt needs ${known}, and a read-only store cannot be migrated.`, {
        file: driver.displayUri,
        hint: 'Open it once writable so convopt can migrate it.',
      });
    }
    return v;
  }
  return driver.transaction(async (tx) => {
    if (driver.dialect === 'postgres') {
      // Serialise first opens across processes; released at commit.
      await tx.run('SELECT pg_advisory_xact_lock(4242001)');
      if (schema && schema !== 'public') await tx.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    }
    await tx.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, slug TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    const v = await currentVersion(tx);
    if (v > known) throw tooNew(driver, v, known);
    for (const m of migrations.slice(v)) {
      await driver.execScript(tx, m.sql);
      await tx.run('INSERT INTO schema_version (version, slug, applied_at) VALUES (?, ?, ?)', [m.version, m.slug, Date.now()]);
    }
    return known;
  });
}
