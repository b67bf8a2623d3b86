/**
 * Experiments page: the runs table (server-side filter, sort and pagination, so thousands of runs
 * load one page at a time), a run's detail (config, params, metrics, tags, artifacts, the holdout
 * predicted-vs-actual and residual plots from its evaluate step) and a side-by-side comparison of
 * two or more runs (metric table and chart).
 */
import { useMemo, useState } from 'react';
import { api } from '../api/client.js';
import { artifactUrl, filterExpression, getPipeline, getRun, listExperiments, runSeconds, searchRuns, type RunFilter } from '../api/runs.js';
import type { Pipeline, Run } from '../api/types.js';
import { Chart } from '../components/Chart.js';
import { LeaderboardTable, type LeaderboardView } from '../components/Leaderboard.js';
import { Card, DataTable, Empty, ErrorBox, Field, fmt, Loading, NumberField, Page, SelectField, type Column } from '../components/ui.js';
import { useApi } from '../components/useApi.js';
import { href, navigate } from '../router.js';
import { segmentBarSpec } from '../../charts/segment-bar.js';
import type { TopLevelSpec } from 'vega-lite';

const STATUSES = ['FINISHED', 'FAILED', 'RUNNING', 'KILLED'];
const KINDS = [
  { value: '', label: 'All runs' },
  { value: 'train', label: 'Training runs' },
  { value: 'predict', label: 'Prediction runs' },
];
const ORDERS = [
  { value: 'start_time desc', label: 'Newest first' },
  { value: 'start_time asc', label: 'Oldest first' },
  { value: 'metrics.cv_r2_mean desc', label: 'Best CV R² first' },
  { value: 'metrics.holdout_r2 desc', label: 'Best holdout R² first' },
  { value: 'metrics.holdout_rmse asc', label: 'Lowest holdout RMSE first' },
  { value: 'name asc', label: 'Name A→Z' },
];

export const when = (ms: number) => new Date(ms).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export function StatusBadge({ status }: { status: string }) {
  const cls = status === 'FINISHED' || status === 'COMPLETED' ? 'ok' : status === 'FAILED' || status === 'KILLED' ? 'bad' : status === 'CACHED' ? 'cached' : 'run';
  return <span className={`badge ${cls}`}>{status.toLowerCase()}</span>;
}

function RunsList() {
  const [filter, setFilter] = useState<RunFilter>({});
  const [orderBy, setOrderBy] = useState(ORDERS[0]!.value);
  const [pageSize, setPageSize] = useState('50');
  // Tokens of the pages visited so far: tokens[i] fetches page i (page 0 needs none).
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const [selected, setSelected] = useState<string[]>([]);
  const page = tokens.length - 1;
  const size = Math.min(1000, Math.max(1, Math.round(Number(pageSize)) || 50));
  const expr = filterExpression(filter);
  const runs = useApi(() => searchRuns({ filter: expr, orderBy, pageSize: size, pageToken: tokens[page] }), [expr, orderBy, size, tokens, page]);
  const experiments = useApi(listExperiments, []);
  const change = (f: RunFilter) => {
    setFilter(f);
    setTokens([undefined]);
  };
  const sortBy = (o: string) => {
    setOrderBy(o);
    setTokens([undefined]);
  };
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const columns: Column<Run>[] = [
    {
      key: 'pick',
      label: 'Compare',
      render: (r) => <input type="checkbox" aria-label={`Select run ${r.runId.slice(0, 8)} for comparison`} checked={selected.includes(r.runId)} onChange={() => toggle(r.runId)} />,
    },
    { key: 'run', label: 'Run', orderBy: 'name', render: (r) => <a href={href('experiments', r.runId)}>{r.name} · {r.runId.slice(0, 8)}</a> },
    { key: 'status', label: 'Status', orderBy: 'status', render: (r) => <StatusBadge status={r.status} /> },
    { key: 'start', label: 'Started', orderBy: 'start_time', render: (r) => when(r.startTime) },
    { key: 'dur', label: 'Duration (s)', numeric: true, render: (r) => fmt(runSeconds(r), 1) },
    // A training run's chosen family; a prediction run's model version.
    { key: 'model', label: 'Model', render: (r) => r.tags['convopt.best_model'] ?? r.tags['convopt.model'] ?? '–' },
    { key: 'cv', label: 'CV R²', numeric: true, orderBy: 'metrics.cv_r2_mean', render: (r) => fmt(r.metrics.cv_r2_mean, 4) },
    { key: 'r2', label: 'Holdout R²', numeric: true, orderBy: 'metrics.holdout_r2', render: (r) => fmt(r.metrics.holdout_r2, 4) },
    { key: 'rmse', label: 'Holdout RMSE', numeric: true, orderBy: 'metrics.holdout_rmse', render: (r) => fmt(r.metrics.holdout_rmse, 4) },
  ];
  return (
    <>
      <Card title="Filter and sort">
        <div className="toolbar">
          <SelectField label="Experiment" value={filter.experimentId ?? ''} options={[{ value: '', label: 'All' }, ...(experiments.data ?? []).map((e) => ({ value: e.experimentId, label: e.name }))]} onChange={(v) => change({ ...filter, experimentId: v || undefined })} />
          <SelectField label="Kind" value={filter.kind ?? ''} options={KINDS} onChange={(v) => change({ ...filter, kind: v || undefined })} />
          <SelectField label="Status" value={filter.status ?? ''} options={[{ value: '', label: 'Any status' }, ...STATUSES.map((s) => ({ value: s, label: s.toLowerCase() }))]} onChange={(v) => change({ ...filter, status: v || undefined })} />
          <Field label="Best model" hint="Exact name, e.g. Ridge">
            {(id, d) => <input id={id} aria-describedby={d} value={filter.model ?? ''} onChange={(e) => change({ ...filter, model: e.target.value.trim() || undefined })} />}
          </Field>
          <Field label="Started from">
            {(id) => <input id={id} type="date" value={filter.from ?? ''} onChange={(e) => change({ ...filter, from: e.target.value || undefined })} />}
          </Field>
          <Field label="Started until">
            {(id) => <input id={id} type="date" value={filter.to ?? ''} onChange={(e) => change({ ...filter, to: e.target.value || undefined })} />}
          </Field>
          <SelectField label="Sort" value={orderBy} options={ORDERS.some((o) => o.value === orderBy) ? ORDERS : [...ORDERS, { value: orderBy, label: orderBy }]} onChange={sortBy} />
          <NumberField label="Rows per page" value={pageSize} min={1} step={1} onChange={(v) => { setPageSize(v); setTokens([undefined]); }} />
        </div>
        <div className="actions">
          <button type="button" className="primary" disabled={selected.length < 2} onClick={() => navigate(`/experiments/compare?ids=${selected.map(encodeURIComponent).join(',')}`)}>
            Compare {selected.length} selected run{selected.length === 1 ? '' : 's'}
          </button>
          {selected.length ? (
            <button type="button" onClick={() => setSelected([])}>
              Clear selection
            </button>
          ) : null}
          {selected.length < 2 ? <span className="hint">Tick two or more runs to compare them.</span> : null}
        </div>
      </Card>
      {runs.loading ? <Loading label="Loading runs…" /> : null}
      <ErrorBox error={runs.error} />
      {runs.data && runs.data.runs.length === 0 ? (
        <Empty title={expr ? 'No runs match these filters.' : 'No runs yet.'}>{expr ? 'Clear a filter to see more runs.' : <>Runs appear here after <code>convopt train</code>.</>}</Empty>
      ) : null}
      {runs.data && runs.data.runs.length > 0 ? (
        <>
          <DataTable rows={runs.data.runs} columns={columns} caption={`Runs, page ${page + 1}`} rowKey={(r) => r.runId} serverSort={{ orderBy, onChange: sortBy }} />
          <nav className="pager" aria-label="Pages of runs">
            <button type="button" disabled={page === 0} onClick={() => setTokens(tokens.slice(0, -1))}>
              ← Previous
            </button>
            <span>Page {page + 1}</span>
            <button type="button" disabled={!runs.data.nextPageToken} onClick={() => setTokens([...tokens, runs.data!.nextPageToken ?? undefined])}>
              Next →
            </button>
          </nav>
        </>
      ) : null}
    </>
  );
}

function KeyValues({ rows, caption, digits }: { rows: Record<string, string | number>; caption: string; digits?: number }) {
  const entries = Object.entries(rows).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <Empty title={`No ${caption.toLowerCase()}.`} />;
  return (
    <DataTable
      rows={entries}
      caption={caption}
      rowKey={([k]) => k}
      columns={[
        { key: 'k', label: 'Name', render: ([k]) => k },
        { key: 'v', label: 'Value', numeric: typeof entries[0]![1] === 'number', wrap: typeof entries[0]![1] === 'string', render: ([, v]) => (typeof v === 'number' ? fmt(v, digits ?? 4) : v) },
      ]}
    />
  );
}

type EvalCharts = Record<string, { predictedVsActual: TopLevelSpec; residuals: TopLevelSpec }>;

/**
 * One artifact of a run, by name, fetched once the run's pipeline is known (null when the run has no
 * such artifact). JSON artifacts served as text are parsed here.
 */
function useRunArtifact<T>(pipeline: Pipeline | undefined, name: string, as: 'json' | 'text') {
  const artifact = pipeline?.artifacts.find((a) => a.name === name);
  return useApi<T | null>(async () => {
    if (!artifact) return null;
    const body = await api.get<T | string>(artifactUrl(artifact));
    return (as === 'json' && typeof body === 'string' ? JSON.parse(body) : body) as T;
  }, [artifact?.sha256]);
}

function RunDetail({ id }: { id: string }) {
  const run = useApi(() => getRun(id), [id]);
  const pipeline = useApi(() => getPipeline(id), [id]);
  const experiments = useApi(listExperiments, []);
  const charts = useRunArtifact<EvalCharts>(pipeline.data, 'evaluate.charts', 'json');
  const board = useRunArtifact<LeaderboardView>(pipeline.data, 'evaluate.leaderboard', 'json');
  const logText = useRunArtifact<string>(pipeline.data, 'run.log', 'text');
  const families = charts.data ? Object.keys(charts.data) : [];
  const best = run.data?.tags['convopt.best_model'];
  const [family, setFamily] = useState<string>();
  const shown = family ?? (best && families.includes(best) ? best : families[0]);
  const r = run.data;
  return (
    <Page title={r ? `Run ${r.runId.slice(0, 8)}` : 'Run'} intro={<a href={href('experiments')}>← All runs</a>} actions={r ? <a href={href('pipelines', r.runId)}>View its pipeline DAG</a> : null}>
      {run.loading ? <Loading label="Loading the run…" /> : null}
      <ErrorBox error={run.error} />
      {r ? (
        <>
          <div className="two-col">
            <Card title="Overview">
              <dl className="props">
                <dt>Run id</dt>
                <dd>{r.runId}</dd>
                <dt>Name</dt>
                <dd>{r.name}</dd>
                <dt>Status</dt>
                <dd>
                  <StatusBadge status={r.status} />
                </dd>
                <dt>Started</dt>
                <dd>{when(r.startTime)}</dd>
                <dt>Duration</dt>
                <dd>{runSeconds(r) === null ? 'still running' : `${fmt(runSeconds(r), 1)} s`}</dd>
                <dt>Git commit</dt>
                <dd>{r.gitCommit ?? 'unknown'}</dd>
                <dt>Experiment</dt>
                <dd title={`id ${r.experimentId}`}>{experiments.data?.find((e) => e.experimentId === r.experimentId)?.name ?? r.experimentId}</dd>
              </dl>
            </Card>
            <KeyValues rows={r.tags} caption="Tags" />
          </div>
          {board.data || board.error ? (
            <Card title="Leaderboard">
              <ErrorBox error={board.error} />
              {board.data ? (
                <LeaderboardTable
                  board={board.data}
                  {...(best ? { best } : {})}
                  onPick={(name) => {
                    setFamily(name);
                    document.getElementById('holdout-charts')?.scrollIntoView({ behavior: 'smooth' });
                  }}
                />
              ) : null}
            </Card>
          ) : null}
          <div className="two-col">
            <KeyValues rows={r.params} caption="Parameters" />
            <KeyValues rows={r.metrics} caption="Metrics" />
          </div>
          <Card title="Configuration">
            {r.config === null || r.config === undefined ? <Empty title="This run recorded no configuration." /> : <pre>{JSON.stringify(r.config, null, 2)}</pre>}
          </Card>
          <Card title="Artifacts">
            {pipeline.loading ? <Loading label="Loading artifacts…" /> : null}
            <ErrorBox error={pipeline.error} />
            {pipeline.data && pipeline.data.artifacts.length === 0 ? <Empty title="This run stored no artifacts." /> : null}
            {pipeline.data && pipeline.data.artifacts.length > 0 ? <ArtifactTable artifacts={pipeline.data.artifacts} caption="Artifacts of this run" /> : null}
          </Card>
          <Card title="Holdout predictions" id="holdout-charts">
            {charts.loading ? <Loading label="Loading evaluation charts…" /> : null}
            <ErrorBox error={charts.error} />
            {!charts.loading && families.length === 0 ? <Empty title="No evaluation charts for this run.">Runs that reached the evaluate step store predicted-vs-actual and residual plots.</Empty> : null}
            {families.length > 0 && shown && charts.data ? (
              <>
                <div className="toolbar">
                  <SelectField label="Model family" value={shown} options={families.map((f) => ({ value: f, label: f === best ? `${f} (best)` : f }))} onChange={setFamily} />
                </div>
                <div className="grid2">
                  <Chart spec={charts.data[shown]!.predictedVsActual} label={`${shown}: predicted vs actual approved conversions on the holdout rows`} />
                  <Chart spec={charts.data[shown]!.residuals} label={`${shown}: residuals on the holdout rows`} />
                </div>
              </>
            ) : null}
          </Card>
          <Card title="Log">
            {logText.loading ? <Loading label="Loading the log…" /> : null}
            <ErrorBox error={logText.error} />
            {!logText.loading && !logText.data ? <Empty title="This run stored no log.">Runs record a log of every step from this version of convopt on.</Empty> : null}
            {logText.data ? (
              <pre className="log" tabIndex={0} aria-label="Run log">
                {logText.data}
              </pre>
            ) : null}
          </Card>
        </>
      ) : null}
    </Page>
  );
}

export function ArtifactTable({ artifacts, caption }: { artifacts: readonly { artifactId: string; name: string; kind: string; size: number; sha256: string }[]; caption: string }) {
  return (
    <DataTable
      rows={artifacts}
      caption={caption}
      rowKey={(a) => a.artifactId}
      columns={[
        { key: 'name', label: 'Name', render: (a) => a.name },
        { key: 'kind', label: 'Kind', render: (a) => a.kind },
        { key: 'size', label: 'Size', numeric: true, render: (a) => `${fmt(a.size / 1024, 1)} KB` },
        { key: 'sha', label: 'sha256', render: (a) => <code title={a.sha256}>{a.sha256.slice(0, 12)}…</code> },
        {
          key: 'dl',
          label: 'Download',
          render: (a) => (
            <a href={artifactUrl(a)} download aria-label={`Download ${a.name}`}>
              Download
            </a>
          ),
        },
      ]}
    />
  );
}

function Compare({ ids }: { ids: readonly string[] }) {
  const runs = useApi(() => Promise.all(ids.map(getRun)), [ids.join(',')]);
  const metricNames = useMemo(() => [...new Set((runs.data ?? []).flatMap((r) => Object.keys(r.metrics)))].sort(), [runs.data]);
  const [metric, setMetric] = useState('cv_r2_mean');
  const label = (r: Run) => `${r.runId.slice(0, 8)}${r.tags['convopt.best_model'] ? ` (${r.tags['convopt.best_model']})` : ''}`;
  const chosen = metricNames.includes(metric) ? metric : metricNames[0];
  const spec = useMemo(() => (runs.data && chosen ? segmentBarSpec(runs.data.map((r) => ({ segment: label(r), value: r.metrics[chosen] ?? null })), { kpiLabel: chosen, segmentLabel: 'run', format: ',.4f', width: 'container' }) : null), [runs.data, chosen]);
  if (ids.length < 2) return <Empty title="Pick at least two runs to compare.">Tick runs in the table, then press Compare.</Empty>;
  const data = runs.data;
  return (
    <Page title="Compare runs" intro={<a href={href('experiments')}>← All runs</a>}>
      {runs.loading ? <Loading label="Loading runs…" /> : null}
      <ErrorBox error={runs.error} />
      {data ? (
        <>
          <DataTable
            rows={metricNames}
            caption={`Metrics of ${data.length} runs`}
            rowKey={(m) => m}
            columns={[
              { key: 'metric', label: 'Metric', render: (m) => m },
              ...data.map((r): Column<string> => ({ key: r.runId, label: label(r), numeric: true, render: (m) => fmt(r.metrics[m], 4) })),
            ]}
          />
          <DataTable
            rows={[...new Set(data.flatMap((r) => Object.keys(r.params)))].sort()}
            caption="Parameters"
            rowKey={(p) => p}
            columns={[{ key: 'param', label: 'Parameter', render: (p) => p }, ...data.map((r): Column<string> => ({ key: r.runId, label: label(r), render: (p) => r.params[p] ?? '–' }))]}
          />
          {chosen && spec ? (
            <Card title="Metric chart">
              <div className="toolbar">
                <SelectField label="Metric" value={chosen} options={metricNames.map((m) => ({ value: m, label: m }))} onChange={setMetric} />
              </div>
              <Chart spec={spec} label={`${chosen} of the compared runs`} />
            </Card>
          ) : (
            <Empty title="These runs logged no metrics." />
          )}
        </>
      ) : null}
    </Page>
  );
}

export function ExperimentsPage({ path, query }: { path: readonly string[]; query: URLSearchParams }) {
  if (path[0] === 'compare') return <Compare ids={(query.get('ids') ?? '').split(',').filter(Boolean)} />;
  if (path[0]) return <RunDetail id={path[0]} />;
  return (
    <Page title="Experiments" intro="Every tracked run: training runs with their scores, and prediction runs. Filter and sort on the server; open a run for its details, or tick several to compare.">
      <RunsList />
    </Page>
  );
}
