/**
 * Worker-thread side of the worker executor. Receives a task (step module + export name, params,
 * seed, inputs as materialized bytes), imports the step, loads the inputs with the same materializers
 * the main thread uses, runs the step and posts the outputs back as bytes. Because values cross the
 * thread boundary only as materialized bytes, a step gives the same artifacts here as in-process.
 */
import { parentPort } from 'node:worker_threads';
import { BUG_HINT } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { type WireError, errorToWire } from '../../core/wire-error.js';
import { materializerFor } from '../artifacts/materializers/index.js';
import type { Step, StepParams } from '../step.js';

/** Main → worker. */
export interface WorkerTask {
  readonly taskId: number;
  readonly moduleUrl: string;
  readonly exportName: string;
  readonly nodeId: string;
  readonly params: StepParams;
  readonly seed: number;
  readonly inputs: Readonly<Record<string, { type: string; bytes: Uint8Array }>>;
}

/** Worker → main. */
export type WorkerReply =
  | { readonly taskId: number; readonly type: 'progress'; readonly fraction: number; readonly note?: string }
  | { readonly taskId: number; readonly type: 'annotate'; readonly key: string; readonly value: unknown }
  | { readonly taskId: number; readonly type: 'done'; readonly outputs: Record<string, Uint8Array> }
  | { readonly taskId: number; readonly type: 'error'; readonly error: WireError };

async function handle(task: WorkerTask): Promise<void> {
  const port = parentPort!;
  try {
    const mod = (await import(task.moduleUrl)) as Record<string, unknown>;
    const step = mod[task.exportName] as Step<StepParams> | undefined;
    if (!step || typeof step.run !== 'function') throw new Error(`module ${task.moduleUrl} has no step export "${task.exportName}"`);
    const inputs: Record<string, unknown> = {};
    for (const [name, i] of Object.entries(task.inputs)) inputs[name] = materializerFor(i.type).load(Buffer.from(i.bytes.buffer, i.bytes.byteOffset, i.bytes.byteLength));
    const out = await step.run(
      {
        nodeId: task.nodeId,
        rng: new Rng(task.seed),
        progress: (fraction, note) => port.postMessage({ taskId: task.taskId, type: 'progress', fraction, ...(note !== undefined ? { note } : {}) } satisfies WorkerReply),
        annotate: (key, value) => port.postMessage({ taskId: task.taskId, type: 'annotate', key, value } satisfies WorkerReply),
      },
      inputs,
      task.params,
    );
    const outputs: Record<string, Uint8Array> = {};
    for (const [name, type] of Object.entries(step.outputs)) {
      if (!(name in out)) throw new Error(`step "${task.nodeId}" did not return its declared output "${name}"`);
      outputs[name] = new Uint8Array(materializerFor(type).save(out[name]));
    }
    // Copied, not transferred: a transfer detaches the buffers here, and after one detachment V8 checks
    // every typed-array access in this worker for it (the next families' fits ran 15-20 % slower).
    // Copying a step's outputs (a forest's model, a few MB at most) costs about a millisecond.
    port.postMessage({ taskId: task.taskId, type: 'done', outputs } satisfies WorkerReply);
  } catch (err) {
    port.postMessage({ taskId: task.taskId, type: 'error', error: errorToWire(err, { what: 'Unexpected internal error in worker', hint: BUG_HINT }) } satisfies WorkerReply);
  }
}

/** Main → worker, before any task: import these step modules now (see `WorkerExecutor.warm`). */
export interface WorkerPreload {
  readonly preload: readonly string[];
}

parentPort?.on('message', (msg: WorkerTask | WorkerPreload) => {
  // A failed preload is not an error: the task that needs the module will report it.
  if ('preload' in msg) for (const url of msg.preload) void import(url).catch(() => undefined);
  else void handle(msg);
});
