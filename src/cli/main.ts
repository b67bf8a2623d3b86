/**
 * The `convopt` command line: builds the commander program from one file per command and turns every
 * failure into a one-paragraph message and a catalogue exit code. Stack traces only with `--debug`.
 */
import { CommanderError } from 'commander';
import { ConvoptError, toConvoptError } from '../core/errors.js';
import { buildProgram } from './program.js';

function wantsJson(argv: readonly string[]): boolean {
  return argv.includes('--json');
}

/**
 * A reader that stops early (`convopt runs list | head`, `convopt train 2>&1 | head`) closes the pipe:
 * the rest of the output has nowhere to go, which is not an error, so the command ends there without a
 * message and with status 141, as a Unix tool killed by SIGPIPE does (a train cut short this way is
 * marked failed at the next start). Without a listener the write's EPIPE would crash the process with
 * a stack trace. Installed even when the stream has listeners already: the pipes that forward a
 * worker thread's output into stdout listen only until the first error.
 */
const guarded = new WeakSet<NodeJS.WriteStream>();
/** 128 + SIGPIPE. */
const EXIT_CLOSED_PIPE = 141;
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT_CLOSED_PIPE);
    throw err;
  });
}

/** Runs the CLI; resolves to the exit code instead of exiting, so tests can call it in-process. */
export async function runCli(argv: readonly string[]): Promise<number> {
  exitQuietlyOnClosedPipe(process.stdout);
  exitQuietlyOnClosedPipe(process.stderr);
  const program = await buildProgram(argv);
  program.exitOverride();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version "errors" are normal exits; usage errors were already printed by commander.
      return err.exitCode === 0 ? 0 : 64;
    }
    const e = toConvoptError(err);
    if (wantsJson(argv)) process.stdout.write(`${JSON.stringify(e.toJSON(), null, 2)}\n`);
    process.stderr.write(`convopt: ${e.describe()}\n`);
    if (argv.includes('--debug') || (!(err instanceof ConvoptError) && process.env.CONVOPT_DEBUG)) {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    }
    return e.exitCode;
  }
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '');
if (isMain && process.env.CONVOPT_NO_AUTORUN !== '1') {
  const code = await runCli(process.argv.slice(2));
  process.exitCode = code;
}
