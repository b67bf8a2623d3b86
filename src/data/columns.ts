/**
 * The canonical ad table: the 11 columns every part of convopt reads, their kinds and the category
 * levels we know. Readers rename a user's headers onto these names; validation checks values against
 * these rules. Plain constants, apart from the zod schemas (`schema.ts`), so reading data and command
 * help do not load the validator.
 */

/** Identifier and attribute columns stored as numbers (they are integers in the source data). */
export const ID_COLUMNS = ['ad_id', 'xyz_campaign_id', 'fb_campaign_id', 'interest'] as const;
/** Count columns: non-negative integers. */
export const COUNT_COLUMNS = ['Impressions', 'Clicks', 'Total_Conversion', 'Approved_Conversion'] as const;
/** Outcome columns: optional when the data is read for prediction. */
export const OUTCOME_COLUMNS = ['Total_Conversion', 'Approved_Conversion'] as const;
/** Dictionary-encoded text columns. */
export const CATEGORICAL_COLUMNS = ['age', 'gender'] as const;
/** Every numeric canonical column, in file order. */
export const NUMERIC_COLUMNS = ['ad_id', 'xyz_campaign_id', 'fb_campaign_id', 'interest', 'Impressions', 'Clicks', 'Spent', 'Total_Conversion', 'Approved_Conversion'] as const;
/** The canonical column order (the bundled CSV's header). */
export const CANONICAL_COLUMNS = [
  'ad_id',
  'xyz_campaign_id',
  'fb_campaign_id',
  'age',
  'gender',
  'interest',
  'Impressions',
  'Clicks',
  'Spent',
  'Total_Conversion',
  'Approved_Conversion',
] as const;

export type CanonicalColumn = (typeof CANONICAL_COLUMNS)[number];
export type NumericColumnName = (typeof NUMERIC_COLUMNS)[number];

/** Age buckets present in the source data; anything else is flagged (not fatal). */
export const KNOWN_AGES = ['30-34', '35-39', '40-44', '45-49'] as const;
/** Gender codes in the source data; anything else is flagged (not fatal). */
export const KNOWN_GENDERS = ['M', 'F'] as const;

export function isCanonical(name: string): name is CanonicalColumn {
  return (CANONICAL_COLUMNS as readonly string[]).includes(name);
}

export function isNumericCanonical(name: string): name is NumericColumnName {
  return (NUMERIC_COLUMNS as readonly string[]).includes(name);
}

/** Columns that must be present for the given purpose. */
export function requiredColumns(purpose: 'train' | 'predict'): readonly CanonicalColumn[] {
  return purpose === 'train' ? CANONICAL_COLUMNS : CANONICAL_COLUMNS.filter((c) => !(OUTCOME_COLUMNS as readonly string[]).includes(c));
}
