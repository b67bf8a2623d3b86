/**
 * The process-wide in-memory DuckDB connection used to read CSV and Parquet and to write Parquet.
 * One instance is opened lazily and reused; SQL literals for paths are quoted here, in one place.
 */
import { createRequire } from 'node:module';
import type * as DuckDBApi from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';

// Loaded with require, on first use: importing this CommonJS package from ESM makes Node lex each of
// its re-exported files for named exports, which cost ~0.2 s of every CLI start that reads data.
const requireCjs = createRequire(import.meta.url);

let connection: Promise<DuckDBConnection> | undefined;

/** The shared connection (created on first use). */
export function duck(): Promise<DuckDBConnection> {
  connection ??= (async () => {
    // A memory cap keeps a 1M-row ingest well under 1 GiB RSS; DuckDB spills nothing for reads.
    const { DuckDBInstance } = requireCjs('@duckdb/node-api') as typeof DuckDBApi;
    const instance = await DuckDBInstance.create(':memory:', { memory_limit: '512MB' });
    const conn = await instance.connect();
    // Reads stream their results (duckdb-read.ts). With the default ~1 MB buffer DuckDB's threads
    // stall whenever JavaScript is busy copying a chunk; a very large one makes the stream's start
    // wait until it is full. 16 MB was fastest on the 1M-row benchmark file (1, 4, 8, 12, 16, 24,
    // 32, 64 MB tried, 3 runs each: 16 MB ~0.72 s read+validate+clean, 64 MB ~0.76, 1 MB ~0.87).
    await conn.run("SET streaming_buffer_size = '16MB'");
    return conn;
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
