/**
 * Data page: the EDA of the training data from `GET /api/v1/eda` — summary table, box plots, pair
 * plot, correlation heatmap and segment KPIs (tables and bar charts) with segment filters. The charts
 * come from the shared pure builders in `src/charts/`, the same ones the offline HTML report uses.
 */
import { useMemo, useState } from 'react';
import { api } from '../api/client.js';
import type { EdaReport, SegmentKpis } from '../api/types.js';
import { Chart } from '../components/Chart.js';
import { byNumber, Card, DataTable, Empty, ErrorBox, Field, fmt, Loading, Notice, Page, SelectField, type Column } from '../components/ui.js';
import { useApi } from '../components/useApi.js';
import { boxPlotSpec } from '../../charts/box-plot.js';
import { correlationHeatmapSpec } from '../../charts/heatmap.js';
import { scatterMatrixSpec } from '../../charts/scatter-matrix.js';
import { segmentBarSpec } from '../../charts/segment-bar.js';

type Summary = EdaReport['summary'][number];

const KPIS: readonly { key: keyof SegmentKpis; label: string; format: string; digits: number; pct?: boolean }[] = [
  { key: 'costPerApproved', label: 'Cost per approved conversion', format: ',.2f', digits: 2 },
  { key: 'approvalRate', label: 'Approval rate', format: '.1%', digits: 1, pct: true },
  { key: 'conversionRate', label: 'Conversion rate (per click)', format: '.2%', digits: 2, pct: true },
  { key: 'ctr', label: 'CTR', format: '.3%', digits: 3, pct: true },
  { key: 'cpc', label: 'CPC', format: ',.2f', digits: 2 },
  { key: 'cpm', label: 'CPM', format: ',.2f', digits: 2 },
];

const pct = (v: number | null, digits: number) => (v === null ? '–' : `${fmt(v * 100, digits)}%`);

function SummaryTable({ summary }: { summary: readonly Summary[] }) {
  const num = (k: 'mean' | 'std' | 'min' | 'median' | 'max'): Column<Summary> => ({ key: k, label: k, numeric: true, render: (s) => (s.kind === 'numeric' ? fmt(s[k]) : '') });
  const columns: Column<Summary>[] = [
    { key: 'name', label: 'Column', render: (s) => <strong>{s.name}</strong> },
    { key: 'kind', label: 'Type', render: (s) => s.kind },
    { key: 'count', label: 'Count', numeric: true, render: (s) => s.count.toLocaleString('en-US') },
    { key: 'missing', label: 'Missing', numeric: true, render: (s) => s.missing.toLocaleString('en-US') },
    { key: 'distinct', label: 'Distinct', numeric: true, render: (s) => s.distinct.toLocaleString('en-US') },
    num('mean'),
    num('std'),
    num('min'),
    num('median'),
    num('max'),
    { key: 'top', label: 'Most frequent', render: (s) => (s.kind === 'categorical' ? `${s.top ?? '–'} (${s.topCount})` : '') },
  ];
  return <DataTable rows={summary} columns={columns} caption="Summary of every column" rowKey={(s) => s.name} />;
}

function Segments({ report }: { report: EdaReport }) {
  const [by, setBy] = useState(report.segments[0]?.by ?? '');
  const [kpi, setKpi] = useState<keyof SegmentKpis>('costPerApproved');
  const [only, setOnly] = useState<string[]>([]);
  const breakdown = report.segments.find((s) => s.by === by) ?? report.segments[0];
  const spec = KPIS.find((k) => k.key === kpi) ?? KPIS[0]!;
  const rows = useMemo(() => (breakdown ? breakdown.segments.filter((s) => only.length === 0 || only.includes(s.segment)) : []), [breakdown, only]);
  const chart = useMemo(
    () => segmentBarSpec(rows.map((r) => ({ segment: r.segment, value: r[spec.key] as number | null })), { kpiLabel: spec.label, segmentLabel: breakdown?.label ?? by, format: spec.format, width: 'container' }),
    [rows, spec, breakdown, by],
  );
  if (!breakdown) return <Empty title="No segment columns in the data.">Segment KPIs need campaign, age, gender or interest columns.</Empty>;
  const columns: Column<SegmentKpis>[] = [
    { key: 'segment', label: breakdown.label, render: (r) => r.segment, sort: (a, b) => a.segment.localeCompare(b.segment, 'en', { numeric: true }) },
    { key: 'ads', label: 'Ads', numeric: true, render: (r) => r.ads.toLocaleString('en-US'), sort: (a, b) => a.ads - b.ads },
    { key: 'spend', label: 'Spend', numeric: true, render: (r) => fmt(r.spend), sort: (a, b) => a.spend - b.spend },
    { key: 'approved', label: 'Approved', numeric: true, render: (r) => fmt(r.approved, 0), sort: (a, b) => a.approved - b.approved },
    ...KPIS.map((k): Column<SegmentKpis> => ({ key: k.key, label: k.label, numeric: true, render: (r) => (k.pct ? pct(r[k.key] as number | null, k.digits) : fmt(r[k.key] as number | null, k.digits)), sort: byNumber((r: SegmentKpis) => r[k.key] as number | null) })),
  ];
  const test = breakdown.conversionTest;
  return (
    <Card title="Segment KPIs">
      <div className="toolbar">
        <SelectField label="Segment by" value={breakdown.by} options={report.segments.map((s) => ({ value: s.by, label: s.label }))} onChange={(v) => { setBy(v); setOnly([]); }} />
        <SelectField label="KPI to chart" value={kpi} options={KPIS.map((k) => ({ value: k.key, label: k.label }))} onChange={(v) => setKpi(v as keyof SegmentKpis)} />
        <Field label={`Show only these ${breakdown.label} values`} hint="Ctrl/⌘-click to pick several; none = all.">
          {(id, d) => (
            <select id={id} multiple size={Math.min(5, breakdown.segments.length)} aria-describedby={d} value={only} onChange={(e) => setOnly(Array.from(e.target.selectedOptions, (o) => o.value))}>
              {breakdown.segments.map((s) => (
                <option key={s.segment} value={s.segment}>
                  {s.segment}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <DataTable rows={rows} columns={columns} caption={`KPIs by ${breakdown.label}`} rowKey={(r) => r.segment} />
      {test ? (
        <p className="note">
          Do conversion rates differ by {breakdown.label}? χ² = {fmt(test.statistic)} on {test.dof} degrees of freedom, p = {test.pValue < 1e-4 ? test.pValue.toExponential(2) : fmt(test.pValue, 4)} ({test.basis}).
        </p>
      ) : null}
      <Chart spec={chart} label={`${spec.label} by ${breakdown.label}`} />
    </Card>
  );
}

function Correlations({ report }: { report: EdaReport }) {
  const [method, setMethod] = useState<'pearson' | 'spearman'>('pearson');
  const spec = useMemo(() => correlationHeatmapSpec(report.correlation[method], { title: `${method === 'pearson' ? 'Pearson' : 'Spearman'} correlation` }), [report, method]);
  return (
    <Card title="Correlations">
      <div className="toolbar">
        <SelectField label="Method" value={method} options={[{ value: 'pearson', label: 'Pearson (linear)' }, { value: 'spearman', label: 'Spearman (rank)' }]} onChange={(v) => setMethod(v as 'pearson' | 'spearman')} />
      </div>
      <div className="dag-wrap">
        <Chart fixedWidth spec={spec} label={`${method} correlation heatmap of ${report.measures.join(', ')}`} />
      </div>
    </Card>
  );
}

function PairPlot({ report }: { report: EdaReport }) {
  const colorField = report.pairPlot.color;
  const levels = useMemo(() => (colorField ? [...new Set(report.pairPlot.rows.map((r) => String(r[colorField])))].sort() : []), [report, colorField]);
  const [level, setLevel] = useState('');
  const spec = useMemo(() => {
    const rows = colorField && level ? report.pairPlot.rows.filter((r) => String(r[colorField]) === level) : report.pairPlot.rows;
    return scatterMatrixSpec(rows, report.pairPlot.columns, { ...(colorField ? { color: colorField } : {}), cellSize: 110 });
  }, [report, colorField, level]);
  return (
    <Card title="Pair plot">
      {colorField ? (
        <div className="toolbar">
          <SelectField label={`Filter by ${colorField}`} value={level} options={[{ value: '', label: 'All' }, ...levels.map((l) => ({ value: l, label: l }))]} onChange={setLevel} />
        </div>
      ) : null}
      {report.pairPlot.sampled ? <p className="note">A random sample of {report.pairPlot.rows.length.toLocaleString('en-US')} of {report.pairPlot.totalRows.toLocaleString('en-US')} rows (seed {report.pairPlot.seed}).</p> : null}
      <div className="dag-wrap">
        <Chart canvas spec={spec} label={`Pair plot of ${report.pairPlot.columns.join(', ')}`} fixedWidth />
      </div>
    </Card>
  );
}

export function DataPage() {
  const eda = useApi(() => api.get<EdaReport>('/api/v1/eda'), []);
  const r = eda.data;
  return (
    <Page title="Data" intro="What the training data looks like: distributions, relationships between measures and how audience segments perform.">
      {eda.loading ? <Loading label="Analysing the training data…" /> : null}
      <ErrorBox error={eda.error} />
      {r ? (
        <>
          <Notice>
            {r.rows.toLocaleString('en-US')} ads from <code>{r.source.label}</code>
            {r.source.rowsDropped ? `; ${r.source.rowsDropped} invalid rows were left out` : ''}.
          </Notice>
          {r.notes.length ? (
            <ul className="note">
              {r.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
          <SummaryTable summary={r.summary} />
          <Segments report={r} />
          <Card title="Distributions (box plots)">
            {r.boxPlots.length === 0 ? <Empty title="No numeric measures to plot." /> : (
              <div className="dag-wrap">
                <Chart fixedWidth spec={boxPlotSpec(r.boxPlots, { width: Math.max(260, Math.min(640, window.innerWidth - 140)) })} label={`Box plots of ${r.boxPlots.map((b) => `${b.name} (median ${fmt(b.median)})`).join(', ')}`} />
              </div>
            )}
          </Card>
          <Correlations report={r} />
          <PairPlot report={r} />
        </>
      ) : null}
    </Page>
  );
}
