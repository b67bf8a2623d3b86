/**
 * PostgreSQL driver (`pg` Pool): `?` placeholders become `$n`, a `schema` URI parameter selects (and
 * creates) a schema through `search_path` so several stores can share one database, and `mode=ro`
 * opens every session with `default_transaction_read_only` so no write can slip through.
 */
import pg from 'pg';
import { redactUrl } from '../../core/redact.js';
import { ConvoptError } from '../../core/errors.js';
import { ConstraintViolation, type Row, type SqlDriver, type SqlExecutor, type SqlValue } from '../sql/driver.js';

export interface PostgresOptions {
  readonly readOnly?: boolean;
  /** Schema holding the tables (default `public`). Letters, digits and `_` only. */
  readonly schema?: string;
  readonly maxConnections?: number;
}

/** `?` → `$1, $2…` (our SQL never contains a literal question mark). */
export function toDollarPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** The URI with the password hidden, for messages and `store.uri`. */
export const redactUri = redactUrl;

export function mapPgError(err: unknown, uri: string): Error {
  if (err instanceof ConvoptError || err instanceof ConstraintViolation) return err;
  const e = err as { code?: string; message?: string };
  const code = e.code ?? '';
  const message = e.message ?? String(err);
  if (code === '23505') return new ConstraintViolation('unique', message);
  if (code === '23503') return new ConstraintViolation('foreign_key', message);
  if (code === '25006' || code === '42501') {
    return new ConvoptError('STORE_READ_ONLY', `The tracking store is read-only for this connection, so nothing was written (${message}).`, {
      file: uri,
      cause: err,
      hint: 'Connect with a role that may write (or drop mode=ro from the store URI).',
    });
  }
  if (code === '53100' || code === '58030' || code === '53200') {
    return new ConvoptError('IO_ERROR', `The PostgreSQL server could not write (${message}); the transaction was rolled back.`, {
      file: uri,
      cause: err,
      hint: 'Free disk space on the database server, then retry.',
    });
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', '28P01', '28000', '3D000', '57P01', '57P03'].includes(code) || /timeout|terminat|connect/i.test(message)) {
    return new ConvoptError('STORE_UNAVAILABLE', `Cannot reach the PostgreSQL tracking store (${message}).`, {
      file: uri,
      cause: err,
      hint: 'Check that the server is running and the URI (user, password, host, port, database) is right.',
    });
  }
  return err instanceof Error ? err : new Error(message);
}

function bind(params: readonly SqlValue[]): unknown[] {
  return params.map((p) => (Array.isArray(p) ? [...p] : p));
}

export class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres' as const;
  readonly readOnly: boolean;
  readonly displayUri: string;
  readonly schema: string;
  private readonly pool: pg.Pool;
  private readonly direct: SqlExecutor;

  constructor(uri: string, options: PostgresOptions = {}) {
    this.readOnly = options.readOnly ?? false;
    this.displayUri = redactUri(uri);
    this.schema = options.schema ?? 'public';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(this.schema)) {
      throw new ConvoptError('INVALID_PARAMETER', `PostgreSQL schema name ${JSON.stringify(this.schema)} is not allowed.`, {
        path: 'schema',
        value: this.schema,
        hint: 'Use letters, digits and "_" only, starting with a letter or "_".',
      });
    }
    const sessionOptions = [`-c search_path=${this.schema}`];
    if (this.readOnly) sessionOptions.push('-c default_transaction_read_only=on');
    this.pool = new pg.Pool({
      connectionString: uri,
      max: options.maxConnections ?? 4,
      connectionTimeoutMillis: 10_000,
      options: sessionOptions.join(' '),
    });
    // An idle client losing its connection must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
    this.direct = this.executorFor(this.pool);
  }

  private executorFor(target: pg.Pool | pg.PoolClient): SqlExecutor {
    const uri = this.displayUri;
    const query = async (sql: string, params: readonly SqlValue[] = []) => {
      try {
        return await target.query(toDollarPlaceholders(sql), bind(params));
      } catch (err) {
        throw mapPgError(err, uri);
      }
    };
    const arrays = async (sql: string, params: readonly SqlValue[] = []) => {
      try {
        return (await target.query({ text: toDollarPlaceholders(sql), values: bind(params), rowMode: 'array' })).rows as unknown[][];
      } catch (err) {
        throw mapPgError(err, uri);
      }
    };
    return {
      allArrays: arrays,
      all: async <T>(sql: string, params?: readonly SqlValue[]) => (await query(sql, params)).rows as T[],
      get: async <T>(sql: string, params?: readonly SqlValue[]) => (await query(sql, params)).rows[0] as T | undefined,
      run: async (sql: string, params?: readonly SqlValue[]) => (await query(sql, params)).rowCount ?? 0,
    };
  }

  all<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.direct.all<T>(sql, params);
  }
  get<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.direct.get<T>(sql, params);
  }
  allArrays(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]> {
    return this.direct.allArrays(sql, params);
  }
  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.direct.run(sql, params);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw mapPgError(err, this.displayUri);
    }
    try {
      await client.query('BEGIN');
      const out = await fn(this.executorFor(client));
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw mapPgError(err, this.displayUri);
    } finally {
      client.release();
    }
  }

  async execScript(tx: SqlExecutor, script: string): Promise<void> {
    // pg runs a multi-statement string as one simple query when it has no parameters.
    await tx.run(script);
  }

  inList(column: string): string {
    return `${column} = ANY(?::text[])`;
  }
  listParam(ids: readonly string[]): SqlValue {
    return ids;
  }
  ilike(column: string): string {
    return `${column} ILIKE ?`;
  }
  jsonObjectAgg(from: string): string {
    return `coalesce((SELECT json_object_agg(key, value ORDER BY key)::text ${from}), '{}')`;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
