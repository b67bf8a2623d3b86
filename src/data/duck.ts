/**
 * The process-wide in-memory DuckDB connection used to read CSV and Parquet and to write Parquet.
 * One database is opened lazily and reused; SQL literals for paths are quoted here, in one place.
 * Reads use the C-API binding directly (`rawConnection`); node-api's friendlier wrapper (`duck`)
 * around the same connection is loaded only by code that needs it (writing Parquet, reading text
 * cells), since requiring it costs ~55 ms (~80 under tsx) and the binding alone ~20.
 */
import { createRequire } from 'node:module';
import type * as DuckDBApi from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import type * as DuckDBBindings from '@duckdb/node-bindings';

// Loaded with require, on first use: importing these CommonJS packages from ESM makes Node lex each
// re-exported file for named exports and open the native library at every CLI start.
const requireCjs = createRequire(import.meta.url);

export type Bindings = typeof DuckDBBindings;
export type RawConnection = DuckDBBindings.Connection;

let bindingsModule: Bindings | undefined;

/** DuckDB's C-API binding (loaded on first use). */
export function bindings(): Bindings {
  return (bindingsModule ??= requireCjs('@duckdb/node-bindings') as Bindings);
}

/** node-api (loaded on first use), for wrapping raw handles where its conveniences are needed. */
export function nodeApi(): typeof DuckDBApi {
  return requireCjs('@duckdb/node-api') as typeof DuckDBApi;
}

let raw: Promise<{ db: DuckDBBindings.Database; conn: RawConnection }> | undefined;
let connection: Promise<DuckDBConnection> | undefined;

/** The shared connection as a C-API handle (database opened on first use). */
export async function rawConnection(): Promise<RawConnection> {
  raw ??= (async () => {
    const b = bindings();
    // A memory cap keeps a 1M-row ingest well under 1 GiB RSS; DuckDB spills nothing for reads.
    const config = b.create_config();
    b.set_config(config, 'memory_limit', '512MB');
    const db = await b.open(':memory:', config);
    const conn = await b.connect(db);
    // Reads stream their results (duckdb-read.ts). With the default ~1 MB buffer DuckDB's threads
    // stall whenever JavaScript is busy copying a chunk; a very large one makes the stream's start
    // wait until it is full. 16 MB was fastest on the 1M-row benchmark file (1, 4, 8, 12, 16, 24,
    // 32, 64 MB tried, 3 runs each: 16 MB ~0.72 s read+validate+clean, 64 MB ~0.76, 1 MB ~0.87).
    await b.query(conn, "SET streaming_buffer_size = '16MB'");
    return { db, conn };
  })();
  // The database handle stays referenced here: the connection alone must not outlive it.
  return (await raw).conn;
}

/** The same shared connection through node-api. */
export function duck(): Promise<DuckDBConnection> {
  connection ??= (async () => new (nodeApi().DuckDBConnection)(await rawConnection()))();
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
