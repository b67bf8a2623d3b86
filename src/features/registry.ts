/** Step type → restorer, for `FeaturePipeline.fromJSON`. Add a line here when adding a step file. */
import { ConvoptError } from '../core/errors.js';
import { ProductFeature } from './interaction.js';
import { Log1pTransform } from './log1p.js';
import { OneHotEncoder } from './one-hot.js';
import { OrdinalEncoder } from './ordinal.js';
import { Passthrough } from './passthrough.js';
import { RatioFeature } from './ratio.js';
import { StandardScaler } from './scaler.js';
import type { FeatureStep, StepJSON } from './step.js';

export const STEP_TYPES: Readonly<Record<string, (json: StepJSON) => FeatureStep>> = {
  passthrough: Passthrough.fromJSON,
  'one-hot': OneHotEncoder.fromJSON,
  ordinal: OrdinalEncoder.fromJSON,
  ratio: RatioFeature.fromJSON,
  product: ProductFeature.fromJSON,
  log1p: Log1pTransform.fromJSON,
  'standard-scaler': StandardScaler.fromJSON,
};

/** Restores one step, refusing unknown types and malformed entries with MODEL_FORMAT. */
export function stepFromJSON(json: unknown, index: number): FeatureStep {
  const j = json as Partial<StepJSON> | null;
  if (!j || typeof j !== 'object' || typeof j.type !== 'string' || !j.params || typeof j.params !== 'object') {
    throw new ConvoptError('MODEL_FORMAT', `Feature step ${index + 1} in the model file is malformed (expected {type, params, state}).`, { path: `features.steps[${index}]`, hint: 'The model file is corrupted; retrain or restore it.' });
  }
  const restore = STEP_TYPES[j.type];
  if (!restore) {
    throw new ConvoptError('MODEL_FORMAT', `Feature step ${index + 1} has unknown type ${JSON.stringify(j.type)}.`, {
      path: `features.steps[${index}].type`,
      value: j.type,
      hint: `Known types: ${Object.keys(STEP_TYPES).join(', ')}. The model may come from a newer convopt; upgrade.`,
    });
  }
  return restore({ type: j.type, params: j.params, state: j.state ?? null });
}
