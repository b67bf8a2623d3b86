/**
 * A served convopt for browser tests and the web benchmark: a scratch CONVOPT_HOME with a SQLite
 * store and artifact store, real training runs (the same `runTraining` as `convopt train`, in
 * process so no CLI start-up is paid), and the Fastify app listening on an ephemeral loopback port
 * with the built web app.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { resolveTrainConfig } from '../../src/config/resolve.js';
import { ArtifactStore } from '../../src/pipeline/artifacts/store.js';
import { runTraining, type TrainResult } from '../../src/pipeline/train/run.js';
import { buildApp } from '../../src/serve/app.js';
import { openStore, type TrackingStore } from '../../src/tracking/index.js';
import { WEB_DIST } from '../helpers/browser.js';

export interface WebFixture {
  readonly home: string;
  readonly store: TrackingStore;
  readonly artifacts: ArtifactStore;
  readonly url: string;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

export async function scratchStore(): Promise<{ home: string; store: TrackingStore; artifacts: ArtifactStore }> {
  const home = mkdtempSync(join(tmpdir(), 'convopt-web-'));
  return { home, store: await openStore(`sqlite:${join(home, 'convopt.db')}`), artifacts: new ArtifactStore(join(home, 'artifacts')) };
}

/** Trains `models` (kinds/aliases) on the bundled data into the store, in process. */
export async function train(s: { store: TrackingStore; artifacts: ArtifactStore }, models: readonly string[]): Promise<TrainResult> {
  const r = await runTraining(s.store, { config: resolveTrainConfig({}, { models }), workers: 0, artifacts: s.artifacts });
  if (r.status !== 'completed') throw new Error(`training ${models.join(',')} failed: ${r.error?.message ?? 'unknown'}`);
  return r;
}

/** Serves the store with the web app on 127.0.0.1:<ephemeral>; `token` makes registry writes need it. */
export async function serve(s: { home: string; store: TrackingStore; artifacts: ArtifactStore }, opts: { token?: string; closeStore?: boolean } = {}): Promise<WebFixture> {
  const app = await buildApp({ store: s.store, artifacts: s.artifacts, webRoot: WEB_DIST, pollMs: 0, logger: false, ...(opts.token ? { token: opts.token } : {}) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('server has no TCP address');
  return {
    ...s,
    app,
    url: `http://127.0.0.1:${addr.port}`,
    async close() {
      await app.close();
      if (opts.closeStore ?? true) await s.store.close();
    },
  };
}
