/**
 * The tracking store on SQL: one implementation of the `TrackingStore` contract shared by the SQLite
 * and PostgreSQL drivers (the dialect differences live in the drivers). Every multi-row write runs in
 * one transaction, so a crash or a failed write leaves the store as it was.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ConvoptError, formatValue, invalidParameter } from '../../core/errors.js';
import { RUN_STATUSES, type ArtifactRecord, type Experiment, type Metric, type PagedList, type Run, type StepRun } from '../entities.js';
import { parseFilter, parseOrderBy } from '../filter.js';
import { isProcessAlive } from '../liveness.js';
import {
  TrackingStore,
  type DeadRunSweep,
  type LogBatch,
  type MetricInput,
  type NewArtifact,
  type NewRun,
  type NewStepRun,
  type RunUpdate,
  type SearchRunsQuery,
  type StepRunEnd,
} from '../store.js';
import { SqlModelRegistry } from '../../registry/sql-registry.js';
import { ConstraintViolation, type Row, type SqlDriver, type SqlExecutor, type SqlValue } from './driver.js';
import { compileFilter, compileOrderBy } from './filter-sql.js';
import { RUN_SELECT, toArtifact, toExperiment, toMetric, toRun, toRunFromArray, toStepRun } from './rows.js';

export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 60 * 60 * 1000;
const MAX_KEY = 250;
const MAX_PARAM_VALUE = 6000;
const MAX_TAG_VALUE = 8000;
const CHUNK = 400;

export function newId(): string {
  return randomUUID().replace(/-/g, '');
}

let sequence = 0;

/**
 * Time-ordered id (ms timestamp, per-process counter, random tail; 32 hex chars) for rows listed in
 * creation order: step runs and artifacts created within the same millisecond still sort as created.
 * Run ids stay fully random so their short prefixes (as `runs list` prints) are distinct.
 */
export function newSortableId(): string {
  sequence = (sequence + 1) % 0x10000;
  return Date.now().toString(16).padStart(12, '0') + sequence.toString(16).padStart(4, '0') + randomUUID().replace(/-/g, '').slice(0, 16);
}

function hasControlChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 32) return true;
  return false;
}

function checkKey(kind: string, key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY || hasControlChars(key)) {
    invalidParameter(`${kind} key`, key, `a non-empty string of at most ${MAX_KEY} printable characters`);
  }
}

function notFound(entity: string, id: string, hint: string): ConvoptError {
  return new ConvoptError('NOT_FOUND', `No ${entity} ${formatValue(id)} in the tracking store.`, { value: id, hint });
}

function chunks<T>(xs: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** Page tokens are opaque base64url JSON holding the offset of the next page. */
function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeToken(token: string): number {
  try {
    const o = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown }).o;
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through to the error below
  }
  return invalidParameter('pageToken', token, 'a token returned by a previous search', 'Pass nextPageToken from the previous page unchanged, or omit it for the first page.');
}

function normaliseMetrics(m: LogBatch['metrics']): MetricInput[] {
  if (!m) return [];
  if (Array.isArray(m)) return m as MetricInput[];
  return Object.entries(m as Record<string, number>).map(([key, value]) => ({ key, value }));
}

export class SqlTrackingStore extends TrackingStore {
  readonly backend: 'sqlite' | 'postgres';
  readonly readOnly: boolean;
  readonly uri: string;
  readonly registry: SqlModelRegistry;

  constructor(readonly driver: SqlDriver) {
    super();
    this.backend = driver.dialect;
    this.readOnly = driver.readOnly;
    this.uri = driver.displayUri;
    this.registry = new SqlModelRegistry(driver);
  }

  private write<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    if (this.readOnly) {
      return Promise.reject(
        new ConvoptError('STORE_READ_ONLY', 'The tracking store was opened read-only, so nothing was written.', {
          file: this.uri,
          hint: 'Open it without mode=ro to record runs.',
        }),
      );
    }
    return this.driver.transaction(fn);
  }

  // ── experiments ───────────────────────────────────────────────────────────────────────────────
  async createExperiment(name: string): Promise<Experiment> {
    if (typeof name !== 'string' || !name.trim() || name.length > 200) invalidParameter('experiment name', name, 'a non-empty string of at most 200 characters');
    const exp: Experiment = { experimentId: newId(), name, createdAt: Date.now() };
    try {
      await this.write((tx) => tx.run('INSERT INTO experiments (experiment_id, name, created_at) VALUES (?, ?, ?)', [exp.experimentId, exp.name, exp.createdAt]));
    } catch (err) {
      if (err instanceof ConstraintViolation) {
        throw new ConvoptError('ALREADY_EXISTS', `An experiment named ${formatValue(name)} already exists.`, { value: name, hint: 'Use getOrCreateExperiment, or pick another name.' });
      }
      throw err;
    }
    return exp;
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    const row = await this.driver.get('SELECT * FROM experiments WHERE experiment_id = ?', [experimentId]);
    if (!row) throw notFound('experiment', experimentId, 'List experiments with `convopt runs list --json` or create it first.');
    return toExperiment(row);
  }

  async getExperimentByName(name: string): Promise<Experiment | null> {
    const row = await this.driver.get('SELECT * FROM experiments WHERE name = ?', [name]);
    return row ? toExperiment(row) : null;
  }

  async listExperiments(): Promise<Experiment[]> {
    return (await this.driver.all('SELECT * FROM experiments ORDER BY created_at, name')).map(toExperiment);
  }

  // ── runs ──────────────────────────────────────────────────────────────────────────────────────
  async createRun(input: NewRun): Promise<Run> {
    const runId = newId();
    const now = input.startTime ?? Date.now();
    const tags = input.tags ?? {};
    for (const k of Object.keys(tags)) checkKey('tag', k);
    const config = input.config === undefined ? null : JSON.stringify(input.config);
    await this.write(async (tx) => {
      const exp = await tx.get('SELECT 1 AS ok FROM experiments WHERE experiment_id = ?', [input.experimentId]);
      if (!exp) throw notFound('experiment', input.experimentId, 'Create the experiment first (getOrCreateExperiment).');
      await tx.run(
        'INSERT INTO runs (run_id, experiment_id, name, status, start_time, end_time, git_commit, config, pid, host, heartbeat_at, tags_json) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)',
        [
          runId,
          input.experimentId,
          input.name ?? `run-${runId.slice(0, 8)}`,
          'RUNNING',
          now,
          input.gitCommit ?? null,
          config,
          input.pid === undefined ? process.pid : input.pid,
          input.host === undefined ? hostname() : input.host,
          now,
          JSON.stringify(Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))),
        ],
      );
      await this.insertKeyValues(tx, 'tags', runId, Object.entries(tags));
    });
    return this.getRun(runId);
  }

  async getRun(runId: string): Promise<Run> {
    const row = await this.driver.get('SELECT * FROM runs WHERE run_id = ?', [runId]);
    if (!row) throw notFound('run', runId, 'List runs with `convopt runs list` and copy the run id.');
    return toRun(row);
  }

  async updateRun(runId: string, update: RunUpdate): Promise<Run> {
    if (update.status !== undefined && !RUN_STATUSES.includes(update.status)) invalidParameter('status', update.status, `one of ${RUN_STATUSES.join(', ')}`);
    await this.write(async (tx) => {
      const row = await tx.get<{ status: string }>('SELECT status FROM runs WHERE run_id = ?', [runId]);
      if (!row) throw notFound('run', runId, 'List runs with `convopt runs list` and copy the run id.');
      const sets: string[] = [];
      const params: SqlValue[] = [];
      if (update.status !== undefined) {
        sets.push('status = ?');
        params.push(update.status);
        if (update.endTime === undefined) {
          sets.push('end_time = ?');
          params.push(update.status === 'RUNNING' ? null : Date.now());
        }
      }
      if (update.endTime !== undefined) {
        sets.push('end_time = ?');
        params.push(update.endTime);
      }
      if (update.name !== undefined) {
        sets.push('name = ?');
        params.push(update.name);
      }
      if (sets.length) await tx.run(`UPDATE runs SET ${sets.join(', ')} WHERE run_id = ?`, [...params, runId]);
    });
    return this.getRun(runId);
  }

  async heartbeat(runId: string): Promise<void> {
    const n = await this.write((tx) => tx.run('UPDATE runs SET heartbeat_at = ? WHERE run_id = ?', [Date.now(), runId]));
    if (n === 0) throw notFound('run', runId, 'Start the run before sending heartbeats.');
  }

  async logBatch(runId: string, batch: LogBatch): Promise<void> {
    const params = Object.entries(batch.params ?? {}).map(([k, v]) => [k, String(v)] as [string, string]);
    const tags = Object.entries(batch.tags ?? {});
    const now = Date.now();
    const metrics = normaliseMetrics(batch.metrics).map((m) => ({ key: m.key, value: m.value, step: m.step ?? 0, timestamp: m.timestamp ?? now }));
    for (const [k, v] of params) {
      checkKey('param', k);
      if (v.length > MAX_PARAM_VALUE) invalidParameter(`params.${k}`, v, `at most ${MAX_PARAM_VALUE} characters`);
    }
    for (const [k, v] of tags) {
      checkKey('tag', k);
      if (typeof v !== 'string' || v.length > MAX_TAG_VALUE) invalidParameter(`tags.${k}`, v, `a string of at most ${MAX_TAG_VALUE} characters`);
    }
    for (const m of metrics) {
      checkKey('metric', m.key);
      if (typeof m.value !== 'number' || !Number.isFinite(m.value)) invalidParameter(`metrics.${m.key}`, m.value, 'a finite number (NaN and ±Infinity cannot be stored)', 'Skip metrics that could not be computed, or log them as a tag.');
      if (!Number.isInteger(m.step)) invalidParameter(`metrics.${m.key}.step`, m.step, 'an integer');
    }
    if (!params.length && !tags.length && !metrics.length) return;
    await this.write(async (tx) => {
      // A no-op update doubles as the existence check and, on PostgreSQL, locks the run row so two
      // writers to one run rebuild its JSON snapshot one after the other.
      const exists = await tx.run('UPDATE runs SET heartbeat_at = heartbeat_at WHERE run_id = ?', [runId]);
      if (!exists) throw notFound('run', runId, 'Start the run (createRun) before logging to it.');
      if (params.length) {
        const seen = new Map<string, string>();
        for (const [k, v] of params) {
          const prev = seen.get(k);
          if (prev !== undefined && prev !== v) throw paramConflict(runId, k, prev, v);
          seen.set(k, v);
        }
        const existing = await tx.all<{ key: string; value: string }>(`SELECT key, value FROM params WHERE run_id = ? AND ${this.driver.inList('key')}`, [runId, this.driver.listParam([...seen.keys()])]);
        for (const e of existing) {
          const v = seen.get(e.key)!;
          if (e.value !== v) throw paramConflict(runId, e.key, e.value, v);
          seen.delete(e.key);
        }
        await this.insertKeyValues(tx, 'params', runId, [...seen.entries()]);
      }
      if (tags.length) await this.insertKeyValues(tx, 'tags', runId, tags);
      for (const part of chunks(metrics)) {
        await tx.run(
          `INSERT INTO metrics (run_id, key, value, step, timestamp) VALUES ${part.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
          part.flatMap((m) => [runId, m.key, m.value, m.step, m.timestamp]),
        );
      }
      for (const part of chunks(latestPerKey(metrics))) {
        await tx.run(
          `INSERT INTO latest_metrics (run_id, key, value, step, timestamp) VALUES ${part.map(() => '(?, ?, ?, ?, ?)').join(', ')}
           ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value, step = excluded.step, timestamp = excluded.timestamp
           WHERE excluded.step > latest_metrics.step OR (excluded.step = latest_metrics.step AND excluded.timestamp >= latest_metrics.timestamp)`,
          part.flatMap((m) => [runId, m.key, m.value, m.step, m.timestamp]),
        );
      }
      await this.refreshSnapshot(tx, runId, { params: params.length > 0, metrics: metrics.length > 0, tags: tags.length > 0 });
    });
  }

  /** Rebuilds the run row's JSON copies of its params / latest metrics / tags from the child tables (one statement). */
  private async refreshSnapshot(tx: SqlExecutor, runId: string, which: { params?: boolean; metrics?: boolean; tags?: boolean }): Promise<void> {
    const sets: string[] = [];
    const params: SqlValue[] = [];
    const add = (column: string, table: string) => {
      sets.push(`${column} = ${this.driver.jsonObjectAgg(`FROM ${table} WHERE run_id = ?`)}`);
      params.push(runId);
    };
    if (which.params) add('params_json', 'params');
    if (which.metrics) add('metrics_json', 'latest_metrics');
    if (which.tags) add('tags_json', 'tags');
    if (sets.length) await tx.run(`UPDATE runs SET ${sets.join(', ')} WHERE run_id = ?`, [...params, runId]);
  }

  /** Inserts params (new keys only, checked by the caller) or upserts tags, in chunks. */
  private async insertKeyValues(tx: SqlExecutor, table: 'params' | 'tags', runId: string, pairs: readonly (readonly [string, string])[]): Promise<void> {
    const conflict = table === 'tags' ? 'ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value' : 'ON CONFLICT (run_id, key) DO NOTHING';
    for (const part of chunks(pairs)) {
      await tx.run(`INSERT INTO ${table} (run_id, key, value) VALUES ${part.map(() => '(?, ?, ?)').join(', ')} ${conflict}`, part.flatMap(([k, v]) => [runId, k, v]));
    }
  }

  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    await this.getRun(runId);
    return (await this.driver.all('SELECT key, value, step, timestamp FROM metrics WHERE run_id = ? AND key = ? ORDER BY step, timestamp', [runId, key])).map(toMetric);
  }

  async searchRuns(query: SearchRunsQuery = {}): Promise<PagedList<Run>> {
    const limit = query.maxResults ?? 1000;
    if (!Number.isInteger(limit) || limit < 1 || limit > 50_000) invalidParameter('maxResults', limit, 'an integer from 1 to 50,000');
    const offset = query.pageToken ? decodeToken(query.pageToken) : 0;
    const filter = compileFilter(this.driver, parseFilter(query.filter));
    const order = compileOrderBy((query.orderBy ?? []).map(parseOrderBy));
    const where = [filter.sql];
    const params: SqlValue[] = [];
    if (query.experimentIds) {
      where.unshift(this.driver.inList('r.experiment_id'));
      params.push(this.driver.listParam(query.experimentIds));
    }
    params.push(...filter.params, ...order.params, limit + 1, offset);
    // Rows as arrays: for 10,000-run listings, building row objects costs more than the query.
    const rows = await this.driver.allArrays(`SELECT ${RUN_SELECT} FROM runs r WHERE ${where.join(' AND ')} ORDER BY ${order.sql} LIMIT ? OFFSET ?`, params);
    const more = rows.length > limit;
    const n = more ? limit : rows.length;
    const runs: Run[] = new Array(n);
    for (let i = 0; i < n; i++) runs[i] = toRunFromArray(rows[i]);
    return { items: runs, nextPageToken: more ? encodeToken(offset + limit) : null };
  }

  async failDeadRuns(options: DeadRunSweep = {}): Promise<string[]> {
    if (this.readOnly) return [];
    const timeout = options.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
    const now = Date.now();
    const me = hostname();
    const running = await this.driver.all<{ run_id: string; pid: unknown; host: string | null; heartbeat_at: unknown }>("SELECT run_id, pid, host, heartbeat_at FROM runs WHERE status = 'RUNNING'");
    const dead: { id: string; why: string }[] = [];
    for (const r of running) {
      const pid = r.pid === null ? null : Number(r.pid);
      if (r.host === me && pid !== null) {
        if (!isProcessAlive(pid)) dead.push({ id: r.run_id, why: `owner process ${pid} on ${me} is no longer running` });
      } else if (now - Number(r.heartbeat_at) > timeout) {
        dead.push({ id: r.run_id, why: `no heartbeat for ${Math.round((now - Number(r.heartbeat_at)) / 60000)} min from ${r.host ?? 'an unknown host'}` });
      }
    }
    if (!dead.length) return [];
    const failed: string[] = [];
    await this.write(async (tx) => {
      for (const d of dead) {
        // Guard on status: another process may have finished or failed the run meanwhile.
        const n = await tx.run("UPDATE runs SET status = 'FAILED', end_time = ? WHERE run_id = ? AND status = 'RUNNING'", [now, d.id]);
        if (n) {
          failed.push(d.id);
          await this.insertKeyValues(tx, 'tags', d.id, [['convopt.failure', `marked FAILED at store open: ${d.why}`]]);
          await this.refreshSnapshot(tx, d.id, { tags: true });
        }
      }
    });
    return failed;
  }

  // ── artifacts and lineage ─────────────────────────────────────────────────────────────────────
  async logArtifact(input: NewArtifact): Promise<ArtifactRecord> {
    if (!/^[0-9a-f]{64}$/.test(input.sha256)) invalidParameter('sha256', input.sha256, 'a 64-character lowercase hex sha256');
    if (!Number.isInteger(input.size) || input.size < 0) invalidParameter('size', input.size, 'a non-negative integer byte count');
    const rec: ArtifactRecord = { artifactId: newSortableId(), runId: input.runId ?? null, name: input.name, uri: input.uri, sha256: input.sha256, kind: input.kind, size: input.size, createdAt: Date.now() };
    try {
      await this.write((tx) =>
        tx.run('INSERT INTO artifacts (artifact_id, run_id, name, uri, sha256, kind, size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [rec.artifactId, rec.runId, rec.name, rec.uri, rec.sha256, rec.kind, rec.size, rec.createdAt]),
      );
    } catch (err) {
      if (err instanceof ConstraintViolation) throw notFound('run', String(input.runId), 'Record artifacts against an existing run id.');
      throw err;
    }
    return rec;
  }

  async getArtifact(artifactId: string): Promise<ArtifactRecord> {
    const row = await this.driver.get('SELECT * FROM artifacts WHERE artifact_id = ?', [artifactId]);
    if (!row) throw notFound('artifact', artifactId, 'Use an artifact id from `convopt runs show RUN --json`.');
    return toArtifact(row);
  }

  async listArtifacts(filter: { runId?: string; sha256?: string } = {}): Promise<ArtifactRecord[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.runId !== undefined) {
      where.push('run_id = ?');
      params.push(filter.runId);
    }
    if (filter.sha256 !== undefined) {
      where.push('sha256 = ?');
      params.push(filter.sha256);
    }
    const sql = `SELECT * FROM artifacts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, artifact_id`;
    return (await this.driver.all(sql, params)).map(toArtifact);
  }

  async startStepRun(input: NewStepRun): Promise<StepRun> {
    const id = newSortableId();
    const inputs = [...new Set(input.inputArtifactIds ?? [])];
    await this.write(async (tx) => {
      if (!(await tx.get('SELECT 1 AS ok FROM runs WHERE run_id = ?', [input.runId]))) throw notFound('run', input.runId, 'Start the run before its steps.');
      await tx.run("INSERT INTO step_runs (step_run_id, run_id, step_name, status, cached, cache_key, started_at) VALUES (?, ?, ?, 'RUNNING', 0, ?, ?)", [id, input.runId, input.stepName, input.cacheKey ?? null, Date.now()]);
      await this.linkArtifacts(tx, id, 'input', inputs);
    });
    return this.getStepRun(id);
  }

  async finishStepRun(stepRunId: string, end: StepRunEnd): Promise<StepRun> {
    if (!['COMPLETED', 'FAILED', 'CACHED'].includes(end.status)) invalidParameter('status', end.status, 'one of COMPLETED, FAILED, CACHED');
    const outputs = [...new Set(end.outputArtifactIds ?? [])];
    await this.write(async (tx) => {
      const n = await tx.run('UPDATE step_runs SET status = ?, cached = ?, ended_at = ?, error = ? WHERE step_run_id = ?', [end.status, end.cached || end.status === 'CACHED' ? 1 : 0, Date.now(), end.error ?? null, stepRunId]);
      if (!n) throw notFound('step run', stepRunId, 'Use the id returned by startStepRun.');
      await this.linkArtifacts(tx, stepRunId, 'output', outputs);
    });
    return this.getStepRun(stepRunId);
  }

  private async linkArtifacts(tx: SqlExecutor, stepRunId: string, direction: 'input' | 'output', ids: readonly string[]): Promise<void> {
    if (!ids.length) return;
    const known = await tx.all<{ artifact_id: string }>(`SELECT artifact_id FROM artifacts WHERE ${this.driver.inList('artifact_id')}`, [this.driver.listParam(ids)]);
    const have = new Set(known.map((k) => k.artifact_id));
    const missing = ids.find((i) => !have.has(i));
    if (missing !== undefined) throw notFound('artifact', missing, 'Record the artifact with logArtifact before linking it to a step.');
    for (const part of chunks(ids.map((a, i) => [a, i] as const))) {
      await tx.run(
        `INSERT INTO step_run_artifacts (step_run_id, artifact_id, direction, position) VALUES ${part.map(() => '(?, ?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
        part.flatMap(([a, i]) => [stepRunId, a, direction, i]),
      );
    }
  }

  async getStepRun(stepRunId: string): Promise<StepRun> {
    const row = await this.driver.get('SELECT * FROM step_runs WHERE step_run_id = ?', [stepRunId]);
    if (!row) throw notFound('step run', stepRunId, 'Use a step run id from `convopt runs show RUN --json`.');
    return (await this.hydrateSteps([row]))[0];
  }

  async listStepRuns(runId: string): Promise<StepRun[]> {
    return this.hydrateSteps(await this.driver.all('SELECT * FROM step_runs WHERE run_id = ? ORDER BY started_at, step_run_id', [runId]));
  }

  async findCachedStepRun(stepName: string, cacheKey: string): Promise<StepRun | null> {
    const row = await this.driver.get("SELECT * FROM step_runs WHERE step_name = ? AND cache_key = ? AND status IN ('COMPLETED', 'CACHED') ORDER BY ended_at DESC, step_run_id LIMIT 1", [stepName, cacheKey]);
    return row ? (await this.hydrateSteps([row]))[0] : null;
  }

  async artifactProducer(artifactId: string): Promise<StepRun | null> {
    const row = await this.driver.get("SELECT s.* FROM step_runs s JOIN step_run_artifacts a ON a.step_run_id = s.step_run_id WHERE a.artifact_id = ? AND a.direction = 'output' ORDER BY s.started_at, s.step_run_id LIMIT 1", [artifactId]);
    return row ? (await this.hydrateSteps([row]))[0] : null;
  }

  async artifactConsumers(artifactId: string): Promise<StepRun[]> {
    return this.hydrateSteps(await this.driver.all("SELECT s.* FROM step_runs s JOIN step_run_artifacts a ON a.step_run_id = s.step_run_id WHERE a.artifact_id = ? AND a.direction = 'input' ORDER BY s.started_at, s.step_run_id", [artifactId]));
  }

  private async hydrateSteps(rows: readonly Row[]): Promise<StepRun[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => String(r.step_run_id));
    const links = await this.driver.all<{ step_run_id: string; artifact_id: string; direction: string }>(
      `SELECT step_run_id, artifact_id, direction FROM step_run_artifacts WHERE ${this.driver.inList('step_run_id')} ORDER BY position`,
      [this.driver.listParam(ids)],
    );
    return rows.map((r) => {
      const mine = links.filter((l) => l.step_run_id === r.step_run_id);
      return toStepRun(r, mine.filter((l) => l.direction === 'input').map((l) => l.artifact_id), mine.filter((l) => l.direction === 'output').map((l) => l.artifact_id));
    });
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

function paramConflict(runId: string, key: string, before: string, after: string): ConvoptError {
  return new ConvoptError('CONFLICT', `Parameter "${key}" of run ${runId} is already ${formatValue(before)}; params cannot change once logged (got ${formatValue(after)}).`, {
    path: `params.${key}`,
    value: after,
    hint: 'Start a new run for a different configuration, or log the changing value as a metric or tag.',
  });
}

/** The entry per key that wins in latest_metrics: highest step, then latest timestamp, then last logged. */
function latestPerKey(metrics: readonly { key: string; value: number; step: number; timestamp: number }[]) {
  const best = new Map<string, { key: string; value: number; step: number; timestamp: number }>();
  for (const m of metrics) {
    const b = best.get(m.key);
    if (!b || m.step > b.step || (m.step === b.step && m.timestamp >= b.timestamp)) best.set(m.key, m);
  }
  return [...best.values()];
}
