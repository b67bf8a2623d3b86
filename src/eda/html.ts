/**
 * `renderEdaHtml(report)`: the EDA report as ONE self-contained HTML file. Styles, chart specs and
 * the vega / vega-lite / vega-embed browser builds are inlined, so the file opens offline from
 * file:// with no request to any server. Charts come from the pure spec builders in `src/charts/`.
 *
 * When every chart has rendered, each chart element carries `data-rendered="true"` and
 * `window.edaChartsReady` resolves — the end-to-end test waits on these.
 */
import type { TopLevelSpec } from 'vega-lite';
import { boxPlotSpec } from '../charts/box-plot.js';
import { correlationHeatmapSpec } from '../charts/heatmap.js';
import { scatterMatrixSpec } from '../charts/scatter-matrix.js';
import { segmentKpiPanelSpec } from '../charts/segment-panel.js';
import { VERSION } from '../core/version.js';
import { loadVegaBundles, type VegaBundles } from './assets.js';
import type { CorrelationMatrix } from './correlation.js';
import { escapeHtml as esc, fmtMoney, fmtNumber, fmtPercent, fmtPValue } from './format.js';
import type { EdaReport } from './report.js';
import type { SegmentKpis, SegmentTest } from './segments.js';
import type { CategoricalSummary, NumericSummary } from './summary.js';

interface ChartSlot {
  readonly id: string;
  readonly spec: TopLevelSpec;
  /** 'canvas' for charts with thousands of marks (pair plot), where SVG would be slow. */
  readonly renderer: 'svg' | 'canvas';
}

/** KPIs drawn for each segment grouping (rates as percentages so axes read naturally). */
const SEGMENT_CHARTS: readonly { key: keyof SegmentKpis; label: string; scale: number }[] = [
  { key: 'ctr', label: 'CTR (%)', scale: 100 },
  { key: 'cpc', label: 'CPC', scale: 1 },
  { key: 'cpm', label: 'CPM', scale: 1 },
  { key: 'conversionRate', label: 'Conversion rate (%)', scale: 100 },
  { key: 'approvalRate', label: 'Approval rate (%)', scale: 100 },
  { key: 'costPerApproved', label: 'Cost per approved conversion', scale: 1 },
];

class Charts {
  readonly slots: ChartSlot[] = [];
  add(spec: TopLevelSpec, label: string, renderer: 'svg' | 'canvas' = 'svg'): string {
    const id = `chart-${this.slots.length + 1}`;
    this.slots.push({ id, spec, renderer });
    return `<figure class="chart-wrap"><div class="chart" id="${id}" role="img" aria-label="${esc(label)}"></div></figure>`;
  }
}

function numericTable(rows: readonly NumericSummary[]): string {
  if (!rows.length) return '';
  const head = ['column', 'count', 'missing', 'mean', 'std', 'min', '25%', '50%', '75%', 'max', 'distinct'];
  const body = rows
    .map(
      (r) =>
        `<tr><th scope="row">${esc(r.name)}</th>${[r.count, r.missing, r.mean, r.std, r.min, r.q1, r.median, r.q3, r.max, r.distinct]
          .map((v) => `<td>${fmtNumber(v)}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  return table('Numeric columns: count, missing values, mean, sample standard deviation, quartiles (pandas linear interpolation) and distinct values', head, body);
}

/** Levels by frequency, at most MAX_LEVELS of them (free-text columns can have thousands). */
const MAX_LEVELS = 20;
function levelList(r: CategoricalSummary): string {
  const shown = [...r.levels].filter((l) => l.count > 0).sort((a, b) => b.count - a.count).slice(0, MAX_LEVELS);
  const rest = r.distinct - shown.length;
  const sorted = r.distinct <= MAX_LEVELS ? r.levels.filter((l) => l.count > 0) : shown;
  return sorted.map((l) => `${esc(l.level)} (${fmtNumber(l.count)})`).join(', ') + (rest > 0 ? `, … and ${fmtNumber(rest)} more levels` : '');
}

function categoricalTable(rows: readonly CategoricalSummary[]): string {
  if (!rows.length) return '';
  const head = ['column', 'count', 'missing', 'distinct', 'most frequent', 'frequency', 'levels'];
  const body = rows
    .map(
      (r) =>
        `<tr><th scope="row">${esc(r.name)}</th><td>${fmtNumber(r.count)}</td><td>${fmtNumber(r.missing)}</td><td>${fmtNumber(r.distinct)}</td>` +
        `<td class="text">${esc(r.top ?? '–')}</td><td>${fmtNumber(r.topCount)}</td>` +
        `<td class="text">${levelList(r)}</td></tr>`,
    )
    .join('\n');
  return table('Categorical columns: count, missing values, distinct levels and their frequencies', head, body);
}

function table(caption: string, head: readonly string[], body: string): string {
  return (
    `<div class="table-wrap"><table><caption>${esc(caption)}</caption>` +
    `<thead><tr>${head.map((h, i) => `<th scope="col"${i === 0 ? ' class="text"' : ''}>${esc(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>\n${body}\n</tbody></table></div>`
  );
}

function correlationTable(m: CorrelationMatrix): string {
  const title = m.method === 'pearson' ? 'Pearson' : 'Spearman';
  const body = m.columns
    .map((r, i) => `<tr><th scope="row">${esc(r)}</th>${m.values[i].map((v) => `<td>${v === null ? '–' : v.toFixed(3)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<details><summary>${title} coefficients as a table</summary>${table(`${title} correlation coefficients`, ['', ...m.columns], body)}</details>`;
}

function testSentence(what: string, t: SegmentTest | null): string {
  if (!t) return `<p class="test">${esc(what)}: not testable (fewer than two segments with data).</p>`;
  const verdict = t.pValue < 0.05 ? 'differ significantly (p < 0.05)' : 'show no significant difference (p ≥ 0.05)';
  return (
    `<p class="test"><strong>${esc(what)}</strong> ${verdict}: χ² = ${fmtNumber(t.statistic, 2)}, dof = ${t.dof}, p = ${fmtPValue(t.pValue)} ` +
    `<span class="muted">(${esc(t.basis)}${t.smallExpectedShare > 0.2 ? `; ${Math.round(t.smallExpectedShare * 100)}% of expected counts below 5, so approximate` : ''}${t.note ? `; ${esc(t.note)}` : ''})</span></p>`
  );
}

function segmentSection(s: EdaReport['segments'][number], charts: Charts): string {
  const head = ['segment', 'ads', 'impressions', 'clicks', 'spend', 'conversions', 'approved', 'CTR', 'CPC', 'CPM', 'conv. rate', 'approval rate', 'cost / approved'];
  const body = s.segments
    .map(
      (k) =>
        `<tr><th scope="row">${esc(k.segment)}</th><td>${fmtNumber(k.ads)}</td><td>${fmtNumber(k.impressions)}</td><td>${fmtNumber(k.clicks)}</td>` +
        `<td>${fmtMoney(k.spend)}</td><td>${fmtNumber(k.conversions)}</td><td>${fmtNumber(k.approved)}</td><td>${fmtPercent(k.ctr, 3)}</td>` +
        `<td>${fmtMoney(k.cpc)}</td><td>${fmtMoney(k.cpm)}</td><td>${fmtPercent(k.conversionRate, 1)}</td><td>${fmtPercent(k.approvalRate, 1)}</td><td>${fmtMoney(k.costPerApproved)}</td></tr>`,
    )
    .join('\n');
  const panelRows = SEGMENT_CHARTS.flatMap((c) =>
    s.segments.map((k) => {
      const v = k[c.key] as number | null;
      return { segment: k.segment, kpi: c.label, value: v === null ? null : v * c.scale };
    }),
  );
  const bars = charts.add(segmentKpiPanelSpec(panelRows, { segmentLabel: s.label, title: `KPIs by ${s.label}` }), `Bar charts of CTR, CPC, CPM, conversion rate, approval rate and cost per approved conversion by ${s.label}`);
  const id = `segments-${s.by}`;
  return (
    `<section id="${esc(id)}" aria-labelledby="${esc(id)}-h"><h3 id="${esc(id)}-h">By ${esc(s.label)} <span class="muted">(${esc(s.by)}, ${s.segments.length} segments)</span></h3>` +
    testSentence('Conversion rates', s.conversionTest) +
    testSentence('Approval rates', s.approvalTest) +
    (s.missingRows ? `<p class="muted">${fmtNumber(s.missingRows)} rows without a ${esc(s.by)} value are left out.</p>` : '') +
    table(`KPIs by ${s.label}: totals and ratios of totals (spend and costs in the data's currency)`, head, body) +
    `${bars}</section>`
  );
}

/** JSON for a <script> element: `<` escaped so no "</script>" or comment can end it early. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Inline JS must not contain "</script"; "<\/" means the same inside JS strings and regexes. */
function scriptJs(code: string): string {
  return code.replace(/<\/script/gi, '<\\/script');
}

const CSS = `
:root{color-scheme:light;--fg:#1d2330;--muted:#5b6475;--line:#d9dee7;--bg:#fff;--alt:#f5f7fa;--accent:#2b5fab}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg);line-height:1.5}
header{padding:1.5rem 1.5rem .5rem;border-bottom:1px solid var(--line)}
header h1{margin:0 0 .25rem;font-size:1.6rem}
.layout{display:flex;gap:2rem;max-width:1400px;margin:0 auto;padding:0 1.5rem}
nav{flex:0 0 13rem;position:sticky;top:0;align-self:flex-start;max-height:100vh;overflow:auto;padding:1rem 0;font-size:.95rem}
nav ol{list-style:none;padding:0;margin:0}nav ol ol{padding-left:1rem}
nav a{color:var(--accent);text-decoration:none;display:block;padding:.15rem 0}nav a:hover,nav a:focus{text-decoration:underline}
main{flex:1;min-width:0;padding-bottom:4rem}
h2{margin-top:2.2rem;border-bottom:1px solid var(--line);padding-bottom:.3rem}
h3{margin-top:1.6rem}
.muted{color:var(--muted);font-weight:normal}
.notes{background:var(--alt);border-left:4px solid var(--accent);padding:.6rem 1rem;margin:1rem 0}
.table-wrap{overflow-x:auto;margin:.8rem 0}
table{border-collapse:collapse;font-size:.85rem;font-variant-numeric:tabular-nums}
caption{text-align:left;color:var(--muted);padding:.3rem 0;caption-side:top}
th,td{padding:.3rem .45rem;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
th.text,td.text,tbody th{text-align:left}td.text{white-space:normal}
thead th{background:var(--alt);position:sticky;top:0}
tbody tr:nth-child(even){background:#fafbfc}
.grid{display:flex;flex-wrap:wrap;gap:1rem}
figure.chart-wrap{margin:.5rem 0;max-width:100%;overflow-x:auto}
.chart[data-error]{color:#a00}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}
@media (max-width:900px){.layout{flex-direction:column;gap:0}nav{position:static;flex:none;max-height:none;border-bottom:1px solid var(--line)}nav>ol{columns:2}}
`;

const BOOT = `
(function(){
  var specs = JSON.parse(document.getElementById('eda-specs').textContent);
  window.edaChartsReady = Promise.all(specs.map(function(c){
    var el = document.getElementById(c.id);
    return vegaEmbed(el, c.spec, {actions:false, renderer:c.renderer}).then(function(){
      el.setAttribute('data-rendered','true');
    }).catch(function(err){
      el.setAttribute('data-error', String(err && err.message || err));
      el.textContent = 'This chart could not be drawn: ' + (err && err.message || err);
      console.error(err);
    });
  }));
})();
`;

/** The report as a standalone HTML document. `bundles` defaults to the installed vega builds. */
export function renderEdaHtml(report: EdaReport, bundles: VegaBundles = loadVegaBundles()): string {
  const charts = new Charts();
  const numeric = report.summary.filter((s): s is NumericSummary => s.kind === 'numeric');
  const categorical = report.summary.filter((s): s is CategoricalSummary => s.kind === 'categorical');
  const pp = report.pairPlot;

  const boxHtml = report.boxPlots.length ? charts.add(boxPlotSpec(report.boxPlots), 'Box plots of the numeric measures') : '<p>No numeric measure columns.</p>';
  const pairHtml =
    pp.columns.length >= 2
      ? charts.add(scatterMatrixSpec(pp.rows, pp.columns, { ...(pp.color ? { color: pp.color } : {}), title: 'Pair plot' }), `Scatter matrix of ${pp.columns.join(', ')}`, 'canvas')
      : '<p>Fewer than two KPI columns; no pair plot.</p>';
  const corrHtml =
    report.measures.length >= 2
      ? `<div class="grid">${charts.add(correlationHeatmapSpec(report.correlation.pearson, { title: 'Pearson correlation' }), 'Pearson correlation heatmap')}` +
        `${charts.add(correlationHeatmapSpec(report.correlation.spearman, { title: 'Spearman rank correlation' }), 'Spearman correlation heatmap')}</div>` +
        correlationTable(report.correlation.pearson) +
        correlationTable(report.correlation.spearman)
      : '<p>Fewer than two numeric measures; no correlations.</p>';
  const segHtml = report.segments.map((s) => segmentSection(s, charts)).join('\n');

  const nav = [
    ['overview', 'Overview'],
    ['summary', 'Column summary'],
    ['distributions', 'Distributions'],
    ['pairs', 'Pair plot'],
    ['correlations', 'Correlations'],
    ['segments', 'Segments'],
  ]
    .map(([id, t]) => {
      const sub =
        id === 'segments' && report.segments.length
          ? `<ol>${report.segments.map((s) => `<li><a href="#segments-${esc(s.by)}">By ${esc(s.label)}</a></li>`).join('')}</ol>`
          : '';
      return `<li><a href="#${id}">${t}</a>${sub}</li>`;
    })
    .join('');

  const notes = report.notes.length ? `<div class="notes" role="note"><ul>${report.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></div>` : '';
  const pairNote = pp.sampled
    ? `<p>Showing a seeded uniform sample of ${fmtNumber(pp.rows.length)} of ${fmtNumber(pp.totalRows)} rows (seed ${pp.seed}).</p>`
    : `<p>All ${fmtNumber(pp.totalRows)} rows${pp.color ? `, coloured by ${esc(pp.color)}` : ''}.</p>`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="convopt ${esc(VERSION)}">
<title>convopt EDA report: ${esc(report.source.label)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>Exploratory data analysis</h1><p class="muted">${esc(report.source.label)} · ${fmtNumber(report.rows)} rows · ${fmtNumber(report.columns.length)} columns</p></header>
<div class="layout">
<nav aria-label="Contents"><ol>${nav}</ol></nav>
<main>
<section id="overview" aria-labelledby="overview-h"><h2 id="overview-h">Overview</h2>
<dl class="facts"><dt>Source</dt><dd>${esc(report.source.label)}</dd><dt>Rows</dt><dd>${fmtNumber(report.rows)}</dd>
${report.source.rowsDropped !== null ? `<dt>Rows dropped at ingest</dt><dd>${fmtNumber(report.source.rowsDropped)}</dd>` : ''}
<dt>Columns</dt><dd>${report.columns.map(esc).join(', ')}</dd>
${report.source.dataHash ? `<dt>Data hash (sha256)</dt><dd><code>${esc(report.source.dataHash)}</code></dd>` : ''}</dl>
${notes}
<p class="muted">KPIs: CTR = clicks / impressions; CPC = spend / clicks; CPM = 1000 · spend / impressions; conversion rate = conversions / clicks; approval rate = approved / conversions; cost per approved conversion = spend / approved. Segment ratios are ratios of segment totals.</p>
</section>
<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Column summary</h2>
${numericTable(numeric)}
${categoricalTable(categorical)}
</section>
<section id="distributions" aria-labelledby="distributions-h"><h2 id="distributions-h">Distributions</h2>
<p>Boxes span the quartiles with the median marked; whiskers reach the furthest values within 1.5 × IQR; red points are outliers beyond them.</p>
${boxHtml}
</section>
<section id="pairs" aria-labelledby="pairs-h"><h2 id="pairs-h">Pair plot</h2>
${pairNote}
${pairHtml}
</section>
<section id="correlations" aria-labelledby="correlations-h"><h2 id="correlations-h">Correlations</h2>
<p>Pearson measures linear association; Spearman ranks the values first (ties averaged), so it measures any monotonic association and resists outliers. Pairs with a missing value are skipped.</p>
${corrHtml}
</section>
<section id="segments" aria-labelledby="segments-h"><h2 id="segments-h">Segments</h2>
<p>Chi-square tests of independence ask whether the share of clicks that convert (and the share of conversions approved) is the same in every segment.</p>
${segHtml || '<p>No segment columns (campaign, age, gender, interest) in the data.</p>'}
</section>
</main>
</div>
<script type="application/json" id="eda-specs">${scriptJson(charts.slots)}</script>
<script>${scriptJs(bundles.vega)}</script>
<script>${scriptJs(bundles.vegaLite)}</script>
<script>${scriptJs(bundles.vegaEmbed)}</script>
<script>${BOOT}</script>
</body>
</html>
`;
}
