/**
 * The data layer's public surface: load (read + map + validate + policy), clean, write, and the
 * canonical schema. Import from here rather than from individual files.
 */
export { BUNDLED_DATA_PATH, detectFormat, loadAds, summariseIssues, type LoadOptions, type LoadResult, type SourceFormat } from './load.js';
export { cleanFrame, DEFAULT_MISSING_POLICY, DEFAULT_OUTLIER_COLUMNS, quantileSorted, type CleanOptions, type CleanReport, type CleanResult, type MissingPolicy, type MissingReport, type OutlierReport } from './clean.js';
export { safeRatio, type SafeRatioOptions } from './safe-ratio.js';
export { csvCell, writeFrame, writeFrameCsv, writeFrameParquet } from './write.js';
export { frameHash } from './frame-hash.js';
export { formatIngestReport } from './report-text.js';
export { RULES, MAX_REPORTED_ISSUES, type IngestReport, type Issue, type OnInvalid, type Rule, type Severity } from './issues.js';
export { validateFrame, RULE_BITS, rulesOf, type ValidationResult, type ValidateOptions } from './validate.js';
export {
  AdRowSchema,
  CANONICAL_COLUMNS,
  CATEGORICAL_COLUMNS,
  ColumnMappingSchema,
  COUNT_COLUMNS,
  ID_COLUMNS,
  KNOWN_AGES,
  KNOWN_GENDERS,
  NUMERIC_COLUMNS,
  OUTCOME_COLUMNS,
  requiredColumns,
  type AdRow,
  type CanonicalColumn,
  type ColumnMapping,
} from './schema.js';
export { Frame, frameFromArrays, categoricalFrom, type Series, type NumericSeries, type CategoricalSeries } from './frame.js';
