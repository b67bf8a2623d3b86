/**
 * Runs the real `convopt` CLI (the TypeScript sources under tsx) in a child process, for end-to-end
 * tests. Each test file passes its own CONVOPT_HOME so stores never collide.
 */
import { spawn } from 'node:child_process';

export const ROOT = new URL('../../', import.meta.url).pathname;

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Text for standard input (default: closed at once). */
  readonly input?: string;
  /** Extra Node flags before the script, e.g. `--max-old-space-size=96`. */
  readonly nodeFlags?: readonly string[];
  /** Stop reading standard output after its first chunk, as `| head -1` does (the pipe closes). */
  readonly closeStdoutEarly?: boolean;
}

export function runCli(args: readonly string[], env: Record<string, string> = {}, options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeFlags ?? []), '--import', 'tsx', `${ROOT}src/cli/main.ts`, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (options.closeStdoutEarly) child.stdout.destroy();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}
