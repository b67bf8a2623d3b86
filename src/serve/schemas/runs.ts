/** Schemas of the run endpoints: paginated search, one run, its pipeline (steps and lineage). */
import { z } from 'zod';

export const RunsQuery = z.object({
  filter: z.string().max(2000).optional().describe("e.g. metrics.r2 > 0.7 and params.model = 'GradientBoostingRegressor'"),
  experimentId: z.string().max(200).optional(),
  orderBy: z.string().max(200).optional().describe('e.g. "metrics.r2 desc"'),
  pageSize: z.coerce.number().int().min(1).max(1000).default(50),
  pageToken: z.string().max(2000).optional(),
});

export const RunIdParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'a run id (letters, digits, "_" or "-")') });

export const RunSchema = z.object({
  runId: z.string(),
  experimentId: z.string(),
  name: z.string(),
  status: z.enum(['RUNNING', 'FINISHED', 'FAILED', 'KILLED']),
  startTime: z.number(),
  endTime: z.number().nullable(),
  gitCommit: z.string().nullable(),
  config: z.unknown(),
  params: z.record(z.string(), z.string()),
  metrics: z.record(z.string(), z.number()),
  tags: z.record(z.string(), z.string()),
});

export const RunsPage = z.object({ runs: z.array(RunSchema), nextPageToken: z.string().nullable() });

export const ExperimentsResponse = z.object({ experiments: z.array(z.object({ experimentId: z.string(), name: z.string(), createdAt: z.number() })) });

const ArtifactSchema = z.object({ artifactId: z.string(), name: z.string(), uri: z.string(), sha256: z.string(), kind: z.string(), size: z.number() });

export const PipelineResponse = z.object({
  runId: z.string(),
  steps: z.array(
    z.object({
      stepRunId: z.string(),
      stepName: z.string(),
      status: z.enum(['RUNNING', 'COMPLETED', 'FAILED', 'CACHED']),
      cached: z.boolean(),
      cacheKey: z.string().nullable(),
      startedAt: z.number(),
      endedAt: z.number().nullable(),
      error: z.string().nullable(),
      inputs: z.array(ArtifactSchema),
      outputs: z.array(ArtifactSchema),
    }),
  ),
  artifacts: z.array(ArtifactSchema),
});

export const ArtifactParams = z.object({ sha: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits (an artifact sha256)') });
