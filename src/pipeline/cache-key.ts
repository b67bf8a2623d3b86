/**
 * Step cache keys (after ZenML's `generate_cache_key`). The key is the sha256 of the canonical JSON
 * of exactly these ingredients:
 *
 *  1. the step name and its code `version` (bump the version when behaviour changes);
 *  2. the parameters, with object keys sorted at every level (`stableStringify`);
 *  3. each input's name and the sha256 of the artifact bound to it (content, not id: the same data
 *     produced by two runs hits the same cache entry);
 *  4. each output's name, type, and that type's materializer version (a format change invalidates);
 *  5. the cache-key schema version `CACHE_KEY_VERSION` itself.
 *
 * The node id is deliberately NOT an ingredient: renaming a node does not change what it computes.
 * A key is only ever looked up against COMPLETED step runs (the tracking store's
 * `findCachedStepRun`), so failed or killed runs are never reused; `--no-cache` skips the lookup.
 */
import { hashValue } from '../core/hash.js';
import { materializerFor } from './artifacts/materializers/index.js';
import type { Step, StepParams } from './step.js';

/** Bump to invalidate every cache entry (e.g. when the ingredient list changes). */
export const CACHE_KEY_VERSION = 1;

/** The ingredients, as hashed. Exposed so `pipeline show --json` and tests can explain a key. */
export interface CacheIngredients {
  readonly cacheKeyVersion: number;
  readonly step: { readonly name: string; readonly version: string };
  readonly params: StepParams;
  readonly inputs: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, { readonly type: string; readonly materializerVersion: number }>>;
}

/** Collects the ingredients of one step execution. `inputHashes`: input name → artifact sha256. */
export function cacheIngredients(step: Step<StepParams>, params: StepParams, inputHashes: Readonly<Record<string, string>>): CacheIngredients {
  const outputs: Record<string, { type: string; materializerVersion: number }> = {};
  for (const [name, type] of Object.entries(step.outputs)) outputs[name] = { type, materializerVersion: materializerFor(type).version };
  return { cacheKeyVersion: CACHE_KEY_VERSION, step: { name: step.name, version: step.version }, params, inputs: { ...inputHashes }, outputs };
}

/**
 * The cache key of one step execution (hex sha256 of the canonical ingredients).
 * @example cacheKey(fitStep, { alpha: 1 }, { train: 'ab12…' })
 */
export function cacheKey(step: Step<StepParams>, params: StepParams, inputHashes: Readonly<Record<string, string>>): string {
  return hashValue(cacheIngredients(step, params, inputHashes));
}
