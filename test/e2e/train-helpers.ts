/**
 * Helpers for the train/predict end-to-end tests: run the real CLI in a child process against a
 * scratch CONVOPT_HOME, and check the artifact store's integrity (every stored file hashes to its
 * own name, so nothing half-written is addressable).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const root = new URL('../../', import.meta.url).pathname;
const main = join(root, 'src/cli/main.ts');

export interface CliRun {
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Resolves when stderr contains `text`. */
  waitForStderr(text: string): Promise<void>;
  kill(signal: NodeJS.Signals): void;
}

/** A fresh CONVOPT_HOME. */
export function scratchHome(): string {
  return mkdtempSync(join(tmpdir(), 'convopt-e2e-train-'));
}

/** Starts `convopt <args>` with CONVOPT_HOME=home. */
export function startCli(args: readonly string[], home: string, cwd = root): CliRun {
  const p = spawn(process.execPath, ['--import', 'tsx', main, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CONVOPT_HOME: home, CONVOPT_STORE_URI: '' } });
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve: () => void; reject: (e: Error) => void }[] = [];
  p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  p.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    for (const w of waiters.splice(0)) {
      if (stderr.includes(w.text)) w.resolve();
      else waiters.push(w);
    }
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((res) =>
    p.on('exit', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`process exited (${code ?? signal}) before printing ${JSON.stringify(w.text)}:\n${stderr}`));
      res({ code, signal, stdout, stderr });
    }),
  );
  return {
    done,
    waitForStderr: (text) => (stderr.includes(text) ? Promise.resolve() : new Promise((resolve, reject) => waiters.push({ text, resolve, reject }))),
    kill: (s) => p.kill(s),
  };
}

/** Runs `convopt <args>` to completion. */
export function cli(args: readonly string[], home: string, cwd = root) {
  return startCli(args, home, cwd).done;
}

/** Checks every artifact file: name = sha256(content), and a metadata sidecar exists. Returns the count. */
export function checkArtifacts(home: string): number {
  const dir = join(home, 'artifacts');
  let n = 0;
  for (const sub of readdirSync(dir)) {
    if (!statSync(join(dir, sub)).isDirectory()) continue;
    for (const f of readdirSync(join(dir, sub))) {
      if (f.startsWith('.tmp-') || f.endsWith('.meta.json')) continue;
      const sha = createHash('sha256').update(readFileSync(join(dir, sub, f))).digest('hex');
      if (sha !== f) throw new Error(`artifact ${sub}/${f} is corrupt (content hashes to ${sha})`);
      n++;
    }
  }
  return n;
}
