/**
 * Run-related requests and the run filter the Experiments page builds from its controls. The
 * filter string uses the tracking store's filter language (`status = 'FINISHED' and …`), so
 * filtering and paging both happen on the server and the page stays fast with thousands of runs.
 */
import { api } from './client.js';
import type { Experiment, Pipeline, Run, RunsPage } from './types.js';

export interface RunFilter {
  readonly experimentId?: string;
  /** Run name: `train` (training runs) or `predict` (scoring runs). */
  readonly kind?: string;
  readonly status?: string;
  /** Best model name (tag `convopt.best_model`). */
  readonly model?: string;
  /** Inclusive start date, `YYYY-MM-DD` (local time). */
  readonly from?: string;
  /** Inclusive end date, `YYYY-MM-DD` (local time). */
  readonly to?: string;
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The server filter expression for the page's controls ('' = no filter). */
export function filterExpression(f: RunFilter): string {
  const parts: string[] = [];
  if (f.experimentId) parts.push(`experiment_id = ${quote(f.experimentId)}`);
  if (f.kind) parts.push(`name = ${quote(f.kind)}`);
  if (f.status) parts.push(`status = ${quote(f.status)}`);
  if (f.model) parts.push(`tags.\`convopt.best_model\` = ${quote(f.model)}`);
  if (f.from) parts.push(`start_time >= ${new Date(`${f.from}T00:00:00`).getTime()}`);
  if (f.to) parts.push(`start_time < ${new Date(`${f.to}T00:00:00`).getTime() + 86_400_000}`);
  return parts.join(' and ');
}

export function searchRuns(opts: { filter: string; orderBy: string; pageSize: number; pageToken?: string | undefined }): Promise<RunsPage> {
  const q = new URLSearchParams({ pageSize: String(opts.pageSize), orderBy: opts.orderBy });
  if (opts.filter) q.set('filter', opts.filter);
  if (opts.pageToken) q.set('pageToken', opts.pageToken);
  return api.get<RunsPage>(`/api/v1/runs?${q.toString()}`);
}

export const listExperiments = async (): Promise<Experiment[]> => (await api.get<{ experiments: Experiment[] }>('/api/v1/experiments')).experiments;
export const getRun = (id: string) => api.get<Run>(`/api/v1/runs/${encodeURIComponent(id)}`);
export const getPipeline = (id: string) => api.get<Pipeline>(`/api/v1/runs/${encodeURIComponent(id)}/pipeline`);

/** Download URL of an artifact (`artifact://sha256/<hex>` → `/api/v1/artifacts/<hex>`). */
export function artifactUrl(a: { sha256: string }): string {
  return `/api/v1/artifacts/${a.sha256}`;
}

/** Run duration in seconds, or null while running. */
export function runSeconds(r: Run): number | null {
  return r.endTime === null ? null : (r.endTime - r.startTime) / 1000;
}
