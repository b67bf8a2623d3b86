/**
 * Fuzz: 10,000 seeded random or mutated request bodies against the scoring and registry endpoints
 * through `inject()`. Every answer must be a 2xx/4xx with a JSON error body for 4xx — never a 5xx —
 * and the server must still be healthy afterwards.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/rng.js';
import { buildApp } from '../../src/serve/app.js';
import { bundledFrame, fittedBundle, scratchRegistry } from '../../src/serve/testing.js';

const COLS = ['ad_id', 'xyz_campaign_id', 'fb_campaign_id', 'age', 'gender', 'interest', 'Impressions', 'Clicks', 'Spent', 'Total_Conversion', 'Approved_Conversion'];
const N_BODIES = 10_000;

function randomScalar(rng: Rng): unknown {
  const pool: unknown[] = [null, true, false, 0, -1, 1e308, -1e-308, 2 ** 53 + 1, 3.5, '', ' ', 'abc', '30-34', 'M', 'F', '916', 'NaN', 'Infinity', '\u0000', '../../etc/passwd', '💥', 'x'.repeat(500), {}, [], [[]], { __proto__x: 1 }];
  return pool[rng.int(pool.length)];
}

function randomValue(rng: Rng, depth: number): unknown {
  const r = rng.random();
  if (depth > 3 || r < 0.5) return randomScalar(rng);
  if (r < 0.75) return Array.from({ length: rng.int(5) }, () => randomValue(rng, depth + 1));
  const keys = [...COLS, 'dataframe_split', 'dataframe_records', 'instances', 'inputs', 'columns', 'data', 'index', 'params', 'ads', 'ad', 'version', 'alias', 'reason', 'zzz'];
  return Object.fromEntries(Array.from({ length: rng.int(6) }, () => [keys[rng.int(keys.length)]!, randomValue(rng, depth + 1)]));
}

function mutate(rng: Rng, valid: unknown[][]): unknown {
  const data = valid.map((r) => [...r]);
  const cols = [...COLS];
  for (let k = rng.int(4); k >= 0; k--) {
    const op = rng.int(6);
    const i = rng.int(valid.length);
    const j = rng.int(cols.length);
    if (op === 0) data[i]![j] = randomScalar(rng);
    else if (op === 1) cols.splice(j, 1);
    else if (op === 2) data[i]!.pop();
    else if (op === 3) cols[j] = String(randomScalar(rng));
    else if (op === 4) data[i]![j] = -Math.abs(Number(data[i]![j]) || 1);
    // Appended rows are random values (often not arrays): only the first rows are mutated in place.
    else data.push(randomValue(rng, 1) as unknown[]);
  }
  const shape = rng.int(4);
  if (shape === 0) return { dataframe_split: { columns: cols, data } };
  const records = data.map((r) => (Array.isArray(r) ? Object.fromEntries(cols.map((c, j) => [c, r[j]])) : r));
  if (shape === 1) return { dataframe_records: records };
  if (shape === 2) return { instances: records };
  return { ads: records };
}

test(`${N_BODIES} random and malformed bodies: zero 5xx, server stays up`, async () => {
  const frame = await bundledFrame();
  const reg = await scratchRegistry();
  await reg.register('convopt', await fittedBundle('LinearRegression'));
  await reg.store.registry.setAlias('convopt', 'champion', 1);
  const app = await buildApp({ store: reg.store, artifacts: reg.artifacts, webRoot: null, pollMs: 0, bodyLimit: 64 * 1024 });
  const valid = Array.from({ length: 3 }, (_, i) => COLS.map((c) => frame.value(i, c)));
  const rng = new Rng(20261129);
  const urls = ['/invocations', '/invocations', '/api/v1/predict', '/api/v1/predict/csv', '/api/v1/models/convopt/promote', '/api/v1/models/convopt/rollback'];
  const types = ['application/json', 'application/json', 'application/json', 'text/csv', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-8; format=pandas-split'];
  const statuses = new Map<number, number>();
  const started = Date.now();
  try {
    for (let n = 0; n < N_BODIES; n++) {
      const kind = rng.int(5);
      let payload: string;
      if (kind === 0) payload = JSON.stringify(randomValue(rng, 0));
      else if (kind === 1) payload = JSON.stringify(mutate(rng, valid));
      else if (kind === 2) {
        const s = JSON.stringify(mutate(rng, valid));
        payload = s.slice(0, rng.int(s.length + 1));
      } else if (kind === 3) payload = Buffer.from(Array.from({ length: rng.int(200) }, () => rng.int(256))).toString('latin1');
      else payload = `${COLS.join(',')}\n${valid.map((r) => r.map((v) => (rng.random() < 0.1 ? String(randomScalar(rng)) : String(v))).join(rng.random() < 0.1 ? ';' : ',')).join('\n')}`;
      const url = urls[rng.int(urls.length)]!;
      const res = await app.inject({ method: 'POST', url, payload, headers: { 'content-type': types[rng.int(types.length)]! } });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      assert.ok(res.statusCode < 500, `body #${n} to ${url} gave ${res.statusCode}: ${res.body.slice(0, 300)} (payload ${payload.slice(0, 200)})`);
      if (res.statusCode >= 400) assert.ok(JSON.parse(res.body).error.code, res.body);
    }
    assert.equal((await app.inject('/health')).statusCode, 200);
    // Both paths must have been exercised, or the fuzz proves nothing.
    assert.ok((statuses.get(200) ?? 0) > 100, `statuses ${JSON.stringify([...statuses])}`);
    assert.ok((statuses.get(400) ?? 0) > 1000, `statuses ${JSON.stringify([...statuses])}`);
    assert.ok(Date.now() - started < 120_000, 'fuzz took too long');
  } finally {
    await app.close();
    await reg.store.close();
  }
});
