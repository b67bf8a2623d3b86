/**
 * Pipelines page: a run's step DAG drawn as SVG (layered by topological depth, see `lib/dag.ts`),
 * each step showing its status, cached flag and duration; clicking (or Enter on) a step lists its
 * input and output artifacts with downloads. No graph library: the layout is a few lines of code.
 */
import { useMemo, useState, type KeyboardEvent } from 'react';
import { getPipeline, searchRuns } from '../api/runs.js';
import type { Pipeline, PipelineStep } from '../api/types.js';
import { Card, Empty, ErrorBox, fmt, Loading, Page, SelectField } from '../components/ui.js';
import { useApi } from '../components/useApi.js';
import { DEFAULT_GEOMETRY as G, layoutDag } from '../lib/dag.js';
import { href, navigate } from '../router.js';
import { ArtifactTable, StatusBadge, when } from './Experiments.js';

const seconds = (s: PipelineStep) => (s.endedAt === null ? null : (s.endedAt - s.startedAt) / 1000);
/** A wide DAG shrinks to fit the card down to this scale (text stays legible), then scrolls sideways. */
const MIN_SCALE = 0.75;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * What a node shows: a family's training step (`train_HistGradientBoostingRegressor`) as the family
 * without the `train_` prefix and `Regressor` suffix, so the name fits the box; the full step name
 * stays in the tooltip and the accessible label.
 */
const nodeLabel = (stepName: string): string => stepName.replace(/^train_(.+?)(Regressor)?$/, '$1');

function Dag({ pipeline, selected, onSelect }: { pipeline: Pipeline; selected: string | undefined; onSelect: (id: string) => void }) {
  const layout = useMemo(() => layoutDag(pipeline.steps.map((s) => ({ id: s.stepRunId, inputs: s.inputs.map((a) => a.artifactId), outputs: s.outputs.map((a) => a.artifactId) }))), [pipeline]);
  const pos = new Map(layout.nodes.map((n) => [n.id, n]));
  const steps = new Map(pipeline.steps.map((s) => [s.stepRunId, s]));
  const key = (id: string) => (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(id);
    }
  };
  return (
    <div className="dag-wrap" role="region" aria-label="Pipeline graph (scrolls sideways)" tabIndex={0}>
      <svg className="dag" style={{ width: '100%', maxWidth: layout.width, minWidth: Math.round(layout.width * MIN_SCALE) }} viewBox={`0 0 ${layout.width} ${layout.height}`} role="group" aria-label={`Pipeline of ${pipeline.steps.length} steps`}>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#b8c0cf" stroke="none" />
          </marker>
        </defs>
        {layout.edges.map((e) => {
          const a = pos.get(e.from)!;
          const b = pos.get(e.to)!;
          const x1 = a.x + G.nodeWidth;
          const y1 = a.y + G.nodeHeight / 2;
          const x2 = b.x;
          const y2 = b.y + G.nodeHeight / 2;
          const mx = (x1 + x2) / 2;
          return <path key={`${e.from}-${e.to}`} d={`M ${x1} ${y1} C ${mx} ${y1}, ${mx} ${y2}, ${x2 - 2} ${y2}`} markerEnd="url(#arrow)" />;
        })}
        {layout.nodes.map((n) => {
          const s = steps.get(n.id)!;
          const d = seconds(s);
          const cls = `node ${s.cached ? 'cached' : s.status.toLowerCase()} ${selected === n.id ? 'selected' : ''}`;
          return (
            <g
              key={n.id}
              className={cls}
              transform={`translate(${n.x} ${n.y})`}
              tabIndex={0}
              role="button"
              aria-pressed={selected === n.id}
              aria-label={`Step ${s.stepName}: ${s.status.toLowerCase()}${s.cached ? ', from cache' : ''}${d === null ? '' : `, ${fmt(d, 2)} s`}. Show its artifacts.`}
              data-step={s.stepName}
              onClick={() => onSelect(n.id)}
              onKeyDown={key(n.id)}
            >
              <title>{s.stepName}</title>
              <rect width={G.nodeWidth} height={G.nodeHeight} rx={8} />
              <text x={10} y={21}>
                {clip(nodeLabel(s.stepName), 20)}
              </text>
              <text className="sub" x={10} y={40}>
                {s.cached ? 'cached' : s.status.toLowerCase()} · {d === null ? '…' : `${fmt(d, 2)} s`}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

function StepPanel({ step }: { step: PipelineStep }) {
  const d = seconds(step);
  return (
    <Card title={`Step: ${step.stepName}`}>
      <dl className="props">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={step.status} /> {step.cached ? <span className="badge cached">cached</span> : null}
        </dd>
        <dt>Started</dt>
        <dd>{when(step.startedAt)}</dd>
        <dt>Duration</dt>
        <dd>{d === null ? 'still running' : `${fmt(d, 3)} s`}</dd>
        <dt>Cache key</dt>
        <dd>{step.cacheKey ? <code>{step.cacheKey.slice(0, 16)}…</code> : 'none (not cacheable)'}</dd>
        {step.error ? (
          <>
            <dt>Error</dt>
            <dd className="field-error">{step.error}</dd>
          </>
        ) : null}
      </dl>
      <h3>Inputs</h3>
      {step.inputs.length ? <ArtifactTable artifacts={step.inputs} caption={`Inputs of ${step.stepName}`} /> : <p className="hint">This step reads no artifacts (it is a source of the pipeline).</p>}
      <h3>Outputs</h3>
      {step.outputs.length ? <ArtifactTable artifacts={step.outputs} caption={`Outputs of ${step.stepName}`} /> : <p className="hint">This step wrote no artifacts.</p>}
    </Card>
  );
}

function RunPipeline({ runId }: { runId: string }) {
  const pipeline = useApi(() => getPipeline(runId), [runId]);
  const [selected, setSelected] = useState<string>();
  const p = pipeline.data;
  const step = p?.steps.find((s) => s.stepRunId === selected);
  const counts = p ? { cached: p.steps.filter((s) => s.cached).length, failed: p.steps.filter((s) => s.status === 'FAILED').length } : undefined;
  return (
    <>
      {pipeline.loading ? <Loading label="Loading the pipeline…" /> : null}
      <ErrorBox error={pipeline.error} />
      {p && p.steps.length === 0 ? <Empty title="This run recorded no pipeline steps.">Only runs made by <code>convopt train</code> or <code>convopt predict</code> have steps.</Empty> : null}
      {p && p.steps.length > 0 ? (
        <>
          <Card title={`Run ${runId.slice(0, 8)}: ${p.steps.length} steps`}>
            <p className="hint">
              {counts!.cached} from cache, {counts!.failed} failed. Select a step (click, or Tab then Enter) to see its artifacts. <a href={href('experiments', runId)}>Run details</a>
            </p>
            <div className="legend" aria-hidden="true">
              <span className="badge ok">completed</span>
              <span className="badge cached">cached</span>
              <span className="badge bad">failed</span>
              <span className="badge run">running</span>
            </div>
            <Dag pipeline={p} selected={selected} onSelect={setSelected} />
          </Card>
          {step ? <StepPanel step={step} /> : <Empty title="No step selected.">Select a step in the graph to list its inputs and outputs.</Empty>}
        </>
      ) : null}
    </>
  );
}

export function PipelinesPage({ path }: { path: readonly string[] }) {
  const runs = useApi(() => searchRuns({ filter: '', orderBy: 'start_time desc', pageSize: 50 }), []);
  const runId = path[0] ?? runs.data?.runs[0]?.runId;
  return (
    <Page title="Pipelines" intro="The steps of a run as a graph: what ran, what came from cache, how long each took and which artifacts flowed between them.">
      {runs.loading ? <Loading label="Loading runs…" /> : null}
      <ErrorBox error={runs.error} />
      {runs.data ? (
        <div className="toolbar">
          <SelectField
            label="Run"
            value={runId ?? ''}
            options={[...(runId && !runs.data.runs.some((r) => r.runId === runId) ? [{ value: runId, label: runId.slice(0, 8) }] : []), ...runs.data.runs.map((r) => ({ value: r.runId, label: `${r.runId.slice(0, 8)} · ${r.name} · ${when(r.startTime)} · ${r.status.toLowerCase()}` }))]}
            onChange={(v) => navigate(`/pipelines/${encodeURIComponent(v)}`)}
          />
        </div>
      ) : null}
      {runs.data && !runId ? <Empty title="No runs yet.">Pipelines appear here after <code>convopt train</code>.</Empty> : null}
      {runId ? <RunPipeline key={runId} runId={runId} /> : null}
    </Page>
  );
}
