/**
 * Worker-thread entry for `planInWorker`: receives {id, history, request}, answers {id, plan} or
 * {id, error}. Planning is CPU-bound for about half a second; running it here keeps a server's
 * event loop free for prediction requests meanwhile.
 */
import { parentPort } from 'node:worker_threads';
import { BUG_HINT } from '../core/errors.js';
import { errorToWire } from '../core/wire-error.js';
import { planBudget, type History, type PlanRequest } from './plan.js';

parentPort?.on('message', (msg: { id: number; history: History; request: PlanRequest }) => {
  try {
    parentPort!.postMessage({ id: msg.id, plan: planBudget(msg.history, msg.request) });
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: errorToWire(err, { what: 'Unexpected internal error', hint: BUG_HINT }) });
  }
});
