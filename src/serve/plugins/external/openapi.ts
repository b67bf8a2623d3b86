/**
 * OpenAPI 3 from the route schemas (zod → JSON Schema via fastify-type-provider-zod) at
 * `/openapi.json`, and swagger-ui at `/docs`, served from the installed package (works offline).
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { VERSION } from '../../../core/version.js';

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'convopt prediction server', version: VERSION, description: 'Scores ad campaigns (MLflow scoring protocol at /invocations, convopt API under /api/v1), and exposes the model registry, runs and artifacts.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}

/** Adds `GET /openapi.json` (after routes are registered, so it lists them all). */
export function registerOpenApiRoute(app: FastifyInstance): void {
  app.get('/openapi.json', { schema: { hide: true } as Record<string, unknown> }, async () => app.swagger());
}
