/**
 * End-to-end test of `convopt eda`: runs the real CLI on the bundled data, opens the written HTML
 * in headless Chromium from a file:// URL with the network cut off, waits until every chart has
 * rendered, and checks each chart drew SVG or canvas with no console error and no request leaving
 * the file. Saves a full-page screenshot to test-output/eda-report.png for people to look at.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { runCli } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/in-process-cli.js';

const root = new URL('../../', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'convopt-eda-'));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return runCli(args, { CONVOPT_HOME: join(tmp, 'home') });
}

test('convopt eda writes a self-contained report whose charts all render offline in Chromium', { timeout: 60_000 }, async () => {
  const out = join(tmp, 'report.html');
  const run = await cli('eda', '--output', out, '--json');
  assert.equal(run.code, 0, run.stderr);
  const data = JSON.parse(run.stdout) as { output: string; rows: number; segments: { by: string; conversionTest: { pValue: number } | null }[] };
  assert.equal(data.output, out);
  assert.equal(data.rows, 1143);
  assert.deepEqual(
    data.segments.map((s) => s.by),
    ['xyz_campaign_id', 'age', 'gender', 'interest'],
  );
  assert.ok(data.segments.every((s) => s.conversionTest && s.conversionTest.pValue >= 0 && s.conversionTest.pValue <= 1));
  const html = readFileSync(out, 'utf8');
  assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=|cdn\.jsdelivr|unpkg\.com/);
  const expectedCharts = (html.match(/class="chart" id="chart-\d+"/g) ?? []).length;
  assert.equal(expectedCharts, 8); // box plots, pair plot, 2 heatmaps, KPI panels for 4 groupings

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    const failed: string[] = [];
    const external: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('request', (r) => {
      if (!/^(file|data|blob|about):/.test(r.url())) external.push(r.url());
    });
    await page.goto(pathToFileURL(out).href, { waitUntil: 'load' });
    await page.waitForFunction(() => (globalThis as unknown as { edaChartsReady?: Promise<unknown> }).edaChartsReady !== undefined, undefined, { timeout: 10_000 });
    await page.evaluate(() => (globalThis as unknown as { edaChartsReady: Promise<unknown> }).edaChartsReady);
    const charts = await page.$$eval('.chart', (els) =>
      els.map((el) => ({
        id: el.id,
        rendered: el.getAttribute('data-rendered'),
        error: el.getAttribute('data-error'),
        marks: el.querySelectorAll('svg, canvas').length,
        label: el.getAttribute('aria-label'),
      })),
    );
    assert.equal(charts.length, expectedCharts);
    for (const c of charts) {
      assert.equal(c.error, null, `${c.id} (${c.label}) failed: ${c.error}`);
      assert.equal(c.rendered, 'true', `${c.id} (${c.label}) did not render`);
      assert.ok(c.marks > 0, `${c.id} (${c.label}) has no svg/canvas`);
    }
    // The headings and table captions that structure the page for screen readers.
    const headings = await page.$$eval('h2', (els) => els.map((e) => e.textContent));
    assert.deepEqual(headings, ['Overview', 'Column summary', 'Distributions', 'Pair plot', 'Correlations', 'Segments']);
    assert.ok((await page.$$('table caption')).length >= 6);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(failed, []);
    assert.deepEqual(external, []);
    mkdirSync(join(root, 'test-output'), { recursive: true });
    const shot = join(root, 'test-output', 'eda-report.png');
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(existsSync(shot));
  } finally {
    await browser.close();
  }
});

test('convopt eda: bad input is one paragraph with a fix, no stack trace (in-process, to save a spawn)', async () => {
  const run = (...args: string[]) => runCliInProcess(args);
  const missing = await run('eda', '--data', join(tmp, 'nope.csv'), '--output', join(tmp, 'x.html'));
  assert.equal(missing.code, 66);
  assert.match(missing.stderr, /^convopt: .*nope\.csv/);
  assert.match(missing.stderr, /Fix: /);
  assert.doesNotMatch(missing.stderr, /\n\s+at .+:\d+:\d+/);
  const dir = await run('eda', '--output', tmp);
  assert.equal(dir.code, 64);
  assert.match(dir.stderr, /--output .* is a directory/);
  assert.match(dir.stderr, /Fix: Give a file name/);
  assert.ok(!existsSync(join(tmp, 'x.html')));
});
