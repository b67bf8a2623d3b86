/**
 * `features`: builds the requested feature set on the cleaned table once, so a feature set that
 * cannot be made from this data (missing column, unknown category) fails here, before six model
 * steps start. Models refit the pipeline inside every fold (no test-row leakage); this step records
 * the resulting feature names for reports and `pipeline show`.
 */
import type { Frame } from '../../../data/frame.js';
import { buildFeaturePipeline, type FeatureSetName } from '../../../features/sets.js';
import { defineStep } from '../../step.js';

export interface FeaturesParams {
  readonly [key: string]: unknown;
  readonly featureSet: FeatureSetName;
}

export const featuresStep = defineStep<FeaturesParams>({
  name: 'features',
  version: '1',
  inputs: { table: 'table' },
  outputs: { spec: 'json' },
  run(_ctx, inputs, params) {
    const frame = inputs.table as Frame;
    const pipeline = buildFeaturePipeline(params.featureSet);
    const X = pipeline.fitTransform(frame);
    return { spec: { featureSet: params.featureSet, featureNames: pipeline.featureNames_ ?? [], nFeatures: X.columns.length, nRows: X.nRows } };
  },
});
