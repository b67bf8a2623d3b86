/**
 * `convopt predict`: scores new ads with a registered model (default: the `champion` of model
 * "convopt") through the tracked inference pipeline, writing the input columns plus
 * `predicted_approved_conversions` and `cost_per_predicted_approved_conversion` to --output.
 */
import { Command, Option } from 'commander';
import { DEFAULT_MODEL_NAME } from '../../config/defaults.js';
import { ConvoptError } from '../../core/errors.js';
import { createProgress, formatDuration } from '../../core/progress.js';
import type { PredictResult } from '../../pipeline/predict/run.js';

interface PredictCliOptions {
  model: string;
  modelName?: string;
  input: string;
  output?: string;
  sheet?: string;
  query?: string;
  onInvalid?: 'fail' | 'drop' | 'quarantine';
  quarantine?: string;
  store?: string;
  config?: string;
  cache: boolean;
  json?: boolean;
}

function summary(r: PredictResult): string {
  return [
    `Run ${r.runId}: scored ${r.rows?.toLocaleString('en-US')} ads with ${r.model.name} v${r.model.version} (${r.model.modelKind ?? 'model'}, features ${r.model.featureSet ?? '?'}).`,
    `Total predicted approved conversions: ${r.totalPredicted?.toFixed(2)}.`,
    ...(r.intervalLevel ? [`Each ad's ${Math.round(r.intervalLevel * 100)} % prediction interval is in predicted_approved_conversions_low and _high.`] : []),
    r.output ? `Wrote ${r.output}.` : `No --output given; scored table stored as ${r.scoredUri}.`,
  ].join('\n');
}

export function register(program: Command): void {
  program
    .command('predict')
    .summary('score new ads with a registered model (champion by default)')
    .description("Score new ads with a registered model: adds predicted approved conversions, the model's prediction interval (low and high, 80 % by default) and cost per predicted approved conversion.")
    .requiredOption('--input <path|url>', 'ads to score: CSV/TSV, .xlsx, .parquet or postgres:// URL (outcome columns optional)')
    .option('--output <file>', 'where to write the scored table (.csv or .parquet)')
    .option('--model <ref>', 'champion | <alias> | NAME@VERSION | NAME@ALIAS', 'champion')
    .option('--model-name <name>', `registered model name when --model has no NAME@ (default "${DEFAULT_MODEL_NAME}")`)
    .option('--sheet <name>', 'XLSX sheet')
    .option('--query <sql>', 'SQL for a postgres:// input')
    .addOption(new Option('--on-invalid <policy>', 'invalid rows: fail | drop | quarantine (default fail)').choices(['fail', 'drop', 'quarantine']))
    .option('--quarantine <file>', 'CSV for rejected rows with --on-invalid quarantine')
    .option('--store <uri>', 'tracking store (default $CONVOPT_HOME/convopt.db)')
    .option('--config <file>', 'config file (for store, modelName and data.columns)')
    .option('--no-cache', 'recompute even if this model already scored this exact input')
    .option('--json', 'print the result as JSON')
    .action(async (o: PredictCliOptions) => {
      // Loaded on use so help stays quick (the inference pipeline pulls in the models and DuckDB).
      const [{ loadConfigFile }, { openStore }, { runPrediction }] = await Promise.all([import('../../config/load.js'), import('../../tracking/from-uri.js'), import('../../pipeline/predict/run.js')]);
      const { config } = loadConfigFile(o.config);
      const store = await openStore(o.store ?? config.store);
      const progress = createProgress(process.stderr, { label: 'predict', ...(o.json ? { json: true } : {}) });
      let r: PredictResult;
      try {
        r = await runPrediction(store, {
          model: o.model,
          modelName: o.modelName ?? config.modelName ?? DEFAULT_MODEL_NAME,
          input: o.input,
          ...(o.output !== undefined ? { output: o.output } : {}),
          ...(o.sheet !== undefined ? { sheet: o.sheet } : {}),
          ...(o.query !== undefined ? { query: o.query } : {}),
          ...(config.data?.columns ? { columns: config.data.columns } : {}),
          ...(o.onInvalid !== undefined ? { onInvalid: o.onInvalid } : {}),
          ...(o.quarantine !== undefined ? { quarantine: o.quarantine } : {}),
          cache: o.cache,
          onEvent: (e) => progress.update({ id: e.nodeId, status: e.status, ...(e.durationMs !== undefined ? { durationMs: e.durationMs } : {}), ...(e.error !== undefined ? { error: e.error } : {}) }),
        });
      } finally {
        progress.stop();
        await store.close();
      }
      if (r.status === 'failed') {
        const failed = r.pipeline.nodes.find((n) => n.status === 'failed');
        const e = r.error ?? new ConvoptError('INTERNAL', failed?.error ?? 'The inference pipeline failed.');
        throw new ConvoptError(e.code, `Step "${failed?.nodeId ?? '?'}" failed (run ${r.runId}): ${e.message}`, { ...e.location, ...(e.hint ? { hint: e.hint } : {}), details: e.details });
      }
      if (o.json) {
        const out = { runId: r.runId, model: { name: r.model.name, version: r.model.version, kind: r.model.modelKind }, rows: r.rows, totalPredicted: r.totalPredicted, intervalLevel: r.intervalLevel ?? null, output: r.output ?? null, scoredUri: r.scoredUri ?? null, durationMs: Math.round(r.pipeline.durationMs) };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } else process.stdout.write(`${summary(r)} (${formatDuration(r.pipeline.durationMs)})\n`);
    });
}
