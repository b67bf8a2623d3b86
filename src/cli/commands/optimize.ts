/**
 * `convopt optimize`: split a budget across audience segments for the most approved conversions
 * (or the cheapest plan for a target, or the most conversions under a CPA ceiling).
 */
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { ConvoptError } from '../../core/errors.js';
import { loadAds } from '../../data/load.js';
import { historyFromFrame, planBudget, type Objective, type Plan, type PlanRequest } from '../../optimize/plan.js';
import { KEY_FIELDS, type KeyField } from '../../optimize/response/model.js';
import { planToCsv } from '../../optimize/plan-csv.js';
import { formatNumber, renderTable } from '../format/table.js';

function positiveNumber(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative number; got "${v}".`);
    return n;
  };
}

function segmentList(v: string): KeyField[] {
  const fields = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const f of fields) if (!KEY_FIELDS.includes(f as KeyField)) throw new InvalidArgumentError(`unknown segment field "${f}"; use a comma-separated subset of ${KEY_FIELDS.join(',')}.`);
  return fields as KeyField[];
}

function allowList(v: string, prev: Record<string, string[]> = {}): Record<string, string[]> {
  const m = /^(\w+)=(.+)$/.exec(v);
  if (!m) throw new InvalidArgumentError(`expected FIELD=value[,value…], e.g. age=30-34,35-39; got "${v}".`);
  return { ...prev, [m[1]]: m[2].split(',').map((s) => s.trim()) };
}

interface OptimizeOptions {
  data?: string;
  sheet?: string;
  query?: string;
  budget?: number;
  objective?: Objective;
  targetCpa?: number;
  targetConversions?: number;
  segments?: KeyField[];
  allow?: Record<string, string[]>;
  maxChange?: number;
  minSpend?: number;
  maxSpend?: number;
  allowExtrapolation?: boolean;
  bootstrap: number;
  seed: number;
  top: number;
  csv?: string;
  json?: boolean;
}

export function requestFromOptions(o: OptimizeOptions): PlanRequest {
  const objective: Objective = o.objective ?? (o.targetConversions !== undefined ? 'min-spend' : o.targetCpa !== undefined ? 'max-under-cpa' : 'max-conversions');
  return {
    objective,
    ...(o.budget !== undefined ? { budget: o.budget } : {}),
    ...(o.targetCpa !== undefined ? { targetCpa: o.targetCpa } : {}),
    ...(o.targetConversions !== undefined ? { targetConversions: o.targetConversions } : {}),
    ...(o.segments ? { segments: o.segments } : {}),
    ...(o.allow ? { allow: o.allow } : {}),
    ...(o.maxChange !== undefined ? { maxChange: o.maxChange } : {}),
    ...(o.minSpend !== undefined ? { minSpend: o.minSpend } : {}),
    ...(o.maxSpend !== undefined ? { maxSpend: o.maxSpend } : {}),
    ...(o.allowExtrapolation ? { allowExtrapolation: true } : {}),
    bootstrap: o.bootstrap,
    seed: o.seed,
  };
}

function interval(i: { low: number; high: number } | null): string {
  return i ? `${formatNumber(i.low, 1)}–${formatNumber(i.high, 1)}` : '–';
}

/** Spend change against the historic mix: a percentage, or a multiple once it passes ×10 (+900 %). */
function change(spend: number, historic: number): string {
  if (!(historic > 0)) return 'new';
  if (spend > 10 * historic) return `×${formatNumber(spend / historic, 0)}`;
  return `${spend >= historic ? '+' : ''}${formatNumber((100 * (spend - historic)) / historic, 0)}%`;
}

export function renderPlan(plan: Plan, top: number): string {
  // The table lists where the money goes; unfunded segments are summarised below it.
  const funded = plan.segments.filter((s) => s.spend > 0).sort((a, b) => b.spend - a.spend);
  const rows = funded.slice(0, top);
  const unfunded = plan.segments.filter((s) => !(s.spend > 0));
  const unfundedHistoric = unfunded.reduce((sum, s) => sum + s.historicMixSpend, 0);
  const pct = Math.round(plan.intervalLevel * 100);
  const table = renderTable(
    ['segment', 'ads', 'historic mix', 'plan spend', 'change', 'approved conv.', `${pct}% interval`, 'cost/conv.', 'marginal'],
    rows.map((s) => [
      Object.values(s.labels).join(' · '),
      s.ads,
      formatNumber(s.historicMixSpend, 0),
      formatNumber(s.spend, 0),
      change(s.spend, s.historicMixSpend),
      formatNumber(s.expectedConversions, 1),
      interval(s.interval),
      s.costPerConversion === null ? null : formatNumber(s.costPerConversion, 2),
      formatNumber(s.marginalReturn, 4),
    ]),
    { alignRight: [1, 2, 3, 4, 5, 6, 7, 8] },
  );
  const t = plan.totals;
  const lines = [
    `Plan (${plan.objective}) over ${plan.segments.length} segments by ${plan.segmentFields.join(' × ')}: ${funded.length} get spend; the ${rows.length === funded.length ? `${rows.length}` : `top ${rows.length}`} by spend:`,
    '',
    table,
    ...(funded.length > rows.length ? [`… and ${funded.length - rows.length} more funded segments (--top N, --csv FILE or --json for all).`] : []),
    ...(unfunded.length ? [`${unfunded.length} segments get no spend (the historic mix would give them ${formatNumber(unfundedHistoric, 0)}).`] : []),
    '',
    `Total spend              ${formatNumber(t.spend, 2)}`,
    `Expected approved conv.  ${formatNumber(t.expectedConversions, 1)}  (${pct}% interval ${interval(t.interval)})`,
    `  of which at zero spend ${formatNumber(t.baselineConversions, 1)}  (the segments' baseline: their ads convert a little even without spend)`,
    `Cost per approved conv.  ${t.costPerConversion === null ? '–' : formatNumber(t.costPerConversion, 2)}  (per conversion above the baseline: ${t.costPerIncrementalConversion === null ? '–' : formatNumber(t.costPerIncrementalConversion, 2)})`,
    `Historic mix, same spend ${formatNumber(t.historicMixConversions, 1)} conversions`,
    `Uplift                   ${t.uplift >= 0 ? '+' : ''}${formatNumber(t.uplift, 1)} conversions${t.upliftPercent === null ? '' : ` (${t.upliftPercent >= 0 ? '+' : ''}${formatNumber(t.upliftPercent, 1)}%)`}, ${pct}% interval ${interval(t.upliftInterval)}`,
    '',
    `Model: pooled Poisson response, spend scale κ = ${plan.model.kappa}, elasticity γ by campaign ${Object.entries(plan.model.gammas).map(([c, g]) => `${c}: ${g.toFixed(3)}`).join(', ')}; intervals from ${plan.bootstrapReplicates} bootstrap refits (parameter uncertainty).`,
    ...plan.notes.map((n) => `Note: ${n}`),
  ];
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('optimize')
    .summary('allocate a budget across audience segments for the most approved conversions')
    .description('Allocate a budget across audience segments to get the most approved conversions.')
    .option('--data <path>', 'historic ads (CSV/TSV/XLSX/Parquet path or postgres:// URL; default: bundled data)')
    .option('--sheet <name>', 'XLSX sheet')
    .option('--query <sql>', 'SQL query when --data is a PostgreSQL URL')
    .option('--budget <amount>', 'total budget to allocate', positiveNumber('--budget'))
    .option('--objective <kind>', 'max-conversions | min-spend | max-under-cpa (inferred from --target-* when omitted)')
    .option('--target-cpa <amount>', 'maximum cost per approved conversion (max-under-cpa)', positiveNumber('--target-cpa'))
    .option('--target-conversions <n>', 'approved conversions to reach at the lowest spend (min-spend)', positiveNumber('--target-conversions'))
    .option('--segments <fields>', `segment fields, comma-separated subset of ${KEY_FIELDS.join(',')} (default: all four)`, segmentList)
    .option('--allow <field=values>', 'only give budget to these levels, e.g. --allow age=30-34,35-39 (repeatable)', allowList)
    .option('--max-change <fraction>', 'keep each segment within ±fraction of its historic allocation (0.3 = ±30%)', positiveNumber('--max-change'))
    .option('--min-spend <amount>', 'minimum spend per segment', positiveNumber('--min-spend'))
    .option('--max-spend <amount>', 'maximum spend per segment', positiveNumber('--max-spend'))
    .option('--allow-extrapolation', 'allow more spend per ad than the history ever saw (off: curves are trusted only within the observed range)')
    .option('--bootstrap <n>', 'bootstrap refits for the intervals (0 = none)', (v) => Number.parseInt(v, 10), 100)
    .option('--seed <n>', 'random seed', (v) => Number.parseInt(v, 10), 0)
    .option('--top <n>', 'segments to show in the table', (v) => Number.parseInt(v, 10), 20)
    .option('--csv <file>', 'write the whole plan as CSV ("-" for stdout)')
    .option('--json', 'print the plan as JSON')
    .addHelpText(
      'after',
      `
Examples:
  convopt optimize --budget 50000
  convopt optimize --budget 50000 --segments age,gender --max-change 0.3
  convopt optimize --budget 60000 --target-cpa 40 --json
  convopt optimize --target-conversions 1200 --csv plan.csv

The response model is fitted on the historic ads each time (about half a second on the bundled data).`,
    )
    .action(async (o: OptimizeOptions) => {
      const { frame } = await loadAds({ ...(o.data ? { data: o.data } : {}), ...(o.sheet ? { sheet: o.sheet } : {}), ...(o.query ? { query: o.query } : {}), onInvalid: 'drop' });
      if (o.objective && !['max-conversions', 'min-spend', 'max-under-cpa'].includes(o.objective)) {
        throw new ConvoptError('INVALID_ARGUMENT', `Unknown objective "${o.objective}".`, { path: '--objective', hint: 'Use max-conversions, min-spend or max-under-cpa.' });
      }
      const plan = planBudget(historyFromFrame(frame), requestFromOptions(o));
      if (o.csv) {
        const csv = planToCsv(plan);
        if (o.csv === '-') process.stdout.write(csv);
        else writeFileSync(o.csv, csv);
      }
      if (o.json) process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
      else if (o.csv !== '-') process.stdout.write(`${renderPlan(plan, o.top)}\n${o.csv ? `\nWrote the full plan to ${o.csv}.\n` : ''}`);
    });
}
