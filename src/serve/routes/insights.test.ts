import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../app.js';
import { bundledFrame, fittedBundle, scratchRegistry } from '../testing.js';
import { historyFromFrame, planBudget } from '../../optimize/plan.js';

async function appWithChampion() {
  const reg = await scratchRegistry();
  const v = await reg.register('convopt', await fittedBundle());
  await reg.store.registry.setAlias('convopt', 'champion', v.version, { actor: 'test' });
  return buildApp({ store: reg.store, artifacts: reg.artifacts, pollMs: 0, webRoot: null });
}

test('POST /api/v1/optimize returns the same plan as planBudget (CLI, API and page share one function)', async () => {
  const app = await appWithChampion();
  try {
    const request = { budget: 30_000, maxChange: 0.3, bootstrap: 20, seed: 4 };
    const res = await app.inject({ method: 'POST', url: '/api/v1/optimize', payload: request });
    assert.equal(res.statusCode, 200, res.body);
    const direct = planBudget(historyFromFrame(await bundledFrame()), request);
    assert.deepEqual(res.json(), JSON.parse(JSON.stringify(direct)));
  } finally {
    await app.close();
  }
});

test('invalid optimiser requests are 400/422 with the field or the conflicting constraint', async () => {
  const app = await appWithChampion();
  try {
    const neg = await app.inject({ method: 'POST', url: '/api/v1/optimize', payload: { budget: -1 } });
    assert.equal(neg.statusCode, 400);
    assert.match(neg.body, /budget/);
    const unknown = await app.inject({ method: 'POST', url: '/api/v1/optimize', payload: { budget: 100, colour: 'red' } });
    assert.equal(unknown.statusCode, 400);
    const infeasible = await app.inject({ method: 'POST', url: '/api/v1/optimize', payload: { budget: 100, segments: ['age'], minSpend: 50, bootstrap: 0 } });
    assert.equal(infeasible.statusCode, 422);
    assert.match(infeasible.json().error.message, /minimum spends add up to 200\.00, more than the budget 100\.00/);
  } finally {
    await app.close();
  }
});

test('GET /api/v1/eda serves the EDA report of the training data', async () => {
  const app = await appWithChampion();
  try {
    const res = await app.inject({ method: 'GET', url: '/api/v1/eda' });
    assert.equal(res.statusCode, 200);
    const report = res.json() as { rows: number; segments: unknown[]; correlation: { pearson: unknown } };
    assert.equal(report.rows, 1143);
    assert.ok(report.segments.length >= 4);
    assert.ok(report.correlation.pearson);
  } finally {
    await app.close();
  }
});
