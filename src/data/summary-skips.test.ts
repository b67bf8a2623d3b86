/**
 * Validation and cleaning skip scans when a column's summary (recorded by the DuckDB reader while
 * copying) proves there is nothing to find; with the summaries removed they scan everything. Both
 * ways must give the same result, on clean data and on data that breaks every numeric rule.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanFrame } from './clean.js';
import { scanColumn } from './column-stats.js';
import { Frame, type Series } from './frame.js';
import { IssueLog } from './issues.js';
import { loadAds } from './load.js';
import { readCsv } from './readers/csv.js';
import { validateFrame } from './validate.js';

const tmp = mkdtempSync(join(tmpdir(), 'convopt-summary-'));
const header = 'ad_id,xyz_campaign_id,fb_campaign_id,age,gender,interest,Impressions,Clicks,Spent,Total_Conversion,Approved_Conversion';

function withoutSummaries(frame: Frame): Frame {
  return new Frame(new Map(frame.names.map((n): [string, Series] => {
    const s = frame.column(n);
    return [n, s.kind === 'numeric' ? { kind: 'numeric', values: s.values } : s];
  })));
}

function file(name: string, rows: (i: number) => string, n = 6000): string {
  const path = join(tmp, name);
  writeFileSync(path, [header, ...Array.from({ length: n }, (_, i) => rows(i))].join('\n') + '\n');
  return path;
}

const clean = (i: number): string => `${1000 + i},916,${103916 + (i % 7)},${['30-34', '35-39', '40-44', '45-49'][i % 4]},${i % 3 ? 'M' : 'F'},${15 + (i % 20)},${5000 + ((i * 7919) % 90000)},${(i * 31) % 97},${((i * 13) % 1000) / 100},${i % 5},${Math.min(i % 3, i % 5)}`;

test('a clean file: summaries are recorded, exact, and skipping scans changes nothing', async () => {
  const { frame } = await loadAds({ data: file('clean.csv', clean) });
  for (const n of frame.names) {
    const s = frame.column(n);
    if (s.kind !== 'numeric') continue;
    assert.ok(s.summary, `${n} has a summary`);
    const { values: _, ...scan } = scanColumn(s.values);
    assert.deepEqual(s.summary, scan);
  }
  const bare = withoutSummaries(frame);
  const a = new IssueLog();
  const b = new IssueLog();
  assert.deepEqual(validateFrame(frame, a, { purpose: 'train' }), validateFrame(bare, b, { purpose: 'train' }));
  assert.deepEqual(a.issues, b.issues);
  assert.deepEqual(cleanFrame(frame).report, cleanFrame(bare).report);
});

test('data breaking every numeric rule: same issues and cleaning with and without summaries', async () => {
  const odd = (i: number): string => {
    const f = clean(i).split(',');
    if (i % 101 === 0) f[7] = '-3'; // negative count
    if (i % 103 === 0) f[7] = '2.5'; // fractional count
    if (i % 107 === 0) f[0] = String(1000 + i - 1); // repeated ad_id
    if (i % 109 === 0) f[2] = '1.5'; // fractional id
    if (i % 113 === 0) f[8] = '-1'; // negative spend
    if (i % 127 === 0) f[9] = ''; // missing outcome
    if (i % 131 === 0) f[6] = ''; // missing impressions
    return f.join(',');
  };
  // The frame before the row policy, as loadAds validates it (typed read: summaries recorded).
  const read = await readCsv(file('odd.csv', odd), { purpose: 'train' }, new IssueLog());
  const raw = read.frame;
  assert.ok(raw.numericSummary('Clicks'));
  const bare = withoutSummaries(raw);
  const a = new IssueLog();
  const b = new IssueLog();
  const ra = validateFrame(raw, a, { purpose: 'train' });
  const rb = validateFrame(bare, b, { purpose: 'train' });
  assert.ok(ra.invalidRows > 0);
  assert.deepEqual(ra, rb);
  assert.deepEqual(a.issues, b.issues);
  assert.deepEqual(cleanFrame(raw).report, cleanFrame(bare).report);
});
