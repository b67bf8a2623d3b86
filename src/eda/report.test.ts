/**
 * `buildEdaReport` on the bundled Kaggle data against figures printed by pandas 1.5.3 / scipy
 * (`df.Spent.describe()`, `df.corr('spearman')`, `chi2_contingency(..., correction=False)` of the
 * per-age click conversion table), plus sampling, determinism and HTML rendering.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAds } from '../data/load.js';
import { frameFromArrays } from '../data/frame.js';
import { buildEdaReport } from './report.js';
import { renderEdaHtml } from './html.js';
import { summarizeFrame, type NumericSummary } from './summary.js';
import { boxStats } from './boxplot.js';

const close = (a: number | null | undefined, b: number, rel = 1e-9) => {
  assert.ok(a !== null && a !== undefined && Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `expected ${b}, got ${a}`);
};

const { frame } = await loadAds({});

test('bundled data: summary, correlation and the age conversion test match pandas/scipy', () => {
  const r = buildEdaReport(frame);
  assert.equal(r.rows, 1143);
  const spent = r.summary.find((s) => s.name === 'Spent') as NumericSummary;
  close(spent.mean, 51.36065613141295);
  close(spent.std, 86.90841793584877);
  close(spent.q1, 1.480000019);
  close(spent.median, 12.36999989);
  close(spent.q3, 60.024999915);
  close(spent.max, 639.9499981);
  const sp = r.correlation.spearman;
  close(sp.values[sp.columns.indexOf('Impressions')][sp.columns.indexOf('Clicks')], 0.9740955691375003);
  const pe = r.correlation.pearson;
  close(pe.values[pe.columns.indexOf('Spent')][pe.columns.indexOf('Approved_Conversion')], 0.5931778159062029);
  const age = r.segments.find((s) => s.by === 'age')!;
  const young = age.segments.find((s) => s.segment === '30-34')!;
  assert.deepEqual([young.impressions, young.clicks, young.conversions, young.approved], [67993019, 9483, 1431, 494]);
  close(young.spend, 15252.399986378);
  close(age.conversionTest!.statistic, 782.0779456423277);
  close(age.conversionTest!.pValue, 3.3346574114165143e-169, 1e-6);
  close(age.approvalTest!.statistic, 3.6253657692688206);
  close(age.approvalTest!.pValue, 0.3048628780162999, 1e-8);
  assert.deepEqual(
    r.segments.map((s) => s.label),
    ['campaign', 'age', 'gender', 'interest'],
  );
  assert.equal(r.pairPlot.sampled, false);
  assert.equal(r.pairPlot.rows.length, 1143);
  assert.ok(!r.measures.includes('ad_id') && r.measures.includes('Spent'));
  // The shared-sort path gives exactly what the stand-alone functions give.
  assert.deepEqual(r.summary, summarizeFrame(frame));
  assert.deepEqual(r.boxPlots, r.measures.map((m) => boxStats(m, frame.numeric(m))));
});

test('the pair plot is downsampled with the seed above the cap, and the report says so', () => {
  const a = buildEdaReport(frame, { maxPairPoints: 100, seed: 3 });
  const b = buildEdaReport(frame, { maxPairPoints: 100, seed: 3 });
  assert.equal(a.pairPlot.rows.length, 100);
  assert.ok(a.pairPlot.sampled);
  assert.deepEqual(a.pairPlot.rows, b.pairPlot.rows);
  assert.ok(a.notes.some((n) => n.includes('100 of 1,143 rows (seed 3)')));
  // Everything but the sample uses all rows.
  assert.deepEqual(a.summary, buildEdaReport(frame).summary);
});

test('the report is plain JSON (no NaN/Infinity) and builds fast', () => {
  const t0 = performance.now();
  const r = buildEdaReport(frame);
  const ms = performance.now() - t0;
  const json = JSON.stringify(r);
  assert.deepEqual(JSON.parse(json), r);
  assert.ok(ms < 2000, `report took ${ms} ms`);
});

test('HTML is self-contained: inlined vega builds, every chart slot, no external URL loaded', () => {
  const html = renderEdaHtml(buildEdaReport(frame), { vega: '/*vega*/', vegaLite: '/*vl*/', vegaEmbed: '/*embed*/' });
  assert.match(html, /^<!doctype html>/);
  assert.ok(html.includes('/*vega*/') && html.includes('/*vl*/') && html.includes('/*embed*/'));
  assert.doesNotMatch(html, /<script[^>]+src=/);
  assert.doesNotMatch(html, /<link[^>]+href=/);
  const specs = JSON.parse(/<script type="application\/json" id="eda-specs">([\s\S]*?)<\/script>/.exec(html)![1]) as { id: string }[];
  // box plot + pair plot + 2 heatmaps + one KPI panel for each of 4 groupings
  assert.equal(specs.length, 1 + 1 + 2 + 4);
  for (const s of specs) assert.ok(html.includes(`id="${s.id}"`));
  assert.match(html, /<caption>/);
  assert.match(html, /<nav aria-label="Contents">/);
});

test('text from the data is escaped in the HTML', () => {
  const f = frameFromArrays({
    age: ['<script>alert(1)</script>', 'b'],
    Impressions: [10, 20],
    Clicks: [1, 2],
    Spent: [1, 1],
    Total_Conversion: [1, 1],
    Approved_Conversion: [0, 1],
  });
  const html = renderEdaHtml(buildEdaReport(f, { source: { label: 'x</title><b>' } }), { vega: '', vegaLite: '', vegaEmbed: '' });
  assert.ok(!html.includes('<script>alert(1)'));
  assert.ok(!html.includes('x</title><b>'));
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
});

test('a categorical column with many levels lists the 20 most frequent in the HTML and counts the rest', () => {
  const n = 60;
  const f = frameFromArrays({
    note: Array.from({ length: n }, (_, i) => (i < 10 ? 'common' : `level-${i}`)),
    Impressions: Array.from({ length: n }, () => 10),
    Clicks: Array.from({ length: n }, () => 1),
    Spent: Array.from({ length: n }, () => 1),
    Total_Conversion: Array.from({ length: n }, () => 0),
    Approved_Conversion: Array.from({ length: n }, () => 0),
  });
  const html = renderEdaHtml(buildEdaReport(f), { vega: '', vegaLite: '', vegaEmbed: '' });
  assert.ok(html.includes('common (10)'));
  assert.ok(html.includes('… and 31 more levels'));
});
