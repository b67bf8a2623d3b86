/**
 * `PlanWorker`: runs `planBudget` on one long-lived worker thread (started on first use, unref'd so it
 * never keeps a process alive), with requests queued in order. Results equal `planBudget`'s exactly:
 * the same pure function runs on the same inputs.
 */
import type { Worker } from 'node:worker_threads';
import { ConvoptError } from '../core/errors.js';
import { type WireError, errorFromWire } from '../core/wire-error.js';
import { startWorker } from '../core/worker-url.js';
import type { History, Plan, PlanRequest } from './plan.js';

interface Reply {
  id: number;
  plan?: Plan;
  error?: WireError;
}

export class PlanWorker {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (p: Plan) => void; reject: (e: unknown) => void }>();

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = startWorker(import.meta.url, 'worker');
    w.unref();
    w.on('message', (r: Reply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      if (r.plan) p.resolve(r.plan);
      else p.reject(errorFromWire(r.error!));
    });
    w.on('error', (err) => this.failAll(err));
    w.on('exit', (code) => {
      this.worker = undefined;
      if (code !== 0) this.failAll(new ConvoptError('INTERNAL', `The optimiser worker stopped (exit ${code}).`));
    });
    this.worker = w;
    return w;
  }

  private failAll(err: unknown): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  plan(history: History, request: PlanRequest): Promise<Plan> {
    const id = this.nextId++;
    return new Promise<Plan>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.start().postMessage({ id, history, request });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
