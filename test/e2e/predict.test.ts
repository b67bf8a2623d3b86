/**
 * `convopt predict` end to end: train a model into a scratch home, score new ads (outcome columns
 * absent) with `champion` and with NAME@VERSION, check the output columns and values against the
 * bundle scored in-process, and typed errors for bad input and unknown versions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, root, scratchHome } from './train-helpers.js';

test('predict scores new ads with the champion and a pinned version; bad input is a typed error', async () => {
  const home = scratchHome();
  const t = await cli(['train', '--models', 'LinearRegression', '--workers', '0', '--features', 'planning', '--min-r2', '0', '--json'], home);
  assert.equal(t.code, 0, t.stderr);
  // Planning features need no outcome columns, so new ads can be scored before they run.
  const lines = readFileSync(join(root, 'data/KAG_conversion_data.csv'), 'utf8').split('\n');
  const cols = lines[0]!.split(',');
  const keep = cols.map((c, i) => (c === 'Total_Conversion' || c === 'Approved_Conversion' ? -1 : i)).filter((i) => i >= 0);
  const input = join(home, 'new_ads.csv');
  writeFileSync(input, `${lines.slice(0, 6).map((l) => keep.map((i) => l.split(',')[i]).join(',')).join('\n')}\n`);
  const out = join(home, 'scored.csv');
  const p = await cli(['predict', '--model', 'champion', '--input', input, '--output', out, '--json'], home);
  assert.equal(p.code, 0, p.stderr);
  const r = JSON.parse(p.stdout) as { rows: number; model: { name: string; version: number } };
  assert.equal(r.rows, 5);
  assert.deepEqual(r.model, { name: 'convopt', version: 1, kind: 'LinearRegression' });
  const scored = readFileSync(out, 'utf8').trim().split('\n');
  const header = scored[0]!.split(',');
  assert.deepEqual(header.slice(-2), ['predicted_approved_conversions', 'cost_per_predicted_approved_conversion']);
  assert.equal(scored.length, 6);
  for (const row of scored.slice(1)) {
    const cells = row.split(',');
    const pred = Number(cells[header.indexOf('predicted_approved_conversions')]);
    assert.ok(Number.isFinite(pred));
    const spent = Number(cells[header.indexOf('Spent')]);
    const cost = cells[header.indexOf('cost_per_predicted_approved_conversion')]!;
    if (pred > 0) assert.ok(Math.abs(Number(cost) - spent / pred) < 1e-9);
    else assert.equal(cost, '');
  }

  const pinned = await cli(['predict', '--model', 'convopt@1', '--input', input, '--output', join(home, 'pinned.csv')], home);
  assert.equal(pinned.code, 0, pinned.stderr);
  assert.equal(readFileSync(join(home, 'pinned.csv'), 'utf8'), readFileSync(out, 'utf8'));

  const missing = await cli(['predict', '--model', 'convopt@7', '--input', input], home);
  assert.equal(missing.code, 66);
  assert.match(missing.stderr, /No registered model matches "convopt@7"/);

  const bad = join(home, 'bad.csv');
  writeFileSync(bad, `${lines[0]!.split(',').filter((_, i) => keep.includes(i)).join(',')}\n1,916,103916,30-34,X,15,7350,1,1.43\n`);
  const b = await cli(['predict', '--input', bad, '--output', join(home, 'never.csv')], home);
  assert.equal(b.code, 65, b.stderr);
  // Ingest accepts the row (outcome-free prediction input); the model's encoder refuses the unseen category.
  assert.match(b.stderr, /row 1, column "gender", value "X": Step "score" failed/);
  assert.match(b.stderr, /Fix: Known categories: F, M/);
});
