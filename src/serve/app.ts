/**
 * `buildApp(opts)`: the whole prediction server as a Fastify instance, without listening (tests
 * drive it with `inject()`, `server.ts` adds the socket). Order: zod compilers and error handlers,
 * external plugins (OpenAPI, docs, web app), the serving context decorator, then the routes.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { ArtifactStore } from '../pipeline/artifacts/store.js';
import type { TrackingStore } from '../tracking/index.js';
import { installErrorHandlers } from './errors.js';
import { ServeMetrics } from './metrics/prometheus.js';
import { ModelProvider, type ProviderEvent } from './model/provider.js';
import { parseModelSpec } from './model/spec.js';
import { decorateContext, type ServeContext } from './plugins/app/context.js';
import { registerOpenApi, registerOpenApiRoute } from './plugins/external/openapi.js';
import { registerWeb } from './plugins/external/web.js';
import { artifactRoutes } from './routes/artifacts.js';
import { healthRoutes } from './routes/health.js';
import { invocationsRoutes } from './routes/invocations.js';
import { installMetrics } from './routes/metrics.js';
import { modelRoutes } from './routes/models.js';
import { predictCsvRoutes, predictRoutes } from './routes/predict.js';
import { runRoutes } from './routes/runs.js';
import { insightRoutes } from './routes/insights.js';

/** Default JSON/CSV request body cap for non-streamed endpoints (bytes). */
export const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024;

export interface BuildAppOptions {
  /** Tracking store (registry, runs). Optional when serving a model file. */
  readonly store?: TrackingStore;
  /** Model reference: `champion`, `NAME@alias`, `NAME@VERSION` or `file:model.json`. Default `champion`. */
  readonly model?: string;
  /** A ready provider (tests); overrides `model`. */
  readonly provider?: ModelProvider;
  readonly artifacts?: ArtifactStore;
  /** Alias poll period in ms (default 1,000; 0 = only on promote). */
  readonly pollMs?: number;
  /** Bearer token for write endpoints. */
  readonly token?: string;
  /** Request body cap in bytes for JSON and small CSV bodies (default 10 MiB). */
  readonly bodyLimit?: number;
  /** Byte cap of a streamed CSV upload (default 4 GiB). */
  readonly csvLimit?: number;
  /** Folder of the built web app; null = none; default `dist/web` when present. */
  readonly webRoot?: string | null;
  /** Training data for the insight endpoints (EDA, optimiser); default the bundled dataset. */
  readonly data?: string;
  /** Fastify logger setting (default off). */
  readonly logger?: FastifyServerOptions['logger'];
  /** Wait for the first model load before resolving (default true). */
  readonly waitForModel?: boolean;
  /** Extra Fastify server options (timeouts), from `server.ts`. */
  readonly fastify?: Pick<FastifyServerOptions, 'connectionTimeout' | 'keepAliveTimeout' | 'requestTimeout'>;
}

export async function buildApp(opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...opts.fastify,
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Deep or huge JSON is refused by the parser, not by our code.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    requestIdHeader: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);

  const metrics = new ServeMetrics();
  const artifacts = opts.artifacts ?? new ArtifactStore();
  let lastWarning = '';
  const onEvent = (e: ProviderEvent): void => {
    if (e.type === 'loaded') {
      lastWarning = '';
      metrics.modelInfo.reset();
      metrics.modelInfo.set({ name: e.model.name, version: String(e.model.version ?? ''), kind: e.model.modelKind, feature_set: e.model.featureSet }, 1);
      metrics.modelSwaps.inc();
      app.log.info({ model: e.model.label, previous: e.previous }, 'model loaded');
    } else if (e.error.message !== lastWarning) {
      // Polling repeats the same failure every period; log it once until it changes.
      lastWarning = e.error.message;
      app.log.warn({ code: e.error.code }, `model check failed: ${e.error.message}`);
    }
  };
  const provider =
    opts.provider ??
    new ModelProvider({ spec: parseModelSpec(opts.model), ...(opts.store ? { store: opts.store } : {}), artifacts, pollMs: opts.pollMs ?? 1000, onEvent });
  const ctx: ServeContext = { provider, store: opts.store, artifacts, metrics, token: opts.token || undefined, csvLimit: opts.csvLimit ?? 4 * 2 ** 30 };
  decorateContext(app, ctx);

  await registerOpenApi(app);
  installMetrics(app);
  await app.register(healthRoutes);
  await app.register(invocationsRoutes);
  await app.register(predictRoutes);
  await app.register(predictCsvRoutes);
  await app.register(modelRoutes);
  await app.register(runRoutes);
  await app.register(artifactRoutes);
  await app.register(insightRoutes, { ...(opts.data ? { data: opts.data } : {}) });
  registerOpenApiRoute(app);
  await registerWeb(app, opts.webRoot);

  app.addHook('onClose', async () => provider.stop());
  if (!opts.provider) {
    if (opts.waitForModel === false) void provider.start();
    else await provider.start();
  }
  return app;
}
