/** Run endpoints: paginated, filterable search; one run; its pipeline (steps, cache flags, lineage); the experiments runs belong to. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ArtifactRecord } from '../../tracking/index.js';
import { requireStore } from '../plugins/app/context.js';
import { errorResponses } from '../schemas/common.js';
import { ExperimentsResponse, PipelineResponse, RunIdParams, RunSchema, RunsPage, RunsQuery } from '../schemas/runs.js';

export const runRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.convopt;

  app.get('/api/v1/runs', { schema: { tags: ['runs'], summary: 'Search runs (newest first by default), one page at a time.', querystring: RunsQuery, response: { 200: RunsPage, ...errorResponses } } }, async (request) => {
    const q = request.query;
    const page = await requireStore(ctx).searchRuns({
      maxResults: q.pageSize,
      ...(q.filter ? { filter: q.filter } : {}),
      ...(q.experimentId ? { experimentIds: [q.experimentId] } : {}),
      ...(q.orderBy ? { orderBy: [q.orderBy] } : {}),
      ...(q.pageToken ? { pageToken: q.pageToken } : {}),
    });
    return { runs: [...page.items], nextPageToken: page.nextPageToken };
  });

  app.get('/api/v1/experiments', { schema: { tags: ['runs'], summary: 'Every experiment (id, name, creation time), by name; runs can be searched by experimentId.', response: { 200: ExperimentsResponse, ...errorResponses } } }, async () => ({
    experiments: [...(await requireStore(ctx).listExperiments())].sort((a, b) => a.name.localeCompare(b.name)),
  }));

  app.get('/api/v1/runs/:id', { schema: { tags: ['runs'], summary: 'One run with params, metrics and tags.', params: RunIdParams, response: { 200: RunSchema, ...errorResponses } } }, async (request) =>
    requireStore(ctx).getRun(request.params.id),
  );

  app.get('/api/v1/runs/:id/pipeline', { schema: { tags: ['runs'], summary: 'Steps of a run with statuses, cache flags and artifact lineage.', params: RunIdParams, response: { 200: PipelineResponse, ...errorResponses } } }, async (request) => {
    const store = requireStore(ctx);
    const run = await store.getRun(request.params.id);
    const [steps, artifacts] = await Promise.all([store.listStepRuns(run.runId), store.listArtifacts({ runId: run.runId })]);
    const byId = new Map<string, ArtifactRecord>(artifacts.map((a) => [a.artifactId, a]));
    const resolveAll = async (ids: readonly string[]): Promise<ArtifactRecord[]> => Promise.all(ids.map(async (id) => byId.get(id) ?? (await store.getArtifact(id))));
    return {
      runId: run.runId,
      steps: await Promise.all(steps.map(async (s) => ({ ...s, inputs: await resolveAll(s.inputArtifactIds), outputs: await resolveAll(s.outputArtifactIds) }))),
      artifacts,
    };
  });
};
