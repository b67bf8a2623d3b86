/**
 * `convopt train`: the training pipeline (ingest → validate → clean → features → split → one step per
 * model family → evaluate → select → gate), then registration and the champion rule. Shows each
 * step's state live (or as log lines when not a TTY; nothing with --json), then a leaderboard and
 * the registration decision. Exit codes: 0 = trained (registered or not because of the champion
 * rule); 1 = gate failed (a result: the run is FINISHED, nothing registered); catalogue codes for
 * errors (bad config/data, …) with the failing step named.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { TrainOverrides } from '../../config/resolve.js';
import { ConvoptError } from '../../core/errors.js';
import { convoptHome } from '../../core/home.js';
import { createProgress, formatDuration } from '../../core/progress.js';
import { isFeatureSetName, FEATURE_SETS } from '../../features/sets.js';
import type { TrainResult } from '../../pipeline/train/run.js';
import { renderTable } from '../format/table.js';

interface TrainCliOptions {
  config?: string;
  data?: string;
  sheet?: string;
  query?: string;
  features?: string;
  models?: string;
  cache: boolean;
  minR2?: number;
  store?: string;
  seed?: number;
  folds?: number;
  onInvalid?: 'fail' | 'drop' | 'quarantine';
  quarantine?: string;
  experiment?: string;
  modelName?: string;
  workers?: number;
  json?: boolean;
}

function number(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a number; got "${v}".`);
  return n;
}

function wholeNumber(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number ≥ 0; got "${v}".`);
  return n;
}

function overridesOf(o: TrainCliOptions): TrainOverrides {
  if (o.features !== undefined && !isFeatureSetName(o.features)) {
    throw new ConvoptError('INVALID_ARGUMENT', `Unknown feature set "${o.features}".`, { path: '--features', value: o.features, hint: `Use one of: ${FEATURE_SETS.join(', ')}.` });
  }
  const models = o.models?.split(',').map((s) => s.trim()).filter(Boolean);
  if (models !== undefined && models.length === 0) throw new ConvoptError('INVALID_ARGUMENT', 'The --models list is empty.', { path: '--models', hint: 'e.g. --models LinearRegression,RandomForest' });
  return {
    ...(o.data !== undefined ? { data: o.data } : {}),
    ...(o.sheet !== undefined ? { sheet: o.sheet } : {}),
    ...(o.query !== undefined ? { query: o.query } : {}),
    ...(o.features !== undefined && isFeatureSetName(o.features) ? { features: o.features } : {}),
    ...(models ? { models } : {}),
    ...(o.minR2 !== undefined ? { minR2: o.minR2 } : {}),
    ...(o.store !== undefined ? { store: o.store } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.folds !== undefined ? { folds: o.folds } : {}),
    ...(o.onInvalid !== undefined ? { onInvalid: o.onInvalid } : {}),
    ...(o.quarantine !== undefined ? { quarantine: o.quarantine } : {}),
    ...(o.experiment !== undefined ? { experiment: o.experiment } : {}),
    ...(o.modelName !== undefined ? { modelName: o.modelName } : {}),
  };
}

const f4 = (v: number): string => (Number.isFinite(v) ? v.toFixed(4) : '–');

/** The human summary printed after a run. */
export function formatTrainResult(r: TrainResult, reportFile?: string): string {
  const out: string[] = [];
  const cached = r.pipeline.nodes.filter((n) => n.cached).length;
  out.push(`Run ${r.runId}: ${r.status} in ${formatDuration(r.durationMs)} (${cached}/${r.pipeline.nodes.length} steps from cache).`);
  for (const s of r.skippedModels) out.push(`Skipped ${s.name}: ${s.reason}.`);
  if (r.leaderboard) {
    out.push('', `Evaluation: ${r.leaderboard.description}`);
    out.push(
      renderTable(
        ['#', 'model', 'features', 'CV R² mean±std', 'holdout R²', 'RMSE', 'MAE', 'fit time'],
        r.leaderboard.rows.map((x) => [x.rank, x.name, x.featureSet ?? '', `${f4(x.cvR2Mean)} ± ${f4(x.cvR2Std)}`, f4(x.holdoutR2), f4(x.holdoutRmse), f4(x.holdoutMae), formatDuration(x.fitSeconds * 1000)]),
        { alignRight: [0, 3, 4, 5, 6, 7] },
      ),
    );
    const best = r.leaderboard.rows[0];
    const pi = best?.interval;
    if (best && pi && Number.isFinite(pi.cvCoverage)) {
      const pct = (v: number): string => `${Math.round(v * 100)} %`;
      out.push(
        '',
        `Prediction intervals (${pct(pi.level)}) of ${best.name}: they held ${pct(pi.cvCoverage)} of the outcomes across held-out folds (mean width ${pi.cvMeanWidth.toFixed(2)} conversions) and ${pct(pi.holdoutCoverage)} on the holdout rows (${pi.holdoutMeanWidth.toFixed(2)}).`,
      );
    }
  }
  if (r.gate) {
    out.push('', r.gate.passed ? `Gate passed: ${r.gate.reason}.` : `Deployment gate FAILED: ${r.gate.reason}. Nothing was registered (the run itself finished).`);
  }
  if (r.registration) {
    const g = r.registration;
    out.push(`Registered ${g.name} v${g.version}${g.created ? '' : ' (identical model already registered; reused)'}.`);
    out.push(`Champion: ${g.champion.moved ? 'moved' : 'unchanged'} — ${g.champion.reason}.`);
  }
  if (reportFile) out.push(`Report: ${reportFile}`);
  out.push(`Inspect: convopt pipeline show ${r.runId}`);
  return out.join('\n');
}

/** Copies the HTML report artifact to <home>/reports/train-<run>.html (artifact files have no extension, so browsers would not render them). */
async function exportReport(uri: string, runId: string): Promise<string> {
  const dir = join(convoptHome(), 'reports');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `train-${runId}.html`);
  const { ArtifactStore } = await import('../../pipeline/artifacts/store.js');
  await copyFile(new ArtifactStore().path(uri), file);
  return file;
}

function jsonOf(r: TrainResult): unknown {
  return {
    runId: r.runId,
    status: r.status,
    durationMs: Math.round(r.durationMs),
    steps: r.pipeline.nodes.map((n) => ({ step: n.nodeId, status: n.status, cached: n.cached, durationMs: Math.round(n.durationMs), ...(n.error ? { error: n.error } : {}) })),
    skippedModels: r.skippedModels,
    ...(r.plan ? { evaluation: r.plan } : {}),
    ...(r.leaderboard ? { leaderboard: r.leaderboard.rows } : {}),
    ...(r.best ? { best: r.best.name } : {}),
    ...(r.gate ? { gate: r.gate } : {}),
    ...(r.registration ? { registration: r.registration } : {}),
    ...(r.bestModelUri ? { modelUri: r.bestModelUri } : {}),
    ...(r.reportUri ? { reportUri: r.reportUri } : {}),
  };
}

export function register(program: Command): void {
  program
    .command('train')
    .summary('train, evaluate, gate and register models; print the leaderboard')
    .description('Train every model family, evaluate (holdout + k-fold CV), pick the best, gate it, register it and move champion if it wins.')
    .option('--config <file>', 'convopt.config.json or .yaml (default: ./convopt.config.{json,yaml,yml} if present)')
    .option('--data <path|url>', 'training data: CSV/TSV, .xlsx, .parquet or postgres:// URL (default: the bundled dataset)')
    .option('--sheet <name>', 'XLSX sheet')
    .option('--query <sql>', 'SQL for a postgres:// source')
    .option('--features <set>', `feature set: ${FEATURE_SETS.join(' | ')} (default seed)`)
    .option('--models <list>', 'comma-separated model kinds/aliases (default: the default families)')
    .option('--no-cache', 'run every step even if a completed identical step exists')
    .option('--min-r2 <r2>', 'deployment gate on the best mean CV R² (default 0.5)', number)
    .option('--store <uri>', 'tracking store: SQLite path or postgres:// URL (default $CONVOPT_HOME/convopt.db)')
    .option('--seed <n>', 'seed for splits and models (default 42)', wholeNumber)
    .option('--folds <k>', 'CV folds for non-reference data (default 5)', wholeNumber)
    .addOption(new Option('--on-invalid <policy>', 'invalid rows: fail | drop | quarantine (default fail)').choices(['fail', 'drop', 'quarantine']))
    .option('--quarantine <file>', 'CSV for rejected rows with --on-invalid quarantine')
    .option('--experiment <name>', 'tracking experiment (default "default")')
    .option('--model-name <name>', 'registered model name (default "convopt")')
    .option('--workers <n>', 'worker threads for model families (default: CPU count; 0 = in-process)', wholeNumber)
    .option('--json', 'print the result as JSON (no progress display)')
    .action(async (o: TrainCliOptions) => {
      // The pipeline, the config schema and the store load here, not at the top, so help stays quick.
      const [{ loadConfigFile }, { resolveTrainConfig }, { openStore }, { runTraining }] = await Promise.all([
        import('../../config/load.js'),
        import('../../config/resolve.js'),
        import('../../tracking/from-uri.js'),
        import('../../pipeline/train/run.js'),
      ]);
      const { file, config: fileConfig } = loadConfigFile(o.config);
      const overrides = overridesOf(o);
      const config = resolveTrainConfig(fileConfig, overrides);
      const store = await openStore(config.store ?? undefined);
      const progress = createProgress(process.stderr, { label: 'train', ...(o.json ? { json: true } : {}) });
      let result: TrainResult;
      try {
        result = await runTraining(store, {
          config,
          cache: o.cache,
          skipUnavailableModels: overrides.models === undefined && fileConfig.models === undefined,
          configFile: file,
          ...(o.workers !== undefined ? { workers: o.workers } : {}),
          onEvent: (e) => progress.update({ id: e.nodeId, status: e.status, ...(e.durationMs !== undefined ? { durationMs: e.durationMs } : {}), ...(e.fraction !== undefined ? { fraction: e.fraction } : {}), ...(e.note !== undefined ? { note: e.note } : {}), ...(e.error !== undefined ? { error: e.error } : {}) }),
        });
      } finally {
        progress.stop();
        await store.close();
      }
      if (result.status === 'failed') {
        const failed = result.pipeline.nodes.find((n) => n.status === 'failed');
        const e = result.error ?? new ConvoptError('INTERNAL', failed?.error ?? 'The training pipeline failed.');
        throw new ConvoptError(e.code, `Step "${failed?.nodeId ?? '?'}" failed (run ${result.runId}): ${e.message}`, { ...e.location, ...(e.hint ? { hint: e.hint } : {}), details: e.details });
      }
      const reportFile = result.reportUri ? await exportReport(result.reportUri, result.runId) : undefined;
      process.stdout.write(o.json ? `${JSON.stringify({ ...(jsonOf(result) as object), ...(reportFile ? { reportFile } : {}) }, null, 2)}\n` : `${formatTrainResult(result, reportFile)}\n`);
      if (result.gate && !result.gate.passed) process.exitCode = 1;
    });
}
