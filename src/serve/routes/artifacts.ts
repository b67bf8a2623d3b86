/**
 * Artifact download by sha256. The only path from a URL to a file: the sha is checked against
 * `^[0-9a-f]{64}$` by the schema and then resolved by `ArtifactStore.path`, which refuses anything
 * outside the store, so `../` in any encoding never reaches the filesystem.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ConvoptError } from '../../core/errors.js';
import { ARTIFACT_URI_PREFIX } from '../../pipeline/artifacts/store.js';
import { ArtifactParams } from '../schemas/runs.js';

export const artifactRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.convopt;
  app.get('/api/v1/artifacts/:sha', { schema: { tags: ['artifacts'], summary: 'Download an artifact by its sha256.', params: ArtifactParams } }, async (request, reply) => {
    const uri = ARTIFACT_URI_PREFIX + request.params.sha;
    const file = ctx.artifacts.path(uri);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw new ConvoptError('NOT_FOUND', `Artifact ${request.params.sha} is not in the artifact store.`, { value: request.params.sha, hint: 'List a run\'s artifacts with GET /api/v1/runs/:id/pipeline.' });
    const meta = await ctx.artifacts.meta(uri);
    return reply
      .type(meta?.mediaType ?? 'application/octet-stream')
      .header('content-length', info.size)
      .header('content-disposition', `attachment; filename="${(meta?.name ?? request.params.sha).replace(/[^A-Za-z0-9_.-]/g, '_')}"`)
      .send(createReadStream(file));
  });
};
