/**
 * Registry endpoints: list models and versions, promote a version to an alias, roll an alias back,
 * and read the alias audit trail.
 * Writes need the bearer token when one is configured, and tell the model provider to re-check at
 * once, so the served model follows the promotion without waiting for the next poll.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireStore } from '../plugins/app/context.js';
import { requireToken } from '../security.js';
import { errorResponses, ErrorBody } from '../schemas/common.js';
import { AliasHistoryQuery, AliasHistoryResponse, AliasMoveResponse, ModelNameParams, ModelVersionSchema, PromoteBody, RegisteredModelSchema, RollbackBody } from '../schemas/registry.js';

export const modelRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.convopt;
  const writeResponses = { 200: AliasMoveResponse, ...errorResponses, 401: ErrorBody, 409: ErrorBody } as const;

  app.get('/api/v1/models', { schema: { tags: ['registry'], summary: 'Registered models with their aliases.', response: { 200: z.object({ models: z.array(RegisteredModelSchema) }), 503: ErrorBody } } }, async () => ({
    models: await requireStore(ctx).registry.listRegisteredModels(),
  }));

  app.get(
    '/api/v1/models/:name/versions',
    { schema: { tags: ['registry'], summary: 'Versions of one model, newest first.', params: ModelNameParams, response: { 200: z.object({ versions: z.array(ModelVersionSchema) }), ...errorResponses } } },
    async (request) => ({ versions: (await requireStore(ctx).registry.listModelVersions(request.params.name)).map((v) => ({ ...v, metrics: { ...v.metrics }, aliases: [...v.aliases] })) }),
  );

  app.get(
    '/api/v1/models/:name/aliases/history',
    {
      schema: {
        tags: ['registry'],
        summary: 'The alias audit trail of one model (optionally one alias): who moved it, from which version to which, when and why; newest first.',
        params: ModelNameParams,
        querystring: AliasHistoryQuery,
        response: { 200: AliasHistoryResponse, ...errorResponses },
      },
    },
    async (request) => {
      const events = await requireStore(ctx).registry.aliasHistory(request.params.name, request.query.alias);
      return { events: [...events].reverse() };
    },
  );

  app.post(
    '/api/v1/models/:name/promote',
    {
      schema: { tags: ['registry'], summary: 'Point an alias (default champion) at a version; the server swaps to it.', params: ModelNameParams, body: PromoteBody, response: writeResponses },
      preHandler: async (request) => requireToken(request, ctx.token),
    },
    async (request) => {
      const { version, alias, reason } = request.body;
      const event = await requireStore(ctx).registry.setAlias(request.params.name, alias, version, { ...(reason ? { reason } : {}), actor: 'api' });
      await ctx.provider.refresh();
      return { event, serving: ctx.provider.current()?.label ?? null };
    },
  );

  app.post(
    '/api/v1/models/:name/rollback',
    {
      schema: { tags: ['registry'], summary: 'Move an alias back to the version it pointed at before.', params: ModelNameParams, body: RollbackBody, response: writeResponses },
      preHandler: async (request) => requireToken(request, ctx.token),
    },
    async (request) => {
      const { alias, reason } = request.body;
      const event = await requireStore(ctx).registry.rollback(request.params.name, alias, { ...(reason ? { reason } : {}), actor: 'api' });
      await ctx.provider.refresh();
      return { event, serving: ctx.provider.current()?.label ?? null };
    },
  );
};
