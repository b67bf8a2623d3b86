/**
 * SQLite driver (better-sqlite3): WAL journal, busy timeout, `BEGIN IMMEDIATE` write transactions so
 * two processes writing at once queue instead of failing, and a read-only mode (`mode=ro`) that opens
 * the file with SQLite's read-only flag. better-sqlite3 is synchronous, so an in-process lock keeps
 * one async transaction from interleaving with other calls on the same connection.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConvoptError } from '../../core/errors.js';
import { ConstraintViolation, type Row, type SqlDriver, type SqlExecutor, type SqlValue } from '../sql/driver.js';

export interface SqliteOptions {
  readonly readOnly?: boolean;
  /** How long a writer waits for another process's write lock (ms). */
  readonly busyTimeoutMs?: number;
  /** Caps the database size in pages (used by tests to simulate a full disk). */
  readonly maxPageCount?: number;
}

type SqliteParam = string | number | null;

function bind(params: readonly SqlValue[]): SqliteParam[] {
  return params.map((p) => (Array.isArray(p) ? JSON.stringify(p) : (p as SqliteParam)));
}

/** Maps a better-sqlite3 error to a ConvoptError (or ConstraintViolation). */
export function mapSqliteError(err: unknown, file: string): Error {
  if (err instanceof ConvoptError || err instanceof ConstraintViolation) return err;
  const code = (err as { code?: string }).code ?? '';
  const message = (err as Error).message ?? String(err);
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return new ConstraintViolation('unique', message);
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new ConstraintViolation('foreign_key', message);
  if (code.startsWith('SQLITE_READONLY')) {
    return new ConvoptError('STORE_READ_ONLY', `The tracking store is read-only, so nothing was written (${message}).`, {
      file,
      cause: err,
      hint: 'To only read it, add ?mode=ro to the store URI (e.g. --store "sqlite:path/convopt.db?mode=ro"); to write, fix the file and folder permissions or point --store / CONVOPT_HOME at a writable location.',
    });
  }
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')) {
    return new ConvoptError('IO_ERROR', `Writing the tracking store failed (${message}); the last transaction was rolled back and the store is unchanged.`, {
      file,
      cause: err,
      hint: 'Free disk space or fix the storage device, then retry.',
    });
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new ConvoptError('STORE_UNAVAILABLE', `The tracking store stayed locked by another process (${message}).`, {
      file,
      cause: err,
      hint: 'Retry when the other convopt process has finished, or raise the busy timeout.',
    });
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new ConvoptError('STORE_UNAVAILABLE', `Cannot open the tracking store (${message}).`, {
      file,
      cause: err,
      hint: 'Check that --store points at a convopt SQLite database (or a new file in a writable folder).',
    });
  }
  return err instanceof Error ? err : new Error(message);
}

export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  readonly readOnly: boolean;
  readonly displayUri: string;
  private readonly db: Database.Database;
  private lock: Promise<unknown> = Promise.resolve();
  private readonly direct: SqlExecutor;

  constructor(
    readonly file: string,
    options: SqliteOptions = {},
  ) {
    this.readOnly = options.readOnly ?? false;
    this.displayUri = `sqlite:${file}`;
    if (this.readOnly && file !== ':memory:' && !existsSync(file)) {
      throw new ConvoptError('NOT_FOUND', `The read-only tracking store does not exist.`, { file, hint: 'Create it first by opening it writable (e.g. run convopt train), or fix the path.' });
    }
    try {
      if (!this.readOnly && file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
      this.db = new Database(file, { readonly: this.readOnly, fileMustExist: this.readOnly });
      this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
      if (!this.readOnly) {
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = NORMAL');
      }
      this.db.pragma('foreign_keys = ON');
      // PostgreSQL's LIKE is case-sensitive; make SQLite's match so filters behave the same.
      this.db.pragma('case_sensitive_like = ON');
      if (options.maxPageCount !== undefined) this.db.pragma(`max_page_count = ${options.maxPageCount}`);
    } catch (err) {
      throw mapSqliteError(err, file);
    }
    this.direct = this.executor();
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** Prepared statements are reused: preparing costs more than running a small insert. */
  private prepare(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      if (this.statements.size >= 512) this.statements.clear();
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private executor(): SqlExecutor {
    const file = this.file;
    return {
      all: async <T>(sql: string, params: readonly SqlValue[] = []) => {
        try {
          return this.prepare(sql).raw(false).all(...bind(params)) as T[];
        } catch (err) {
          throw mapSqliteError(err, file);
        }
      },
      allArrays: async (sql: string, params: readonly SqlValue[] = []) => {
        try {
          return this.prepare(sql).raw(true).all(...bind(params)) as unknown[][];
        } catch (err) {
          throw mapSqliteError(err, file);
        }
      },
      get: async <T>(sql: string, params: readonly SqlValue[] = []) => {
        try {
          return this.prepare(sql).raw(false).get(...bind(params)) as T | undefined;
        } catch (err) {
          throw mapSqliteError(err, file);
        }
      },
      run: async (sql: string, params: readonly SqlValue[] = []) => {
        try {
          return this.prepare(sql).run(...bind(params)).changes;
        } catch (err) {
          throw mapSqliteError(err, file);
        }
      },
    };
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.lock.then(fn, fn);
    this.lock = next.catch(() => undefined);
    return next;
  }

  all<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.serial(() => this.direct.all<T>(sql, params));
  }
  get<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.serial(() => this.direct.get<T>(sql, params));
  }
  allArrays(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]> {
    return this.serial(() => this.direct.allArrays(sql, params));
  }
  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.serial(() => this.direct.run(sql, params));
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.serial(async () => {
      try {
        // IMMEDIATE takes the write lock up front, so concurrent writers wait (busy timeout) instead
        // of failing later with SQLITE_BUSY on lock upgrade.
        this.db.exec(this.readOnly ? 'BEGIN' : 'BEGIN IMMEDIATE');
      } catch (err) {
        throw mapSqliteError(err, this.file);
      }
      try {
        const out = await fn(this.direct);
        this.db.exec('COMMIT');
        return out;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw mapSqliteError(err, this.file);
      }
    });
  }

  async execScript(_tx: SqlExecutor, script: string): Promise<void> {
    try {
      this.db.exec(script);
    } catch (err) {
      throw mapSqliteError(err, this.file);
    }
  }

  inList(column: string): string {
    return `${column} IN (SELECT value FROM json_each(?))`;
  }
  listParam(ids: readonly string[]): SqlValue {
    return JSON.stringify(ids);
  }
  ilike(column: string): string {
    return `lower(${column}) LIKE lower(?)`;
  }
  jsonObjectAgg(from: string): string {
    // json_group_object keeps the order rows arrive in, so sort in a sub-select.
    return `coalesce((SELECT json_group_object(key, value) FROM (SELECT key, value ${from} ORDER BY key)), '{}')`;
  }

  async close(): Promise<void> {
    await this.lock;
    if (this.db.open) this.db.close();
  }
}
