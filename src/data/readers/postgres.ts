/**
 * PostgreSQL reader: runs the user's query with `pg` (rows as arrays, not objects) and builds the
 * frame through the shared JS column path. Connection and SQL failures become one-paragraph errors
 * naming the server (password removed) and what to check.
 */
import type pg from 'pg';
import { redactUrl } from '../../core/redact.js';
import { ConvoptError } from '../../core/errors.js';
import type { IssueLog } from '../issues.js';
import type { RelationRead } from './duckdb-read.js';
import { readJsColumns, type Cell } from './js-columns.js';

export interface PostgresReadOptions {
  readonly columnMapping?: Readonly<Record<string, string>>;
  readonly purpose: 'train' | 'predict';
  readonly connectTimeoutMs?: number;
}

/** The URL without its password, for messages and reports. */
export { redactUrl };

export async function readPostgres(url: string, query: string, opts: PostgresReadOptions, log: IssueLog): Promise<RelationRead> {
  const source = redactUrl(url);
  // Loaded on demand: `pg` costs start-up time that file users should not pay.
  const { default: pgModule } = await import('pg');
  const client = new pgModule.Client({ connectionString: url, connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000 });
  // An error emitted after connect (server restart) must not crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new ConvoptError('STORE_UNAVAILABLE', `Cannot connect to PostgreSQL (${e.code ?? ''}${e.code ? ': ' : ''}${e.message.split('\n')[0]}).`, {
      file: source,
      hint: 'Check the host, port, database name and credentials in the URL, and that the server accepts connections (pg_isready).',
      cause: err,
    });
  }
  try {
    let result: pg.QueryArrayResult<Cell[]>;
    try {
      result = await client.query<Cell[]>({ text: query, rowMode: 'array' });
    } catch (err) {
      const e = err as { message: string; position?: string };
      throw new ConvoptError('INVALID_ARGUMENT', `The query failed: ${e.message}${e.position ? ` (at character ${e.position})` : ''}.`, {
        file: source,
        path: 'query',
        value: query,
        hint: 'Check the SQL (table and column names) with psql, then pass it with --query.',
        cause: err,
      });
    }
    const headers = result.fields.map((f) => f.name);
    if (result.rows.length === 0) {
      throw new ConvoptError('INVALID_DATA', 'The query returned no rows.', { file: source, path: 'query', value: query, hint: 'Check the WHERE clause, or that the table has data.' });
    }
    const rows = result.rows;
    return readJsColumns({ file: source, headers, nRows: rows.length, cell: (i, j) => rows[i][j] }, opts, log);
  } finally {
    await client.end().catch(() => undefined);
  }
}
