/**
 * Steps used by the executor tests: importable by module URL, as worker steps must be. Not part of
 * the public API.
 */
import { ConvoptError } from '../../core/errors.js';
import { threadBudget } from '../../core/threads.js';
import { defineStep } from '../step.js';

/** Sums squares of a JSON number list with a seeded jitter, so seeding differences would show. */
export const sumSquares = defineStep<{ scale: number }>({
  name: 'sum-squares',
  version: '1',
  inputs: { xs: 'json' },
  outputs: { total: 'metrics' },
  executor: 'worker',
  moduleUrl: import.meta.url,
  exportName: 'sumSquares',
  run: (ctx, inputs, params) => {
    const xs = inputs.xs as number[];
    ctx.progress(0.5, 'half');
    return { total: { total: xs.reduce((a, x) => a + x * x, 0) * params.scale, draw: ctx.rng.random() } };
  },
});

/** Always fails with a typed error (to check that codes and hints survive the thread boundary). */
export const failing = defineStep({
  name: 'failing',
  version: '1',
  inputs: { xs: 'json' },
  outputs: { y: 'json' },
  executor: 'worker',
  moduleUrl: import.meta.url,
  exportName: 'failing',
  run: () => {
    throw new ConvoptError('INVALID_DATA', 'column Spent has negative values', { hint: 'fix the data' });
  },
});

/** Reports the thread budget that automatic model thread counts resolve to where the step runs. */
export const reportThreads = defineStep({
  name: 'report-threads',
  version: '1',
  inputs: { xs: 'json' },
  outputs: { threads: 'json' },
  executor: 'worker',
  moduleUrl: import.meta.url,
  exportName: 'reportThreads',
  run: () => ({ threads: threadBudget() }),
});
