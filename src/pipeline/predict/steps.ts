/**
 * Inference steps: `load_model` (a registered bundle from the artifact store, checked by
 * `ModelBundle.fromJSON` so a corrupt or foreign file fails here) and `score` (the bundle's own
 * feature pipeline and model on the new ads — the same code as training — plus cost per predicted
 * approved conversion). Ingest is the training pipeline's step with `purpose: 'predict'`.
 */
import { ConvoptError } from '../../core/errors.js';
import type { Frame } from '../../data/frame.js';
import { ModelBundle } from '../../models/bundle.js';
import { predictInThreads } from '../../models/parallel/index.js';
import { ArtifactStore } from '../artifacts/store.js';
import { defineStep } from '../step.js';

import { COST_COLUMN, HIGH_COLUMN, LOW_COLUMN, PREDICTION_COLUMN } from './columns.js';

export { COST_COLUMN, HIGH_COLUMN, LOW_COLUMN, PREDICTION_COLUMN };

export interface LoadModelParams {
  readonly [key: string]: unknown;
  /** Content-addressed uri: the cache-key ingredient that pins the exact model bytes. */
  readonly artifactUri: string;
  readonly name: string;
  readonly version: number;
}

export const loadModelStep = defineStep<LoadModelParams>({
  name: 'load_model',
  version: '1',
  inputs: {},
  outputs: { model: 'model' },
  async run(_ctx, _inputs, p) {
    const doc = await new ArtifactStore().getJSON(p.artifactUri);
    ModelBundle.fromJSON(doc); // validates: MODEL_FORMAT errors surface here, not mid-scoring
    return { model: doc };
  },
});

/** Adds the prediction (and its interval, when the model has one) and cost columns to `frame`. */
export function scoreFrame(bundle: ModelBundle, frame: Frame): Frame {
  return withPredictions(frame, bundle, bundle.predict(frame));
}

/** `scoreFrame` with large batches scored on every core (same bytes; see models/parallel). */
export async function scoreFrameInThreads(bundle: ModelBundle, frame: Frame): Promise<Frame> {
  return withPredictions(frame, bundle, await predictInThreads(bundle, frame));
}

function withPredictions(frame: Frame, bundle: ModelBundle, pred: Float64Array): Frame {
  let out = frame.withColumn(PREDICTION_COLUMN, { kind: 'numeric', values: pred });
  if (bundle.interval) {
    const { low, high } = bundle.interval.boundsOf(pred);
    out = out.withColumn(LOW_COLUMN, { kind: 'numeric', values: low }).withColumn(HIGH_COLUMN, { kind: 'numeric', values: high });
  }
  if (frame.has('Spent') && frame.column('Spent').kind === 'numeric') {
    const spent = frame.numeric('Spent');
    // Cost per predicted approved conversion is undefined (empty) when the model predicts ≤ 0 of them.
    const cost = Float64Array.from(pred, (p, i) => (p > 0 ? spent[i]! / p : NaN));
    out = out.withColumn(COST_COLUMN, { kind: 'numeric', values: cost });
  }
  return out;
}

export const scoreStep = defineStep({
  name: 'score',
  version: '2', // 2: adds the prediction interval's columns
  inputs: { model: 'model', table: 'table' },
  outputs: { scored: 'table', summary: 'json' },
  async run(_ctx, inputs) {
    const bundle = ModelBundle.fromJSON(inputs.model);
    const frame = inputs.table as Frame;
    if (frame.nRows === 0) throw new ConvoptError('INVALID_DATA', 'The input has no rows to score.', { hint: 'Pass a file with at least one ad.' });
    const scored = await scoreFrameInThreads(bundle, frame);
    const p = scored.numeric(PREDICTION_COLUMN);
    let sum = 0;
    for (let i = 0; i < p.length; i++) sum += p[i]!;
    return { scored, summary: { rows: frame.nRows, totalPredicted: sum, meanPredicted: sum / frame.nRows, featureSet: bundle.features.name, target: bundle.target, intervalLevel: bundle.interval?.level ?? null } };
  },
});
