/**
 * `convopt serve`: runs the prediction server (MLflow scoring protocol at /invocations, the convopt
 * API under /api/v1, docs at /docs, metrics at /metrics) on the champion model or a named version,
 * swapping models live when the alias moves. Stops cleanly on Ctrl-C / SIGTERM.
 */
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_HOST, DEFAULT_PORT } from '../../serve/defaults.js';

interface ServeCliOptions {
  config?: string;
  host?: string;
  port?: number;
  model: string;
  store?: string;
  bodyLimit?: number;
  csvLimit?: number;
  poll: number;
}

/** `10mb`, `512kb`, `1gb` or plain bytes. */
export function parseBytes(v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?\s*$/i.exec(v);
  if (!m) throw new InvalidArgumentError(`expected a size such as 10mb, 512kb or 1048576; got "${v}".`);
  const unit = (m[2] ?? 'b').toLowerCase();
  const mult = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 ** 2 : unit.startsWith('g') ? 1024 ** 3 : 1;
  const n = Math.floor(Number(m[1]) * mult);
  if (n < 1) throw new InvalidArgumentError(`size must be at least 1 byte; got "${v}".`);
  return n;
}

function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`expected a port from 0 to 65535; got "${v}".`);
  return n;
}

function nonNegativeInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number ≥ 0; got "${v}".`);
  return n;
}

export function register(program: Command): void {
  program
    .command('serve')
    .summary('serve predictions, the registry and the web app over HTTP')
    .description(
      'Serve predictions over HTTP: POST /invocations (MLflow scoring protocol), POST /api/v1/predict, POST /api/v1/predict/csv (streamed), ' +
        'registry and run endpoints, /docs, /openapi.json, /metrics. Follows the alias live (promote → swap, no dropped requests).\n' +
        'Binding beyond loopback needs CONVOPT_TOKEN (write endpoints then need Authorization: Bearer <token>).',
    )
    .option('--config <file>', 'convopt.config.json or .yaml: serve.host, serve.port and store (default: ./convopt.config.{json,yaml,yml} if present)')
    .option('--host <address>', `address to bind (default: config serve.host, else ${DEFAULT_HOST})`)
    .option('--port <n>', `TCP port, 0 = any free port (default: config serve.port, else ${DEFAULT_PORT})`, port)
    .option('--model <ref>', 'champion | NAME@ALIAS | NAME@VERSION | file:model.json', 'champion')
    .option('--store <uri>', 'tracking store (SQLite path or postgres:// URL; default <home>/convopt.db)')
    .option('--body-limit <size>', 'largest JSON/CSV request body for /invocations and /api/v1/predict (default 10mb)', parseBytes)
    .option('--csv-limit <size>', 'largest streamed upload to /api/v1/predict/csv (default 4gb)', parseBytes)
    .option('--poll <ms>', 'how often to re-check the alias, in ms (0 = only on promote)', nonNegativeInt, 1000)
    .action(async (o: ServeCliOptions) => {
      // Loaded on use, not at the top: help should not pay for Fastify and the config schema.
      const [{ loadConfigFile }, { startServer }] = await Promise.all([import('../../config/load.js'), import('../../serve/server.js')]);
      // Flags win over the config file, which wins over the defaults (as for `train`).
      const { config } = loadConfigFile(o.config);
      const storeUri = o.store ?? config.store;
      const server = await startServer({
        host: o.host ?? config.serve?.host ?? DEFAULT_HOST,
        port: o.port ?? config.serve?.port ?? DEFAULT_PORT,
        model: o.model,
        pollMs: o.poll,
        ...(storeUri !== undefined ? { storeUri } : {}),
        ...(o.bodyLimit !== undefined ? { bodyLimit: o.bodyLimit } : {}),
        ...(o.csvLimit !== undefined ? { csvLimit: o.csvLimit } : {}),
      });
      const m = server.app.convopt.provider.current();
      const err = server.app.convopt.provider.error;
      process.stderr.write(
        `convopt serve: listening on ${server.url} — model ${m ? m.label : `not loaded yet (${err?.message ?? 'waiting'}); /health answers 503 until it loads`}\n` + `  docs ${server.url}/docs · metrics ${server.url}/metrics\n`,
      );
      await new Promise<void>((resolveStop) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void server.close().finally(resolveStop);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
