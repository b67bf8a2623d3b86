/**
 * `convopt optimize` end to end: a plan on the bundled data as a table, as JSON and as CSV, and
 * infeasible or invalid requests as one-paragraph errors with a non-zero exit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'convopt-optimize-'));
const env = { CONVOPT_HOME: join(tmp, 'home') };

test('optimize --json returns a plan that spends the budget and beats the historic mix', async () => {
  const r = await runCli(['optimize', '--budget', '50000', '--max-change', '0.3', '--bootstrap', '20', '--json'], env);
  assert.equal(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout) as { totals: { spend: number; expectedConversions: number; uplift: number; interval: { low: number; high: number } }; segments: { spend: number; historicMixSpend: number }[] };
  assert.ok(Math.abs(plan.totals.spend - 50_000) < 1e-3);
  assert.ok(plan.totals.uplift > 0);
  assert.ok(plan.totals.interval.low <= plan.totals.expectedConversions && plan.totals.expectedConversions <= plan.totals.interval.high);
  for (const s of plan.segments) assert.ok(s.spend <= s.historicMixSpend * 1.3 + 1e-6);
});

test('optimize prints a readable table and writes the full plan as CSV', async () => {
  const csv = join(tmp, 'plan.csv');
  const r = await runCli(['optimize', '--budget', '20000', '--segments', 'age,gender', '--bootstrap', '10', '--csv', csv], env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Expected approved conv\./);
  assert.match(r.stdout, /Uplift/);
  const lines = readFileSync(csv, 'utf8').trim().split('\n');
  assert.equal(lines[0].split(',').slice(0, 3).join(','), 'age,gender,ads');
  assert.equal(lines.length, 1 + 8); // 4 ages × 2 genders
});

test('an infeasible request says which constraint conflicts, without a stack trace', async () => {
  const r = await runCli(['optimize', '--budget', '100', '--segments', 'age,gender', '--min-spend', '50', '--bootstrap', '0'], env);
  assert.equal(r.code, 65);
  assert.match(r.stderr, /minimum spends add up to .* more than the budget 100\.00/);
  assert.match(r.stderr, /Fix: /);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('an unknown segment value and a missing budget are clear usage errors', async () => {
  const unknown = await runCli(['optimize', '--budget', '1000', '--allow', 'age=18-24'], env);
  assert.equal(unknown.code, 64);
  assert.match(unknown.stderr, /Unknown age "18-24".*Known values: 30-34, 35-39, 40-44, 45-49/s);
  const missing = await runCli(['optimize'], env);
  assert.equal(missing.code, 64);
  assert.match(missing.stderr, /needs budget/);
});
