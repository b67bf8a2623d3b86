/**
 * The `convopt.config.json` / `.yaml` schema (zod). Every field is optional; defaults live here, once.
 * CLI flags override the file (see `resolve.ts`). Unknown keys are rejected so a typo such as
 * `gate.minR` fails loudly instead of being ignored.
 */
import { z } from 'zod';
import { FEATURE_SETS } from '../features/sets.js';

export { DEFAULT_FAMILIES, DEFAULT_MODEL_NAME, type FamilySpec } from './defaults.js';

const modelSpec = z.union(
  [
    z.string().min(1),
    z.strictObject({
      /** Model kind or alias (see `convopt models` / MODEL_KINDS). */
      kind: z.string().min(1),
      /** Leaderboard/step name; default: the kind. Lets one kind appear twice with different params. */
      name: z.string().regex(/^[A-Za-z0-9_.-]+$/).optional(),
      params: z.record(z.string(), z.unknown()).optional(),
      /** Feature set for this family; `log` = the log1p variant of the run's set. Default: the run's set. */
      features: z.enum([...FEATURE_SETS, 'log']).optional(),
    }),
  ],
  { error: 'expected a model kind ("Ridge") or an object { kind, name?, params?, features? }' },
);

export const configSchema = z.strictObject({
  data: z
    .strictObject({
      /** File path (csv/tsv/xlsx/parquet) or postgres:// URL; default: the bundled dataset. */
      path: z.string().min(1).optional(),
      sheet: z.string().optional(),
      query: z.string().optional(),
      /** User header → canonical column name. */
      columns: z.record(z.string(), z.string()).optional(),
      onInvalid: z.enum(['fail', 'drop', 'quarantine']).optional(),
      quarantine: z.string().optional(),
    })
    .optional(),
  features: z.enum(FEATURE_SETS).optional(),
  models: z.array(modelSpec).min(1).optional(),
  cv: z
    .strictObject({
      folds: z.int().min(2).max(50).optional(),
      seed: z.int().min(0).optional(),
      /** `auto`: the scikit-learn reference folds/holdout for the bundled data with seed features, seeded k-fold otherwise. */
      scheme: z.enum(['auto', 'kfold', 'reference']).optional(),
      /** Holdout share for non-reference data. */
      testSize: z.number().gt(0).lt(1).optional(),
    })
    .optional(),
  gate: z.strictObject({ minR2: z.number().min(-1e9).max(1).optional() }).optional(),
  /** Prediction intervals calibrated on the cross-validated residuals: the share of outcomes they should contain. */
  interval: z.strictObject({ level: z.number().gt(0).lt(1).optional() }).optional(),
  store: z.string().min(1).optional(),
  experiment: z.string().min(1).optional(),
  modelName: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/).optional(),
  serve: z.strictObject({ host: z.string().min(1).optional(), port: z.int().min(0).max(65535).optional() }).optional(),
  seed: z.int().min(0).optional(),
});

/** The file as written by the user. */
export type ConvoptConfigFile = z.infer<typeof configSchema>;
