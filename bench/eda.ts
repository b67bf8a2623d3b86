/**
 * EDA benchmark: time `buildEdaReport` (all statistics) and `renderEdaHtml` (specs + inlined vega
 * builds) on the bundled data and on larger synthetic resamples (bench/gen-data.ts), and record the
 * HTML size, which stays bounded because the pair plot is sampled and box plots ship statistics.
 * Times are the median of several repeats, with CPU time beside wall time (the machine is shared).
 * The Python peer (bench/py/eda.py: pandas describe/corr/groupby + scipy chi2_contingency) computes
 * the same statistics on the same CSV in its own process; both sides time statistics only, not
 * reading. Writes bench/out/eda.json and prints a markdown table.
 *
 *   node --import tsx bench/eda.ts           # 1,143 / 100,000 / 1,000,000 rows
 *   node --import tsx bench/eda.ts --quick   # 1,143 / 20,000 rows (smoke)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { BUNDLED_DATA_PATH, loadAds } from '../src/data/load.js';
import { buildEdaReport } from '../src/eda/report.js';
import { renderEdaHtml } from '../src/eda/html.js';
import { loadVegaBundles } from '../src/eda/assets.js';
import { writeSyntheticCsv } from './gen-data.js';

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
  pandas_ms: number | null;
  pandas_cpu_ms: number | null;
}

/** Runs the pandas/scipy peer; null (with a message) when Debian's python3 stack is missing. */
function pandasPeer(path: string): { stats_ms: number; stats_cpu_ms: number } | null {
  const r = spawnSync('/usr/bin/python3', [new URL('./py/eda.py', import.meta.url).pathname, path, String(repeats)], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`pandas peer failed: ${r.stderr || r.error?.message}`);
    return null;
  }
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { stats_ms: number; stats_cpu_ms: number };
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
const results: Row[] = [];
for (const n of sizes) {
  const path = n === 1143 ? BUNDLED_DATA_PATH : await writeSyntheticCsv(n, 42);
  const { frame } = await loadAds({ data: path });
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
  const peer = pandasPeer(path);
  results.push({
    rows: frame.nRows,
    build_ms: median(builds),
    build_cpu_ms: median(cpus),
    render_ms: median(renders),
    html_kb: Buffer.byteLength(html) / 1024,
    pair_points: pairPoints,
    pandas_ms: peer?.stats_ms ?? null,
    pandas_cpu_ms: peer?.stats_cpu_ms ?? null,
  });
}

mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
writeFileSync(new URL('./out/eda.json', import.meta.url), JSON.stringify({ quick, repeats, node: process.version, results }, null, 2) + '\n');
const fmt = (v: number, d = 0) => v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const opt = (v: number | null, d = 1) => (v === null ? 'n/a' : fmt(v, d));
console.log('| rows | buildEdaReport (ms, median) | CPU (ms) | pandas+scipy peer (ms) | peer CPU (ms) | renderEdaHtml (ms) | HTML (KiB) | pair-plot points |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(`| ${fmt(r.rows)} | ${fmt(r.build_ms, 1)} | ${fmt(r.build_cpu_ms, 1)} | ${opt(r.pandas_ms)} | ${opt(r.pandas_cpu_ms)} | ${fmt(r.render_ms, 1)} | ${fmt(r.html_kb)} | ${fmt(r.pair_points)} |`);
}
