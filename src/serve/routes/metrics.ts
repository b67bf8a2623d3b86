/** Prometheus exposition at `/metrics`, plus the hook that times every request by route. */
import type { FastifyInstance } from 'fastify';

export function installMetrics(app: FastifyInstance): void {
  const m = app.convopt.metrics;
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern (not the URL) keeps label cardinality bounded; unmatched paths share one label.
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { route, method: request.method };
    m.requests.inc({ ...labels, status: String(reply.statusCode) });
    m.latency.observe(labels, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } as Record<string, unknown> }, async (_req, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(m.render()));
}
