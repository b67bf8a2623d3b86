/**
 * Lineage recording: where the runner writes step runs (status, cache key, cached flag, timings) and
 * artifact records (which step run produced and consumed which artifact). `trackingRecorder` writes
 * into the tracking store (the normal case: `convopt train` / `predict`); `MemoryRecorder` keeps the
 * same facts in memory for library use without a store. Both answer the cache lookup the same way:
 * only COMPLETED step runs are returned.
 */
import type { TrackingStore } from '../tracking/store.js';

/** An artifact as known to the recorder. */
export interface RecordedArtifact {
  readonly artifactId: string;
  readonly name: string;
  readonly uri: string;
  readonly sha256: string;
  readonly kind: string;
  readonly size: number;
}

/** Outputs of a reusable (completed) step run, by output name. */
export interface CachedOutputs {
  readonly stepRunId: string;
  readonly outputs: Readonly<Record<string, RecordedArtifact>>;
}

/** What the runner needs from a lineage backend. */
export interface Recorder {
  logArtifact(a: Omit<RecordedArtifact, 'artifactId'>): Promise<RecordedArtifact>;
  startStep(nodeId: string, cacheKey: string, inputArtifactIds: readonly string[]): Promise<string>;
  finishStep(stepRunId: string, end: { status: 'COMPLETED' | 'FAILED' | 'CACHED'; cached: boolean; outputArtifactIds: readonly string[]; error?: string | null }): Promise<void>;
  /** The latest COMPLETED run of this node with this key, with its outputs; null if none. */
  findCached(nodeId: string, cacheKey: string): Promise<CachedOutputs | null>;
}

/** Artifact record names are `<nodeId>.<output>`; this recovers the output name. */
export function outputNameOf(nodeId: string, artifactName: string): string | null {
  return artifactName.startsWith(`${nodeId}.`) ? artifactName.slice(nodeId.length + 1) : null;
}

/** Records into a tracking store, under one run. */
export function trackingRecorder(store: TrackingStore, runId: string): Recorder {
  return {
    async logArtifact(a) {
      const r = await store.logArtifact({ runId, ...a });
      return { artifactId: r.artifactId, name: r.name, uri: r.uri, sha256: r.sha256, kind: r.kind, size: r.size };
    },
    async startStep(nodeId, cacheKey, inputArtifactIds) {
      const s = await store.startStepRun({ runId, stepName: nodeId, cacheKey, inputArtifactIds });
      return s.stepRunId;
    },
    async finishStep(stepRunId, end) {
      await store.finishStepRun(stepRunId, { status: end.status, cached: end.cached, outputArtifactIds: end.outputArtifactIds, error: end.error ?? null });
    },
    async findCached(nodeId, cacheKey) {
      const s = await store.findCachedStepRun(nodeId, cacheKey);
      if (!s) return null;
      const outputs: Record<string, RecordedArtifact> = {};
      for (const id of s.outputArtifactIds) {
        const a = await store.getArtifact(id);
        const out = outputNameOf(nodeId, a.name);
        if (out) outputs[out] = { artifactId: a.artifactId, name: a.name, uri: a.uri, sha256: a.sha256, kind: a.kind, size: a.size };
      }
      return { stepRunId: s.stepRunId, outputs };
    },
  };
}

interface MemoryStepRun {
  nodeId: string;
  cacheKey: string;
  status: 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CACHED';
  inputs: readonly string[];
  outputs: readonly string[];
}

/** In-memory lineage (no tracking store). Keeps the cache across runs of the same recorder. */
export class MemoryRecorder implements Recorder {
  readonly artifacts = new Map<string, RecordedArtifact>();
  readonly stepRuns = new Map<string, MemoryStepRun>();
  private next = 0;

  async logArtifact(a: Omit<RecordedArtifact, 'artifactId'>): Promise<RecordedArtifact> {
    const rec = { artifactId: `a${++this.next}`, ...a };
    this.artifacts.set(rec.artifactId, rec);
    return rec;
  }

  async startStep(nodeId: string, cacheKey: string, inputArtifactIds: readonly string[]): Promise<string> {
    const id = `s${++this.next}`;
    this.stepRuns.set(id, { nodeId, cacheKey, status: 'RUNNING', inputs: [...inputArtifactIds], outputs: [] });
    return id;
  }

  async finishStep(stepRunId: string, end: { status: 'COMPLETED' | 'FAILED' | 'CACHED'; outputArtifactIds: readonly string[] }): Promise<void> {
    const s = this.stepRuns.get(stepRunId);
    if (s) Object.assign(s, { status: end.status, outputs: [...end.outputArtifactIds] });
  }

  async findCached(nodeId: string, cacheKey: string): Promise<CachedOutputs | null> {
    const hits = [...this.stepRuns.entries()].filter(([, s]) => s.status === 'COMPLETED' && s.nodeId === nodeId && s.cacheKey === cacheKey);
    const last = hits[hits.length - 1];
    if (!last) return null;
    const outputs: Record<string, RecordedArtifact> = {};
    for (const id of last[1].outputs) {
      const a = this.artifacts.get(id)!;
      const out = outputNameOf(nodeId, a.name);
      if (out) outputs[out] = a;
    }
    return { stepRunId: last[0], outputs };
  }
}
