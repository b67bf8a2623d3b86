/**
 * The command list: one file per command, each exporting `register(program)`. Add new commands here.
 */
import type { Command } from 'commander';
import { register as validate } from './validate.js';
import { register as clean } from './clean.js';
import { register as eda } from './eda.js';
import { register as runs } from './runs.js';
import { register as models } from './models.js';
import { register as train } from './train.js';
import { register as predict } from './predict.js';
import { register as pipeline } from './pipeline.js';
import { register as optimize } from './optimize.js';
import { register as start } from './start.js';
import { register as serve } from './serve.js';

type Register = (program: Command) => void;

const commands: Register[] = [
  validate,
  clean,
  eda,
  runs,
  models,
  train,
  predict,
  pipeline,
  optimize,
  start,
  serve,
  // (commands register themselves here, one import per file)
];

export function registerCommands(program: Command): void {
  for (const register of commands) register(program);
}
