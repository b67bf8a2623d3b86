/**
 * Optimise: split a budget across audience segments. Budget and constraint inputs on the left; the
 * plan's totals, allocation chart, response curves and table on the right; the plan downloads as CSV.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import type { KeyField, Objective, Plan, PlanRequest } from '../api/types.js';
import { Chart } from '../components/Chart.js';
import { Card, DataTable, download, ErrorBox, Empty, Field, fmt, Loading, NumberField, Page, SelectField } from '../components/ui.js';
import { allocationBars, responseCurves } from '../charts/optimize.js';
import { planToCsv } from '../../optimize/plan-csv.js';

const FIELDS: readonly { key: KeyField; label: string }[] = [
  { key: 'campaign', label: 'Campaign' },
  { key: 'age', label: 'Age' },
  { key: 'gender', label: 'Gender' },
  { key: 'interest', label: 'Interest' },
];

export function OptimisePage() {
  const [budget, setBudget] = useState('50000');
  const [objective, setObjective] = useState<Objective>('max-conversions');
  const [targetCpa, setTargetCpa] = useState('40');
  const [targetConversions, setTargetConversions] = useState('1200');
  const [fields, setFields] = useState<KeyField[]>(['campaign', 'age', 'gender', 'interest']);
  const [maxChange, setMaxChange] = useState(100); // percent; 100 = unconstrained
  const [extrapolate, setExtrapolate] = useState(false);
  const [plan, setPlan] = useState<Plan>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const budgetError = objective !== 'min-spend' && !(Number(budget) > 0) ? 'Enter a budget above 0.' : undefined;
  const cpaError = objective === 'max-under-cpa' && !(Number(targetCpa) > 0) ? 'Enter a cost ceiling above 0.' : undefined;
  const targetError = objective === 'min-spend' && !(Number(targetConversions) > 0) ? 'Enter a target above 0.' : undefined;
  const fieldsError = fields.length === 0 ? 'Choose at least one segment field.' : undefined;
  const invalid = Boolean(budgetError || cpaError || targetError || fieldsError);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (invalid) return;
    const req: PlanRequest = {
      objective,
      segments: fields,
      ...(objective !== 'min-spend' ? { budget: Number(budget) } : {}),
      ...(objective === 'max-under-cpa' ? { targetCpa: Number(targetCpa) } : {}),
      ...(objective === 'min-spend' ? { targetConversions: Number(targetConversions) } : {}),
      ...(maxChange < 100 ? { maxChange: maxChange / 100 } : {}),
      ...(extrapolate ? { allowExtrapolation: true } : {}),
    };
    setBusy(true);
    setError(undefined);
    try {
      setPlan(await api.post<Plan>('/api/v1/optimize', req));
    } catch (err) {
      setError(err);
      setPlan(undefined);
    } finally {
      setBusy(false);
    }
  }

  const bars = useMemo(() => (plan ? allocationBars(plan) : undefined), [plan]);
  const curves = useMemo(() => (plan ? responseCurves(plan) : undefined), [plan]);
  const pct = plan ? Math.round(plan.intervalLevel * 100) : 80;

  return (
    <Page title="Optimise" intro="Where should the next budget go? The plan maximises expected approved conversions across audience segments, using diminishing-returns curves learned from the historic ads.">
      <div className="split">
        <form className="card form" onSubmit={submit} aria-label="Budget and constraints" noValidate>
          <SelectField
            label="Objective"
            value={objective}
            onChange={(v) => setObjective(v as Objective)}
            options={[
              { value: 'max-conversions', label: 'Most conversions for a budget' },
              { value: 'max-under-cpa', label: 'Most conversions under a cost ceiling' },
              { value: 'min-spend', label: 'Cheapest plan for a target' },
            ]}
          />
          {objective !== 'min-spend' ? <NumberField name="budget" label="Budget" value={budget} onChange={setBudget} min={0} error={budgetError} /> : null}
          {objective === 'max-under-cpa' ? <NumberField name="targetCpa" label="Max cost per approved conversion" value={targetCpa} onChange={setTargetCpa} min={0} error={cpaError} /> : null}
          {objective === 'min-spend' ? <NumberField name="targetConversions" label="Target approved conversions" value={targetConversions} onChange={setTargetConversions} min={0} error={targetError} /> : null}
          <fieldset className="field">
            <legend>Segment by</legend>
            {FIELDS.map((f) => (
              <label key={f.key} className="check">
                <input type="checkbox" checked={fields.includes(f.key)} onChange={(e) => setFields((prev) => (e.target.checked ? [...prev, f.key] : prev.filter((x) => x !== f.key)))} /> {f.label}
              </label>
            ))}
            {fieldsError ? (
              <small className="field-error" role="alert">
                {fieldsError}
              </small>
            ) : null}
          </fieldset>
          <Field label={`Max change vs historic mix: ${maxChange >= 100 ? 'no limit' : `±${maxChange}%`}`} hint="Keeps each segment near its historic share of the budget.">
            {(id, d) => <input id={id} type="range" min={0} max={100} step={5} value={maxChange} aria-describedby={d} onChange={(e) => setMaxChange(Number(e.target.value))} />}
          </Field>
          <div className="field">
            <label className="check">
              <input type="checkbox" checked={extrapolate} onChange={(e) => setExtrapolate(e.target.checked)} aria-describedby="extrapolate-hint" /> Allow more spend per ad than the history saw
            </label>
            <small id="extrapolate-hint" className="hint">
              Off: the curves are trusted only within the spend the ads have seen.
            </small>
          </div>
          <button type="submit" className="primary" disabled={busy || invalid}>
            {busy ? 'Optimising…' : 'Optimise'}
          </button>
        </form>
        <div className="results">
          {busy ? <Loading label="Fitting response curves and solving…" /> : null}
          <ErrorBox error={error} />
          {!plan && !busy && !error ? <Empty title="No plan yet">Set a budget and press Optimise.</Empty> : null}
          {plan ? (
            <>
              <div className="kpis" aria-label="Plan totals">
                <div className="kpi">
                  <span>Spend</span>
                  <strong data-testid="plan-spend">{fmt(plan.totals.spend, 0)}</strong>
                </div>
                <div className="kpi">
                  <span>Approved conversions</span>
                  <strong data-testid="plan-conversions">{fmt(plan.totals.expectedConversions, 1)}</strong>
                  <small>
                    {pct}% interval {fmt(plan.totals.interval?.low, 0)}–{fmt(plan.totals.interval?.high, 0)}; {fmt(plan.totals.baselineConversions, 1)} of them at zero spend
                  </small>
                </div>
                <div className="kpi">
                  <span>Cost per approved conversion</span>
                  <strong>{fmt(plan.totals.costPerConversion)}</strong>
                  <small>{fmt(plan.totals.costPerIncrementalConversion)} per conversion above the zero-spend baseline</small>
                </div>
                <div className="kpi">
                  <span>Uplift vs historic mix</span>
                  <strong>
                    {plan.totals.uplift >= 0 ? '+' : ''}
                    {fmt(plan.totals.uplift, 1)}
                  </strong>
                  <small>{plan.totals.upliftPercent === null ? '' : `${fmt(plan.totals.upliftPercent, 1)}%`}</small>
                </div>
              </div>
              {plan.notes.map((n) => (
                <p key={n} className="note">
                  {n}
                </p>
              ))}
              <div className="actions">
                <button type="button" onClick={() => download('convopt-plan.csv', planToCsv(plan))}>
                  Download plan (CSV)
                </button>
              </div>
              <Card title="Allocation (top segments)">{bars ? <Chart spec={bars} label="Bar chart of planned spend per segment beside the historic mix" /> : null}</Card>
              <Card title="Response curves">{curves ? <Chart spec={curves} label="Expected conversions against spend for the top segments" /> : null}</Card>
              <DataTable
                caption={`Plan for ${plan.segments.length} segments`}
                rows={plan.segments.filter((s) => s.spend > 0.005)}
                rowKey={(s) => s.key}
                initialSort={{ key: 'spend', dir: -1 }}
                columns={[
                  { key: 'segment', label: 'Segment', render: (s) => Object.values(s.labels).join(' · ') },
                  { key: 'ads', label: 'Ads', numeric: true, render: (s) => s.ads, sort: (a, b) => a.ads - b.ads },
                  { key: 'hist', label: 'Historic mix', numeric: true, render: (s) => fmt(s.historicMixSpend, 0), sort: (a, b) => a.historicMixSpend - b.historicMixSpend },
                  { key: 'spend', label: 'Plan spend', numeric: true, render: (s) => fmt(s.spend, 0), sort: (a, b) => a.spend - b.spend },
                  { key: 'conv', label: 'Approved conv.', numeric: true, render: (s) => fmt(s.expectedConversions, 1), sort: (a, b) => a.expectedConversions - b.expectedConversions },
                  { key: 'int', label: `${pct}% interval`, numeric: true, render: (s) => (s.interval ? `${fmt(s.interval.low, 1)}–${fmt(s.interval.high, 1)}` : '–') },
                  { key: 'cpa', label: 'Cost/conv.', numeric: true, render: (s) => fmt(s.costPerConversion), sort: (a, b) => (a.costPerConversion ?? Infinity) - (b.costPerConversion ?? Infinity) },
                ]}
              />
            </>
          ) : null}
        </div>
      </div>
    </Page>
  );
}
