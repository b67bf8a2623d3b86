/**
 * The commander program: global options and one subcommand per file in `commands/`. Kept apart from
 * `main.ts` (which runs it) so a command can build a fresh program of its own (`convopt start`).
 */
import { Command } from 'commander';
import { registerCommands } from './commands/index.js';
import { VERSION } from '../core/version.js';

/** The program for `argv` (only the command it runs is loaded; see `registerCommands`). */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command();
  program
    .name('convopt')
    .description(
      'Predict and raise the sales conversions of social-media ad campaigns.\n\n' +
        'Typical flow:  convopt validate data.csv  →  convopt eda  →  convopt train  →  convopt serve\n' +
        'Every command reads the bundled dataset when --data is not given, and accepts --json for scripts.',
    )
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces for errors (for bug reports)')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: true })
    // Before the subcommands exist, so they inherit it: usage errors throw (exit 64 in runCli)
    // instead of calling process.exit in the middle of an in-process run.
    .exitOverride();
  await registerCommands(program, argv);
  return program;
}

