/**
 * Models page: registered models, their versions with metrics and lineage (run, data hash, feature
 * set, model kind), the champion alias, promote / rollback, and the alias audit trail. Writes need the server's bearer
 * token when it is not on loopback: on a 401 the page asks for it and retries.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError, getToken, setToken } from '../api/client.js';
import type { AliasEvent, AliasHistory, AliasMove, ModelVersion, RegisteredModel } from '../api/types.js';
import { byNumber, Card, DataTable, Empty, ErrorBox, Field, fmt, Loading, Notice, Page, type Column } from '../components/ui.js';
import { useApi } from '../components/useApi.js';
import { href } from '../router.js';
import { when } from './Experiments.js';

type Action = { kind: 'promote'; version: number } | { kind: 'rollback' };

function TokenForm({ onSaved }: { onSaved: () => void }) {
  const [value, setValue] = useState(getToken() ?? '');
  function submit(e: FormEvent) {
    e.preventDefault();
    setToken(value.trim() || null);
    onSaved();
  }
  return (
    <form onSubmit={submit} className="card" aria-label="Server token">
      <h2>The server needs its token for this change</h2>
      <p className="hint">This server is not on loopback, so promotion and rollback need the token it was started with (<code>CONVOPT_TOKEN</code>). It is kept in this browser only.</p>
      <Field label="Bearer token">
        {(id) => <input id={id} type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" className="primary">
          Save token and retry
        </button>
      </div>
    </form>
  );
}

const version = (v: number | null): string => (v === null ? '–' : `v${v}`);

/** The registered metrics the versions table shows, with their headers. */
const METRIC_LABELS: Readonly<Record<string, string>> = { cv_r2_mean: 'CV R²', holdout_r2: 'Holdout R²', holdout_rmse: 'Holdout RMSE', holdout_mae: 'Holdout MAE' };
const HISTORY_COLUMNS: Column<AliasEvent>[] = [
  { key: 'at', label: 'When', render: (e) => when(e.at) },
  { key: 'alias', label: 'Alias', render: (e) => <span className={`badge ${e.alias === 'champion' ? 'ok' : ''}`}>{e.alias}</span> },
  { key: 'action', label: 'Action', render: (e) => e.action },
  { key: 'move', label: 'Move', render: (e) => `${version(e.fromVersion)} → ${version(e.toVersion)}` },
  { key: 'actor', label: 'By', render: (e) => e.actor },
  { key: 'reason', label: 'Reason', wrap: true, render: (e) => e.reason ?? '–' },
];

function ModelCard({ model, onChanged }: { model: RegisteredModel; onChanged: () => void }) {
  const versions = useApi(() => api.get<{ versions: ModelVersion[] }>(`/api/v1/models/${encodeURIComponent(model.name)}/versions`), [model.name, model.aliases.champion, model.latestVersion]);
  const history = useApi(() => api.get<AliasHistory>(`/api/v1/models/${encodeURIComponent(model.name)}/aliases/history`), [model.name, model.aliases.champion, model.latestVersion]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [needToken, setNeedToken] = useState<Action>();
  const [done, setDone] = useState<AliasMove>();
  const champion = model.aliases.champion;

  async function act(a: Action) {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const path = `/api/v1/models/${encodeURIComponent(model.name)}/${a.kind}`;
      const res = await api.post<AliasMove>(path, a.kind === 'promote' ? { version: a.version, alias: 'champion', reason: 'web app' } : { alias: 'champion', reason: 'web app' });
      setNeedToken(undefined);
      setDone(res);
      onChanged();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setNeedToken(a);
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  const metricKeys = Object.keys(METRIC_LABELS);
  // History is newest first: the champion can go back only if its latest move came from a version.
  const lastChampionMove = history.data?.events.find((e) => e.alias === 'champion');
  const canRollBack = lastChampionMove !== undefined && lastChampionMove.fromVersion !== null;
  const columns: Column<ModelVersion>[] = [
    { key: 'v', label: 'Version', render: (v) => <strong>v{v.version}</strong>, sort: (a, b) => a.version - b.version },
    // The action sits next to the version so it stays in view on narrow screens (the table scrolls).
    {
      key: 'act',
      label: 'Action',
      render: (v) =>
        v.version === champion ? (
          <span className="hint">serving</span>
        ) : (
          <button type="button" disabled={busy} onClick={() => void act({ kind: 'promote', version: v.version })} aria-label={`Promote version ${v.version} of ${model.name} to champion`}>
            Promote to champion
          </button>
        ),
    },
    { key: 'aliases', label: 'Aliases', render: (v) => (v.aliases.length ? v.aliases.map((a) => <span key={a} className={`badge ${a === 'champion' ? 'ok' : ''}`}>{a}</span>) : '–') },
    { key: 'kind', label: 'Model', render: (v) => v.modelKind ?? '–' },
    { key: 'features', label: 'Features', render: (v) => v.featureSet ?? '–' },
    ...metricKeys.map((k): Column<ModelVersion> => ({ key: k, label: METRIC_LABELS[k]!, numeric: true, render: (v) => fmt(v.metrics[k], 4), sort: byNumber((v: ModelVersion) => v.metrics[k]) })),
    {
      key: 'interval',
      label: 'Interval: CV coverage · width',
      numeric: true,
      // Versions registered before intervals existed have none.
      render: (v) => (v.metrics.interval_cv_coverage === undefined ? '–' : `${fmt((v.metrics.interval_level ?? NaN) * 100, 0)} %: ${fmt(v.metrics.interval_cv_coverage * 100, 0)} % · ${fmt(v.metrics.interval_cv_width, 2)}`),
      sort: byNumber((v: ModelVersion) => v.metrics.interval_cv_width),
    },
    { key: 'run', label: 'From run', render: (v) => (v.runId ? <a href={href('experiments', v.runId)}>{v.runId.slice(0, 8)}</a> : '–') },
    { key: 'data', label: 'Data hash', render: (v) => (v.dataHash ? <code title={v.dataHash}>{v.dataHash.slice(0, 10)}…</code> : '–') },
    { key: 'created', label: 'Registered', render: (v) => when(v.createdAt) },
  ];
  return (
    <Card title={model.name}>
      <p>
        Champion: {champion === undefined ? <strong>none yet</strong> : <strong data-testid={`champion-${model.name}`}>v{champion}</strong>} · latest version v{model.latestVersion}
        {model.description ? ` · ${model.description}` : ''}
      </p>
      <div className="actions">
        <button type="button" disabled={busy || champion === undefined || !canRollBack} onClick={() => void act({ kind: 'rollback' })}>
          Roll champion back to the previous version
        </button>
        {champion !== undefined && history.data && !canRollBack ? <span className="hint">Nothing to roll back to: v{champion} was the first champion.</span> : null}
      </div>
      {busy ? <Loading label="Moving the alias…" /> : null}
      {needToken ? <TokenForm onSaved={() => void act(needToken)} /> : null}
      <ErrorBox error={error} />
      {done ? (
        <Notice kind="success">
          {done.event.action === 'rollback' ? 'Rolled back' : 'Promoted'}: champion v{done.event.fromVersion ?? '–'} → v{done.event.toVersion ?? '–'}. The server now serves {done.serving ?? 'no model'}.
        </Notice>
      ) : null}
      {versions.loading ? <Loading label="Loading versions…" /> : null}
      <ErrorBox error={versions.error} />
      {versions.data ? <DataTable rows={versions.data.versions} columns={columns} caption={`Versions of ${model.name}`} rowKey={(v) => String(v.version)} initialSort={{ key: 'v', dir: -1 }} /> : null}
      <h3>Alias history</h3>
      <ErrorBox error={history.error} />
      {history.data && history.data.events.length === 0 ? <p className="hint">No alias has been moved yet.</p> : null}
      {history.data && history.data.events.length > 0 ? <DataTable rows={history.data.events} columns={HISTORY_COLUMNS} caption={`Alias history of ${model.name}, newest first`} rowKey={(e) => String(e.eventId)} /> : null}
    </Card>
  );
}

export function ModelsPage() {
  const models = useApi(() => api.get<{ models: RegisteredModel[] }>('/api/v1/models'), []);
  return (
    <Page title="Models" intro="Registered model versions, what they scored, where they came from, and which one is the champion the server serves.">
      {models.loading ? <Loading label="Loading the registry…" /> : null}
      <ErrorBox error={models.error} />
      {models.data && models.data.models.length === 0 ? <Empty title="No registered models yet.">A successful <code>convopt train</code> registers a version and makes it champion.</Empty> : null}
      {models.data?.models.map((m) => <ModelCard key={m.name} model={m} onChanged={models.reload} />)}
    </Page>
  );
}
