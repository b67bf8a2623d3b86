/** Liveness and readiness: `/ping` (up), `/health` (200 only with a model loaded), `/version`. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { VERSION } from '../../core/version.js';
import type { LoadedModel } from '../model/provider.js';
import { HealthResponse, VersionResponse } from '../schemas/scoring.js';

export function modelRef(m: LoadedModel) {
  return { name: m.name, version: m.version, label: m.label, featureSet: m.featureSet, modelKind: m.modelKind };
}

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/ping', { schema: { tags: ['mlflow'], summary: 'Liveness: 200 while the process is up.' } }, async (_req, reply) => reply.type('text/plain').send('\n'));

  app.get('/health', { schema: { tags: ['mlflow'], summary: 'Readiness: 200 once a model is loaded, 503 before.', response: { 200: HealthResponse, 503: HealthResponse } } }, async (_req, reply) => {
    const m = app.convopt.provider.current();
    if (!m) {
      const err = app.convopt.provider.error;
      return reply.code(503).send({ status: 'loading' as const, model: null, requiredColumns: [], ...(err ? { error: err.message } : {}) });
    }
    return { status: 'ok' as const, model: modelRef(m), requiredColumns: [...m.required] };
  });

  app.get('/version', { schema: { tags: ['mlflow'], summary: 'convopt version and the served model.', response: { 200: VersionResponse } } }, async () => ({ convopt: VERSION, model: app.convopt.provider.current()?.label ?? null }));
};
