import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../app.js';
import { fittedBundle, scratchRegistry } from '../testing.js';

test('GET /api/v1/models/:name/aliases/history lists alias moves newest first, filterable by alias', async () => {
  const reg = await scratchRegistry();
  const app = await buildApp({ store: reg.store, artifacts: reg.artifacts, pollMs: 0, webRoot: null });
  try {
    const bundle = await fittedBundle();
    await reg.register('convopt', bundle);
    await reg.register('convopt', bundle);
    await reg.store.registry.setAlias('convopt', 'champion', 1, { actor: 'ci', reason: 'first' });
    await reg.store.registry.setAlias('convopt', 'champion', 2, { actor: 'ci', reason: 'better' });
    await reg.store.registry.setAlias('convopt', 'staging', 1, { actor: 'ci' });
    await reg.store.registry.rollback('convopt', 'champion', { actor: 'ci', reason: 'regression' });

    const all = await app.inject({ method: 'GET', url: '/api/v1/models/convopt/aliases/history' });
    assert.equal(all.statusCode, 200, all.body);
    const events = all.json().events as { alias: string; action: string; fromVersion: number | null; toVersion: number | null; reason: string | null }[];
    assert.deepEqual(
      events.map((e) => [e.alias, e.action, e.fromVersion, e.toVersion, e.reason]),
      [
        ['champion', 'rollback', 2, 1, 'regression'],
        ['staging', 'promote', null, 1, null],
        ['champion', 'promote', 1, 2, 'better'],
        ['champion', 'promote', null, 1, 'first'],
      ],
    );

    const staging = await app.inject({ method: 'GET', url: '/api/v1/models/convopt/aliases/history?alias=staging' });
    assert.deepEqual((staging.json().events as { alias: string }[]).map((e) => e.alias), ['staging']);

    const missing = await app.inject({ method: 'GET', url: '/api/v1/models/nope/aliases/history' });
    assert.equal(missing.statusCode, 404);
    const bad = await app.inject({ method: 'GET', url: '/api/v1/models/convopt/aliases/history?alias=no%20spaces' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /alias/);
  } finally {
    await app.close();
    await reg.store.close();
  }
});
