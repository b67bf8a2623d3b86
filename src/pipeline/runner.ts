/**
 * The pipeline runner: executes a validated DAG. Nodes start as soon as all their dependencies are
 * done (independent nodes run concurrently, up to `concurrency` and each executor's `capacity`); each
 * node is either
 *
 *  - `cached`: a COMPLETED step run with the same cache key exists and all its output artifacts are
 *    still in the store → the outputs are reused (loaded lazily, only if a downstream step runs);
 *  - `done`: executed, every output materialized into the artifact store and recorded;
 *  - `failed`: the step threw; nodes depending on it are `skipped`, the others still finish.
 *
 * Every transition is emitted as a `StepEvent` (for the progress display) and recorded through the
 * `Recorder` (tracking store lineage). The runner never throws for a step failure: it returns a
 * `PipelineResult` with `status: 'failed'` and the first error, so the caller decides the exit code.
 */
import { hashValue } from '../core/hash.js';
import { Rng } from '../core/rng.js';
import { toConvoptError } from '../core/errors.js';
import type { ArtifactStore } from './artifacts/store.js';
import { materializerFor } from './artifacts/materializers/index.js';
import { cacheKey } from './cache-key.js';
import type { Dag, DagNode } from './dag.js';
import { parseRef } from './dag.js';
import type { Executor, InputPort, OutputPayload } from './executors/executor.js';
import { inProcessExecutor } from './executors/in-process.js';
import type { Recorder, RecordedArtifact } from './lineage.js';
import type { StepContext } from './step.js';

export type NodeStatus = 'pending' | 'running' | 'cached' | 'done' | 'failed' | 'skipped';

/** A progress event for displays. */
export interface StepEvent {
  readonly nodeId: string;
  readonly status: NodeStatus;
  /** Set on cached/done/failed. */
  readonly durationMs?: number;
  /** Set on progress updates while running. */
  readonly fraction?: number;
  readonly note?: string;
  readonly error?: string;
}

/** An artifact reference as reported per node. */
export interface ArtifactInfo {
  readonly artifactId: string;
  readonly uri: string;
  readonly sha256: string;
  readonly size: number;
  readonly type: string;
}

/** The outcome of one node. */
export interface NodeResult {
  readonly nodeId: string;
  readonly stepName: string;
  readonly stepVersion: string;
  readonly status: NodeStatus;
  readonly cached: boolean;
  readonly cacheKey: string | null;
  readonly durationMs: number;
  readonly executor: string | null;
  readonly inputs: Readonly<Record<string, ArtifactInfo>>;
  readonly outputs: Readonly<Record<string, ArtifactInfo>>;
  readonly annotations: Readonly<Record<string, unknown>>;
  readonly error?: string;
}

/** The outcome of a pipeline run. */
export interface PipelineResult {
  readonly name: string;
  readonly status: 'completed' | 'failed';
  readonly durationMs: number;
  readonly nodes: readonly NodeResult[];
  /** The first step error (a ConvoptError when the step threw one). */
  readonly error?: unknown;
  /** Lazily loads an output value: `output('evaluate.leaderboard')`. */
  output(ref: string): Promise<unknown>;
}

export interface RunPipelineOptions {
  readonly artifacts: ArtifactStore;
  readonly recorder: Recorder;
  /** Default in-process. Nodes whose step says `executor: 'worker'` use `workerExecutor` when given. */
  readonly executor?: Executor;
  readonly workerExecutor?: Executor;
  /** false = `--no-cache`: always execute (outputs still recorded, so later runs can hit them). */
  readonly cache?: boolean;
  /** Pipeline seed; each node gets `Rng(seed ⊕ hash(nodeId))`. */
  readonly seed?: number;
  /** Maximum nodes executing at once (default: unlimited; steps in workers are bounded by the pool). */
  readonly concurrency?: number;
  readonly onEvent?: (event: StepEvent) => void;
}

interface Slot {
  readonly artifact: RecordedArtifact;
  readonly type: string;
  value?: Promise<unknown>;
  bytes?: Promise<Buffer>;
}

/** Seed for a node: stable across runs, different per node id. */
export function nodeSeed(seed: number, nodeId: string): number {
  return (seed ^ parseInt(hashValue(nodeId).slice(0, 8), 16)) >>> 0;
}

/**
 * Runs the DAG.
 * @example const result = await runPipeline(dag, { artifacts: new ArtifactStore(), recorder: new MemoryRecorder() });
 */
export async function runPipeline(dag: Dag, options: RunPipelineOptions): Promise<PipelineResult> {
  const t0 = performance.now();
  const { artifacts, recorder } = options;
  const useCache = options.cache ?? true;
  const seed = options.seed ?? 0;
  const limit = options.concurrency ?? Infinity;
  const emit = options.onEvent ?? (() => undefined);
  const slots = new Map<string, Slot>();
  const results = new Map<string, NodeResult>();
  let firstError: unknown;

  function portOf(slot: Slot): InputPort {
    const m = materializerFor(slot.type);
    return {
      type: slot.type,
      bytes: () => (slot.bytes ??= artifacts.get(slot.artifact.uri)),
      value: () => (slot.value ??= (slot.bytes ??= artifacts.get(slot.artifact.uri)).then((b) => m.load(b))),
    };
  }

  function info(slot: Slot): ArtifactInfo {
    return { artifactId: slot.artifact.artifactId, uri: slot.artifact.uri, sha256: slot.artifact.sha256, size: slot.artifact.size, type: slot.type };
  }

  function executorOf(node: DagNode): Executor {
    return node.step.executor === 'worker' && node.step.moduleUrl && options.workerExecutor ? options.workerExecutor : (options.executor ?? inProcessExecutor);
  }

  async function runNode(node: DagNode): Promise<void> {
    const start = performance.now();
    const params = node.params ?? {};
    const inSlots: Record<string, Slot> = {};
    for (const [input, ref] of Object.entries(node.bind ?? {})) inSlots[input] = slots.get(ref)!;
    const inputInfo = Object.fromEntries(Object.entries(inSlots).map(([k, s]) => [k, info(s)]));
    const key = cacheKey(node.step, params, Object.fromEntries(Object.entries(inSlots).map(([k, s]) => [k, s.artifact.sha256])));
    const inputIds = Object.values(inSlots).map((s) => s.artifact.artifactId);
    const base = { nodeId: node.id, stepName: node.step.name, stepVersion: node.step.version, cacheKey: key, inputs: inputInfo };

    if (useCache) {
      const hit = await recorder.findCached(node.id, key);
      const outs = Object.keys(node.step.outputs);
      if (hit && outs.every((o) => hit.outputs[o] !== undefined) && (await Promise.all(outs.map((o) => artifacts.exists(hit.outputs[o]!.uri)))).every(Boolean)) {
        const ids: string[] = [];
        const outInfo: Record<string, ArtifactInfo> = {};
        for (const o of outs) {
          const slot: Slot = { artifact: hit.outputs[o]!, type: node.step.outputs[o]! };
          slots.set(`${node.id}.${o}`, slot);
          ids.push(slot.artifact.artifactId);
          outInfo[o] = info(slot);
        }
        const id = await recorder.startStep(node.id, key, inputIds);
        await recorder.finishStep(id, { status: 'CACHED', cached: true, outputArtifactIds: ids });
        const durationMs = performance.now() - start;
        results.set(node.id, { ...base, status: 'cached', cached: true, durationMs, executor: null, outputs: outInfo, annotations: { cachedFrom: hit.stepRunId } });
        emit({ nodeId: node.id, status: 'cached', durationMs });
        return;
      }
    }

    emit({ nodeId: node.id, status: 'running' });
    const stepRunId = await recorder.startStep(node.id, key, inputIds);
    const annotations: Record<string, unknown> = {};
    const ctx: StepContext = {
      nodeId: node.id,
      rng: new Rng(nodeSeed(seed, node.id)),
      progress: (fraction, note) => emit({ nodeId: node.id, status: 'running', fraction, ...(note !== undefined ? { note } : {}) }),
      annotate: (k, v) => {
        annotations[k] = v;
      },
    };
    const executor = executorOf(node);
    try {
      const ports = Object.fromEntries(Object.entries(inSlots).map(([k, s]) => [k, portOf(s)]));
      const out: Record<string, OutputPayload> = await executor.execute(node.step, ctx, ports, params, nodeSeed(seed, node.id));
      const ids: string[] = [];
      const outInfo: Record<string, ArtifactInfo> = {};
      for (const [o, type] of Object.entries(node.step.outputs)) {
        const payload = out[o];
        if (payload === undefined) throw new Error(`step "${node.id}" did not return its declared output "${o}"`);
        const m = materializerFor(type);
        const bytes = payload.bytes ?? m.save(payload.value);
        const ref = await artifacts.put(bytes, { kind: m.kind, name: `${node.id}.${o}`, mediaType: m.mediaType });
        const rec = await recorder.logArtifact({ name: `${node.id}.${o}`, uri: ref.uri, sha256: ref.sha256, kind: m.kind, size: ref.size });
        const slot: Slot = { artifact: rec, type, ...(payload.bytes === undefined ? { value: Promise.resolve(payload.value) } : {}), bytes: Promise.resolve(bytes) };
        slots.set(`${node.id}.${o}`, slot);
        ids.push(rec.artifactId);
        outInfo[o] = info(slot);
      }
      await recorder.finishStep(stepRunId, { status: 'COMPLETED', cached: false, outputArtifactIds: ids });
      const durationMs = performance.now() - start;
      results.set(node.id, { ...base, status: 'done', cached: false, durationMs, executor: executor.name, outputs: outInfo, annotations });
      emit({ nodeId: node.id, status: 'done', durationMs });
    } catch (err) {
      const e = toConvoptError(err);
      firstError ??= e;
      await recorder.finishStep(stepRunId, { status: 'FAILED', cached: false, outputArtifactIds: [], error: e.message }).catch(() => undefined);
      const durationMs = performance.now() - start;
      results.set(node.id, { ...base, status: 'failed', cached: false, durationMs, executor: executor.name, outputs: {}, annotations, error: e.message });
      emit({ nodeId: node.id, status: 'failed', durationMs, error: e.message });
    }
  }

  // Scheduler: start every ready node (deps all done/cached) up to the limit; skip dependants of failures.
  const pending = new Set(dag.nodes.map((n) => n.id));
  const running = new Map<string, Promise<void>>();
  // Steps started per executor: a node waits here (pending) rather than in the executor's queue.
  const busy = new Map<Executor, number>();
  const hasSlot = (e: Executor): boolean => (busy.get(e) ?? 0) < (e.capacity ?? Infinity);
  const ok = (id: string): boolean => {
    const s = results.get(id)?.status;
    return s === 'done' || s === 'cached';
  };
  // Longest first: ready nodes are offered in priority order (stable, so ties keep topological order).
  const offerOrder = [...dag.nodes].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0));
  while (pending.size > 0 || running.size > 0) {
    const before = pending.size;
    for (const node of offerOrder) {
      if (!pending.has(node.id)) continue;
      const deps = dag.deps.get(node.id) ?? [];
      if (deps.some((d) => results.has(d) && !ok(d))) {
        pending.delete(node.id);
        results.set(node.id, { nodeId: node.id, stepName: node.step.name, stepVersion: node.step.version, status: 'skipped', cached: false, cacheKey: null, durationMs: 0, executor: null, inputs: {}, outputs: {}, annotations: {} });
        emit({ nodeId: node.id, status: 'skipped' });
        continue;
      }
      if (running.size >= limit) break;
      const executor = executorOf(node);
      if (deps.every(ok) && hasSlot(executor)) {
        pending.delete(node.id);
        busy.set(executor, (busy.get(executor) ?? 0) + 1);
        running.set(
          node.id,
          runNode(node).finally(() => {
            running.delete(node.id);
            busy.set(executor, busy.get(executor)! - 1);
          }),
        );
      }
    }
    if (running.size === 0) {
      // Nothing running: either a skip pass changed state (loop again) or nothing can ever start.
      if (pending.size === 0 || pending.size === before) break;
      continue;
    }
    await Promise.race(running.values());
  }

  const nodes = dag.nodes.map((n) => results.get(n.id)!);
  return {
    name: dag.name,
    status: nodes.every((n) => n.status === 'done' || n.status === 'cached') ? 'completed' : 'failed',
    durationMs: performance.now() - t0,
    nodes,
    ...(firstError !== undefined ? { error: firstError } : {}),
    async output(ref: string) {
      const { node, output } = parseRef(ref);
      const slot = slots.get(`${node}.${output}`);
      if (!slot) throw new Error(`no output ${ref} (step ${node} did not complete)`);
      return portOf(slot).value();
    },
  };
}
