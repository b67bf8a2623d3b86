/**
 * The convopt home folder: where the default tracking store (`convopt.db`), the artifact store and
 * other local state live. `CONVOPT_HOME` overrides the default `.convopt` (relative to the working
 * directory), so tests and CI can point every component at a scratch folder with one variable.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConvoptError } from './errors.js';

/** Absolute path of the home folder, created on demand (parents too). */
export function convoptHome(): string {
  const dir = resolve(process.env.CONVOPT_HOME ?? '.convopt');
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new ConvoptError('IO_ERROR', `Cannot create the convopt home folder: ${(err as Error).message}`, {
      file: dir,
      cause: err,
      hint: 'Set CONVOPT_HOME to a writable folder, or fix the permissions of this one.',
    });
  }
  return dir;
}
