/**
 * Row → entity mapping, one function per entity, shared by every SQL backend. PostgreSQL returns
 * BIGINT columns as strings, so every numeric field goes through `num`.
 */
import type { ArtifactRecord, Experiment, Metric, Run, RunStatus, StepRun, StepStatus } from '../entities.js';
import type { AliasAction, AliasEvent, ModelVersion, RegisteredModel } from '../../registry/entities.js';
import type { Row } from './driver.js';

export function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}

export function numOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : num(v);
}

function strOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

export function toExperiment(row: Row): Experiment {
  return { experimentId: String(row.experiment_id), name: String(row.name), createdAt: num(row.created_at) };
}

/** Column order of run listings read as arrays (`RUN_SELECT` → `toRunFromArray`). */
export const RUN_COLUMNS = ['run_id', 'experiment_id', 'name', 'status', 'start_time', 'end_time', 'git_commit', 'config', 'pid', 'host', 'heartbeat_at', 'params_json', 'metrics_json', 'tags_json'] as const;
export const RUN_SELECT = RUN_COLUMNS.map((c) => `r.${c}`).join(', ');

/** Same as `toRun` for a row read as an array in RUN_COLUMNS order (the fast path for big listings). */
export function toRunFromArray(a: readonly unknown[]): Run {
  return {
    runId: String(a[0]),
    experimentId: String(a[1]),
    name: String(a[2]),
    status: String(a[3]) as RunStatus,
    startTime: num(a[4]),
    endTime: numOrNull(a[5]),
    gitCommit: strOrNull(a[6]),
    config: a[7] === null || a[7] === undefined ? null : JSON.parse(String(a[7])),
    pid: numOrNull(a[8]),
    host: strOrNull(a[9]),
    heartbeatAt: num(a[10]),
    params: JSON.parse(String(a[11])) as Record<string, string>,
    metrics: JSON.parse(String(a[12])) as Record<string, number>,
    tags: JSON.parse(String(a[13])) as Record<string, string>,
  };
}

/** Runs carry JSON snapshots of params, latest metrics and tags (see migration 002). */
export function toRun(row: Row): Run {
  return {
    runId: String(row.run_id),
    experimentId: String(row.experiment_id),
    name: String(row.name),
    status: String(row.status) as RunStatus,
    startTime: num(row.start_time),
    endTime: numOrNull(row.end_time),
    gitCommit: strOrNull(row.git_commit),
    config: row.config === null || row.config === undefined ? null : JSON.parse(String(row.config)),
    pid: numOrNull(row.pid),
    host: strOrNull(row.host),
    heartbeatAt: num(row.heartbeat_at),
    params: JSON.parse(String(row.params_json)) as Record<string, string>,
    metrics: JSON.parse(String(row.metrics_json)) as Record<string, number>,
    tags: JSON.parse(String(row.tags_json)) as Record<string, string>,
  };
}

export function toMetric(row: Row): Metric {
  return { key: String(row.key), value: num(row.value), step: num(row.step), timestamp: num(row.timestamp) };
}

export function toArtifact(row: Row): ArtifactRecord {
  return {
    artifactId: String(row.artifact_id),
    runId: strOrNull(row.run_id),
    name: String(row.name),
    uri: String(row.uri),
    sha256: String(row.sha256),
    kind: String(row.kind),
    size: num(row.size),
    createdAt: num(row.created_at),
  };
}

export function toStepRun(row: Row, inputs: readonly string[], outputs: readonly string[]): StepRun {
  return {
    stepRunId: String(row.step_run_id),
    runId: String(row.run_id),
    stepName: String(row.step_name),
    status: String(row.status) as StepStatus,
    cached: num(row.cached) === 1,
    cacheKey: strOrNull(row.cache_key),
    startedAt: num(row.started_at),
    endedAt: numOrNull(row.ended_at),
    error: strOrNull(row.error),
    inputArtifactIds: inputs,
    outputArtifactIds: outputs,
  };
}

export function toRegisteredModel(row: Row, aliases: Record<string, number>): RegisteredModel {
  return {
    name: String(row.name),
    description: strOrNull(row.description),
    createdAt: num(row.created_at),
    latestVersion: num(row.latest_version),
    aliases,
  };
}

export function toModelVersion(row: Row, aliases: readonly string[]): ModelVersion {
  return {
    name: String(row.name),
    version: num(row.version),
    runId: strOrNull(row.run_id),
    artifactUri: String(row.artifact_uri),
    metrics: JSON.parse(String(row.metrics)) as Record<string, number>,
    dataHash: strOrNull(row.data_hash),
    featureSet: strOrNull(row.feature_set),
    modelKind: strOrNull(row.model_kind),
    createdAt: num(row.created_at),
    aliases,
  };
}

export function toAliasEvent(row: Row): AliasEvent {
  return {
    eventId: num(row.event_id),
    name: String(row.name),
    alias: String(row.alias),
    action: String(row.action) as AliasAction,
    fromVersion: numOrNull(row.from_version),
    toVersion: numOrNull(row.to_version),
    actor: String(row.actor),
    reason: strOrNull(row.reason),
    at: num(row.at),
  };
}
