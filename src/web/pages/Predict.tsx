/**
 * Predict page: the single-ad form a marketer fills in (only the fields the served model needs,
 * read from `/health`), with inline validation, and the batch flow — upload a CSV, preview it, score
 * it on the server (`/api/v1/predict/csv`), see row errors and download the scored file.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client.js';
import type { Health, PredictResult } from '../api/types.js';
import { Card, DataTable, download, Empty, ErrorBox, Field, fmt, Loading, Notice, NumberField, Page, SelectField, type Column } from '../components/ui.js';
import { useApi } from '../components/useApi.js';
import { parseCsv } from '../lib/csv.js';

const AGES = ['30-34', '35-39', '40-44', '45-49'];
const CAMPAIGNS = ['916', '936', '1178'];

interface FieldSpec {
  readonly column: string;
  readonly label: string;
  readonly hint: string;
  readonly kind: 'count' | 'money' | 'select' | 'code';
  readonly options?: readonly string[];
}

/** Every input column a model may need, in form order. */
const FIELDS: readonly FieldSpec[] = [
  { column: 'xyz_campaign_id', label: 'Campaign', hint: 'The xyz campaign the ad belongs to.', kind: 'select', options: CAMPAIGNS },
  { column: 'age', label: 'Age bucket', hint: 'Age band of the audience.', kind: 'select', options: AGES },
  { column: 'gender', label: 'Gender', hint: 'Audience gender.', kind: 'select', options: ['M', 'F'] },
  { column: 'interest', label: 'Interest code', hint: 'Facebook interest code (a whole number, e.g. 10, 16, 29).', kind: 'code' },
  { column: 'Impressions', label: 'Impressions', hint: 'Times the ad was shown.', kind: 'count' },
  { column: 'Clicks', label: 'Clicks', hint: 'Clicks on the ad.', kind: 'count' },
  { column: 'Spent', label: 'Spend ($)', hint: 'Amount spent on the ad.', kind: 'money' },
  { column: 'Total_Conversion', label: 'Total conversions', hint: 'People who enquired after seeing the ad.', kind: 'count' },
  { column: 'fb_campaign_id', label: 'Facebook campaign id', hint: 'Facebook campaign identifier.', kind: 'code' },
  { column: 'ad_id', label: 'Ad id', hint: 'Your identifier for the ad.', kind: 'code' },
];

const DEFAULTS: Record<string, string> = { xyz_campaign_id: '1178', age: '30-34', gender: 'M', interest: '16', Impressions: '50000', Clicks: '10', Spent: '15', Total_Conversion: '2', fb_campaign_id: '144531', ad_id: '1' };

/** Inline validation of the form values; returns column → message. */
export function validateAd(values: Record<string, string>, columns: readonly FieldSpec[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const f of columns) {
    const raw = values[f.column] ?? '';
    if (f.kind === 'select') {
      if (!f.options?.includes(raw)) errors[f.column] = `Choose one of ${f.options?.join(', ')}.`;
      continue;
    }
    if (raw.trim() === '') {
      errors[f.column] = `${f.label} is required.`;
      continue;
    }
    const v = Number(raw);
    if (!Number.isFinite(v)) errors[f.column] = `${f.label} must be a number.`;
    else if (v < 0) errors[f.column] = `${f.label} cannot be negative (got ${raw}).`;
    else if (f.kind !== 'money' && !Number.isInteger(v)) errors[f.column] = `${f.label} must be a whole number (got ${raw}).`;
  }
  const num = (c: string) => Number(values[c]);
  if (!errors.Clicks && !errors.Impressions && columns.some((f) => f.column === 'Clicks') && columns.some((f) => f.column === 'Impressions') && num('Clicks') > num('Impressions')) {
    errors.Clicks = `Clicks (${values.Clicks}) cannot exceed impressions (${values.Impressions}).`;
  }
  return errors;
}

function toAd(values: Record<string, string>, columns: readonly FieldSpec[]): Record<string, string | number> {
  const ad: Record<string, string | number> = {};
  for (const f of columns) ad[f.column] = f.column === 'age' || f.column === 'gender' ? values[f.column]! : Number(values[f.column]);
  return ad;
}

function SingleAd({ health }: { health: Health }) {
  const columns = useMemo(() => {
    const need = new Set(health.requiredColumns);
    const known = FIELDS.filter((f) => need.has(f.column));
    // Columns the model needs that the form does not know are asked for as plain numbers.
    const extra = health.requiredColumns.filter((c) => !FIELDS.some((f) => f.column === c)).map((c): FieldSpec => ({ column: c, label: c, hint: 'Required by the served model.', kind: 'money' }));
    return [...known, ...extra];
  }, [health]);
  const [values, setValues] = useState<Record<string, string>>(DEFAULTS);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<PredictResult>();
  /** The inputs the shown result was computed from: once they change, the result is no longer shown. */
  const [scoredFor, setScoredFor] = useState<string>();
  const [error, setError] = useState<unknown>();
  const errors = validateAd(values, columns);
  const invalid = Object.keys(errors).length > 0;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (invalid) return;
    setBusy(true);
    setError(undefined);
    try {
      setResult(await api.post<PredictResult>('/api/v1/predict', { ad: toAd(values, columns) }));
      setScoredFor(JSON.stringify(values));
    } catch (err) {
      setResult(undefined);
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const stale = result !== undefined && scoredFor !== JSON.stringify(values);
  const p = stale ? undefined : result?.predictions[0];
  return (
    <Card title="One ad">
      <form onSubmit={submit} noValidate aria-label="Predict one ad">
        <div className="form-grid">
          {columns.map((f) =>
            f.kind === 'select' ? (
              <SelectField key={f.column} name={f.column} label={f.label} hint={f.hint} value={values[f.column] ?? ''} options={(f.options ?? []).map((o) => ({ value: o, label: o }))} onChange={(v) => setValues({ ...values, [f.column]: v })} error={touched ? errors[f.column] : undefined} />
            ) : (
              <NumberField key={f.column} name={f.column} label={f.label} hint={f.hint} value={values[f.column] ?? ''} min={0} step={f.kind === 'money' ? 'any' : 1} onChange={(v) => setValues({ ...values, [f.column]: v })} error={touched || (values[f.column] ?? '') !== DEFAULTS[f.column] ? errors[f.column] : undefined} />
            ),
          )}
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Predicting…' : 'Predict'}
          </button>
        </div>
      </form>
      {busy ? <Loading label="Scoring the ad…" /> : null}
      <ErrorBox error={error} />
      {stale && !busy ? <p className="hint">The inputs changed since the last prediction: press Predict for the new numbers.</p> : null}
      {p ? (
        <div className="kpis" aria-live="polite" data-testid="prediction">
          <div className="kpi">
            <span>Predicted approved conversions</span>
            <strong data-testid="predicted-value">{fmt(p.predictedApprovedConversions, 3)}</strong>
          </div>
          {p.low !== null && p.high !== null && result?.intervalLevel ? (
            <div className="kpi">
              <span>{Math.round(result.intervalLevel * 100)} % prediction interval</span>
              <strong data-testid="predicted-interval">
                {fmt(p.low, 2)} – {fmt(p.high, 2)}
              </strong>
              <small>from the model's cross-validated errors</small>
            </div>
          ) : null}
          <div className="kpi">
            <span>Cost per approved conversion</span>
            <strong>{p.costPerApprovedConversion === null ? 'n/a' : `$${fmt(p.costPerApprovedConversion)}`}</strong>
          </div>
          <div className="kpi">
            <span>Model</span>
            <strong className="small" data-testid="model-label">{result?.model.label}</strong>
          </div>
        </div>
      ) : null}
      {p && p.costPerApprovedConversion === null ? <p className="hint">Cost per approved conversion is shown only when spend is given and the prediction is above zero.</p> : null}
    </Card>
  );
}

interface Scored {
  readonly header: string[];
  readonly rows: string[][];
  readonly blob: Blob;
  readonly model: string | null;
}

function Batch({ health }: { health: Health }) {
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<string[][]>();
  const [scored, setScored] = useState<Scored>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function choose(f: File | undefined) {
    setFile(f);
    setScored(undefined);
    setError(undefined);
    setPreview(f ? parseCsv(await f.slice(0, 64 * 1024).text(), 6) : undefined);
  }

  async function score() {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    setScored(undefined);
    try {
      const blob = await api.postForBlob('/api/v1/predict/csv', file);
      const table = parseCsv(await blob.text());
      setScored({ header: table[0] ?? [], rows: table.slice(1), blob, model: health.model?.label ?? null });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const errCol = scored ? scored.header.indexOf('error') : -1;
  const bad = scored && errCol >= 0 ? scored.rows.map((r, i) => ({ i, msg: r[errCol] ?? '' })).filter((r) => r.msg !== '') : [];
  return (
    <Card title="Many ads (CSV)">
      <p className="hint">
        The file needs a header row with the columns <code>{health.requiredColumns.join(', ')}</code>. Other columns are kept and passed through.
      </p>
      <Field label="CSV file" hint="Up to the server's upload limit; scored as a stream.">
        {(id, d) => <input id={id} type="file" accept=".csv,text/csv" aria-describedby={d} onChange={(e) => void choose(e.target.files?.[0])} />}
      </Field>
      {preview && preview.length > 0 ? (
        <>
          <h3>Preview of {file?.name}</h3>
          <PreviewTable rows={preview} caption="First rows of the uploaded file" />
          <div className="actions">
            <button type="button" className="primary" onClick={() => void score()} disabled={busy}>
              {busy ? 'Scoring…' : 'Score file'}
            </button>
          </div>
        </>
      ) : file ? (
        <Empty title="The file is empty.">Choose a CSV with a header row and at least one ad.</Empty>
      ) : null}
      {busy ? <Loading label="Scoring the file…" /> : null}
      <ErrorBox error={error} />
      {scored ? (
        <div data-testid="batch-result">
          <Notice kind={bad.length ? 'warning' : 'success'}>
            Scored {scored.rows.length.toLocaleString('en-US')} rows with {scored.model ?? 'the served model'}
            {bad.length ? `; ${bad.length} row${bad.length === 1 ? '' : 's'} could not be scored (listed below).` : '; every row was scored.'}
          </Notice>
          {bad.length ? (
            <div className="row-errors" role="region" aria-label="Row errors">
              <h3>Row errors</h3>
              <ul>
                {bad.slice(0, 50).map((b) => (
                  <li key={b.i}>{b.msg}</li>
                ))}
              </ul>
              {bad.length > 50 ? <p className="hint">…and {bad.length - 50} more in the downloaded file's error column.</p> : null}
            </div>
          ) : null}
          <PreviewTable rows={[scored.header, ...scored.rows.slice(0, 5)]} caption="First scored rows" />
          <div className="actions">
            <button type="button" onClick={() => download(`scored-${file?.name ?? 'ads.csv'}`, scored.blob)}>
              Download scored CSV
            </button>
          </div>
        </div>
      ) : null}
    </Card>
  );
}

function PreviewTable({ rows, caption }: { rows: string[][]; caption: string }) {
  const header = rows[0] ?? [];
  const columns: Column<{ i: number; r: string[] }>[] = header.map((h, j) => ({ key: `${j}`, label: h, render: (x) => x.r[j] ?? '' }));
  return <DataTable rows={rows.slice(1).map((r, i) => ({ i, r }))} columns={columns} caption={caption} rowKey={(x) => String(x.i)} />;
}

export function PredictPage() {
  const health = useApi(() => api.get<Health>('/health'), []);
  return (
    <Page title="Predict" intro="Predicted approved conversions, with the model's prediction interval, and cost per approved conversion for ads, from the model the server is serving.">
      {health.loading ? <Loading label="Asking the server which model it serves…" /> : null}
      {health.error ? (
        health.error instanceof ApiError && health.error.status === 503 ? (
          <Empty title="No model is being served yet.">Train one with <code>convopt train</code> (it registers a champion), then reload this page.</Empty>
        ) : (
          <ErrorBox error={health.error} />
        )
      ) : null}
      {health.data?.model ? (
        <>
          <Notice>
            Serving <strong>{health.data.model.label}</strong> ({health.data.model.modelKind}, feature set “{health.data.model.featureSet}”).
          </Notice>
          <div className="two-col">
            <SingleAd health={health.data} />
            <Batch health={health.data} />
          </div>
        </>
      ) : null}
    </Page>
  );
}
