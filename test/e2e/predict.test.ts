/**
 * `convopt predict` end to end: a model trained into a scratch home (in-process, to keep the test
 * fast), then the real CLI scores new ads without outcome columns using `champion`; the library path
 * with NAME@VERSION gives the same file; unknown versions and unseen categories are typed errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveTrainConfig } from '../../src/config/resolve.js';
import { ConvoptError } from '../../src/core/errors.js';
import { resolveModelRef, runPrediction } from '../../src/pipeline/predict/run.js';
import { runTraining } from '../../src/pipeline/train/run.js';
import { openStore } from '../../src/tracking/index.js';
import { cli, root, scratchHome } from './train-helpers.js';

test('predict scores new ads with the champion and a pinned version; bad input is a typed error', async () => {
  const home = scratchHome();
  process.env.CONVOPT_HOME = home; // this file's process only: the in-process pipeline uses <home>/artifacts
  const store = await openStore(join(home, 'convopt.db'));
  try {
    // Planning features need no outcome columns, so new ads can be scored before they run.
    const t = await runTraining(store, { config: resolveTrainConfig({}, { models: ['LinearRegression'], features: 'planning', minR2: 0 }), workers: 0 });
    assert.equal(t.registration?.version, 1);
  } finally {
    await store.close();
  }
  const lines = readFileSync(join(root, 'data/KAG_conversion_data.csv'), 'utf8').split('\n');
  const cols = lines[0]!.split(',');
  const keep = cols.map((c, i) => (c === 'Total_Conversion' || c === 'Approved_Conversion' ? -1 : i)).filter((i) => i >= 0);
  const input = join(home, 'new_ads.csv');
  writeFileSync(input, `${lines.slice(0, 6).map((l) => keep.map((i) => l.split(',')[i]).join(',')).join('\n')}\n`);
  const out = join(home, 'scored.csv');
  const p = await cli(['predict', '--model', 'champion', '--input', input, '--output', out, '--json'], home);
  assert.equal(p.code, 0, p.stderr);
  const r = JSON.parse(p.stdout) as { rows: number; model: { name: string; version: number }; intervalLevel: number | null };
  assert.equal(r.rows, 5);
  assert.equal(r.intervalLevel, 0.8, 'the trained model carries an 80 % interval');
  assert.deepEqual(r.model, { name: 'convopt', version: 1, kind: 'LinearRegression' });
  const scored = readFileSync(out, 'utf8').trim().split('\n');
  const header = scored[0]!.split(',');
  assert.deepEqual(header.slice(-4), ['predicted_approved_conversions', 'predicted_approved_conversions_low', 'predicted_approved_conversions_high', 'cost_per_predicted_approved_conversion']);
  assert.equal(scored.length, 6);
  for (const row of scored.slice(1)) {
    const cells = row.split(',');
    const pred = Number(cells[header.indexOf('predicted_approved_conversions')]);
    assert.ok(Number.isFinite(pred));
    const low = Number(cells[header.indexOf('predicted_approved_conversions_low')]);
    const high = Number(cells[header.indexOf('predicted_approved_conversions_high')]);
    assert.ok(low >= 0 && low <= Math.max(pred, 0) && high >= pred, `interval ${low}–${high} around ${pred}`);
    const spent = Number(cells[header.indexOf('Spent')]);
    const cost = cells[header.indexOf('cost_per_predicted_approved_conversion')]!;
    if (pred > 0) assert.ok(Math.abs(Number(cost) - spent / pred) < 1e-9);
    else assert.equal(cost, '');
  }

  const again = await openStore(join(home, 'convopt.db'));
  try {
    const pinned = await runPrediction(again, { model: 'convopt@1', modelName: 'convopt', input, output: join(home, 'pinned.csv') });
    assert.equal(pinned.status, 'completed');
    assert.ok(pinned.pipeline.nodes.every((n) => n.status === 'cached'), 'same model + same input: served from cache');
    assert.equal(readFileSync(join(home, 'pinned.csv'), 'utf8'), readFileSync(out, 'utf8'));
    assert.equal((await again.getRun(pinned.runId)).status, 'FINISHED');

    await assert.rejects(resolveModelRef(again, 'convopt@7', 'convopt'), (e: unknown) => e instanceof ConvoptError && e.code === 'NOT_FOUND' && /No registered model matches "convopt@7"/.test(e.message));

    const bad = join(home, 'bad.csv');
    writeFileSync(bad, `${cols.filter((_, i) => keep.includes(i)).join(',')}\n1,916,103916,30-34,X,15,7350,1,1.43\n`);
    const b = await runPrediction(again, { model: 'champion', modelName: 'convopt', input: bad, output: join(home, 'never.csv') });
    // Ingest accepts the row (outcome-free prediction input); the model's encoder refuses the unseen category.
    assert.equal(b.status, 'failed');
    assert.equal(b.pipeline.nodes.find((n) => n.status === 'failed')?.nodeId, 'score');
    assert.ok(b.error instanceof ConvoptError && b.error.location.column === 'gender' && b.error.location.value === 'X');
    assert.match(b.error.hint ?? '', /Known categories: F, M/);
    assert.equal((await again.getRun(b.runId)).status, 'FAILED');
  } finally {
    await again.close();
  }
});
