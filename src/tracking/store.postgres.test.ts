/**
 * The tracking-store contract against PostgreSQL at $CONVOPT_TEST_PG_URL, in a fresh schema. CI always
 * sets the variable, so when it is missing this file FAILS with instructions instead of skipping.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConvoptError } from '../core/errors.js';
import { openStore } from './from-uri.js';
import { storeContract } from './testing/contract.js';
import { freshPgSchema } from './testing/pg.js';

if (!process.env.CONVOPT_TEST_PG_URL) {
  test('PostgreSQL tracking store suite needs CONVOPT_TEST_PG_URL', () => {
    assert.fail('CONVOPT_TEST_PG_URL is not set. Run `source .ci/postgres.sh` first (it starts PostgreSQL and exports the URL); CI always sets it.');
  });
} else {
  storeContract('PostgreSQL', async () => {
    const s = freshPgSchema('contract');
    const ro = new URL(s.uri);
    ro.searchParams.set('mode', 'ro');
    return { uri: s.uri, readOnlyUri: ro.toString(), cleanup: () => s.drop() };
  });

  test('PostgreSQL: an unreachable server gives STORE_UNAVAILABLE without the password', async () => {
    await assert.rejects(openStore('postgres://convopt:secret@127.0.0.1:1/nowhere'), (err: unknown) => {
      assert.ok(err instanceof ConvoptError);
      assert.equal(err.code, 'STORE_UNAVAILABLE');
      assert.ok(!JSON.stringify(err.toJSON()).includes('secret'));
      return true;
    });
  });
}
