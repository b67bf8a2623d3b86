/**
 * JSON materializers: metrics, generic JSON values (folds, reports as data, leaderboards) and
 * models. Output is canonical (`stableStringify`, keys sorted) so equal values give equal bytes
 * and therefore equal artifact hashes and cache keys downstream.
 */
import { stableStringify } from '../../../core/hash.js';
import { ConvoptError } from '../../../core/errors.js';
import type { Materializer } from './materializer.js';

function parse(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (err) {
    throw new ConvoptError('MODEL_FORMAT', `Stored ${what} artifact is not valid JSON.`, { cause: err, hint: 'Re-run the pipeline with --no-cache to rebuild it.' });
  }
}

/** Any JSON value (no typed arrays: convert them first, they would be hashed, not stored). */
export const jsonMaterializer: Materializer<unknown> = {
  type: 'json',
  version: 1,
  kind: 'json',
  mediaType: 'application/json',
  save: (v) => Buffer.from(JSON.stringify(v), 'utf8'),
  load: (b) => parse(b, 'JSON'),
};

/** Flat metric name → number maps (or nested objects of them). Non-finite numbers become null. */
export const metricsMaterializer: Materializer<unknown> = {
  type: 'metrics',
  version: 1,
  kind: 'metrics',
  mediaType: 'application/json',
  save: (v) => Buffer.from(JSON.stringify(JSON.parse(stableStringify(v))), 'utf8'),
  load: (b) => parse(b, 'metrics'),
};

/** A fitted model as its JSON document (a ModelBundleJSON); steps rebuild the object with fromJSON. */
export const modelMaterializer: Materializer<unknown> = {
  type: 'model',
  version: 1,
  kind: 'model',
  mediaType: 'application/json',
  save: (v) => Buffer.from(stableStringify(v), 'utf8'),
  load: (b) => parse(b, 'model'),
};

/** Self-contained HTML reports. */
export const reportMaterializer: Materializer<string> = {
  type: 'report',
  version: 1,
  kind: 'report',
  mediaType: 'text/html; charset=utf-8',
  save: (v) => Buffer.from(v, 'utf8'),
  load: (b) => b.toString('utf8'),
};
