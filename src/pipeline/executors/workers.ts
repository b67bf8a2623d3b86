/**
 * The worker-thread executor, for CPU-bound steps (model fits, cross-validation): a small pool of
 * persistent workers (default: CPU count − 1, at least 1) that each run one step at a time. Inputs
 * and outputs cross as materialized bytes (see `worker-entry.ts`), so results are byte-identical to
 * the in-process executor. Steps must say where they live (`moduleUrl` + `exportName`); the runner
 * runs steps without them in-process. Errors thrown in a worker come back as the same ConvoptErrors
 * (code, message, location, hint; see core/wire-error.ts).
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { errorFromWire } from '../../core/wire-error.js';
import { THREAD_BUDGET_KEY, shareOfCores } from '../../core/threads.js';
import { startWorker } from '../../core/worker-url.js';
import type { Executor, OutputPayload } from './executor.js';
import type { WorkerPreload, WorkerReply, WorkerTask } from './worker-entry.js';
import type { StepContext, Step, StepParams } from '../step.js';

interface Pending {
  readonly task: WorkerTask;
  readonly ctx: StepContext;
  readonly resolve: (out: Record<string, OutputPayload>) => void;
  readonly reject: (err: unknown) => void;
}

/** Starts a worker whose models take `threads` threads when their thread count is automatic. */
function spawn(threads: number): Worker {
  return startWorker(import.meta.url, 'worker-entry', { workerData: { [THREAD_BUDGET_KEY]: threads } });
}

/** A pool-backed executor. Call `close()` when done so the process can exit promptly. */
export class WorkerExecutor implements Executor {
  readonly name = 'worker';
  readonly size: number;
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private nextId = 0;

  constructor(size = Math.max(1, availableParallelism() - 1)) {
    this.size = size;
  }

  get capacity(): number {
    return this.size;
  }

  execute(step: Step<StepParams>, ctx: StepContext, inputs: Parameters<Executor['execute']>[2], params: StepParams, seed: number): Promise<Record<string, OutputPayload>> {
    return (async () => {
      const bytes: Record<string, { type: string; bytes: Uint8Array }> = {};
      for (const [name, port] of Object.entries(inputs)) bytes[name] = { type: port.type, bytes: new Uint8Array(await port.bytes()) };
      const task: WorkerTask = { taskId: ++this.nextId, moduleUrl: step.moduleUrl!, exportName: step.exportName ?? step.name, nodeId: ctx.nodeId, params, seed, inputs: bytes };
      return new Promise<Record<string, OutputPayload>>((resolve, reject) => {
        this.queue.push({ task, ctx, resolve, reject });
        this.pump();
      });
    })();
  }

  /** Workers started so far (at most `size`). */
  get started(): number {
    return this.all.length;
  }

  /**
   * Starts every worker now and has it import `moduleUrls`, so thread start-up and module loading
   * overlap the work before the first task (ingest, cleaning, …) instead of delaying the first fits.
   */
  warm(moduleUrls: readonly string[]): void {
    while (this.all.length < this.size) {
      const w = this.start();
      this.idle.push(w);
      w.postMessage({ preload: moduleUrls } satisfies WorkerPreload);
    }
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let w = this.idle.pop();
      if (!w && this.all.length < this.size) w = this.start();
      if (!w) return;
      const job = this.queue.shift()!;
      this.busy.set(w, job);
      w.postMessage(job.task);
    }
  }

  private start(): Worker {
    // Steps on different workers already share the cores; a model's own threads would only contend.
    const w = spawn(shareOfCores(this.size));
    this.all.push(w);
    w.on('message', (msg: WorkerReply) => {
      const job = this.busy.get(w);
      if (!job || msg.taskId !== job.task.taskId) return;
      if (msg.type === 'progress') job.ctx.progress(msg.fraction, msg.note);
      else if (msg.type === 'annotate') job.ctx.annotate(msg.key, msg.value);
      else {
        this.busy.delete(w);
        this.idle.push(w);
        if (msg.type === 'done') {
          const out: Record<string, OutputPayload> = {};
          for (const [k, v] of Object.entries(msg.outputs)) out[k] = { bytes: Buffer.from(v.buffer, v.byteOffset, v.byteLength) };
          job.resolve(out);
        } else job.reject(errorFromWire(msg.error));
        this.pump();
      }
    });
    w.on('error', (err) => {
      const job = this.busy.get(w);
      this.busy.delete(w);
      this.all.splice(this.all.indexOf(w), 1);
      job?.reject(err);
      this.pump();
    });
    return w;
  }

  async close(): Promise<void> {
    const ws = this.all.splice(0);
    this.idle.length = 0;
    await Promise.all(ws.map((w) => w.terminate()));
  }
}
