/** Prometheus exposition at `/metrics`, plus the hook that times every request by route. */
import type { FastifyInstance } from 'fastify';
import type { CounterChild, HistogramChild } from '../metrics/prometheus.js';

export function installMetrics(app: FastifyInstance): void {
  const m = app.convopt.metrics;
  // Label sets are few (route × method × status), so each one's cells are looked up once and
  // cached under a plain string key: recording is then one map hit and two adds.
  const cells = new Map<string, { count: CounterChild; latency: HistogramChild }>();
  app.addHook('onResponse', (request, reply, done) => {
    // The route pattern (not the URL) keeps label cardinality bounded; unmatched paths share one label.
    const route = request.routeOptions.url ?? 'unmatched';
    const method = request.method;
    const status = reply.statusCode;
    const key = `${status} ${method} ${route}`;
    let c = cells.get(key);
    if (!c) {
      c = { count: m.requests.child({ route, method, status: String(status) }), latency: m.latency.child({ route, method }) };
      cells.set(key, c);
    }
    c.count.inc();
    c.latency.observe(reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', { schema: { hide: true } as Record<string, unknown> }, async (_req, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(m.render()));
}
