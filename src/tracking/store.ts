/**
 * The tracking store contract (after MLflow's abstract tracking store): experiments, runs, params,
 * metrics, tags, artifact records, step runs with lineage, plus the model registry as `registry`.
 * One abstract class is the whole contract; backends (SQLite, PostgreSQL — see `from-uri.ts`)
 * implement the abstract methods, and the conveniences here (`logMetric`, `logParam`, `setTag`,
 * `endRun`, `getOrCreateExperiment`) all go through the one write primitive `logBatch`/`updateRun`.
 *
 * Every method is async. Failures are ConvoptErrors: NOT_FOUND (unknown id/name), ALREADY_EXISTS,
 * CONFLICT (a param re-logged with a different value), INVALID_PARAMETER (bad filter, key or value),
 * STORE_READ_ONLY (store opened read-only or not writable), STORE_UNAVAILABLE (cannot connect),
 * IO_ERROR (disk full or I/O failure). A failed write leaves the store unchanged (transactions).
 */
import type { ArtifactRecord, Experiment, Metric, PagedList, Run, RunStatus, StepRun, StepStatus } from './entities.js';
import type { ModelRegistry } from '../registry/registry.js';

export type * from './entities.js';

export interface NewRun {
  readonly experimentId: string;
  /** Human-readable name; defaults to `run-<first 8 id chars>`. */
  readonly name?: string;
  readonly config?: unknown;
  readonly tags?: Readonly<Record<string, string>>;
  readonly gitCommit?: string | null;
  /** Owner process for the liveness check; default: this process (`process.pid`, `os.hostname()`). */
  readonly pid?: number | null;
  readonly host?: string | null;
  readonly startTime?: number;
}

export interface RunUpdate {
  readonly status?: RunStatus;
  /** Defaults to now when `status` is terminal and no endTime is given. */
  readonly endTime?: number | null;
  readonly name?: string;
}

export interface MetricInput {
  readonly key: string;
  readonly value: number;
  readonly step?: number;
  readonly timestamp?: number;
}

/** The single write path for run data. Params are immutable once logged. */
export interface LogBatch {
  readonly params?: Readonly<Record<string, string | number | boolean>>;
  readonly metrics?: readonly MetricInput[] | Readonly<Record<string, number>>;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface SearchRunsQuery {
  readonly experimentIds?: readonly string[];
  /**
   * e.g. `metrics.r2 > 0.7 and params.model = 'RandomForestRegressor' and status = 'FINISHED'`.
   * See `filter.ts` for the grammar.
   */
  readonly filter?: string;
  /** e.g. `['metrics.r2 desc', 'start_time asc']`; default newest first. */
  readonly orderBy?: readonly string[];
  /** Page size, 1..50,000 (default 1,000). */
  readonly maxResults?: number;
  readonly pageToken?: string | null;
}

export interface NewArtifact {
  readonly runId?: string | null;
  readonly name: string;
  readonly uri: string;
  readonly sha256: string;
  readonly kind: string;
  readonly size: number;
}

export interface NewStepRun {
  readonly runId: string;
  readonly stepName: string;
  readonly cacheKey?: string | null;
  readonly inputArtifactIds?: readonly string[];
}

export interface StepRunEnd {
  readonly status: Exclude<StepStatus, 'RUNNING'>;
  readonly cached?: boolean;
  readonly outputArtifactIds?: readonly string[];
  readonly error?: string | null;
}

export interface DeadRunSweep {
  /** Runs whose heartbeat is older than this are failed when their host cannot be checked (ms). */
  readonly heartbeatTimeoutMs?: number;
}

export abstract class TrackingStore {
  /** The URI the store was opened with (password removed). */
  abstract readonly uri: string;
  abstract readonly backend: 'sqlite' | 'postgres';
  abstract readonly readOnly: boolean;
  /** The model registry in the same database. */
  abstract readonly registry: ModelRegistry;

  // ── experiments ───────────────────────────────────────────────────────────────────────────────
  /** Creates an experiment. ALREADY_EXISTS if the name is taken. */
  abstract createExperiment(name: string): Promise<Experiment>;
  /** NOT_FOUND if no experiment has this id. */
  abstract getExperiment(experimentId: string): Promise<Experiment>;
  /** The experiment with this name, or null. */
  abstract getExperimentByName(name: string): Promise<Experiment | null>;
  /** All experiments, oldest first. */
  abstract listExperiments(): Promise<Experiment[]>;

  // ── runs ──────────────────────────────────────────────────────────────────────────────────────
  /** Starts a RUNNING run in an experiment (with its config, tags, git commit and owner process). NOT_FOUND if the experiment is unknown. */
  abstract createRun(input: NewRun): Promise<Run>;
  /** The run with its params, latest metrics and tags. NOT_FOUND if unknown. */
  abstract getRun(runId: string): Promise<Run>;
  /** Changes status / end time / name. NOT_FOUND if unknown. Returns the updated run. */
  abstract updateRun(runId: string, update: RunUpdate): Promise<Run>;
  /** Refreshes the run's heartbeat (long runs on another host call this periodically). */
  abstract heartbeat(runId: string): Promise<void>;
  /**
   * Logs params, metrics and tags in one transaction. NOT_FOUND if the run is unknown; CONFLICT if a
   * param already has a different value (nothing is written then).
   */
  abstract logBatch(runId: string, batch: LogBatch): Promise<void>;
  /** Every logged value of one metric, by step then time. */
  abstract getMetricHistory(runId: string, key: string): Promise<Metric[]>;
  /** One page of runs matching the query. INVALID_PARAMETER for a bad filter, order or token. */
  abstract searchRuns(query?: SearchRunsQuery): Promise<PagedList<Run>>;
  /**
   * Marks RUNNING runs whose owner process is gone as FAILED: same host → the pid is checked; other
   * hosts → heartbeat older than the timeout. Runs at every writable open. Returns the failed run ids.
   */
  abstract failDeadRuns(options?: DeadRunSweep): Promise<string[]>;

  // ── artifacts and step runs (lineage) ────────────────────────────────────────────────────────
  /** Records an artifact (the bytes live in the ArtifactStore). NOT_FOUND if `runId` is unknown. */
  abstract logArtifact(input: NewArtifact): Promise<ArtifactRecord>;
  /** NOT_FOUND if unknown. */
  abstract getArtifact(artifactId: string): Promise<ArtifactRecord>;
  /** Artifacts of one run (or all), oldest first. */
  abstract listArtifacts(filter?: { runId?: string; sha256?: string }): Promise<ArtifactRecord[]>;
  /** Starts a step run with its input artifacts. NOT_FOUND if the run or an artifact is unknown. */
  abstract startStepRun(input: NewStepRun): Promise<StepRun>;
  /** Ends a step run with its status and output artifacts. NOT_FOUND if unknown. */
  abstract finishStepRun(stepRunId: string, end: StepRunEnd): Promise<StepRun>;
  /** NOT_FOUND if unknown. */
  abstract getStepRun(stepRunId: string): Promise<StepRun>;
  /** Step runs of one run, in start order. */
  abstract listStepRuns(runId: string): Promise<StepRun[]>;
  /** The latest COMPLETED step run with this step name and cache key (for cache hits), or null. */
  abstract findCachedStepRun(stepName: string, cacheKey: string): Promise<StepRun | null>;
  /** The step run that produced the artifact (first one to output it), or null. */
  abstract artifactProducer(artifactId: string): Promise<StepRun | null>;
  /** Step runs that consumed the artifact as input. */
  abstract artifactConsumers(artifactId: string): Promise<StepRun[]>;

  /** Releases connections. The store cannot be used afterwards. */
  abstract close(): Promise<void>;

  // ── conveniences: all derive from logBatch / updateRun / the experiment primitives ────────────
  logMetric(runId: string, key: string, value: number, step = 0, timestamp?: number): Promise<void> {
    return this.logBatch(runId, { metrics: [{ key, value, step, ...(timestamp !== undefined ? { timestamp } : {}) }] });
  }

  logParam(runId: string, key: string, value: string | number | boolean): Promise<void> {
    return this.logBatch(runId, { params: { [key]: value } });
  }

  setTag(runId: string, key: string, value: string): Promise<void> {
    return this.logBatch(runId, { tags: { [key]: value } });
  }

  /** Ends the run (default FINISHED) at now. */
  endRun(runId: string, status: Exclude<RunStatus, 'RUNNING'> = 'FINISHED'): Promise<Run> {
    return this.updateRun(runId, { status });
  }

  /** The experiment with this name, created if missing (safe when two processes race). */
  async getOrCreateExperiment(name: string): Promise<Experiment> {
    const found = await this.getExperimentByName(name);
    if (found) return found;
    try {
      return await this.createExperiment(name);
    } catch (err) {
      const again = await this.getExperimentByName(name);
      if (again) return again;
      throw err;
    }
  }

  /**
   * Sends a heartbeat every `intervalMs` until the returned function is called, so runs that last
   * longer than the heartbeat timeout are not failed by a process on another host opening the store.
   * The timer does not keep the process alive; heartbeat failures are ignored (the next one retries).
   */
  keepAlive(runId: string, intervalMs = 5 * 60_000): () => void {
    const timer = setInterval(() => void this.heartbeat(runId).catch(() => undefined), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Every run matching the query, following page tokens. */
  async searchAllRuns(query: Omit<SearchRunsQuery, 'pageToken'> = {}): Promise<Run[]> {
    const out: Run[] = [];
    let token: string | null = null;
    do {
      const page: PagedList<Run> = await this.searchRuns({ ...query, maxResults: query.maxResults ?? 50_000, pageToken: token });
      out.push(...page.items);
      token = page.nextPageToken;
    } while (token);
    return out;
  }
}

/** Default experiment name used by `convopt train` when none is given. */
export const DEFAULT_EXPERIMENT = 'default';
