/**
 * The process-wide in-memory DuckDB connection used to read CSV and Parquet and to write Parquet.
 * One instance is opened lazily and reused; SQL literals for paths are quoted here, in one place.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

let connection: Promise<DuckDBConnection> | undefined;

/** The shared connection (created on first use). */
export function duck(): Promise<DuckDBConnection> {
  connection ??= (async () => {
    // A memory cap keeps a 1M-row ingest well under 1 GiB RSS; DuckDB spills nothing for reads.
    const instance = await DuckDBInstance.create(':memory:', { memory_limit: '512MB' });
    return instance.connect();
  })();
  return connection;
}

/** A SQL string literal: single quotes doubled. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A SQL identifier: double quotes doubled. */
export function sqlIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
