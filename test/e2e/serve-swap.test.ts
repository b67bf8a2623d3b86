/**
 * Hot model swap under load, over real loopback sockets: concurrent clients score continuously
 * while the champion is promoted through the API (notify path) and then moved back directly in the
 * registry (polling path). Every request must succeed, each answer must come wholly from the model
 * named in its `x-convopt-model` header, and the served version must actually switch both times.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../src/serve/app.js';
import { bundledFrame, fittedBundle, scratchRegistry } from '../../src/serve/testing.js';

const COLS = ['xyz_campaign_id', 'age', 'gender', 'interest', 'Impressions', 'Clicks', 'Spent', 'Total_Conversion'];

test('promoting mid-load drops no request and switches the version (API promote and registry polling)', async () => {
  const frame = await bundledFrame();
  const v1 = await fittedBundle('LinearRegression');
  const v2 = await fittedBundle('GradientBoostingRegressor', { nEstimators: 20, maxDepth: 2 });
  const reg = await scratchRegistry();
  await reg.register('convopt', v1);
  await reg.register('convopt', v2);
  await reg.store.registry.setAlias('convopt', 'champion', 1);
  const app = await buildApp({ store: reg.store, artifacts: reg.artifacts, webRoot: null, pollMs: 50 });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const rows = [0, 1, 2, 3, 4].map((i) => COLS.map((c) => frame.value(i, c)));
  const expected: Record<string, number[]> = { 'convopt@1': Array.from(v1.predict(frame.take([0, 1, 2, 3, 4]))), 'convopt@2': Array.from(v2.predict(frame.take([0, 1, 2, 3, 4]))) };
  assert.notDeepEqual(expected['convopt@1'], expected['convopt@2']);
  const body = JSON.stringify({ dataframe_split: { columns: COLS, data: rows } });

  const seen: string[] = [];
  let failures = 0;
  let stop = false;
  const client = async (): Promise<void> => {
    while (!stop) {
      try {
        const res = await fetch(`${base}/invocations`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
        const text = await res.text();
        const label = res.headers.get('x-convopt-model') ?? '?';
        if (res.status !== 200) failures++;
        else {
          assert.deepEqual((JSON.parse(text) as { predictions: number[] }).predictions, expected[label], `answer inconsistent with ${label}`);
          if (seen[seen.length - 1] !== label) seen.push(label);
        }
      } catch (err) {
        if (err instanceof assert.AssertionError) throw err;
        failures++;
      }
    }
  };
  try {
    const clients = Array.from({ length: 8 }, client);
    await new Promise((r) => setTimeout(r, 400));
    const res = await fetch(`${base}/api/v1/models/convopt/promote`, { method: 'POST', body: JSON.stringify({ version: 2 }), headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 200);
    await new Promise((r) => setTimeout(r, 400));
    await reg.store.registry.setAlias('convopt', 'champion', 1, { reason: 'back via the registry; the server polls' });
    await new Promise((r) => setTimeout(r, 600));
    stop = true;
    await Promise.all(clients);
    assert.equal(failures, 0);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const served = Number(/convopt_predictions_total\{endpoint="invocations"\} (\d+)/.exec(metrics)?.[1] ?? 0);
    assert.ok(served > 50, `only ${served} rows served`);
    // Clients interleave, so collapse to the order in which versions were first and last seen.
    assert.equal(seen[0], 'convopt@1');
    assert.ok(seen.includes('convopt@2'), `never served v2: ${seen.join(' → ')}`);
    assert.equal(seen[seen.length - 1], 'convopt@1', `did not follow the alias back: ${seen.join(' → ')}`);
    assert.equal((await (await fetch(`${base}/version`)).json() as { model: string }).model, 'convopt@1');
  } finally {
    stop = true;
    await app.close();
    await reg.store.close();
  }
});
