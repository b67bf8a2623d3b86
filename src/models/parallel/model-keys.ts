/**
 * Cache keys for models sent to scoring workers: one number per model object, so a worker loads a
 * model's JSON once and reuses it for later batches. `forgetModel` is called when a model is refitted
 * in place (ModelBundle.fit), so workers never score with stale trees.
 */
import type { Regressor } from '../base/estimator.js';

const keys = new WeakMap<Regressor, number>();
let next = 0;

export function modelKey(model: Regressor): number {
  let k = keys.get(model);
  if (k === undefined) {
    k = ++next;
    keys.set(model, k);
  }
  return k;
}

export function forgetModel(model: Regressor): void {
  keys.delete(model);
}
