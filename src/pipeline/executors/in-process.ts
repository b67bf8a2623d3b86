/** The in-process executor: awaits each input value and calls `step.run` on the main thread. */
import type { Executor, OutputPayload } from './executor.js';

/** Runs steps in this thread; concurrency comes only from async steps overlapping. */
export const inProcessExecutor: Executor = {
  name: 'in-process',
  async execute(step, ctx, inputs, params) {
    const values: Record<string, unknown> = {};
    for (const [name, port] of Object.entries(inputs)) values[name] = await port.value();
    const out = await step.run(ctx, values, params);
    const payload: Record<string, OutputPayload> = {};
    for (const [name, value] of Object.entries(out)) payload[name] = { value };
    return payload;
  },
};
