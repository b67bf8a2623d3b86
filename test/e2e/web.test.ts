/**
 * The web app end to end in Chromium against a real server (two real training runs, a registered
 * champion): predict one ad and see the server's number, score a CSV and download it, see a bad
 * CSV's errors, open and compare runs, open a pipeline DAG and a step's artifacts, promote a model
 * and see the champion change — with no console errors, and screenshots of every page at 1280 and
 * 390 px under test-output/screenshots/.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ensureWebBuilt, launchBrowser, ROOT, watchConsole, type LaunchedBrowser } from '../helpers/browser.js';
import { scratchStore, serve, train, type WebFixture } from './web-fixture.js';

let fx: WebFixture;
let lb: LaunchedBrowser;
let ctx: BrowserContext;
let page: Page;
let consoleErrors: { take(): string[] };
let runIds: string[] = [];
const SHOTS = join(ROOT, 'test-output/screenshots');
const AD = { xyz_campaign_id: 1178, age: '30-34', gender: 'M', interest: 16, Impressions: 50000, Clicks: 10, Spent: 15, Total_Conversion: 2 };

before(async () => {
  ensureWebBuilt();
  const s = await scratchStore();
  process.env.CONVOPT_HOME = s.home;
  const first = await train(s, ['LinearRegression', 'Ridge']);
  const second = await train(s, ['LinearRegression']);
  runIds = [first.runId, second.runId];
  fx = await serve(s);
  lb = await launchBrowser();
  ctx = lb.context;
  page = ctx.pages()[0] ?? (await ctx.newPage());
  consoleErrors = watchConsole(page);
});

after(async () => {
  await lb?.close();
  await fx?.close();
});

async function open(hash: string): Promise<void> {
  await page.goto(`${fx.url}/${hash}`);
}

function csvOf(rows: readonly Record<string, string | number>[]): string {
  const cols = Object.keys(rows[0]!);
  return [cols.join(','), ...rows.map((r) => cols.map((c) => String(r[c])).join(','))].join('\n') + '\n';
}

test('predict one ad: the page shows the served model and the same number the API returns', async () => {
  const api = (await (await fetch(`${fx.url}/api/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ad: AD }) })).json()) as { predictions: { predictedApprovedConversions: number; low: number; high: number }[]; model: { label: string }; intervalLevel: number };
  await open('#/predict');
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  const value = await page.getByTestId('predicted-value').textContent();
  assert.equal(value, api.predictions[0]!.predictedApprovedConversions.toLocaleString('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 3 }));
  assert.equal(await page.getByTestId('model-label').textContent(), api.model.label);
  // The model's 80 % prediction interval, as the API gives it.
  assert.equal(api.intervalLevel, 0.8);
  const two = (v: number) => v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  assert.equal(await page.getByTestId('predicted-interval').textContent(), `${two(api.predictions[0]!.low)} – ${two(api.predictions[0]!.high)}`);
  await page.getByText('80 % prediction interval').waitFor();
  // Inline validation: a negative count is explained next to its field and nothing is sent.
  await page.getByLabel('Clicks', { exact: true }).fill('-1');
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  await page.getByText('Clicks cannot be negative (got -1).').waitFor();
  // The earlier number no longer describes the form, so it is not left on screen.
  assert.equal(await page.getByTestId('prediction').count(), 0);
  await page.getByText('The inputs changed since the last prediction').waitFor();
  assert.deepEqual(consoleErrors.take(), []);
});

test('upload a CSV, preview it, score it and download the scored file', async () => {
  const lines = readFileSync(join(ROOT, 'data/KAG_conversion_data.csv'), 'utf8').split(/\r?\n/).slice(0, 21);
  await open('#/predict');
  await page.getByLabel('CSV file').setInputFiles({ name: 'ads.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') });
  await page.getByRole('table', { name: 'First rows of the uploaded file' }).waitFor();
  await page.getByRole('button', { name: 'Score file' }).click();
  await page.getByText('Scored 20 rows').waitFor();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download scored CSV' }).click()]);
  const scored = readFileSync((await dl.path())!, 'utf8').trim().split('\n');
  assert.equal(dl.suggestedFilename(), 'scored-ads.csv');
  assert.equal(scored.length, 21);
  assert.ok(scored[0]!.endsWith('predicted_approved_conversions,predicted_approved_conversions_low,predicted_approved_conversions_high,cost_per_predicted_approved_conversion,error'), scored[0]);
  assert.ok(scored.slice(1).every((l) => /,[-0-9.e]+,[0-9.e]+,[-0-9.e]+,[-0-9.e]*,$/.test(l)), 'every row scored with its interval, no errors');
  assert.deepEqual(consoleErrors.take(), []);
});

test('a bad CSV shows its row errors, and a CSV missing a model column explains which', async () => {
  const bad = [AD, { ...AD, Clicks: 'lots' }, { ...AD, gender: 'X' }];
  await open('#/predict');
  await page.getByLabel('CSV file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csvOf(bad)) });
  await page.getByRole('button', { name: 'Score file' }).click();
  await page.getByText('2 rows could not be scored').waitFor();
  const items = await page.getByRole('region', { name: 'Row errors' }).getByRole('listitem').allTextContents();
  assert.equal(items.length, 2);
  assert.match(items[0]!, /^row 2: .*Clicks/);
  assert.match(items[1]!, /^row 3: .*gender/);

  const { Spent: _drop, ...noSpend } = AD;
  await page.getByLabel('CSV file').setInputFiles({ name: 'nospend.csv', mimeType: 'text/csv', buffer: Buffer.from(csvOf([noSpend])) });
  await page.getByRole('button', { name: 'Score file' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Something went wrong' });
  await alert.waitFor();
  assert.match((await alert.textContent())!, /Spent/);
  // The browser logs the expected 400 of that upload; nothing else may appear.
  assert.deepEqual(consoleErrors.take().filter((e) => !/status of 400/.test(e)), []);
});

test('experiments: open a run with its metrics and holdout plots, then compare two runs', async () => {
  await open('#/experiments');
  const table = page.getByRole('table', { name: 'Runs, page 1' });
  await table.waitFor();
  assert.equal(await table.locator('tbody tr').count(), 2);
  await page.getByRole('link', { name: new RegExp(runIds[0]!.slice(0, 8)) }).click();
  await page.getByRole('heading', { name: `Run ${runIds[0]!.slice(0, 8)}` }).waitFor();
  await page.getByRole('table', { name: 'Metrics' }).getByText('holdout_r2', { exact: true }).waitFor();
  // The overview names the run's experiment (runs carry only its id).
  await page.locator('dl.props dd', { hasText: /^default$/ }).waitFor();
  await page.getByRole('img', { name: /predicted vs actual approved conversions/ }).locator('svg').first().waitFor();
  await page.getByRole('img', { name: /residuals on the holdout rows/ }).locator('svg').first().waitFor();
  // The leaderboard, best first, as `convopt train` prints it; a family's name shows that family's charts.
  const board = page.getByRole('table', { name: 'Model families, best first' });
  await board.waitFor();
  assert.deepEqual(await board.locator('tbody tr button').allTextContents(), ['Ridge', 'LinearRegression']);
  assert.match((await board.locator('tbody tr').first().textContent()) ?? '', /Ridge\s*best\s*seed\s*0\.7259 ± 0\.0524/);
  await board.getByRole('button', { name: 'LinearRegression' }).click();
  await page.getByRole('img', { name: /^LinearRegression: predicted vs actual/ }).locator('svg').first().waitFor();
  // The run's log: every step with its outcome, then the registration and the end of the run.
  const log = page.getByLabel('Run log');
  await log.waitFor();
  const logText = (await log.textContent()) ?? '';
  assert.match(logText, /evaluate: (done|cached)/);
  assert.match(logText, /registered convopt@\d+/);
  assert.match(logText, /run finished\s*$/);

  await open('#/experiments');
  for (const id of runIds) await page.getByRole('checkbox', { name: `Select run ${id.slice(0, 8)} for comparison` }).check();
  await page.getByRole('button', { name: 'Compare 2 selected runs' }).click();
  const metrics = page.getByRole('table', { name: 'Metrics of 2 runs' });
  await metrics.waitFor();
  assert.equal(await metrics.locator('thead th').count(), 3);
  await page.getByRole('img', { name: /of the compared runs/ }).locator('svg').first().waitFor();
  // Header sort is done by the server: ascending holdout R² puts the LinearRegression-only run first.
  await open('#/experiments');
  await page.getByRole('button', { name: 'Holdout R²' }).click();
  await page.locator('th[aria-sort="ascending"]', { hasText: 'Holdout R²' }).waitFor();
  const firstRun = page.getByRole('table', { name: 'Runs, page 1' }).locator('tbody tr').first();
  await firstRun.getByRole('link', { name: new RegExp(runIds[1]!.slice(0, 8)) }).waitFor();
  // Server-side filters: the kind of run (both are training runs), and runs whose best model is Ridge.
  await open('#/experiments');
  await page.getByLabel('Kind').selectOption('predict');
  await page.getByText('No runs match these filters.').waitFor();
  await page.getByLabel('Kind').selectOption('train');
  await page.waitForFunction("document.querySelectorAll('table tbody tr').length === 2");
  await page.getByLabel('Experiment', { exact: true }).selectOption({ label: 'default' });
  await page.waitForFunction("document.querySelectorAll('table tbody tr').length === 2");
  await open('#/experiments');
  await page.getByLabel('Best model').fill('Ridge');
  await page.getByRole('table', { name: 'Runs, page 1' }).locator('tbody tr').first().waitFor();
  await page.waitForFunction("document.querySelectorAll('table tbody tr').length === 1");
  assert.deepEqual(consoleErrors.take(), []);
});

test('pipelines: the DAG shows every step; selecting one lists its artifacts, which download', async () => {
  await open(`#/pipelines/${runIds[0]}`);
  const evaluate = page.locator('g[data-step="evaluate"]');
  await evaluate.waitFor();
  const steps = await page.locator('g[data-step]').count();
  const pipeline = (await (await fetch(`${fx.url}/api/v1/runs/${runIds[0]}/pipeline`)).json()) as { steps: unknown[] };
  assert.equal(steps, pipeline.steps.length);
  assert.ok((await page.locator('svg.dag path[marker-end]').count()) >= steps - 1, 'steps are linked by their artifacts');
  await evaluate.focus();
  await page.keyboard.press('Enter');
  const outputs = page.getByRole('table', { name: 'Outputs of evaluate' });
  await outputs.waitFor();
  const link = outputs.getByRole('link', { name: 'Download evaluate.charts' });
  const res = await fetch(new URL((await link.getAttribute('href'))!, fx.url));
  assert.equal(res.status, 200);
  assert.ok('LinearRegression' in ((await res.json()) as Record<string, unknown>));
  assert.deepEqual(consoleErrors.take(), []);
});

test('models: promote version 2 and see the champion (and the served model) change', async () => {
  await open('#/models');
  await page.getByTestId('champion-convopt').waitFor();
  assert.equal(await page.getByTestId('champion-convopt').textContent(), 'v1');
  // Each version shows its prediction interval's measured coverage and width.
  await page.getByRole('cell', { name: /^80 %: \d+ % · \d+\.\d\d$/ }).first().waitFor();
  await page.getByRole('button', { name: 'Promote version 2 of convopt to champion' }).click();
  await page.getByText('The server now serves convopt@2').waitFor();
  await page.getByTestId('champion-convopt').filter({ hasText: /^v2$/ }).waitFor();
  const health = (await (await fetch(`${fx.url}/health`)).json()) as { model: { label: string } };
  assert.equal(health.model.label, 'convopt@2');
  await page.getByRole('button', { name: 'Roll champion back to the previous version' }).click();
  await page.getByTestId('champion-convopt').filter({ hasText: /^v1$/ }).waitFor();
  // The audit trail shows both moves, newest first, with who made them and why.
  const history = page.getByRole('table', { name: 'Alias history of convopt, newest first' });
  await history.getByRole('row').filter({ hasText: 'rollback' }).filter({ hasText: 'v2 → v1' }).waitFor();
  const rows = await history.locator('tbody tr').allTextContents();
  assert.match(rows[0]!, /champion.*rollback.*v2 → v1.*api.*web app/);
  assert.match(rows[1]!, /champion.*promote.*v1 → v2.*api.*web app/);
  assert.deepEqual(consoleErrors.take(), []);
});

test('models behind a token: a 401 asks for the token, which is kept and used for the retry', async () => {
  const guarded = await serve(fx, { token: 'web-test-token-42', closeStore: false });
  try {
    await page.goto(`${guarded.url}/#/models`);
    await page.getByTestId('champion-convopt').filter({ hasText: /^v1$/ }).waitFor();
    await page.getByRole('button', { name: 'Promote version 2 of convopt to champion' }).click();
    await page.getByLabel('Bearer token').fill('web-test-token-42');
    await page.getByRole('button', { name: 'Save token and retry' }).click();
    await page.getByTestId('champion-convopt').filter({ hasText: /^v2$/ }).waitFor();
    assert.equal(await page.evaluate("localStorage.getItem('convopt.token')"), 'web-test-token-42');
    await page.evaluate("localStorage.removeItem('convopt.token')");
    // Put v1 back for the pages that follow (the API call carries the token itself).
    const res = await fetch(`${guarded.url}/api/v1/models/convopt/rollback`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer web-test-token-42' }, body: '{}' });
    assert.equal(res.status, 200);
    // The first, refused attempt is logged by the browser as a 401; nothing else may be.
    assert.deepEqual(consoleErrors.take().filter((e) => !/status of 401/.test(e)), []);
  } finally {
    await guarded.app.close();
  }
});

test('optimise: the page shows the same plan as the API for the same inputs, and the plan downloads', async () => {
  const request = { objective: 'max-conversions', segments: ['campaign', 'age', 'gender', 'interest'], budget: 30000 };
  const api = (await (await fetch(`${fx.url}/api/v1/optimize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) })).json()) as { totals: { spend: number; expectedConversions: number } };
  await open('#/optimise');
  await page.getByRole('spinbutton', { name: 'Budget' }).fill('');
  await page.getByText('Enter a budget above 0.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Optimise' }).isDisabled(), true);
  await page.getByRole('spinbutton', { name: 'Budget' }).fill('30000');
  await page.getByRole('button', { name: 'Optimise' }).click();
  const shown = await page.getByTestId('plan-conversions').textContent();
  assert.equal(shown, api.totals.expectedConversions.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
  assert.equal(await page.getByTestId('plan-spend').textContent(), '30,000');
  await page.getByRole('img', { name: /Bar chart of planned spend/ }).locator('svg').first().waitFor();
  await page.getByRole('img', { name: /Expected conversions against spend/ }).locator('svg').first().waitFor();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download plan (CSV)' }).click()]);
  const csv = readFileSync((await dl.path())!, 'utf8').trim().split('\n');
  assert.ok(csv[0]!.startsWith('campaign,age,gender,interest,ads,'), csv[0]);
  assert.ok(csv.length > 100);
  // Extrapolation: the same request with the spend-per-ad cap lifted, from the checkbox.
  const lifted = (await (await fetch(`${fx.url}/api/v1/optimize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...request, allowExtrapolation: true }) })).json()) as { totals: { expectedConversions: number } };
  await page.getByLabel('Allow more spend per ad than the history saw').check();
  await page.getByRole('button', { name: 'Optimise' }).click();
  const liftedText = lifted.totals.expectedConversions.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  assert.notEqual(liftedText, shown);
  await page.getByTestId('plan-conversions').filter({ hasText: liftedText }).waitFor();
  assert.deepEqual(consoleErrors.take(), []);
});

test('every page renders without console errors at 1280 and 390 px (screenshots saved)', async () => {
  mkdirSync(SHOTS, { recursive: true });
  const pages: [string, string][] = [
    ['predict', '#/predict'],
    ['data', '#/data'],
    ['experiments', '#/experiments'],
    ['run', `#/experiments/${runIds[0]}`],
    ['pipelines', `#/pipelines/${runIds[0]}`],
    ['models', '#/models'],
    ['optimise', '#/optimise'],
  ];
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
    for (const [name, hash] of pages) {
      await open(hash);
      await page.getByRole('heading', { level: 1 }).waitFor();
      if (name === 'data') await page.getByRole('img', { name: /Pair plot/ }).locator('canvas').first().waitFor();
      if (name === 'experiments') await page.getByRole('table', { name: 'Runs, page 1' }).waitFor();
      if (name === 'run') await page.getByRole('img', { name: /residuals/ }).locator('svg').first().waitFor();
      if (name === 'models') await page.getByTestId('champion-convopt').waitFor();
      if (name === 'pipelines') await page.locator('g[data-step="evaluate"]').click();
      if (name === 'predict') {
        await page.getByRole('button', { name: 'Predict', exact: true }).click();
        await page.getByTestId('predicted-value').waitFor();
      }
      await page.waitForTimeout(150);
      await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
      assert.deepEqual(consoleErrors.take(), [], `${name} at ${width}px`);
      // Nothing may overflow the page sideways (wide tables and graphs scroll inside their own boxes).
      // (A string expression: this file is typechecked without the DOM library.)
      const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
      if (overflow > 1) {
        // Name the culprits so a failure says what to fix, not just that something is too wide.
        const culprits = await page.evaluate(`[...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .filter((e) => { for (let a = e.parentElement; a; a = a.parentElement) if (/auto|scroll|hidden/.test(getComputedStyle(a).overflowX)) return false; return true; })
          .slice(0, 8).map((e) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '') + ' right=' + Math.round(e.getBoundingClientRect().right))`);
        assert.fail(`${name} at ${width}px overflows by ${overflow}px: ${JSON.stringify(culprits)}`);
      }
    }
  }
});
