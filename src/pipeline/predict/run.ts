/**
 * `runPrediction`: the inference pipeline as a tracked run — resolve the model reference in the
 * registry (`champion`, an alias, `NAME@VERSION` or `NAME@ALIAS`), then load_model → ingest (predict
 * purpose: outcome columns optional) → score, and write the scored table (input columns +
 * `predicted_approved_conversions` + cost per predicted approved conversion) atomically as CSV or
 * Parquet. The run records the model version and the output; step results are cached like training.
 */
import { rename, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConvoptError } from '../../core/errors.js';
import type { Frame } from '../../data/frame.js';
import { writeFrame } from '../../data/write.js';
import { DEFAULT_ALIAS } from '../../registry/registry.js';
import type { ModelVersion } from '../../registry/entities.js';
import { gitCommit } from '../../tracking/git.js';
import type { TrackingStore } from '../../tracking/store.js';
import { ArtifactStore } from '../artifacts/store.js';
import { buildDag } from '../dag.js';
import { trackingRecorder } from '../lineage.js';
import { runPipeline, type PipelineResult, type StepEvent } from '../runner.js';
import { sourceFingerprint } from '../train/run.js';
import { ingestStep, type IngestParams } from '../train/steps/ingest.js';
import { loadModelStep, scoreStep } from './steps.js';

export interface PredictOptions {
  /** `champion` (default), another alias, `NAME@VERSION` or `NAME@ALIAS`. */
  readonly model: string;
  /** Registered model name used when `model` has no `NAME@` part. */
  readonly modelName: string;
  readonly input: string;
  /** Output file (.csv or .parquet); omitted = no file (the result still has the scored artifact). */
  readonly output?: string;
  readonly sheet?: string;
  readonly query?: string;
  readonly columns?: Readonly<Record<string, string>>;
  readonly onInvalid?: 'fail' | 'drop' | 'quarantine';
  readonly quarantine?: string;
  readonly experiment?: string;
  readonly cache?: boolean;
  readonly artifacts?: ArtifactStore;
  readonly onEvent?: (e: StepEvent) => void;
}

export interface PredictResult {
  readonly runId: string;
  readonly status: 'completed' | 'failed';
  readonly model: ModelVersion;
  readonly pipeline: PipelineResult;
  readonly rows?: number;
  readonly totalPredicted?: number;
  /** Level of the interval columns written (e.g. 0.8), or null when the model has none. */
  readonly intervalLevel?: number | null;
  readonly output?: string;
  readonly scoredUri?: string;
  readonly error?: ConvoptError;
}

/** Resolves a model reference to a registered version. NOT_FOUND with a hint when absent. */
export async function resolveModelRef(store: TrackingStore, ref: string, defaultName: string): Promise<ModelVersion> {
  const at = ref.lastIndexOf('@');
  const name = at > 0 ? ref.slice(0, at) : defaultName;
  const what = at > 0 ? ref.slice(at + 1) : ref;
  try {
    if (/^v?\d+$/.test(what)) return await store.registry.getModelVersion(name, Number(what.replace(/^v/, '')));
    return await store.registry.getModelVersionByAlias(name, what || DEFAULT_ALIAS);
  } catch (err) {
    if (err instanceof ConvoptError && err.code === 'NOT_FOUND') {
      throw new ConvoptError('NOT_FOUND', `No registered model matches "${ref}" (model "${name}", ${/^v?\d+$/.test(what) ? 'version' : 'alias'} "${what}") in the tracking store.`, {
        path: '--model',
        value: ref,
        hint: 'Run `convopt train` first, or list versions with `convopt models list`; pass --store if the registry lives elsewhere.',
        cause: err,
      });
    }
    throw err;
  }
}

async function writeAtomic(frame: Frame, path: string): Promise<void> {
  const abs = resolve(path);
  const ext = extname(abs) || '.csv';
  const tmp = join(dirname(abs), `.${basename(abs, ext)}.tmp-${randomBytes(4).toString('hex')}${ext}`);
  try {
    await writeFrame(frame, tmp);
    await rename(tmp, abs);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

/**
 * Scores new ads with a registered model.
 * @example await runPrediction(store, { model: 'champion', modelName: 'convopt', input: 'new_ads.csv', output: 'scored.csv' })
 */
export async function runPrediction(store: TrackingStore, o: PredictOptions): Promise<PredictResult> {
  const version = await resolveModelRef(store, o.model, o.modelName);
  const experiment = await store.getOrCreateExperiment(o.experiment ?? 'predictions');
  const run = await store.createRun({
    experimentId: experiment.experimentId,
    name: 'predict',
    config: { ...o, artifacts: undefined, onEvent: undefined },
    tags: { 'convopt.pipeline': 'inference', 'convopt.model': `${version.name}@${version.version}` },
    gitCommit: gitCommit(),
  });
  try {
    await store.logBatch(run.runId, { params: { model: `${version.name}@${version.version}`, input: o.input, ...(o.output ? { output: o.output } : {}) } });
    const ingestParams: IngestParams = {
      data: o.input,
      sheet: o.sheet ?? null,
      query: o.query ?? null,
      columns: o.columns ?? {},
      onInvalid: o.onInvalid ?? 'fail',
      quarantine: o.quarantine ?? null,
      purpose: 'predict',
      fingerprint: await sourceFingerprint(o.input),
    };
    const dag = buildDag('inference', [
      { id: 'load_model', step: loadModelStep, params: { artifactUri: version.artifactUri, name: version.name, version: version.version } },
      { id: 'ingest', step: ingestStep, params: ingestParams },
      { id: 'score', step: scoreStep, bind: { model: 'load_model.model', table: 'ingest.table' } },
    ]);
    const pipeline = await runPipeline(dag, { artifacts: o.artifacts ?? new ArtifactStore(), recorder: trackingRecorder(store, run.runId), cache: o.cache ?? true, ...(o.onEvent ? { onEvent: o.onEvent } : {}) });
    if (pipeline.status === 'failed') {
      await store.endRun(run.runId, 'FAILED');
      return { runId: run.runId, status: 'failed', model: version, pipeline, ...(pipeline.error instanceof ConvoptError ? { error: pipeline.error } : {}) };
    }
    const summary = (await pipeline.output('score.summary')) as { rows: number; totalPredicted: number; intervalLevel?: number | null };
    if (o.output) await writeAtomic((await pipeline.output('score.scored')) as Frame, o.output);
    await store.logBatch(run.runId, { metrics: { rows_scored: summary.rows, total_predicted_approved_conversions: summary.totalPredicted } });
    await store.endRun(run.runId, 'FINISHED');
    const scoredUri = pipeline.nodes.find((n) => n.nodeId === 'score')?.outputs.scored?.uri;
    return { runId: run.runId, status: 'completed', model: version, pipeline, rows: summary.rows, totalPredicted: summary.totalPredicted, intervalLevel: summary.intervalLevel ?? null, ...(o.output ? { output: resolve(o.output) } : {}), ...(scoredUri ? { scoredUri } : {}) };
  } catch (err) {
    await store.endRun(run.runId, 'FAILED').catch(() => undefined);
    throw err;
  }
}
