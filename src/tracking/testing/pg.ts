/**
 * Test helpers for PostgreSQL-backed stores: each caller gets its own schema in the CI database
 * (`$CONVOPT_TEST_PG_URL`), dropped afterwards, so test files never see each other's rows. In this
 * project CI always sets the variable, so a missing one is an error, never a silent skip.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export function requirePgUrl(): string {
  const url = process.env.CONVOPT_TEST_PG_URL;
  if (!url) {
    throw new Error(
      'CONVOPT_TEST_PG_URL is not set, so the PostgreSQL half of the tracking-store suite cannot run. ' +
        'Run `source .ci/postgres.sh` (it starts PostgreSQL and exports the variable) before the tests.',
    );
  }
  return url;
}

export interface PgSchema {
  /** Store URI selecting the fresh schema. */
  readonly uri: string;
  readonly schema: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

export function freshPgSchema(prefix = 't'): PgSchema {
  const base = requirePgUrl();
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const u = new URL(base);
  u.searchParams.set('schema', schema);
  return {
    uri: u.toString(),
    schema,
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
