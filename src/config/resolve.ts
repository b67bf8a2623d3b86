/**
 * The effective training configuration: file values overridden by CLI flags, defaults filled in.
 * The result is a plain JSON object: it is logged with the run and its pieces become step params.
 */
import { type FeatureSetName, logVariant } from '../features/sets.js';
import { ConvoptError } from '../core/errors.js';
import { DEFAULT_FAMILIES, DEFAULT_MODEL_NAME, type ConvoptConfigFile, type FamilySpec } from './schema.js';

/** One model family to train. */
export interface ModelFamily {
  /** Step / leaderboard name (unique). */
  readonly name: string;
  /** Registry kind or alias (resolved when the step runs). */
  readonly kind: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** The feature set this family is fitted on (the run's set unless the spec names another). */
  readonly features: FeatureSetName;
}

/** A family spec with its feature set resolved against the run's set. */
function familyOf(spec: FamilySpec, runFeatures: FeatureSetName): ModelFamily {
  if (typeof spec === 'string') return { name: spec, kind: spec, params: {}, features: runFeatures };
  // The schema admits only set names and `log` (typed so here too).
  const features = spec.features === 'log' ? logVariant(runFeatures) : (spec.features ?? runFeatures);
  return { name: spec.name ?? spec.kind, kind: spec.kind, params: spec.params ?? {}, features };
}

/** Everything `convopt train` needs, resolved. */
export interface TrainConfig {
  readonly data: {
    readonly path: string | null;
    readonly sheet: string | null;
    readonly query: string | null;
    readonly columns: Readonly<Record<string, string>>;
    readonly onInvalid: 'fail' | 'drop' | 'quarantine';
    readonly quarantine: string | null;
  };
  readonly features: FeatureSetName;
  readonly models: readonly ModelFamily[];
  readonly cv: { readonly folds: number; readonly seed: number; readonly scheme: 'auto' | 'kfold' | 'reference'; readonly testSize: number };
  readonly gate: { readonly minR2: number };
  readonly interval: { readonly level: number };
  readonly store: string | null;
  readonly experiment: string;
  readonly modelName: string;
  readonly seed: number;
}

/** CLI flags that override the file (undefined = not given). */
export interface TrainOverrides {
  readonly data?: string;
  readonly sheet?: string;
  readonly query?: string;
  readonly features?: FeatureSetName;
  /** Comma-separated or list of kinds/aliases. */
  readonly models?: readonly string[];
  readonly minR2?: number;
  readonly store?: string;
  readonly seed?: number;
  readonly folds?: number;
  readonly onInvalid?: 'fail' | 'drop' | 'quarantine';
  readonly quarantine?: string;
  readonly experiment?: string;
  readonly modelName?: string;
}

/**
 * Merges defaults ← file ← flags.
 * @example resolveTrainConfig({ gate: { minR2: 0.6 } }, { models: ['ridge'] })
 */
export function resolveTrainConfig(file: ConvoptConfigFile, flags: TrainOverrides = {}): TrainConfig {
  const specs: readonly FamilySpec[] = flags.models ?? file.models ?? DEFAULT_FAMILIES;
  const features = flags.features ?? file.features ?? 'seed';
  const models = specs.map((s) => familyOf(s, features));
  const seen = new Set<string>();
  for (const m of models) {
    if (seen.has(m.name)) {
      throw new ConvoptError('INVALID_CONFIG', `Model "${m.name}" is listed twice.`, { path: 'models', value: m.name, hint: 'Give repeated kinds distinct names: { "kind": "Ridge", "name": "Ridge-strong", "params": { "alpha": 10 } }.' });
    }
    seen.add(m.name);
  }
  const seed = flags.seed ?? file.seed ?? 42;
  return {
    data: {
      path: flags.data ?? file.data?.path ?? null,
      sheet: flags.sheet ?? file.data?.sheet ?? null,
      query: flags.query ?? file.data?.query ?? null,
      columns: file.data?.columns ?? {},
      onInvalid: flags.onInvalid ?? file.data?.onInvalid ?? 'fail',
      quarantine: flags.quarantine ?? file.data?.quarantine ?? null,
    },
    features,
    models,
    cv: { folds: flags.folds ?? file.cv?.folds ?? 5, seed: file.cv?.seed ?? seed, scheme: file.cv?.scheme ?? 'auto', testSize: file.cv?.testSize ?? 0.2 },
    gate: { minR2: flags.minR2 ?? file.gate?.minR2 ?? 0.5 },
    interval: { level: file.interval?.level ?? 0.8 },
    store: flags.store ?? file.store ?? null,
    experiment: flags.experiment ?? file.experiment ?? 'default',
    modelName: flags.modelName ?? file.modelName ?? DEFAULT_MODEL_NAME,
    seed,
  };
}
