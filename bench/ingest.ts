/**
 * Ingest benchmark: read + validate (loadAds) and clean (cleanFrame) an N-row synthetic CSV
 * (bench/gen-data.ts, default 1,000,000 rows), beside pandas.read_csv of the same file
 * (bench/py/ingest.py) in the same invocation. Each side runs in its own process so peak RSS is
 * its own. Goal: faster than pandas' read alone, < 1 GiB RSS.
 * Writes bench/out/ingest.json and prints a markdown table.
 *
 *   node --import tsx bench/ingest.ts           # 1,000,000 rows
 *   node --import tsx bench/ingest.ts --quick   # 50,000 rows (smoke)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanFrame } from '../src/data/clean.js';
import { loadAds } from '../src/data/load.js';
import { writeSyntheticCsv } from './gen-data.js';

interface ChildResult {
  rows: number;
  load_s: number;
  clean_s: number;
  total_s: number;
  peak_rss_mb: number;
  /** user + system CPU seconds of the whole process (a fairer figure on a busy machine). */
  cpu_s: number;
}

async function child(path: string): Promise<void> {
  const t0 = performance.now();
  const { frame } = await loadAds({ data: path });
  const t1 = performance.now();
  cleanFrame(frame);
  const t2 = performance.now();
  const r: ChildResult = { rows: frame.nRows, load_s: (t1 - t0) / 1000, clean_s: (t2 - t1) / 1000, total_s: (t2 - t0) / 1000, peak_rss_mb: process.resourceUsage().maxRSS / 1024, cpu_s: (process.cpuUsage().user + process.cpuUsage().system) / 1e6 };
  process.stdout.write(JSON.stringify(r) + '\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const rows = quick ? 50_000 : 1_000_000;
  const reps = quick ? 1 : 3;
  const path = join(tmpdir(), `convopt-ads-${rows}.csv`);
  if (!existsSync(path)) await writeSyntheticCsv(rows, 42, path);
  const mb = statSync(path).size / 2 ** 20;

  const ours: ChildResult[] = [];
  const theirs: { read_s: number; peak_rss_mb: number; cpu_s: number; pandas: string }[] = [];
  for (let r = 0; r < reps; r++) {
    const a = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', path], { encoding: 'utf8' });
    if (a.status !== 0) throw new Error(`convopt ingest failed: ${a.stderr}`);
    ours.push(JSON.parse(a.stdout.trim().split('\n').pop()!) as ChildResult);
    const b = spawnSync('/usr/bin/python3', [new URL('./py/ingest.py', import.meta.url).pathname, path], { encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`pandas peer failed: ${b.stderr}`);
    theirs.push(JSON.parse(b.stdout.trim()) as { read_s: number; peak_rss_mb: number; cpu_s: number; pandas: string });
  }
  const result = {
    rows,
    file_mb: mb,
    reps,
    convopt: {
      load_validate_s: median(ours.map((o) => o.load_s)),
      clean_s: median(ours.map((o) => o.clean_s)),
      total_s: median(ours.map((o) => o.total_s)),
      rows_per_s: rows / median(ours.map((o) => o.total_s)),
      peak_rss_mb: Math.max(...ours.map((o) => o.peak_rss_mb)),
      process_cpu_s: median(ours.map((o) => o.cpu_s)),
    },
    pandas: { read_s: median(theirs.map((t) => t.read_s)), rows_per_s: rows / median(theirs.map((t) => t.read_s)), peak_rss_mb: Math.max(...theirs.map((t) => t.peak_rss_mb)), process_cpu_s: median(theirs.map((t) => t.cpu_s)), version: theirs[0].pandas },
  };
  mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./out/ingest.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
  const f = (x: number, d = 2): string => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const c = result.convopt;
  const p = result.pandas;
  process.stdout.write(
    [
      `Ingest of ${rows.toLocaleString('en-US')} synthetic ads (${f(mb, 1)} MB CSV), median of ${reps} run${reps > 1 ? 's' : ''}, each side in its own process.`,
      '',
      '| step | convopt (s) | pandas (s) | convopt rows/s | pandas rows/s | convopt peak RSS (MB) | pandas peak RSS (MB) |',
      '|---|---:|---:|---:|---:|---:|---:|',
      `| read (+ validate for convopt) | ${f(c.load_validate_s)} | ${f(p.read_s)} | ${f(rows / c.load_validate_s, 0)} | ${f(p.rows_per_s, 0)} | ${f(c.peak_rss_mb, 0)} | ${f(p.peak_rss_mb, 0)} |`,
      `| read + validate + clean | ${f(c.total_s)} | – | ${f(c.rows_per_s, 0)} | – | | |`,
      '',
      `Whole-process CPU time (user + system, includes interpreter start-up): convopt ${f(c.process_cpu_s)} s, pandas ${f(p.process_cpu_s)} s.`,
      `convopt read+validate+clean / pandas read_csv alone: ${f(c.total_s / p.read_s)}× (goal < 1); peak RSS ${f(c.peak_rss_mb, 0)} MB (goal < 1024).`,
    ].join('\n') + '\n',
  );
}

const i = process.argv.indexOf('--child');
if (i >= 0) await child(process.argv[i + 1]);
else await main();
