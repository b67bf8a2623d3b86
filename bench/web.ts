/**
 * Web app benchmark: seeds runs into a scratch SQLite store (5,000 by default), serves it with the
 * built web app, and measures in Chromium how long the Experiments page takes to become interactive
 * (navigation start → the first page of runs rendered and its controls enabled), cold and warm,
 * plus the API's first page of runs and the gzipped size of the initial bundle (the HTML's own
 * script and stylesheet, before any lazily loaded page or chart chunk).
 *
 *   node --import tsx bench/web.ts            # 5,000 runs, 7 warm loads
 *   node --import tsx bench/web.ts --quick    # 500 runs, 3 warm loads (smoke)
 *
 * Writes bench/out/web.json and prints a markdown table.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureWebBuilt, launchBrowser, WEB_DIST } from '../test/helpers/browser.js';
import { scratchStore, serve } from '../test/e2e/web-fixture.js';

const quick = process.argv.includes('--quick');
const N = quick ? 500 : 5_000;
const LOADS = quick ? 3 : 7;
const GOAL_MS = 1000;
const BUNDLE_GOAL_KB = 250;
const MODELS = ['LinearRegression', 'Ridge', 'RandomForestRegressor', 'GradientBoostingRegressor', 'HistGradientBoostingRegressor'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Gzipped bytes of what index.html loads before any dynamic import. */
function initialBundle(): { files: { file: string; bytes: number; gzipBytes: number }[]; gzipKB: number } {
  const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const files = [...new Set(refs)].map((file) => {
    const buf = readFileSync(join(WEB_DIST, file));
    return { file, bytes: buf.length, gzipBytes: gzipSync(buf, { level: 9 }).length };
  });
  return { files, gzipKB: files.reduce((s, f) => s + f.gzipBytes, 0) / 1024 };
}

async function main(): Promise<void> {
  ensureWebBuilt();
  const bundle = initialBundle();
  const s = await scratchStore();
  process.env.CONVOPT_HOME = s.home;
  const exp = await s.store.createExperiment('bench');
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const model = MODELS[i % MODELS.length]!;
    const run = await s.store.createRun({ experimentId: exp.experimentId, name: `run-${i}`, config: { model, i } });
    await s.store.logBatch(run.runId, {
      params: { models: model, seed: i % 7, features: i % 2 ? 'seed' : 'planning' },
      metrics: { cv_r2_mean: (i % 1000) / 1000, holdout_r2: ((i * 7) % 1000) / 1000, holdout_rmse: 1 + (i % 17) / 10 },
      tags: { 'convopt.best_model': model },
    });
    await s.store.endRun(run.runId, i % 50 === 0 ? 'FAILED' : 'FINISHED');
  }
  const seedSeconds = (performance.now() - t0) / 1000;
  const fx = await serve(s);
  const lb = await launchBrowser();
  try {
    const apiMs: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const a = performance.now();
      const res = await fetch(`${fx.url}/api/v1/runs?pageSize=50&orderBy=start_time%20desc`);
      await res.json();
      apiMs.push(performance.now() - a);
    }
    const page = lb.context.pages()[0] ?? (await lb.context.newPage());
    const load = async (): Promise<number> => {
      await page.goto('about:blank');
      await page.goto(`${fx.url}/#/experiments`);
      const table = page.getByRole('table', { name: 'Runs, page 1' });
      await table.locator('tbody tr').nth(49).waitFor();
      await page.getByRole('button', { name: 'Next →' }).waitFor({ state: 'visible' });
      // Interactive = rendered and the main thread free: measured in the page's own clock.
      return (await page.evaluate('new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)))')) as number;
    };
    const cold = await load();
    const warm: number[] = [];
    for (let i = 0; i < LOADS; i++) warm.push(await load());
    // A second page through the pager (server-side pagination: one more request of 50 runs).
    const a = performance.now();
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByRole('table', { name: 'Runs, page 2' }).locator('tbody tr').nth(49).waitFor();
    const nextPageMs = performance.now() - a;

    const result = {
      quick,
      runs: N,
      loads: LOADS,
      loadAverage1m: loadavg()[0],
      seedSeconds,
      apiFirstPageMs: median(apiMs),
      coldInteractiveMs: cold,
      warmInteractiveMsMedian: median(warm),
      warmInteractiveMs: warm,
      nextPageMs,
      goalInteractiveMs: GOAL_MS,
      initialBundle: bundle,
      goalInitialBundleGzipKB: BUNDLE_GOAL_KB,
    };
    mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
    writeFileSync(new URL('./out/web.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
    const f = (x: number) => x.toFixed(0);
    console.log(`\nWeb app, Experiments page with ${N.toLocaleString('en-US')} runs (Chromium headless, localhost; load avg ${loadavg()[0]!.toFixed(1)})\n`);
    console.log('| measure | value | goal |');
    console.log('|---|---:|---:|');
    console.log(`| time to interactive, cold (ms) | ${f(cold)} | ≤ ${GOAL_MS} |`);
    console.log(`| time to interactive, warm median of ${LOADS} (ms) | ${f(median(warm))} | ≤ ${GOAL_MS} |`);
    console.log(`| next page of 50 runs (ms) | ${f(nextPageMs)} | |`);
    console.log(`| GET /api/v1/runs first page of 50 (ms, median) | ${median(apiMs).toFixed(1)} | |`);
    console.log(`| initial bundle, gzipped (KB) | ${bundle.gzipKB.toFixed(1)} | ≤ ${BUNDLE_GOAL_KB} |`);
    console.log(`| seeding ${N.toLocaleString('en-US')} runs (s) | ${seedSeconds.toFixed(1)} | |`);
  } finally {
    await lb.close();
    await fx.close();
  }
}

await main();
