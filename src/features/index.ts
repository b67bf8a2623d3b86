/** Feature engineering: steps (one per file), the FeaturePipeline that chains them, and named sets. */
export { ProductFeature, type ProductParams } from './interaction.js';
export { Log1pTransform, type Log1pParams } from './log1p.js';
export { OneHotEncoder, type OneHotParams } from './one-hot.js';
export { OrdinalEncoder, type OrdinalParams } from './ordinal.js';
export { Passthrough, type PassthroughParams } from './passthrough.js';
export { FEATURES_FORMAT_VERSION, FeaturePipeline, type FeaturePipelineJSON } from './pipeline.js';
export { RatioFeature, type RatioParams, rawRatio } from './ratio.js';
export { STEP_TYPES, stepFromJSON } from './registry.js';
export { StandardScaler, type ScalerParams } from './scaler.js';
export { AGE_BANDS, FEATURE_SETS, type FeatureSetName, SEED_FEATURE_COLUMNS, buildFeaturePipeline, isFeatureSetName, logVariant, seedFeatureMatrix } from './sets.js';
export type { FeatureContext, FeatureStep, StepJSON } from './step.js';
