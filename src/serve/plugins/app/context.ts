/**
 * The serving context every route reads: the model provider, the tracking store (registry, runs),
 * the artifact store, metrics and the write token. Decorated once on the root instance as
 * `app.convopt`, typed through Fastify's module augmentation, so routes never import globals.
 */
import type { FastifyInstance } from 'fastify';
import { ConvoptError } from '../../../core/errors.js';
import type { ArtifactStore } from '../../../pipeline/artifacts/store.js';
import type { TrackingStore } from '../../../tracking/index.js';
import type { ServeMetrics } from '../../metrics/prometheus.js';
import type { LoadedModel, ModelProvider } from '../../model/provider.js';

export interface ServeContext {
  readonly provider: ModelProvider;
  readonly store: TrackingStore | undefined;
  readonly artifacts: ArtifactStore;
  readonly metrics: ServeMetrics;
  /** Bearer token for write endpoints (undefined = loopback-only server, writes open). */
  readonly token: string | undefined;
  /** Byte cap of one streamed CSV upload. */
  readonly csvLimit: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    convopt: ServeContext;
  }
}

export function decorateContext(app: FastifyInstance, ctx: ServeContext): void {
  app.decorate('convopt', ctx);
}

/** The model for this request (taken once, so a swap mid-request cannot change it), or 503. */
export function requireModel(ctx: ServeContext): LoadedModel {
  const m = ctx.provider.current();
  if (m) return m;
  const why = ctx.provider.error;
  throw new ConvoptError('STORE_UNAVAILABLE', `No model is loaded yet (${ctx.provider.specText})${why ? `: ${why.message}` : '.'}`, {
    hint: why?.hint ?? 'Wait for the model to load (GET /health turns 200), or promote a model version.',
  });
}

/** The tracking store, or 503 when the server runs without one (e.g. serving a model file). */
export function requireStore(ctx: ServeContext): TrackingStore {
  if (ctx.store) return ctx.store;
  throw new ConvoptError('STORE_UNAVAILABLE', 'This server runs without a tracking store, so registry and run endpoints are unavailable.', { hint: 'Start it with --store URI (or the default store) to use them.' });
}
