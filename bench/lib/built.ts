/**
 * Our side of a benchmark runs the code users run: the tsc build in dist/ (what `convopt` and the
 * server execute), not the sources through tsx. The two differ: fits loaded through tsx's loader ran
 * 10–35 % slower than the same code from dist/ (HistGradientBoosting 72 vs 53 ms on the bundled rows).
 * When dist/ is missing or older than a source file, the sources run instead and the benchmark says so.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const dist = join(root, 'dist');

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (p !== join(root, 'src', 'web')) newest = Math.max(newest, newestSource(p)); // the web app is built by vite, not tsc
    }
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function distIsCurrent(): boolean {
  const marker = join(dist, 'cli', 'main.js');
  return existsSync(marker) && statSync(marker).mtimeMs >= newestSource(join(root, 'src'));
}

/** `dist` when the build is current, else `tsx` (sources; slower, so figures are pessimistic). */
export const runner: 'dist' | 'tsx' = distIsCurrent() ? 'dist' : 'tsx';
if (runner === 'tsx') process.stderr.write('bench: dist/ is missing or older than src/ (run `npm run build`); timing the sources through tsx, which runs slower\n');

/** Imports `src/<path>.ts` as built (`dist/<path>.js`) when current, else the source. `path` ends in `.js`. */
export function built<T>(path: string): Promise<T> {
  const url = runner === 'dist' ? new URL(`../../dist/${path}`, import.meta.url) : new URL(`../../src/${path.replace(/\.js$/, '.ts')}`, import.meta.url);
  return import(url.href) as Promise<T>;
}

/** One line for a benchmark's output saying which code ran. */
export function runnerNote(): string {
  return runner === 'dist' ? 'convopt side: the tsc build in dist/ (what the CLI and server run).' : 'convopt side: the sources through tsx (dist/ missing or stale), which run slower than the build.';
}
