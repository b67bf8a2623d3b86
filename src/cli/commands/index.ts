/**
 * The command list: one file per command, each exporting `register(program)`. Add new commands here.
 */
import type { Command } from 'commander';

type Register = (program: Command) => void;

const commands: Register[] = [
  // (commands register themselves here, one import per file)
];

export function registerCommands(program: Command): void {
  for (const register of commands) register(program);
}
