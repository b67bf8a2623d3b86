/**
 * Unit tests of the scoring core: MLflow body shapes → typed frames with located issues, the model's
 * required inputs, per-row isolation of refused rows, and block-wise CSV streaming.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConvoptError } from '../../core/errors.js';
import { fittedBundle, bundledFrame } from '../testing.js';
import { openCsvScoring } from './csv-stream.js';
import { requiredInputs } from './inputs.js';
import { parseAdsBody, parseMlflowBody } from './json-table.js';
import { predictRows } from './score.js';
import { parseModelSpec } from '../model/spec.js';
import { ServeMetrics } from '../metrics/prometheus.js';
import { predictionsJson } from './predictions-json.js';

test('dataframe_split becomes typed columns; unknown columns are ignored; bad cells are located', () => {
  const t = parseMlflowBody({ dataframe_split: { columns: ['age', 'Spent', 'foo'], data: [['30-34', 1.5, 'x'], [3, 'abc', null]] } });
  assert.deepEqual([...t.frame.names], ['age', 'Spent']);
  assert.equal(t.frame.value(0, 'age'), '30-34');
  assert.equal(t.frame.value(0, 'Spent'), 1.5);
  assert.deepEqual(t.issues.items.map((i) => i.path), ['dataframe_split.data[1][0]', 'dataframe_split.data[1][1]']);
});

test('records, columnar inputs and {ads} give the same frame', () => {
  const recs = [{ age: '30-34', Spent: 2 }, { age: '45-49', Spent: 0 }];
  const a = parseMlflowBody({ dataframe_records: recs }).frame;
  const b = parseMlflowBody({ inputs: { age: ['30-34', '45-49'], Spent: [2, 0] } }).frame;
  const c = parseAdsBody({ ads: recs }).frame;
  for (const f of [b, c]) assert.deepEqual(f.toRecords(), a.toRecords());
  assert.equal(parseAdsBody({ ad: recs[0] }).pathOf(0, 'Spent'), 'ad.Spent');
});

test('envelope errors name the path', () => {
  const cases: [unknown, string][] = [
    [[], 'body'],
    [{ nothing: 1 }, 'body'],
    [{ dataframe_split: { columns: 'a', data: [] } }, 'dataframe_split.columns'],
    [{ dataframe_split: { columns: ['a', 'a'], data: [] } }, 'dataframe_split.columns[1]'],
    [{ dataframe_split: { columns: ['a'], data: [[1, 2]] } }, 'dataframe_split.data[0]'],
    [{ inputs: { age: [1], Spent: [1, 2] } }, 'inputs.Spent'],
  ];
  for (const [body, path] of cases) {
    assert.throws(() => parseMlflowBody(body), (e: unknown) => e instanceof ConvoptError && e.location.path === path, JSON.stringify(body));
  }
});

test('required inputs follow the feature set', async () => {
  assert.deepEqual(requiredInputs(await fittedBundle('LinearRegression', {}, 'planning')), ['xyz_campaign_id', 'age', 'gender', 'interest', 'Spent']);
  assert.ok(requiredInputs(await fittedBundle('LinearRegression', {}, 'seed')).includes('Total_Conversion'));
});

test('predictRows isolates rows the model refuses and scores the rest identically', async () => {
  const bundle = await fittedBundle('LinearRegression', {}, 'planning');
  const frame = (await bundledFrame()).take([0, 1, 2, 3, 4, 5]);
  const bad = parseMlflowBody({ dataframe_records: frame.toRecords().map((r, i) => (i === 2 || i === 4 ? { ...r, age: '99-100' } : r)) }).frame;
  const { predictions, rowErrors } = predictRows(bundle, bad);
  assert.deepEqual([...rowErrors.keys()].sort(), [2, 4]);
  const want = bundle.predict(frame);
  for (const i of [0, 1, 3, 5]) assert.equal(predictions[i], want[i]);
  assert.ok(Number.isNaN(predictions[2]!));
});

test('CSV streaming scores across block and chunk boundaries with global row numbers', async () => {
  const bundle = await fittedBundle('LinearRegression', {}, 'planning');
  const frame = (await bundledFrame()).take(Array.from({ length: 50 }, (_, i) => i));
  const cols = ['xyz_campaign_id', 'age', 'gender', 'interest', 'Spent'];
  const lines = frame.toRecords().map((r, i) => cols.map((c) => (i === 33 && c === 'Spent' ? '-1' : r[c])).join(','));
  const text = `${cols.join(',')}\n${lines.join('\n')}`;
  const chunks = Array.from({ length: Math.ceil(text.length / 13) }, (_, k) => Buffer.from(text.slice(k * 13, k * 13 + 13)));
  const s = await openCsvScoring((async function* () { yield* chunks; })(), bundle, requiredInputs(bundle), { blockRows: 7 });
  let out = '';
  for await (const part of s.output) out += part;
  const rows = out.trim().split('\n');
  assert.equal(rows.length, 51);
  assert.equal(s.stats.scored, 49);
  assert.equal(s.stats.rejected, 1);
  assert.match(rows[34]!, /"row 34: Spent: Spent must be ≥ 0/);
  const want = bundle.predict(frame);
  assert.equal(Number(rows[50]!.split(',')[5]), want[49]);
  await assert.rejects(openCsvScoring((async function* () { yield Buffer.from('age,gender\n'); })(), bundle, requiredInputs(bundle)), /Missing input column/);
});

test('model references parse to alias, version or file', () => {
  assert.deepEqual(parseModelSpec(undefined), { kind: 'alias', name: undefined, alias: 'champion' });
  assert.deepEqual(parseModelSpec('convopt@3'), { kind: 'version', name: 'convopt', version: 3 });
  assert.deepEqual(parseModelSpec('convopt@staging'), { kind: 'alias', name: 'convopt', alias: 'staging' });
  assert.deepEqual(parseModelSpec('file:m.json'), { kind: 'file', path: 'm.json' });
  assert.throws(() => parseModelSpec('@@'), ConvoptError);
});

test('Prometheus exposition renders counters, escaped labels and cumulative histogram buckets', () => {
  const m = new ServeMetrics();
  m.requests.inc({ route: '/a"b', method: 'GET', status: '200' });
  m.latency.observe({ route: '/x', method: 'GET' }, 0.003);
  m.latency.observe({ route: '/x', method: 'GET' }, 0.2);
  const text = m.render();
  assert.match(text, /convopt_http_requests_total\{route="\/a\\"b",method="GET",status="200"\} 1/);
  assert.match(text, /convopt_http_request_duration_seconds_bucket\{route="\/x",method="GET",le="0.005"\} 1/);
  assert.match(text, /convopt_http_request_duration_seconds_bucket\{route="\/x",method="GET",le="0.25"\} 2/);
  assert.match(text, /convopt_http_request_duration_seconds_count\{route="\/x",method="GET"\} 2/);
});

test('hand-built /invocations JSON equals JSON.stringify of the predictions object, for awkward numbers too', () => {
  const awkward = [0, -0, 1, -1.5, 0.1 + 0.2, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, NaN, Infinity, -Infinity, 0.6935652033442884];
  let seed = 1;
  const random = Array.from({ length: 200 }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 10 ** ((seed % 40) - 20));
  for (const values of [[], [0.5], awkward, random]) {
    const p = Float64Array.from(values);
    assert.equal(predictionsJson(p), JSON.stringify({ predictions: Array.from(p, (x) => (Number.isFinite(x) ? x : null)) }));
  }
});

test('metric children and one-bucket histogram counts render the same cumulative text as plain inc/observe', () => {
  const m = new ServeMetrics();
  const c = m.requests.child({ route: '/r', method: 'POST', status: '200' });
  c.inc();
  c.inc(2);
  m.requests.inc({ route: '/r', method: 'POST', status: '200' });
  const h = m.latency.child({ route: '/r', method: 'POST' });
  for (const v of [0.0001, 0.0005, 0.0007, 0.02, 3, 11]) h.observe(v);
  const text = m.render();
  assert.match(text, /convopt_http_requests_total\{route="\/r",method="POST",status="200"\} 4/);
  // Cumulative buckets: ≤ 0.0005 holds 2, ≤ 0.001 holds 3, ≤ 0.025 holds 4, ≤ 5 holds 5, +Inf all 6.
  const bucket = (le: string): number => Number(new RegExp(`_bucket\\{route="/r",method="POST",le="${le.replace('+', '\\+')}"\\} (\\d+)`).exec(text)?.[1]);
  assert.deepEqual(['0.0005', '0.001', '0.01', '0.025', '2.5', '5', '10', '+Inf'].map(bucket), [2, 3, 3, 4, 4, 5, 5, 6]);
  assert.match(text, /convopt_http_request_duration_seconds_count\{route="\/r",method="POST"\} 6/);
});
