/**
 * The pipeline engine and the two pipelines built on it. Engine: typed steps, DAG validation, cache
 * keys, the concurrent runner, executors (in-process, worker threads), lineage recorders and the
 * content-addressed artifact store. Pipelines: training (`runTraining`) and inference
 * (`runPrediction`), plus `describeRun` for `convopt pipeline show`.
 */
export { defineStep, type PortType, type Step, type StepContext, type StepParams } from './step.js';
export { buildDag, parseRef, type Dag, type DagNode } from './dag.js';
export { CACHE_KEY_VERSION, cacheIngredients, cacheKey, type CacheIngredients } from './cache-key.js';
export { nodeSeed, runPipeline, type ArtifactInfo, type NodeResult, type NodeStatus, type PipelineResult, type RunPipelineOptions, type StepEvent } from './runner.js';
export { MemoryRecorder, trackingRecorder, type CachedOutputs, type RecordedArtifact, type Recorder } from './lineage.js';
export type { Executor, InputPort, OutputPayload } from './executors/executor.js';
export { inProcessExecutor } from './executors/in-process.js';
export { WorkerExecutor } from './executors/workers.js';
export { ARTIFACT_URI_PREFIX, ArtifactStore, type ArtifactKind, type ArtifactMeta, type ArtifactRef } from './artifacts/store.js';
export { MATERIALIZERS, materializerFor, type Materializer } from './artifacts/materializers/index.js';
export { runTraining, resolveFamilyKind, schemeId, sourceFingerprint, type TrainOptions, type TrainResult } from './train/run.js';
export { buildTrainingDag, trainNodeId } from './train/dag.js';
export { championDecision, registerAndPromote, type ChampionDecision, type RegisterInput, type Registration } from './train/register.js';
export type { Leaderboard, LeaderboardRow } from './train/leaderboard.js';
export type { GateDecision, Selection } from './train/steps/select.js';
export type { SplitPlan } from './train/steps/split.js';
export type { FamilyScores } from './train/steps/train-family.js';
export { runPrediction, resolveModelRef, type PredictOptions, type PredictResult } from './predict/run.js';
export { COST_COLUMN, PREDICTION_COLUMN, scoreFrame } from './predict/steps.js';
export { describeRun, pipelineMermaid, pipelineText, type ShownPipeline, type ShownStep } from './show.js';
