/**
 * `startServer(opts)`: opens the tracking store, checks the bind address against the token rule,
 * builds the app with logging and timeouts, and listens. `close()` stops accepting connections,
 * lets in-flight requests finish, then releases the store.
 */
import type { FastifyInstance } from 'fastify';
import { ConvoptError } from '../core/errors.js';
import { openStore, type TrackingStore } from '../tracking/index.js';
import { buildApp, type BuildAppOptions } from './app.js';
import { checkBindSecurity } from './security.js';
import { DEFAULT_HOST, DEFAULT_PORT } from './defaults.js';

export interface ServerOptions extends Omit<BuildAppOptions, 'store'> {
  readonly host?: string;
  readonly port?: number;
  /** Tracking store URI (default: $CONVOPT_STORE_URI or `<home>/convopt.db`). */
  readonly storeUri?: string;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly store: TrackingStore;
  close(): Promise<void>;
}

export { DEFAULT_HOST, DEFAULT_PORT };

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? DEFAULT_HOST;
  const port = opts.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConvoptError('INVALID_ARGUMENT', `Port must be a whole number from 0 to 65535; got ${port}.`, { path: '--port', value: port, hint: 'Use e.g. --port 8080 (0 picks a free port).' });
  }
  const token = opts.token ?? (process.env.CONVOPT_TOKEN || undefined);
  checkBindSecurity(host, token);
  const store = await openStore(opts.storeUri);
  let app: FastifyInstance;
  try {
    app = await buildApp({
      ...opts,
      store,
      ...(token ? { token } : {}),
      // 'warn' by default: per-request info lines would dominate a high-rate scoring log.
      logger: opts.logger ?? { level: process.env.CONVOPT_LOG_LEVEL ?? 'warn' },
      fastify: { connectionTimeout: 0, keepAliveTimeout: 72_000, requestTimeout: 120_000 },
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  let address: string;
  try {
    address = await app.listen({ host, port });
  } catch (err) {
    await app.close();
    await store.close();
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConvoptError('IO_ERROR', `Cannot listen on ${host}:${port}: ${(err as Error).message}`, {
      cause: err,
      path: '--port',
      value: port,
      hint: code === 'EADDRINUSE' ? 'Another process uses this port; pick another with --port.' : 'Check --host and --port.',
    });
  }
  return {
    app,
    url: address,
    store,
    async close() {
      await app.close();
      await store.close();
    },
  };
}
