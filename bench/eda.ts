/**
 * EDA benchmark: time `buildEdaReport` (all statistics) and `renderEdaHtml` (specs + inlined vega
 * builds) on the bundled data and on larger synthetic resamples (bench/gen-data.ts), and record the
 * HTML size, which stays bounded because the pair plot is sampled and box plots ship statistics.
 * Times are the median of several repeats, with CPU time beside wall time (the machine is shared).
 * Writes bench/out/eda.json and prints a markdown table.
 *
 *   node --import tsx bench/eda.ts           # 1,143 / 100,000 / 1,000,000 rows
 *   node --import tsx bench/eda.ts --quick   # 1,143 / 20,000 rows (smoke)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Frame } from '../src/data/frame.js';
import { loadAds } from '../src/data/load.js';
import { buildEdaReport } from '../src/eda/report.js';
import { renderEdaHtml } from '../src/eda/html.js';
import { loadVegaBundles } from '../src/eda/assets.js';
import { resampleAds } from './gen-data.js';

const quick = process.argv.includes('--quick');
const sizes = quick ? [1143, 20_000] : [1143, 100_000, 1_000_000];
const repeats = quick ? 3 : 5;

interface Row {
  rows: number;
  build_ms: number;
  build_cpu_ms: number;
  render_ms: number;
  html_kb: number;
  pair_points: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time<T>(f: () => T): { value: T; ms: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, ms, cpuMs: (c.user + c.system) / 1000 };
}

loadVegaBundles(); // read the bundles once up front; rendering is measured without file I/O
const bundled = (await loadAds({})).frame;
const results: Row[] = [];
for (const n of sizes) {
  const frame: Frame = n === bundled.nRows ? bundled : resampleAds(n, 42);
  const builds: number[] = [];
  const cpus: number[] = [];
  const renders: number[] = [];
  let html = '';
  let pairPoints = 0;
  for (let r = 0; r < repeats; r++) {
    const b = time(() => buildEdaReport(frame));
    builds.push(b.ms);
    cpus.push(b.cpuMs);
    pairPoints = b.value.pairPlot.rows.length;
    const h = time(() => renderEdaHtml(b.value));
    renders.push(h.ms);
    html = h.value;
  }
  results.push({ rows: n, build_ms: median(builds), build_cpu_ms: median(cpus), render_ms: median(renders), html_kb: Buffer.byteLength(html) / 1024, pair_points: pairPoints });
}

mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
writeFileSync(new URL('./out/eda.json', import.meta.url), JSON.stringify({ quick, repeats, node: process.version, results }, null, 2) + '\n');
const fmt = (v: number, d = 0) => v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log('| rows | buildEdaReport (ms, median) | CPU (ms) | renderEdaHtml (ms) | HTML (KiB) | pair-plot points |');
console.log('|---:|---:|---:|---:|---:|---:|');
for (const r of results) console.log(`| ${fmt(r.rows)} | ${fmt(r.build_ms, 1)} | ${fmt(r.build_cpu_ms, 1)} | ${fmt(r.render_ms, 1)} | ${fmt(r.html_kb)} | ${fmt(r.pair_points)} |`);
