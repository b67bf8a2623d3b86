/**
 * Opens a tracking store from a URI, choosing the backend by scheme:
 *
 *   (none)                         SQLite at `<home>/convopt.db` (or $CONVOPT_STORE_URI when set)
 *   path/to/file.db, sqlite:path,  SQLite file (relative paths from the working directory);
 *   sqlite:///abs/path, file:path  add `?mode=ro` to open read-only
 *   postgres://… postgresql://…    PostgreSQL; `?schema=name` keeps the tables in one schema,
 *                                  `?mode=ro` makes every session read-only
 *
 * Opening migrates the schema (or refuses a schema newer than this code) and then marks runs whose
 * owner process died as FAILED.
 */
import { join, resolve } from 'node:path';
import { convoptHome } from '../core/home.js';
import { ConvoptError } from '../core/errors.js';
import { redactUrl as redactUri } from '../core/redact.js';
import { SqliteDriver } from './sqlite/driver.js';
import { migrate } from './sql/migrate.js';
import type { SqlDriver } from './sql/driver.js';
import { SqlTrackingStore } from './sql/store.js';
import type { TrackingStore } from './store.js';

export interface OpenOptions {
  /** Open read-only regardless of the URI. */
  readonly readOnly?: boolean;
  /** Skip the dead-run sweep (e.g. for a quick read). Default: sweep when writable. */
  readonly sweepDeadRuns?: boolean;
  readonly heartbeatTimeoutMs?: number;
  /** SQLite only: cap on database pages (tests simulate a full disk with it). */
  readonly sqliteMaxPageCount?: number;
}

export type StoreLocation =
  | { readonly backend: 'sqlite'; readonly file: string; readonly readOnly: boolean }
  | { readonly backend: 'postgres'; readonly url: string; readonly schema: string | undefined; readonly readOnly: boolean };

/** The default store: $CONVOPT_STORE_URI, else SQLite `convopt.db` in the convopt home. */
export function defaultStoreUri(): string {
  return process.env.CONVOPT_STORE_URI || join(convoptHome(), 'convopt.db');
}

function isReadOnlyMode(params: URLSearchParams): boolean {
  const mode = params.get('mode');
  if (mode === null || mode === 'rw' || mode === 'rwc') return false;
  if (mode === 'ro') return true;
  throw new ConvoptError('INVALID_ARGUMENT', `Unknown store mode ${JSON.stringify(mode)}.`, { path: 'mode', value: mode, hint: 'Use mode=ro for read-only, or leave it out.' });
}

/** Parses a store URI without opening anything. */
export function parseStoreUri(uri: string): StoreLocation {
  if (/^postgres(ql)?:\/\//i.test(uri)) {
    let u: URL;
    try {
      u = new URL(uri);
    } catch {
      throw new ConvoptError('INVALID_ARGUMENT', 'The PostgreSQL store URI cannot be parsed.', { value: redactUri(uri), hint: 'Use postgres://user:password@host:5432/database[?schema=name]' });
    }
    const readOnly = isReadOnlyMode(u.searchParams);
    const schema = u.searchParams.get('schema') ?? undefined;
    u.searchParams.delete('schema');
    u.searchParams.delete('mode');
    return { backend: 'postgres', url: u.toString(), schema, readOnly };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri) && !/^(sqlite|file):/i.test(uri)) {
    throw new ConvoptError('INVALID_ARGUMENT', `Unsupported tracking store scheme in ${JSON.stringify(redactUri(uri))}.`, {
      value: redactUri(uri),
      hint: 'Use a SQLite file path (sqlite:path/to/convopt.db) or a postgres:// URL.',
    });
  }
  let rest = uri.replace(/^sqlite:(\/\/)?/i, '').replace(/^file:(\/\/)?/i, '');
  let readOnly = false;
  const q = rest.indexOf('?');
  if (q >= 0) {
    readOnly = isReadOnlyMode(new URLSearchParams(rest.slice(q + 1)));
    rest = rest.slice(0, q);
  }
  if (!rest) throw new ConvoptError('INVALID_ARGUMENT', 'The SQLite store URI has no file path.', { value: uri, hint: 'Use sqlite:path/to/convopt.db' });
  return { backend: 'sqlite', file: rest === ':memory:' ? rest : resolve(rest), readOnly };
}

/** Opens, migrates and sweeps a tracking store. See the module header for the URI forms. */
export async function openStore(uri?: string, options: OpenOptions = {}): Promise<TrackingStore> {
  const loc = parseStoreUri(uri ?? defaultStoreUri());
  const readOnly = options.readOnly || loc.readOnly;
  const driver: SqlDriver =
    loc.backend === 'sqlite'
      ? new SqliteDriver(loc.file, { readOnly, ...(options.sqliteMaxPageCount !== undefined ? { maxPageCount: options.sqliteMaxPageCount } : {}) })
      : // Loaded on demand: `pg` costs start-up time that SQLite users should not pay.
        new (await import('./postgres/driver.js')).PostgresDriver(loc.url, { readOnly, ...(loc.schema !== undefined ? { schema: loc.schema } : {}) });
  try {
    await migrate(driver, loc.backend === 'postgres' ? loc.schema : undefined);
    const store = new SqlTrackingStore(driver);
    if (!readOnly && options.sweepDeadRuns !== false) await store.failDeadRuns(options.heartbeatTimeoutMs !== undefined ? { heartbeatTimeoutMs: options.heartbeatTimeoutMs } : {});
    return store;
  } catch (err) {
    await driver.close().catch(() => undefined);
    throw err;
  }
}
