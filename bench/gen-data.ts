/**
 * Synthetic ad data for benchmarks: N rows resampled (seeded, with replacement) from the bundled
 * Kaggle data with multiplicative noise, keeping every validation rule true (Clicks ≤ Impressions,
 * Approved ≤ Total, non-negative integer counts, unique ad_id).
 *
 *   node --import tsx bench/gen-data.ts [--rows 1000000] [--seed 42] [--out /tmp/convopt-ads-1000000.csv]
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../src/core/rng.js';
import { CategoricalBuilder } from '../src/data/builders.js';
import { Frame, type Series } from '../src/data/frame.js';
import { BUNDLED_DATA_PATH } from '../src/data/load.js';
import { writeFrameCsv } from '../src/data/write.js';

/** The bundled CSV's columns (it has no quotes, so a split is exact). */
function bundledColumns(): { text: Record<string, string[]>; num: Record<string, Float64Array> } {
  const lines = readFileSync(BUNDLED_DATA_PATH, 'utf8').trimEnd().split(/\r?\n/);
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  const text: Record<string, string[]> = {};
  const num: Record<string, Float64Array> = {};
  header.forEach((h, j) => {
    if (h === 'age' || h === 'gender') text[h] = rows.map((r) => r[j]);
    else num[h] = Float64Array.from(rows, (r) => Number(r[j]));
  });
  return { text, num };
}

/** `nRows` synthetic ads (see module doc); the same seed gives the same data. */
export function resampleAds(nRows: number, seed: number): Frame {
  const { text, num } = bundledColumns();
  const n0 = num.ad_id.length;
  const rng = new Rng(seed);
  const out: Record<string, Float64Array> = {};
  for (const k of Object.keys(num)) out[k] = new Float64Array(nRows);
  const age = new CategoricalBuilder(nRows);
  const gender = new CategoricalBuilder(nRows);
  const jitter = (sd: number): number => Math.exp(sd * rng.normal());
  for (let i = 0; i < nRows; i++) {
    const s = rng.int(n0);
    out.ad_id[i] = 1_000_000 + i;
    out.xyz_campaign_id[i] = num.xyz_campaign_id[s];
    out.fb_campaign_id[i] = num.fb_campaign_id[s];
    out.interest[i] = num.interest[s];
    age.push(text.age[s]);
    gender.push(text.gender[s]);
    const imp0 = num.Impressions[s];
    const imp = Math.max(1, Math.round(imp0 * jitter(0.1)));
    const clicks = Math.min(imp, Math.round(num.Clicks[s] * (imp / Math.max(imp0, 1)) * jitter(0.1)));
    const cpc = num.Clicks[s] > 0 ? num.Spent[s] / num.Clicks[s] : 0;
    const spent = clicks > 0 ? Math.round(cpc * clicks * jitter(0.05) * 100) / 100 : 0;
    const total = Math.round(num.Total_Conversion[s] * jitter(0.1));
    const approved = Math.min(total, Math.round(num.Approved_Conversion[s] * jitter(0.1)));
    out.Impressions[i] = imp;
    out.Clicks[i] = clicks;
    out.Spent[i] = spent;
    out.Total_Conversion[i] = total;
    out.Approved_Conversion[i] = approved;
  }
  const cols = new Map<string, Series>();
  for (const name of ['ad_id', 'xyz_campaign_id', 'fb_campaign_id', 'age', 'gender', 'interest', 'Impressions', 'Clicks', 'Spent', 'Total_Conversion', 'Approved_Conversion']) {
    cols.set(name, name === 'age' ? age.finish() : name === 'gender' ? gender.finish() : { kind: 'numeric', values: out[name] });
  }
  return new Frame(cols);
}

/** Writes `resampleAds(rows, seed)` as CSV; returns the path. */
export async function writeSyntheticCsv(rows: number, seed: number, out = join(tmpdir(), `convopt-ads-${rows}.csv`)): Promise<string> {
  await writeFrameCsv(resampleAds(rows, seed), out);
  return out;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '') && process.argv[1].endsWith('gen-data.ts')) {
  const rows = Number(arg('rows') ?? 1_000_000);
  const seed = Number(arg('seed') ?? 42);
  const t = performance.now();
  const path = await writeSyntheticCsv(rows, seed, arg('out'));
  process.stdout.write(`Wrote ${rows.toLocaleString('en-US')} rows to ${path} in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
}
