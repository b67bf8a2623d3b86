/**
 * The command list: one file per command, each exporting `register(program)`. Add new commands here.
 * Files are imported on demand: a run of one command loads only that command's modules (DuckDB,
 * Fastify, exceljs, … cost hundreds of milliseconds of start-up between them); help and unknown
 * commands load them all so commander can list and suggest.
 */
import type { Command } from 'commander';

type Register = (program: Command) => void;

const COMMANDS: Readonly<Record<string, () => Promise<{ register: Register }>>> = {
  validate: () => import('./validate.js'),
  clean: () => import('./clean.js'),
  eda: () => import('./eda.js'),
  runs: () => import('./runs.js'),
  models: () => import('./models.js'),
  train: () => import('./train.js'),
  predict: () => import('./predict.js'),
  pipeline: () => import('./pipeline.js'),
  optimize: () => import('./optimize.js'),
  start: () => import('./start.js'),
  serve: () => import('./serve.js'),
};

/** The subcommand an argument list runs: its first word that is not an option (global options take no value). */
export function commandOf(argv: readonly string[]): string | undefined {
  return argv.find((a) => !a.startsWith('-'));
}

/** Registers the command `argv` runs, or every command when it names none we know (help, typos). */
export async function registerCommands(program: Command, argv: readonly string[] = []): Promise<void> {
  const name = commandOf(argv);
  // `convopt --version` needs no command at all.
  if (name === undefined && (argv.includes('-V') || argv.includes('--version'))) return;
  const wanted = name !== undefined && Object.hasOwn(COMMANDS, name) ? [name] : Object.keys(COMMANDS);
  const modules = await Promise.all(wanted.map((n) => COMMANDS[n]!()));
  for (const m of modules) m.register(program);
}
