/**
 * The named feature sets. `seed` reproduces the original Python pipeline column for column (see
 * `/work/shared/reference/sklearn_seed_reference.json`): raw counts, campaign one-hot without the 916
 * baseline, Age_Group and Gender_Code, and six engineered interactions/ratios. It uses post-launch
 * outcomes (Clicks, Total_Conversion), so it explains results rather than plans them. `planning` uses
 * only what is known before launch (campaign, age, gender one-hot, interest, Spent); `planning-log` is
 * the same with log1p(Spent) instead of interest and Spent, the reference Poisson model's inputs.
 * `seed-log` is `seed` with log1p of its counts, spend and ratios: inside a log link, raw counts such
 * as Impressions × Clicks make exp(η) explode on a few held-out rows (CV R² −1.19 on the reference
 * folds), where their logarithms give a power law that extrapolates sanely (0.71).
 */
import type { Matrix } from '../core/arrays.js';
import { ConvoptError } from '../core/errors.js';
import type { Frame } from '../data/frame.js';
import { ProductFeature } from './interaction.js';
import { Log1pTransform } from './log1p.js';
import { OneHotEncoder } from './one-hot.js';
import { OrdinalEncoder } from './ordinal.js';
import { Passthrough } from './passthrough.js';
import { FeaturePipeline } from './pipeline.js';
import { RatioFeature } from './ratio.js';

export const FEATURE_SETS = ['seed', 'seed-log', 'planning', 'planning-log'] as const;
export type FeatureSetName = (typeof FEATURE_SETS)[number];

/** The log1p variant of each set: what log-link models (PoissonRegressor) are fitted on. */
const LOG_VARIANT: Readonly<Record<FeatureSetName, FeatureSetName>> = { seed: 'seed-log', 'seed-log': 'seed-log', planning: 'planning-log', 'planning-log': 'planning-log' };

/** @example logVariant('seed') // 'seed-log' */
export function logVariant(set: FeatureSetName): FeatureSetName {
  return LOG_VARIANT[set];
}

/** The seed columns that are non-negative amounts (counts, spend and their ratios): `seed-log` takes their log1p. */
const SEED_AMOUNTS = [
  'Impressions', 'Clicks', 'Spent', 'Total_Conversion',
  'Interaction_Imp_Clicks', 'Spent_per_Click', 'Total_Conversion_Rate', 'Budget_Allocation_Imp', 'CTR', 'Conversion_per_Impression',
] as const; // prettier-ignore

/** The reference's age bands, in code order (Age_Group = index). */
export const AGE_BANDS = ['30-34', '35-39', '40-44', '45-49'] as const;

/** The seed set's 15 output columns, in the reference's order. */
export const SEED_FEATURE_COLUMNS = [
  'interest', 'Impressions', 'Clicks', 'Spent', 'Total_Conversion',
  'campaign_936', 'campaign_1178', 'Age_Group', 'Gender_Code',
  'Interaction_Imp_Clicks', 'Spent_per_Click', 'Total_Conversion_Rate', 'Budget_Allocation_Imp', 'CTR', 'Conversion_per_Impression',
] as const; // prettier-ignore

function seedSteps() {
  return [
    new Passthrough({ columns: ['interest', 'Impressions', 'Clicks', 'Spent', 'Total_Conversion'] }),
    new OneHotEncoder({ column: 'xyz_campaign_id', prefix: 'campaign', drop: 'first', handleUnknown: 'error' }),
    new OrdinalEncoder({ column: 'age', output: 'Age_Group', categories: [...AGE_BANDS] }),
    new OrdinalEncoder({ column: 'gender', output: 'Gender_Code', categories: ['F', 'M'] }),
    new ProductFeature({ left: 'Impressions', right: 'Clicks', output: 'Interaction_Imp_Clicks' }),
    new RatioFeature({ numerator: 'Spent', denominator: 'Clicks', output: 'Spent_per_Click' }),
    new RatioFeature({ numerator: 'Total_Conversion', denominator: 'Clicks', output: 'Total_Conversion_Rate' }),
    new RatioFeature({ numerator: 'Spent', denominator: 'Impressions', output: 'Budget_Allocation_Imp' }),
    new RatioFeature({ numerator: 'Clicks', denominator: 'Impressions', output: 'CTR' }),
    new RatioFeature({ numerator: 'Total_Conversion', denominator: 'Impressions', output: 'Conversion_per_Impression' }),
  ];
}

function planningOneHot() {
  return [
    new OneHotEncoder({ column: 'xyz_campaign_id', prefix: 'campaign', handleUnknown: 'error' }),
    new OneHotEncoder({ column: 'age', handleUnknown: 'error' }),
    new OneHotEncoder({ column: 'gender', handleUnknown: 'error' }),
  ];
}

/**
 * A fresh, unfitted pipeline for a named feature set.
 * @example const X = buildFeaturePipeline('planning').fit(train).transform(test);
 */
export function buildFeaturePipeline(set: FeatureSetName): FeaturePipeline {
  switch (set) {
    case 'seed':
      return new FeaturePipeline(seedSteps(), 'seed');
    case 'seed-log':
      return new FeaturePipeline([...seedSteps(), new Log1pTransform({ columns: [...SEED_AMOUNTS], suffix: '_log1p', replace: true })], 'seed-log');
    case 'planning':
      return new FeaturePipeline([...planningOneHot(), new Passthrough({ columns: ['interest', 'Spent'] })], 'planning');
    case 'planning-log':
      return new FeaturePipeline([...planningOneHot(), new Log1pTransform({ columns: ['Spent'], suffix: '_log1p' })], 'planning-log');
    default:
      throw new ConvoptError('INVALID_ARGUMENT', `Unknown feature set ${JSON.stringify(set)}.`, { value: set, hint: `Use one of: ${FEATURE_SETS.join(', ')}.` });
  }
}

/** Type guard for feature-set names from config or the CLI. */
export function isFeatureSetName(name: string): name is FeatureSetName {
  return (FEATURE_SETS as readonly string[]).includes(name);
}

/**
 * The seed features of every row, imputed with means over all rows, exactly as the reference
 * preprocessed the data before splitting (used by parity tests and the fit benchmark).
 */
export function seedFeatureMatrix(frame: Frame): Matrix {
  return buildFeaturePipeline('seed').fitTransform(frame);
}
