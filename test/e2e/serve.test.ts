/**
 * End-to-end tests of the prediction server through `inject()`: MLflow protocol formats, parity
 * with the batch path, readiness, bad input (types, missing columns, unknown categories, negative
 * counts), 413/415, the token rule, path-traversal attempts, OpenAPI/docs, metrics and CSV streaming.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/serve/app.js';
import { bundledFrame, fittedBundle, scratchRegistry, type ScratchRegistry } from '../../src/serve/testing.js';
import type { ModelBundle } from '../../src/models/bundle.js';
import { PredictionInterval } from '../../src/eval/interval.js';
import type { Frame } from '../../src/data/frame.js';
import { checkBindSecurity } from '../../src/serve/security.js';
import { ConvoptError } from '../../src/core/errors.js';
import { parseBytes } from '../../src/cli/commands/serve.js';
import { runCliInProcess } from '../helpers/in-process-cli.js';

let reg: ScratchRegistry;
let app: FastifyInstance;
let gbm: ModelBundle;
let frame: Frame;
const TOKEN = 'test-token-0123456789';

before(async () => {
  frame = await bundledFrame();
  gbm = await fittedBundle('GradientBoostingRegressor', { nEstimators: 40, maxDepth: 3 });
  reg = await scratchRegistry();
  await reg.register('convopt', gbm);
  await reg.register('convopt', await fittedBundle('LinearRegression'));
  await reg.store.registry.setAlias('convopt', 'champion', 1);
  app = await buildApp({ store: reg.store, artifacts: reg.artifacts, webRoot: null, pollMs: 0, token: TOKEN, bodyLimit: 256 * 1024 });
});

after(async () => {
  await app?.close();
  await reg?.store.close();
});

const COLS = ['ad_id', 'xyz_campaign_id', 'fb_campaign_id', 'age', 'gender', 'interest', 'Impressions', 'Clicks', 'Spent', 'Total_Conversion', 'Approved_Conversion'];
function rows(n = frame.nRows): unknown[][] {
  const out: unknown[][] = [];
  for (let i = 0; i < n; i++) out.push(COLS.map((c) => frame.value(i, c)));
  return out;
}

async function post(url: string, payload: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url, payload: payload as string, headers });
}

test('dataframe_split over /invocations is bit-identical to ModelBundle.predict on all 1,143 rows', async () => {
  const res = await post('/invocations', { dataframe_split: { columns: COLS, data: rows(), index: [] } });
  assert.equal(res.statusCode, 200);
  const got = (JSON.parse(res.body) as { predictions: number[] }).predictions;
  const want = gbm.predict(frame);
  assert.equal(got.length, frame.nRows);
  for (let i = 0; i < want.length; i++) assert.ok(Object.is(got[i], want[i]), `row ${i}: ${got[i]} vs ${want[i]}`);
});

test('every MLflow input shape (records, instances, inputs columnar, CSV) gives the same predictions', async () => {
  const data = rows(25);
  const records = data.map((r) => Object.fromEntries(COLS.map((c, j) => [c, r[j]])));
  const columnar = Object.fromEntries(COLS.map((c, j) => [c, data.map((r) => r[j])]));
  const csv = `${COLS.join(',')}\n${data.map((r) => r.join(',')).join('\n')}\n`;
  const bodies: [unknown, Record<string, string>][] = [
    [{ dataframe_split: { columns: COLS, data } }, {}],
    [{ dataframe_records: records, params: { anything: 1 } }, {}],
    [{ instances: records }, {}],
    [{ inputs: columnar }, {}],
    [csv, { 'content-type': 'text/csv' }],
  ];
  const outs = [];
  for (const [b, h] of bodies) {
    const res = await post('/invocations', b, h);
    assert.equal(res.statusCode, 200, res.body);
    outs.push((JSON.parse(res.body) as { predictions: number[] }).predictions);
  }
  for (const o of outs) assert.deepEqual(o, outs[0]);
  assert.equal(outs[0]!.length, 25);
});

test('/ping, /health, /version report liveness and the served model', async () => {
  assert.equal((await app.inject('/ping')).statusCode, 200);
  const h = await app.inject('/health');
  assert.equal(h.statusCode, 200);
  assert.equal(JSON.parse(h.body).model.label, 'convopt@1');
  assert.equal(JSON.parse((await app.inject('/version')).body).model, 'convopt@1');
});

test('/health is 503 until a model exists, then 200 once one is promoted (no restart)', async () => {
  const r2 = await scratchRegistry();
  const a2 = await buildApp({ store: r2.store, artifacts: r2.artifacts, webRoot: null, pollMs: 0 });
  try {
    assert.equal((await a2.inject('/health')).statusCode, 503);
    const inv = await a2.inject({ method: 'POST', url: '/invocations', payload: { dataframe_records: [] } });
    assert.equal(inv.statusCode, 503);
    assert.equal(JSON.parse(inv.body).error.code, 'STORE_UNAVAILABLE');
    await r2.register('m', await fittedBundle('LinearRegression'));
    const p = await a2.inject({ method: 'POST', url: '/api/v1/models/m/promote', payload: { version: 1 } });
    assert.equal(p.statusCode, 200, p.body);
    assert.equal((await a2.inject('/health')).statusCode, 200);
  } finally {
    await a2.close();
    await r2.store.close();
  }
});

test('/api/v1/predict returns predictions, cost per approved conversion and the model name@version', async () => {
  const ad = Object.fromEntries(COLS.map((c) => [c, frame.value(0, c)]));
  const res = await post('/api/v1/predict', { ad });
  assert.equal(res.statusCode, 200, res.body);
  const body = JSON.parse(res.body);
  assert.equal(body.model.label, 'convopt@1');
  const p = gbm.predict(frame.take([0]))[0]!;
  assert.equal(body.predictions[0].predictedApprovedConversions, p);
  assert.equal(body.predictions[0].costPerApprovedConversion, (frame.value(0, 'Spent') as number) / p);
  const many = await post('/api/v1/predict', { ads: [ad, ad, ad] });
  assert.equal(JSON.parse(many.body).predictions.length, 3);
  // A bundle fitted directly was never calibrated: no interval, said plainly.
  assert.equal(body.intervalLevel, null);
  assert.deepEqual([body.predictions[0].low, body.predictions[0].high], [null, null]);
});

test('a model with a prediction interval serves it: low and high per ad in JSON, two more columns in CSV', async () => {
  const lr = await fittedBundle('LinearRegression');
  const y = lr.targetOf(frame);
  // In-sample residuals stand in for cross-validated ones here: the serving path is what is tested.
  lr.withInterval(PredictionInterval.calibrate(y, lr.predict(frame), 0.8));
  const r3 = await scratchRegistry();
  await r3.register('convopt', lr);
  await r3.store.registry.setAlias('convopt', 'champion', 1);
  const a3 = await buildApp({ store: r3.store, artifacts: r3.artifacts, webRoot: null, pollMs: 0 });
  try {
    const ad = Object.fromEntries(COLS.map((c) => [c, frame.value(3, c)]));
    const body = JSON.parse((await a3.inject({ method: 'POST', url: '/api/v1/predict', payload: { ad } })).body);
    assert.equal(body.intervalLevel, 0.8);
    const p = lr.predict(frame.take([3]))[0]!;
    assert.deepEqual([body.predictions[0].low, body.predictions[0].high], lr.interval!.bounds(p));
    const csv = ['ad_id,xyz_campaign_id,fb_campaign_id,age,gender,interest,Impressions,Clicks,Spent,Total_Conversion', rows(2).map((r) => r.slice(0, 10).join(',')).join('\n')].join('\n');
    const res = await a3.inject({ method: 'POST', url: '/api/v1/predict/csv', payload: csv, headers: { 'content-type': 'text/csv' } });
    const lines = res.body.trim().split('\n');
    assert.ok(lines[0]!.endsWith('predicted_approved_conversions,predicted_approved_conversions_low,predicted_approved_conversions_high,cost_per_predicted_approved_conversion,error'), lines[0]);
    const cells = lines[1]!.split(',');
    const [pred, low, high] = cells.slice(-5, -2).map(Number);
    assert.deepEqual([low, high], lr.interval!.bounds(pred!));
  } finally {
    await a3.close();
    await r3.store.close();
  }
});

test('bad values fail with 400 listing each field path and reason', async () => {
  const data = rows(3);
  data[0]![COLS.indexOf('Clicks')] = 'abc';
  data[1]![COLS.indexOf('Impressions')] = -5;
  data[2]![COLS.indexOf('gender')] = 7;
  const res = await post('/invocations', { dataframe_split: { columns: COLS, data } });
  assert.equal(res.statusCode, 400);
  const e = JSON.parse(res.body).error;
  assert.equal(e.code, 'INVALID_DATA');
  const paths = e.details.map((d: { path: string }) => d.path);
  assert.ok(paths.includes('dataframe_split.data[0][7]'), paths.join());
  assert.ok(paths.includes('dataframe_split.data[1][6]'), paths.join());
  assert.ok(paths.includes('dataframe_split.data[2][4]'), paths.join());
  assert.ok(e.hint);
});

test('missing columns, unknown categories and missing values name the column', async () => {
  const ad = Object.fromEntries(COLS.map((c) => [c, frame.value(0, c)]));
  const { Spent: _s, ...noSpent } = ad;
  let res = await post('/api/v1/predict', { ads: [noSpent] });
  assert.equal(res.statusCode, 400);
  assert.match(JSON.parse(res.body).error.message, /"Spent"/);
  res = await post('/api/v1/predict', { ads: [ad, { ...ad, age: '99-120' }] });
  assert.equal(res.statusCode, 400);
  let e = JSON.parse(res.body).error;
  assert.equal(e.location.path, 'ads[1].age');
  assert.match(e.message, /99-120/);
  res = await post('/api/v1/predict', { ads: [{ ...ad, Clicks: null }] });
  e = JSON.parse(res.body).error;
  assert.equal(res.statusCode, 400);
  assert.equal(e.location.path, 'ads[0].Clicks');
  assert.match(e.message, /missing/);
});

test('malformed envelopes, wrong content types and oversized bodies get 400 / 415 / 413', async () => {
  for (const b of [{}, { dataframe_split: 3 }, { dataframe_split: { columns: ['a'], data: [[1, 2]] } }, { instances: 'x' }, { dataframe_records: [1] }, { inputs: [], instances: [] }]) {
    const res = await post('/invocations', b);
    assert.equal(res.statusCode, 400, JSON.stringify(b));
    assert.ok(JSON.parse(res.body).error.location.path);
  }
  assert.equal((await post('/invocations', '{"dataframe_split":', { 'content-type': 'application/json' })).statusCode, 400);
  assert.equal((await post('/invocations', '<xml/>', { 'content-type': 'application/xml' })).statusCode, 415);
  const big = { dataframe_split: { columns: COLS, data: Array.from({ length: 6000 }, () => rows(1)[0]) } };
  const res = await post('/invocations', big);
  assert.equal(res.statusCode, 413);
  assert.equal(JSON.parse(res.body).error.code, 'PAYLOAD_TOO_LARGE');
});

test('promote and rollback need the bearer token when one is configured; promote swaps the served model', async () => {
  let res = await post('/api/v1/models/convopt/promote', { version: 2 });
  assert.equal(res.statusCode, 401);
  res = await post('/api/v1/models/convopt/promote', { version: 2 }, { authorization: 'Bearer wrong' });
  assert.equal(res.statusCode, 401);
  res = await post('/api/v1/models/convopt/promote', { version: 2, reason: 'test' }, { authorization: `Bearer ${TOKEN}` });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(JSON.parse(res.body).serving, 'convopt@2');
  res = await post('/api/v1/models/convopt/promote', { version: 'two' }, { authorization: `Bearer ${TOKEN}` });
  assert.equal(res.statusCode, 400);
  assert.equal(JSON.parse(res.body).error.details[0].path, 'body.version');
  res = await post('/api/v1/models/convopt/rollback', {}, { authorization: `Bearer ${TOKEN}` });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(JSON.parse(res.body).serving, 'convopt@1');
  const versions = JSON.parse((await app.inject('/api/v1/models/convopt/versions')).body).versions;
  assert.deepEqual(versions.map((v: { version: number }) => v.version), [2, 1]);
});

test('binding beyond loopback without a token is refused', () => {
  assert.throws(() => checkBindSecurity('0.0.0.0', undefined), (e: unknown) => e instanceof ConvoptError && e.code === 'UNAUTHORIZED');
  assert.doesNotThrow(() => checkBindSecurity('127.0.0.1', undefined));
  assert.doesNotThrow(() => checkBindSecurity('0.0.0.0', 'secret'));
});

test('artifact download serves store files only; traversal attempts never reach the filesystem', async () => {
  const ref = await reg.artifacts.put('{"hello":1}', { kind: 'json', name: 'hello.json', mediaType: 'application/json' });
  const ok = await app.inject(`/api/v1/artifacts/${ref.sha256}`);
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.body, '{"hello":1}');
  assert.equal((await app.inject(`/api/v1/artifacts/${'0'.repeat(64)}`)).statusCode, 404);
  for (const p of ['../../etc/passwd', '..%2f..%2fetc%2fpasswd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '..%252f..%252fetc%252fpasswd', '....//....//etc/passwd', '%c0%ae%c0%ae/etc/passwd', `${ref.sha256}/../../x`, `${ref.sha256.toUpperCase()}`]) {
    for (const url of [`/api/v1/artifacts/${p}`, `/${p}`, `/docs/${p}`]) {
      const res = await app.inject(url);
      assert.ok([400, 404].includes(res.statusCode), `${url} → ${res.statusCode}`);
      assert.doesNotMatch(res.body, /root:/);
    }
  }
});

test('runs endpoints paginate and show the pipeline lineage', async () => {
  const exp = await reg.store.getOrCreateExperiment('e');
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await reg.store.createRun({ experimentId: exp.experimentId, name: `r${i}` }));
  const art = await reg.store.logArtifact({ runId: runs[0]!.runId, name: 'm', uri: 'artifact://sha256/' + 'a'.repeat(64), sha256: 'a'.repeat(64), kind: 'model', size: 3 });
  const step = await reg.store.startStepRun({ runId: runs[0]!.runId, stepName: 'train' });
  await reg.store.finishStepRun(step.stepRunId, { status: 'COMPLETED', outputArtifactIds: [art.artifactId] });
  const page = JSON.parse((await app.inject('/api/v1/runs?pageSize=2')).body);
  assert.equal(page.runs.length, 2);
  assert.ok(page.nextPageToken);
  const page2 = JSON.parse((await app.inject(`/api/v1/runs?pageSize=2&pageToken=${encodeURIComponent(page.nextPageToken)}`)).body);
  assert.equal(page2.runs.length, 1);
  assert.equal((await app.inject('/api/v1/runs?pageSize=0')).statusCode, 400);
  assert.equal((await app.inject('/api/v1/runs?filter=' + encodeURIComponent('metrics.r2 >>> 3'))).statusCode, 400);
  const one = await app.inject(`/api/v1/runs/${runs[0]!.runId}`);
  assert.equal(JSON.parse(one.body).name, 'r0');
  // Response schemas drop undeclared fields: the owner process id/host never leave the server.
  assert.equal('pid' in JSON.parse(one.body), false);
  assert.equal('host' in JSON.parse(one.body), false);
  assert.equal((await app.inject('/api/v1/runs/nope')).statusCode, 404);
  const pipe = JSON.parse((await app.inject(`/api/v1/runs/${runs[0]!.runId}/pipeline`)).body);
  assert.equal(pipe.steps[0].stepName, 'train');
  assert.equal(pipe.steps[0].outputs[0].artifactId, art.artifactId);
  // Experiments name the ids runs carry, and scope a search.
  const other = await reg.store.getOrCreateExperiment('another');
  await reg.store.createRun({ experimentId: other.experimentId, name: 'elsewhere' });
  const exps = JSON.parse((await app.inject('/api/v1/experiments')).body) as { experiments: { experimentId: string; name: string }[] };
  assert.equal(exps.experiments.find((x) => x.experimentId === exp.experimentId)?.name, 'e');
  const scoped = JSON.parse((await app.inject(`/api/v1/runs?experimentId=${other.experimentId}`)).body) as { runs: { name: string }[] };
  assert.deepEqual(scoped.runs.map((r) => r.name), ['elsewhere']);
});

test('OpenAPI 3 lists the endpoints and /docs is served offline', async () => {
  const spec = JSON.parse((await app.inject('/openapi.json')).body);
  assert.equal(spec.openapi, '3.0.3');
  for (const p of ['/invocations', '/api/v1/predict', '/api/v1/predict/csv', '/api/v1/models/{name}/promote', '/api/v1/runs/{id}/pipeline', '/api/v1/experiments', '/api/v1/artifacts/{sha}']) assert.ok(spec.paths[p], p);
  const docs = await app.inject('/docs/');
  assert.equal(docs.statusCode, 200);
  assert.match(docs.body, /swagger/i);
  const bundleJs = await app.inject('/docs/static/swagger-ui-bundle.js');
  assert.equal(bundleJs.statusCode, 200);
  assert.ok(bundleJs.body.length > 100_000, 'swagger-ui assets are served locally');
});

test('/metrics exposes request counts, latency histograms, model info and predictions served', async () => {
  await post('/invocations', { dataframe_split: { columns: COLS, data: rows(4) } });
  const text = (await app.inject('/metrics')).body;
  assert.match(text, /convopt_http_requests_total\{route="\/invocations",method="POST",status="200"\} \d+/);
  assert.match(text, /convopt_http_request_duration_seconds_bucket\{route="\/invocations",method="POST",le="\+Inf"\} \d+/);
  assert.match(text, /convopt_model_info\{name="convopt",version="1",kind="GradientBoostingRegressor",feature_set="seed"\} 1/);
  const served = /convopt_predictions_total\{endpoint="invocations"\} (\d+)/.exec(text);
  assert.ok(served && Number(served[1]) >= 4);
});

test('CSV upload is scored as a stream, with bad rows reported by row number', async () => {
  const data = rows(40);
  data[10]![COLS.indexOf('Clicks')] = 'oops';
  data[20]![COLS.indexOf('age')] = '12-13';
  const lines = [COLS.join(','), ...data.map((r) => r.join(','))];
  // Deliver in tiny pieces, splitting lines, as a slow upload would.
  const text = `${lines.join('\r\n')}\r\n`;
  const pieces: Buffer[] = [];
  for (let i = 0; i < text.length; i += 37) pieces.push(Buffer.from(text.slice(i, i + 37)));
  const res = await app.inject({ method: 'POST', url: '/api/v1/predict/csv', payload: Readable.from(pieces), headers: { 'content-type': 'text/csv' } });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['x-convopt-model'], 'convopt@1');
  const out = res.body.trim().split('\n');
  assert.equal(out.length, 41);
  assert.ok(out[0]!.endsWith('predicted_approved_conversions,cost_per_predicted_approved_conversion,error'));
  assert.match(out[11]!, /,,,"row 11: Clicks: expected a number/);
  assert.match(out[21]!, /,,,"row 21: .*12-13/);
  const want = gbm.predict(frame.take([0]))[0]!;
  assert.equal(Number(out[1]!.split(',')[COLS.length]), want);
  const missing = await app.inject({ method: 'POST', url: '/api/v1/predict/csv', payload: 'age,gender\n30-34,M\n', headers: { 'content-type': 'text/csv' } });
  assert.equal(missing.statusCode, 400);
  assert.match(JSON.parse(missing.body).error.message, /Missing input column/);
});

test('convopt serve refuses a non-loopback bind without CONVOPT_TOKEN (exit 77); sizes parse or are refused', async () => {
  const saved = process.env.CONVOPT_TOKEN;
  delete process.env.CONVOPT_TOKEN;
  try {
    const refused = await runCliInProcess(['serve', '--host', '0.0.0.0', '--port', '0', '--store', `sqlite:${reg.dir}/cli.db`]);
    assert.equal(refused.code, 77);
    assert.match(refused.stderr, /CONVOPT_TOKEN/);
    assert.equal(parseBytes('10mb'), 10 * 1024 * 1024);
    assert.equal(parseBytes('512kb'), 512 * 1024);
    assert.equal(parseBytes('2048'), 2048);
    assert.throws(() => parseBytes('lots'), /expected a size/);
  } finally {
    if (saved !== undefined) process.env.CONVOPT_TOKEN = saved;
  }
});
