/**
 * Starting worker threads from our own modules. Under tsx (tests, development) sources end in `.ts`
 * and Node 20 does not run `--import` hooks inside workers, so a one-line bootstrap registers tsx's
 * loader before importing the module; in the built package (`.js`) the module is started directly.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** URL of a sibling module (`./name.ts` under tsx, `./name.js` when built). */
export function siblingModuleUrl(importMetaUrl: string, baseName: string): URL {
  const ext = importMetaUrl.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${baseName}${ext}`, importMetaUrl);
}

/** Starts the sibling module `baseName` of the calling module as a worker thread. */
export function startWorker(importMetaUrl: string, baseName: string, options: WorkerOptions = {}): Worker {
  const url = siblingModuleUrl(importMetaUrl, baseName);
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
