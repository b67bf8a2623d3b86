/**
 * `runTraining`: the whole `convopt train` as a library call. Opens a tracked run, builds and runs
 * the training DAG (families in worker threads), logs params/metrics/tags, then — if the gate
 * passed — registers the best model and applies the champion rule. Returns everything the CLI
 * prints; never prints itself. Step failures end the run FAILED and come back as `error` (the first
 * step's typed error), not as a throw, so the caller can still show which steps ran.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { randomBytes } from 'node:crypto';
import { ConvoptError } from '../../core/errors.js';
import { sha256 } from '../../core/hash.js';
import { BUNDLED_DATA_PATH } from '../../data/load.js';
import { MODEL_KINDS, resolveModelKind } from '../../models/io/load.js';
import type { TrainConfig, ModelFamily } from '../../config/resolve.js';
import { gitCommit } from '../../tracking/git.js';
import type { TrackingStore } from '../../tracking/store.js';
import { ArtifactStore } from '../artifacts/store.js';
import { WorkerExecutor } from '../executors/workers.js';
import { trackingRecorder } from '../lineage.js';
import { runPipeline, type PipelineResult, type StepEvent } from '../runner.js';
import { buildTrainingDag, trainNodeId } from './dag.js';
import { trainFamilyStep } from './steps/train-family.js';
import { registerAndPromote, type Registration } from './register.js';
import type { Leaderboard, LeaderboardRow } from './leaderboard.js';
import type { GateDecision, Selection } from './steps/select.js';
import type { SplitPlan } from './steps/split.js';

export interface TrainOptions {
  readonly config: TrainConfig;
  /** false = `--no-cache`. */
  readonly cache?: boolean;
  /** Worker threads for model families (default: CPU count; 0 = run everything in-process). */
  readonly workers?: number;
  /** Skip families whose model kind is not available in this build (used for the default family list). */
  readonly skipUnavailableModels?: boolean;
  readonly artifacts?: ArtifactStore;
  readonly onEvent?: (e: StepEvent) => void;
  /** Path of the config file used (recorded as a tag). */
  readonly configFile?: string | null;
}

export interface TrainResult {
  readonly runId: string;
  readonly experimentId: string;
  readonly status: 'completed' | 'failed';
  readonly durationMs: number;
  readonly pipeline: PipelineResult;
  readonly skippedModels: readonly { readonly name: string; readonly reason: string }[];
  readonly leaderboard?: Leaderboard;
  readonly plan?: Omit<SplitPlan, 'holdoutTest' | 'foldOfRow'>;
  readonly best?: Selection;
  readonly gate?: GateDecision;
  readonly registration?: Registration;
  /** The model artifact of the best family. */
  readonly bestModelUri?: string;
  readonly reportUri?: string;
  readonly error?: ConvoptError;
}

/** Fingerprint of the data source's content (ingest's cache-key ingredient). */
export async function sourceFingerprint(data: string | null): Promise<string> {
  if (data && /^postgres(ql)?:\/\//i.test(data)) return `nonce:${randomBytes(8).toString('hex')}`; // databases are re-read every run
  try {
    return `sha256:${sha256(await readFile(data ?? BUNDLED_DATA_PATH))}`;
  } catch {
    return `nonce:${randomBytes(8).toString('hex')}`; // unreadable: let ingest report the real error
  }
}

/** A kind or alias, also accepting family short names without the `Regressor` suffix (`RandomForest`). */
export function resolveFamilyKind(kind: string): string {
  try {
    return resolveModelKind(kind);
  } catch (err) {
    if (!/regressor$/i.test(kind)) {
      try {
        return resolveModelKind(`${kind}Regressor`);
      } catch {
        // fall through to the original, clearer error
      }
    }
    throw err;
  }
}

function partitionFamilies(models: readonly ModelFamily[], skipUnavailable: boolean): { keep: ModelFamily[]; skipped: { name: string; reason: string }[] } {
  const keep: ModelFamily[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const m of models) {
    try {
      keep.push({ ...m, kind: resolveFamilyKind(m.kind) });
    } catch (err) {
      if (!skipUnavailable) throw err;
      skipped.push({ name: m.name, reason: `model kind not available in this build (known: ${Object.keys(MODEL_KINDS).join(', ')})` });
    }
  }
  if (keep.length === 0) throw new ConvoptError('INVALID_CONFIG', 'No model family to train.', { path: 'models', hint: 'List at least one model kind, e.g. --models LinearRegression,Ridge.' });
  return { keep, skipped };
}

/** The scheme id compared by the champion rule. */
export function schemeId(plan: SplitPlan): string {
  return plan.scheme === 'reference' ? 'reference' : `kfold:${plan.folds}:seed=${plan.seed}`;
}

/**
 * Runs `convopt train`.
 * @example const r = await runTraining(await openStore(), { config: resolveTrainConfig({}) });
 */
export async function runTraining(store: TrackingStore, options: TrainOptions): Promise<TrainResult> {
  const t0 = performance.now();
  const { keep, skipped } = partitionFamilies(options.config.models, options.skipUnavailableModels ?? false);
  const config: TrainConfig = { ...options.config, models: keep };
  const fingerprint = await sourceFingerprint(config.data.path);
  const dag = buildTrainingDag(config, fingerprint);
  const artifacts = options.artifacts ?? new ArtifactStore();

  const experiment = await store.getOrCreateExperiment(config.experiment);
  const run = await store.createRun({
    experimentId: experiment.experimentId,
    name: 'train',
    config,
    tags: { 'convopt.pipeline': 'training', ...(options.configFile ? { 'convopt.config_file': options.configFile } : {}) },
    gitCommit: gitCommit(),
  });
  const runId = run.runId;
  // The run's log: every step transition with a timestamp, kept as a text artifact of the run so the
  // web app and `convopt runs show` can show what happened (and when) after the fact.
  const logLines: string[] = [`${new Date().toISOString()} run ${runId} started (experiment ${config.experiment})`];
  const log = (line: string): void => void logLines.push(`${new Date().toISOString()} ${line}`);
  const onEvent = (e: StepEvent): void => {
    if (e.status !== 'running' || e.fraction === undefined) {
      const took = e.durationMs !== undefined ? ` (${(e.durationMs / 1000).toFixed(2)} s)` : '';
      log(`${e.nodeId}: ${e.status}${took}${e.note ? ` — ${e.note}` : ''}${e.error ? ` — ${e.error}` : ''}`);
    }
    options.onEvent?.(e);
  };
  const saveLog = async (status: string): Promise<void> => {
    log(`run ${status}`);
    const text = `${logLines.join('\n')}\n`;
    const ref = await artifacts.put(text, { kind: 'log', name: 'run.log', mediaType: 'text/plain' });
    await store.logArtifact({ runId, name: 'run.log', uri: ref.uri, sha256: ref.sha256, kind: 'log', size: ref.size });
  };
  const workers = options.workers ?? availableParallelism();
  const pool = workers > 0 ? new WorkerExecutor(workers) : undefined;
  // With the cache off every family will be fitted: start the workers now. (With it on, a re-run may
  // need no worker at all, and starting them would only slow it down.)
  if (options.cache === false) pool?.warm([trainFamilyStep.moduleUrl!]);
  // Other hosts judge liveness by heartbeat (same-host readers check the pid): keep it fresh.
  const beat = setInterval(() => void store.heartbeat(runId).catch(() => undefined), 60_000);
  beat.unref();
  let pipeline: PipelineResult;
  try {
    await store.logBatch(runId, {
      params: {
        data: config.data.path ?? 'bundled',
        features: config.features,
        models: keep.map((m) => m.name).join(','),
        cv_folds: config.cv.folds,
        seed: config.seed,
        min_r2: config.gate.minR2,
        cache: options.cache ?? true,
      },
    });
    pipeline = await runPipeline(dag, {
      artifacts,
      recorder: trackingRecorder(store, runId),
      ...(pool ? { workerExecutor: pool } : {}),
      cache: options.cache ?? true,
      seed: config.seed,
      onEvent,
    });
  } catch (err) {
    log(`error: ${(err as Error).message}`);
    await saveLog('failed').catch(() => undefined);
    await store.endRun(runId, 'FAILED').catch(() => undefined);
    throw err;
  } finally {
    clearInterval(beat);
    await pool?.close();
  }

  const base = { runId, experimentId: experiment.experimentId, pipeline, skippedModels: skipped };
  if (pipeline.status === 'failed') {
    await saveLog('failed').catch(() => undefined);
    await store.endRun(runId, 'FAILED');
    return { ...base, status: 'failed', durationMs: performance.now() - t0, ...(pipeline.error instanceof ConvoptError ? { error: pipeline.error } : {}) };
  }

  try {
    const leaderboard = (await pipeline.output('evaluate.leaderboard')) as Leaderboard;
    const plan = (await pipeline.output('split.plan')) as SplitPlan;
    const best = (await pipeline.output('select.best')) as Selection;
    const gate = (await pipeline.output('gate.decision')) as GateDecision;
    const scheme = schemeId(plan);
    const metrics: Record<string, number> = {};
    for (const r of leaderboard.rows) {
      Object.assign(metrics, {
        [`${r.name}.cv_r2_mean`]: r.cvR2Mean,
        [`${r.name}.cv_r2_std`]: r.cvR2Std,
        [`${r.name}.holdout_r2`]: r.holdoutR2,
        [`${r.name}.holdout_rmse`]: r.holdoutRmse,
        [`${r.name}.holdout_mae`]: r.holdoutMae,
        [`${r.name}.holdout_mse`]: r.holdoutMse,
        [`${r.name}.fit_seconds`]: r.fitSeconds,
        ...(r.interval ? { [`${r.name}.interval_cv_coverage`]: r.interval.cvCoverage, [`${r.name}.interval_cv_width`]: r.interval.cvMeanWidth } : {}),
      });
    }
    Object.assign(metrics, { cv_r2_mean: best.cvR2Mean, cv_r2_std: best.cvR2Std, holdout_r2: best.holdoutR2, holdout_rmse: best.holdoutRmse, holdout_mae: best.holdoutMae, ...intervalMetrics(best) });
    for (const k of Object.keys(metrics)) if (!Number.isFinite(metrics[k])) delete metrics[k];
    await store.logBatch(runId, {
      params: { cv_scheme: scheme },
      metrics,
      tags: { 'convopt.best_model': best.name, 'convopt.gate': gate.passed ? 'passed' : 'failed', 'convopt.data_hash': plan.dataHash },
    });
    const trainNode = pipeline.nodes.find((n) => n.nodeId === trainNodeId(best.name))!;
    const bestModel = trainNode.outputs.model!;
    const reportUri = pipeline.nodes.find((n) => n.nodeId === 'evaluate')?.outputs.report?.uri;

    let registration: Registration | undefined;
    if (gate.passed) {
      // The gate's decision is an input too: lineage (and the DAG views) then show register after gate.
      const decision = pipeline.nodes.find((n) => n.nodeId === 'gate')?.outputs.decision;
      const inputs = decision ? [bestModel.artifactId, decision.artifactId] : [bestModel.artifactId];
      const step = await store.startStepRun({ runId, stepName: 'register', cacheKey: null, inputArtifactIds: inputs });
      try {
        registration = await registerAndPromote(store, {
          modelName: config.modelName,
          runId,
          artifactUri: bestModel.uri,
          metrics: { cv_r2_mean: best.cvR2Mean, cv_r2_std: best.cvR2Std, holdout_r2: best.holdoutR2, holdout_rmse: best.holdoutRmse, holdout_mae: best.holdoutMae, holdout_mse: best.holdoutMse, ...intervalMetrics(best) },
          dataHash: plan.dataHash,
          featureSet: best.featureSet ?? config.features,
          modelKind: best.kind,
          scheme,
        });
        await store.finishStepRun(step.stepRunId, { status: 'COMPLETED', cached: false, outputArtifactIds: [] });
      } catch (err) {
        await store.finishStepRun(step.stepRunId, { status: 'FAILED', cached: false, outputArtifactIds: [], error: (err as Error).message }).catch(() => undefined);
        throw err;
      }
      await store.logBatch(runId, { tags: { 'convopt.registered_version': `${registration.name}@${registration.version}`, 'convopt.champion': registration.champion.reason } });
      log(`registered ${registration.name}@${registration.version}; champion: ${registration.champion.reason}`);
    } else {
      log(`gate failed: ${best.name} CV R² ${best.cvR2Mean.toFixed(4)} < ${config.gate.minR2}; nothing registered`);
    }
    log(`best model ${best.name}: CV R² ${best.cvR2Mean.toFixed(4)} ± ${best.cvR2Std.toFixed(4)}, holdout R² ${best.holdoutR2.toFixed(4)}`);
    await saveLog('finished');
    await store.endRun(runId, 'FINISHED');
    const { holdoutTest: _h, foldOfRow: _f, ...planSummary } = plan;
    return {
      ...base,
      status: 'completed',
      durationMs: performance.now() - t0,
      leaderboard,
      plan: planSummary,
      best,
      gate,
      bestModelUri: bestModel.uri,
      ...(reportUri ? { reportUri } : {}),
      ...(registration ? { registration } : {}),
    };
  } catch (err) {
    log(`error: ${(err as Error).message}`);
    await saveLog('failed').catch(() => undefined);
    await store.endRun(runId, 'FAILED').catch(() => undefined);
    throw err;
  }
}

/** The chosen family's prediction-interval figures as run and model-version metrics (none for old leaderboards). */
function intervalMetrics(row: LeaderboardRow): Record<string, number> {
  const pi = row.interval;
  if (!pi) return {};
  return { interval_level: pi.level, interval_cv_coverage: pi.cvCoverage, interval_cv_width: pi.cvMeanWidth, interval_holdout_coverage: pi.holdoutCoverage, interval_holdout_width: pi.holdoutMeanWidth };
}
