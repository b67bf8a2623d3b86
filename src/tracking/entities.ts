/**
 * Tracking entities: the plain, readonly objects every store returns. Callers never see a database
 * row; each backend maps rows to these through the functions in `rows.ts`. Times are epoch
 * milliseconds (numbers), ids are opaque strings.
 */

export type RunStatus = 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';
export const RUN_STATUSES: readonly RunStatus[] = ['RUNNING', 'FINISHED', 'FAILED', 'KILLED'];

export interface Experiment {
  readonly experimentId: string;
  readonly name: string;
  readonly createdAt: number;
}

export interface Run {
  readonly runId: string;
  readonly experimentId: string;
  readonly name: string;
  readonly status: RunStatus;
  readonly startTime: number;
  readonly endTime: number | null;
  readonly gitCommit: string | null;
  /** The resolved configuration the run was started with (any JSON value). */
  readonly config: unknown;
  /** Process id and host name of the process that owns the run (liveness check). */
  readonly pid: number | null;
  readonly host: string | null;
  readonly heartbeatAt: number;
  readonly params: Readonly<Record<string, string>>;
  /** Latest value of each metric (highest step, then latest timestamp). */
  readonly metrics: Readonly<Record<string, number>>;
  readonly tags: Readonly<Record<string, string>>;
}

export interface Metric {
  readonly key: string;
  readonly value: number;
  readonly step: number;
  readonly timestamp: number;
}

export interface ArtifactRecord {
  readonly artifactId: string;
  readonly runId: string | null;
  readonly name: string;
  readonly uri: string;
  readonly sha256: string;
  readonly kind: string;
  readonly size: number;
  readonly createdAt: number;
}

export type StepStatus = 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CACHED';

export interface StepRun {
  readonly stepRunId: string;
  readonly runId: string;
  readonly stepName: string;
  readonly status: StepStatus;
  /** True when the step's outputs were reused from an earlier step run with the same cache key. */
  readonly cached: boolean;
  readonly cacheKey: string | null;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly error: string | null;
  readonly inputArtifactIds: readonly string[];
  readonly outputArtifactIds: readonly string[];
}

/** One page of a search, with the token for the next page (null on the last page). */
export interface PagedList<T> {
  readonly items: readonly T[];
  readonly nextPageToken: string | null;
}
