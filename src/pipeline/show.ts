/**
 * What `convopt pipeline show RUN` prints: a run's step graph rebuilt from the tracking store (step
 * runs and the artifacts they consumed and produced), as text, as Mermaid and as JSON. Edges come
 * from lineage — step B depends on step A when B consumed an artifact A produced in the same run —
 * so the graph shows what actually happened, including cached steps (which re-list the artifacts
 * they reused as outputs).
 */
import type { ArtifactRecord, Run, StepRun } from '../tracking/entities.js';
import type { TrackingStore } from '../tracking/store.js';
import { formatDuration } from '../core/progress.js';

export interface ShownStep {
  readonly step: string;
  readonly status: StepRun['status'];
  readonly cached: boolean;
  readonly durationMs: number | null;
  readonly cacheKey: string | null;
  readonly error: string | null;
  readonly inputs: readonly { readonly name: string; readonly uri: string; readonly from: string | null }[];
  readonly outputs: readonly { readonly name: string; readonly uri: string; readonly size: number }[];
}

export interface ShownPipeline {
  readonly runId: string;
  readonly runName: string;
  readonly status: Run['status'];
  readonly pipeline: string | null;
  readonly steps: readonly ShownStep[];
  readonly edges: readonly { readonly from: string; readonly to: string; readonly artifact: string }[];
}

/** Reads a run's steps and lineage from the store. NOT_FOUND if the run is unknown. */
export async function describeRun(store: TrackingStore, runId: string): Promise<ShownPipeline> {
  const run = await store.getRun(runId);
  const steps = await store.listStepRuns(runId);
  const artifacts = new Map<string, ArtifactRecord>();
  const ids = new Set(steps.flatMap((s) => [...s.inputArtifactIds, ...s.outputArtifactIds]));
  for (const id of ids) artifacts.set(id, await store.getArtifact(id));
  const producer = new Map<string, string>();
  for (const s of steps) for (const id of s.outputArtifactIds) if (!producer.has(id)) producer.set(id, s.stepName);
  const edges: { from: string; to: string; artifact: string }[] = [];
  const shown: ShownStep[] = steps.map((s) => {
    const inputs = s.inputArtifactIds.map((id) => {
      const a = artifacts.get(id)!;
      const from = producer.get(id) ?? null;
      if (from) edges.push({ from, to: s.stepName, artifact: a.name });
      return { name: a.name, uri: a.uri, from };
    });
    return {
      step: s.stepName,
      status: s.status,
      cached: s.cached,
      durationMs: s.endedAt !== null ? s.endedAt - s.startedAt : null,
      cacheKey: s.cacheKey,
      error: s.error,
      inputs,
      outputs: s.outputArtifactIds.map((id) => {
        const a = artifacts.get(id)!;
        return { name: a.name.slice(a.name.indexOf('.') + 1), uri: a.uri, size: a.size };
      }),
    };
  });
  return { runId, runName: run.name, status: run.status, pipeline: run.tags['convopt.pipeline'] ?? null, steps: shown, edges };
}

function bytes(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} kB` : `${n} B`;
}

/** Text rendering: one block per step with status, cache flag, duration, inputs and outputs. */
export function pipelineText(p: ShownPipeline): string {
  const lines = [`Run ${p.runId} (${p.runName}${p.pipeline ? `, ${p.pipeline} pipeline` : ''}): ${p.status}`];
  for (const s of p.steps) {
    const dur = s.durationMs !== null ? formatDuration(s.durationMs) : 'unfinished';
    lines.push(`  ${s.step}  ${s.cached ? 'cached' : s.status.toLowerCase()}  ${dur}`);
    for (const i of s.inputs) lines.push(`      ← ${i.name}${i.from ? '' : ' (external)'}`);
    for (const o of s.outputs) lines.push(`      → ${o.name}  ${bytes(o.size)}  ${o.uri}`);
    if (s.error) lines.push(`      ✗ ${s.error.split('\n')[0]}`);
  }
  return lines.join('\n');
}

function mermaidId(step: string): string {
  return step.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Mermaid flowchart: one node per step (label: status, duration), one edge per consumed artifact. */
export function pipelineMermaid(p: ShownPipeline): string {
  const lines = ['flowchart TD'];
  for (const s of p.steps) {
    const dur = s.durationMs !== null ? formatDuration(s.durationMs) : 'unfinished';
    const label = `${s.step}<br/>${s.cached ? 'cached' : s.status.toLowerCase()} · ${dur}`.replace(/"/g, "'");
    lines.push(`  ${mermaidId(s.step)}["${label}"]`);
  }
  const seen = new Set<string>();
  for (const e of p.edges) {
    const key = `${e.from}->${e.to}:${e.artifact}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(`  ${mermaidId(e.from)} -->|${e.artifact.slice(e.artifact.indexOf('.') + 1)}| ${mermaidId(e.to)}`);
  }
  const cls: Record<string, string[]> = { cached: [], failed: [], running: [] };
  for (const s of p.steps) {
    if (s.cached) cls.cached!.push(mermaidId(s.step));
    else if (s.status === 'FAILED') cls.failed!.push(mermaidId(s.step));
    else if (s.status === 'RUNNING') cls.running!.push(mermaidId(s.step));
  }
  lines.push('  classDef cached fill:#eef,stroke:#88a', '  classDef failed fill:#fdd,stroke:#c33', '  classDef running fill:#ffd,stroke:#cc3');
  for (const [c, ids] of Object.entries(cls)) if (ids.length) lines.push(`  class ${ids.join(',')} ${c}`);
  return lines.join('\n');
}
