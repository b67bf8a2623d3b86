/**
 * `convopt runs list|show|compare`: browse the tracking store (what MLflow's UI/CLI did): list runs
 * with a filter, show one run with params, metrics, tags, artifacts and steps, and compare runs side
 * by side with differences marked. Also owns the `--store` option and helpers shared with `models`.
 */
import { Command, InvalidArgumentError } from 'commander';
import { ConvoptError } from '../../core/errors.js';
import { openStore } from '../../tracking/from-uri.js';
import type { TrackingStore } from '../../tracking/store.js';
import type { Run } from '../../tracking/entities.js';
import { renderTable, type Cell } from '../format/table.js';

export interface StoreCliOptions {
  store?: string;
  json?: boolean;
}

/** Adds `--store URI` (inherited by subcommands) to a command group. */
export function addStoreOption(cmd: Command): Command {
  // Subcommands inherit this help config, so `runs list --help` also lists --store.
  cmd.configureHelp({ sortSubcommands: true, showGlobalOptions: true });
  return cmd.option('--store <uri>', 'tracking store: SQLite file path / sqlite:path[?mode=ro] or postgres://user:pass@host/db[?schema=s] (default: $CONVOPT_STORE_URI or <home>/convopt.db)');
}

/** Opens the store named by --store (or the default), runs `fn`, always closes it. */
export async function withStore<T>(o: StoreCliOptions, fn: (store: TrackingStore) => Promise<T>): Promise<T> {
  // Opened writable (unless the URI says mode=ro) so a first use creates the store and dead runs are swept.
  const store = await openStore(o.store);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive whole number; got "${v}".`);
  return n;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** `2026-11-29 03:40:12` (UTC): sortable and unambiguous in a terminal. */
export function formatTime(ms: number | null): string {
  return ms === null ? '–' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

function formatDuration(run: Run): string {
  if (run.endTime === null) return run.status === 'RUNNING' ? 'running' : '–';
  const s = (run.endTime - run.startTime) / 1000;
  return s < 60 ? `${s.toFixed(1)}s` : s < 3600 ? `${(s / 60).toFixed(1)}m` : `${(s / 3600).toFixed(1)}h`;
}

const SHORT = 12;

/** A full run id, a unique id prefix (as `runs list` prints), or a unique run name. */
export async function resolveRun(store: TrackingStore, ref: string): Promise<Run> {
  if (/^[0-9a-f]{32}$/.test(ref)) return store.getRun(ref);
  const candidates: Run[] = [];
  if (/^[0-9a-f]{4,31}$/.test(ref)) candidates.push(...(await store.searchRuns({ filter: `run_id LIKE '${ref}%'`, maxResults: 2 })).items);
  if (!candidates.length) candidates.push(...(await store.searchRuns({ filter: `name = '${ref.replace(/'/g, "''")}'`, maxResults: 2 })).items);
  if (candidates.length === 1) return candidates[0];
  if (candidates.length > 1) {
    throw new ConvoptError('INVALID_ARGUMENT', `"${ref}" matches more than one run.`, { value: ref, hint: 'Use more characters of the run id (see `convopt runs list`).' });
  }
  throw new ConvoptError('NOT_FOUND', `No run matches "${ref}" (by id, id prefix or name).`, { value: ref, hint: 'List runs with `convopt runs list` and copy the ID column.' });
}

/**
 * The metrics a run list shows: a training run's headline scores (its best model's, logged without a
 * family prefix) or a prediction run's totals, in that order; other keys only when a page has none of
 * those, then the most common ones (runs logged by hand).
 */
const HEADLINE_METRICS = ['cv_r2_mean', 'holdout_r2', 'holdout_rmse', 'rows_scored', 'total_predicted_approved_conversions'];
function listedMetricKeys(runs: readonly Run[], max = 3): string[] {
  const count = new Map<string, number>();
  for (const r of runs) for (const k of Object.keys(r.metrics)) count.set(k, (count.get(k) ?? 0) + 1);
  const headline = HEADLINE_METRICS.filter((k) => count.has(k)).slice(0, max);
  if (headline.length) return headline;
  return [...count.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, max).map(([k]) => k);
}

/** What a run trained or used: the chosen family of a training run, the model version of a prediction run. */
function runModel(r: Run): string | null {
  return r.tags['convopt.best_model'] ?? r.params.model ?? r.params.kind ?? null;
}

const useColour = (): boolean => process.stdout.isTTY === true && !process.env.NO_COLOR;
const mark = (s: string): string => (useColour() ? `\u001b[1;33m${s}\u001b[0m` : s);

interface ListOptions extends StoreCliOptions {
  experiment?: string;
  filter?: string;
  limit: number;
  orderBy?: string[];
}

async function listRuns(o: ListOptions): Promise<void> {
  await withStore(o, async (store) => {
    let experimentIds: string[] | undefined;
    if (o.experiment !== undefined) {
      const exp = await store.getExperimentByName(o.experiment);
      if (!exp) {
        const known = (await store.listExperiments()).map((e) => e.name);
        throw new ConvoptError('NOT_FOUND', `No experiment named "${o.experiment}".`, { value: o.experiment, hint: known.length ? `Known experiments: ${known.join(', ')}.` : 'No runs have been recorded yet; run `convopt train` first.' });
      }
      experimentIds = [exp.experimentId];
    }
    const page = await store.searchRuns({ ...(experimentIds ? { experimentIds } : {}), ...(o.filter !== undefined ? { filter: o.filter } : {}), ...(o.orderBy ? { orderBy: o.orderBy } : {}), maxResults: o.limit });
    if (o.json) return printJson({ runs: page.items, nextPageToken: page.nextPageToken });
    if (!page.items.length) {
      process.stdout.write(o.filter ? 'No runs match the filter.\n' : 'No runs recorded yet. Train a model (`convopt train`) to create one.\n');
      return;
    }
    const experiments = new Map((await store.listExperiments()).map((e) => [e.experimentId, e.name]));
    const metricKeys = listedMetricKeys(page.items);
    const header = ['ID', 'NAME', 'EXPERIMENT', 'STATUS', 'STARTED (UTC)', 'DURATION', 'MODEL', ...metricKeys];
    const rows: Cell[][] = page.items.map((r) => [r.runId.slice(0, SHORT), r.name, experiments.get(r.experimentId) ?? r.experimentId, r.status, formatTime(r.startTime), formatDuration(r), runModel(r), ...metricKeys.map((k) => r.metrics[k] ?? null)]);
    process.stdout.write(`${renderTable(header, rows)}\n`);
    if (page.nextPageToken) process.stdout.write(`(showing the first ${o.limit}; raise --limit or narrow --filter to see more)\n`);
  });
}

async function showRun(ref: string, o: StoreCliOptions): Promise<void> {
  await withStore(o, async (store) => {
    const run = await resolveRun(store, ref);
    const [experiment, artifacts, steps] = await Promise.all([store.getExperiment(run.experimentId), store.listArtifacts({ runId: run.runId }), store.listStepRuns(run.runId)]);
    if (o.json) return printJson({ run, experiment, artifacts, steps });
    const out: string[] = [];
    out.push(`Run ${run.runId}  (${run.name})`);
    out.push(`  experiment  ${experiment.name}`);
    out.push(`  status      ${run.status}`);
    out.push(`  started     ${formatTime(run.startTime)} UTC   ended ${formatTime(run.endTime)}   duration ${formatDuration(run)}`);
    out.push(`  git commit  ${run.gitCommit ?? '–'}`);
    out.push(`  process     ${run.pid ?? '–'} on ${run.host ?? '–'}`);
    const section = (title: string, header: string[], rows: Cell[][]) => {
      out.push('', title);
      out.push(rows.length ? renderTable(header, rows) : '  (none)');
    };
    section('Params', ['KEY', 'VALUE'], Object.entries(run.params).map(([k, v]) => [k, v]));
    section('Metrics (latest)', ['KEY', 'VALUE'], Object.entries(run.metrics).map(([k, v]) => [k, v]));
    section('Tags', ['KEY', 'VALUE'], Object.entries(run.tags).map(([k, v]) => [k, v]));
    section('Steps', ['STEP', 'STATUS', 'CACHED', 'STARTED (UTC)', 'INPUTS', 'OUTPUTS'], steps.map((s) => [s.stepName, s.status, s.cached ? 'yes' : 'no', formatTime(s.startedAt), s.inputArtifactIds.length, s.outputArtifactIds.length]));
    section('Artifacts', ['NAME', 'KIND', 'SIZE', 'SHA256', 'URI'], artifacts.map((a) => [a.name, a.kind, a.size, a.sha256.slice(0, 12), a.uri]));
    if (run.config !== null) out.push('', 'Config', JSON.stringify(run.config, null, 2));
    process.stdout.write(`${out.join('\n')}\n`);
  });
}

async function compareRuns(refs: string[], o: StoreCliOptions): Promise<void> {
  if (refs.length < 2) throw new ConvoptError('INVALID_ARGUMENT', 'Compare needs at least two runs.', { hint: 'Pass two or more run ids, e.g. `convopt runs compare 3f2a 9c1b`.' });
  await withStore(o, async (store) => {
    const runs: Run[] = [];
    for (const r of refs) runs.push(await resolveRun(store, r));
    const paramKeys = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort();
    const metricKeys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
    const differs = (vals: readonly unknown[]) => new Set(vals.map((v) => JSON.stringify(v ?? null))).size > 1;
    const params = paramKeys.map((k) => ({ key: k, values: runs.map((r) => r.params[k] ?? null), differs: differs(runs.map((r) => r.params[k])) }));
    const metrics = metricKeys.map((k) => ({ key: k, values: runs.map((r) => r.metrics[k] ?? null), differs: differs(runs.map((r) => r.metrics[k])) }));
    if (o.json) return printJson({ runs: runs.map((r) => ({ runId: r.runId, name: r.name, status: r.status })), params, metrics });
    const header = ['', 'KEY', ...runs.map((r) => `${r.runId.slice(0, 8)} ${r.name}`.slice(0, 28))];
    const rows = (kind: string, items: typeof params | typeof metrics): Cell[][] => items.map((i) => [i.differs ? mark('≠') : '', `${kind}.${i.key}`, ...i.values]);
    const all = [...rows('params', params), ...rows('metrics', metrics)];
    const status: Cell[] = [differs(runs.map((r) => r.status)) ? mark('≠') : '', 'status', ...runs.map((r) => r.status)];
    // Long values (the model list) are cut so the runs' columns stay side by side; --json has them whole.
    process.stdout.write(`${renderTable(header, [status, ...all], { alignRight: [], maxCellWidth: 40 })}\n`);
    const n = [...params, ...metrics].filter((i) => i.differs).length;
    process.stdout.write(`\n${n} of ${params.length + metrics.length} params/metrics differ (marked ≠).\n`);
  });
}

export function register(program: Command): void {
  const runs = addStoreOption(program.command('runs').summary('list, inspect and compare tracked training runs').description('Browse the runs recorded in the tracking store: each training run with its config, params, metrics, tags, step runs and artifacts.'));
  runs
    .command('list')
    .summary('list runs, newest first')
    .description(
      'List runs, newest first. --filter takes comparisons joined by "and":\n' +
        "  metrics.r2 > 0.7 and params.model = 'RandomForestRegressor' and status = 'FINISHED'\n" +
        'Entities: metrics.KEY, params.KEY, tags.KEY, status, name, run_id, experiment_id, git_commit, start_time, end_time.\n' +
        'Operators: = != < <= > >= (numbers), = != LIKE ILIKE IN (…) NOT IN (…) (text; quote with single quotes).',
    )
    .option('--experiment <name>', 'only runs of this experiment')
    .option('--filter <expr>', 'filter expression (see above)')
    .option('--order-by <clause>', 'sort, e.g. "metrics.r2 desc" (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--limit <n>', 'show at most N runs', positiveInt, 50)
    .option('--json', 'print runs as JSON')
    .addHelpText('after', "\nExamples:\n  convopt runs list\n  convopt runs list --filter \"metrics.r2 > 0.7 and status = 'FINISHED'\" --order-by 'metrics.r2 desc'\n  convopt runs list --store postgres://convopt:convopt@localhost/convopt --json")
    .action(async (o: ListOptions, cmd: Command) => listRuns({ ...cmd.optsWithGlobals<ListOptions>(), ...o }));
  runs
    .command('show')
    .argument('<run>', 'run id, unique id prefix (as printed by `runs list`) or unique run name')
    .summary('show one run: params, metrics, tags, steps, artifacts, config')
    .option('--json', 'print the run as JSON')
    .action(async (ref: string, o: StoreCliOptions, cmd: Command) => showRun(ref, { ...cmd.optsWithGlobals<StoreCliOptions>(), ...o }));
  runs
    .command('compare')
    .argument('<runs...>', 'two or more run ids / prefixes / names')
    .summary('params and metrics of runs side by side, differences marked ≠')
    .option('--json', 'print the comparison as JSON')
    .action(async (refs: string[], o: StoreCliOptions, cmd: Command) => compareRuns(refs, { ...cmd.optsWithGlobals<StoreCliOptions>(), ...o }));
}
