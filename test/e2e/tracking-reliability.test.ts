/**
 * Tracking store reliability across processes, on SQLite and PostgreSQL:
 *  - a run whose process is SIGKILLed is marked FAILED at the next open;
 *  - two processes writing to one store at once both finish with every row intact.
 * PostgreSQL needs $CONVOPT_TEST_PG_URL (always set in CI); without it those tests fail loudly.
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/tracking/index.js';
import { freshPgSchema, requirePgUrl } from '../../src/tracking/testing/pg.js';

const root = new URL('../../', import.meta.url).pathname;
const child = join(root, 'src/tracking/testing/writer-child.ts');

interface Child {
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  readonly firstLine: Promise<string>;
  kill(signal: NodeJS.Signals): void;
}

function startChild(args: readonly string[]): Child {
  const p = spawn(process.execPath, ['--import', 'tsx', child, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let resolveLine: (s: string) => void = () => undefined;
  const firstLine = new Promise<string>((res) => (resolveLine = res));
  p.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    const nl = stdout.indexOf('\n');
    if (nl >= 0) resolveLine(stdout.slice(0, nl));
  });
  p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((res) => p.on('exit', (code, signal) => res({ code, signal, stdout, stderr })));
  void done.then(() => resolveLine(''));
  return { done, firstLine, kill: (s) => p.kill(s) };
}

interface Backend {
  readonly label: string;
  make(): { uri: string; cleanup(): Promise<void> };
}

const sqlite: Backend = {
  label: 'SQLite',
  make() {
    const dir = mkdtempSync(join(tmpdir(), 'convopt-rel-'));
    return { uri: join(dir, 'convopt.db'), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

const postgres: Backend = {
  label: 'PostgreSQL',
  make() {
    requirePgUrl();
    const s = freshPgSchema('rel');
    return { uri: s.uri, cleanup: () => s.drop() };
  },
};

for (const backend of [sqlite, postgres]) {
  describe(`tracking reliability (${backend.label})`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const c of cleanups) await c();
    });

    test('a run whose process was SIGKILLed is marked FAILED at the next open', async () => {
      const { uri, cleanup } = backend.make();
      cleanups.push(cleanup);
      const c = startChild(['hang', uri, 'doomed']);
      const runId = (await c.firstLine).trim();
      assert.match(runId, /^[0-9a-f]{32}$/, `child did not start a run: ${(await Promise.race([c.done, Promise.resolve(null)]))?.stderr ?? ''}`);
      c.kill('SIGKILL');
      const exit = await c.done;
      assert.equal(exit.signal, 'SIGKILL');
      const store = await openStore(uri);
      try {
        const run = await store.getRun(runId);
        assert.equal(run.status, 'FAILED');
        assert.ok(run.endTime !== null);
        assert.match(run.tags['convopt.failure'], /no longer running/);
        assert.deepEqual(run.metrics, { progress: 0.5 }, 'what the run logged before dying is kept');
      } finally {
        await store.close();
      }
    });

    test('two processes writing to one store at once both complete with all data intact', async () => {
      const { uri, cleanup } = backend.make();
      cleanups.push(cleanup);
      // No store exists yet: both writers also race to create and migrate it (SQLite write lock /
      // PostgreSQL advisory lock) and to create the shared experiment.
      const n = 20;
      const [a, b] = [startChild(['write', uri, 'shared', 'A', String(n)]), startChild(['write', uri, 'shared', 'B', String(n)])];
      const [ra, rb] = await Promise.all([a.done, b.done]);
      assert.equal(ra.code, 0, ra.stderr);
      assert.equal(rb.code, 0, rb.stderr);
      const store = await openStore(uri);
      try {
        const runs = await store.searchAllRuns({ filter: "status = 'FINISHED'" });
        assert.equal(runs.length, 2 * n);
        for (const label of ['A', 'B']) {
          const mine = runs.filter((r) => r.tags.writer === label);
          assert.equal(mine.length, n);
          assert.deepEqual(new Set(mine.map((r) => r.params.i)), new Set(Array.from({ length: n }, (_, i) => String(i))));
          for (const r of mine) assert.deepEqual(Object.keys(r.metrics).sort(), ['r2', 'step_metric']);
        }
        const versions = await store.registry.listModelVersions('shared-model');
        assert.deepEqual(versions.map((v) => v.version).sort((x, y) => x - y), Array.from({ length: 2 * n }, (_, i) => i + 1), 'version numbers are unique and gap-free');
        assert.equal((await store.listExperiments()).filter((e) => e.name === 'shared').length, 1);
      } finally {
        await store.close();
      }
    });
  });
}
