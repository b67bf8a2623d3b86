/**
 * Runs the `convopt` CLI inside the test process (no spawn), capturing what it writes. Only text is
 * captured: the CLI writes strings, while `node --test` sends its own binary event frames through the
 * same `process.stdout` — those pass through untouched, or a frame written during an `await` inside
 * the command would end up in the captured output.
 */
export interface InProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCliInProcess(args: readonly string[]): Promise<InProcessResult> {
  process.env.CONVOPT_NO_AUTORUN = '1';
  const { runCli } = await import('../../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const capture = (append: (s: string) => void, pass: typeof out): typeof out =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (typeof chunk !== 'string') return (pass as (c: Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
      append(chunk);
      return true;
    }) as typeof out;
  process.stdout.write = capture((s) => (stdout += s), out);
  process.stderr.write = capture((s) => (stderr += s), err);
  try {
    const code = await runCli(args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = undefined;
  }
}
