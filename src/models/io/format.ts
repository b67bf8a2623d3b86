/**
 * The model file format: a JSON document `{format: "convopt-model", formatVersion, kind, params, state}`.
 * Readers accept every version up to `MODEL_FORMAT_VERSION` and refuse newer or foreign files clearly.
 */
import { ConvoptError } from '../../core/errors.js';
import type { ModelJSON } from '../base/estimator.js';

/** Bump when the layout of `state` changes incompatibly; add an upgrade step for the old version. */
export const MODEL_FORMAT_VERSION = 1;

/** Header checks every `fromJSON` starts with. Returns the document typed. */
export function checkModelJSON(doc: unknown, expectedKind?: string): ModelJSON {
  if (!doc || typeof doc !== 'object') {
    throw new ConvoptError('MODEL_FORMAT', 'Not a convopt model: expected a JSON object.', { hint: 'Pass a file written by convopt (model.toJSON()).' });
  }
  const d = doc as Partial<ModelJSON>;
  if (d.format !== 'convopt-model') {
    throw new ConvoptError('MODEL_FORMAT', `Not a convopt model: "format" is ${JSON.stringify(d.format)}, expected "convopt-model".`, { hint: 'Pass a file written by convopt (model.toJSON()).' });
  }
  if (typeof d.formatVersion !== 'number' || !Number.isInteger(d.formatVersion) || d.formatVersion < 1) {
    throw new ConvoptError('MODEL_FORMAT', `Model file has an invalid formatVersion ${JSON.stringify(d.formatVersion)}.`, { hint: 'The file is corrupted; retrain or restore it.' });
  }
  if (d.formatVersion > MODEL_FORMAT_VERSION) {
    throw new ConvoptError('MODEL_FORMAT', `Model file uses format version ${d.formatVersion}, newer than this convopt reads (${MODEL_FORMAT_VERSION}).`, { hint: 'Upgrade convopt to load this model.' });
  }
  if (typeof d.kind !== 'string' || (expectedKind !== undefined && d.kind !== expectedKind)) {
    throw new ConvoptError('MODEL_FORMAT', `Model file holds a ${JSON.stringify(d.kind)}; expected ${expectedKind ?? 'a model kind'}.`);
  }
  if (!d.params || typeof d.params !== 'object' || !d.state || typeof d.state !== 'object') {
    throw new ConvoptError('MODEL_FORMAT', 'Model file lacks "params" or "state".', { hint: 'The file is corrupted; retrain or restore it.' });
  }
  return d as ModelJSON;
}
