/**
 * The model registry: kind → how to create a fresh estimator and how to restore a saved one. Every model
 * family adds one line to `MODEL_KINDS` (the key is the class name, which is also the `kind` written in
 * model files). `createModel` builds from config, `loadModel` reads any convopt model file.
 */
import { ConvoptError } from '../../core/errors.js';
import type { Regressor } from '../base/estimator.js';
import { AdaBoostRegressor } from '../adaboost/regressor.js';
import { RandomForestRegressor } from '../forest/regressor.js';
import { GradientBoostingRegressor } from '../gradient-boosting/regressor.js';
import { HistGradientBoostingRegressor } from '../hgb/regressor.js';
import { LinearRegression } from '../linear/linear-regression.js';
import { PoissonRegressor } from '../linear/poisson.js';
import { Ridge } from '../linear/ridge.js';
import { DecisionTreeRegressor } from '../tree/regressor.js';
import { checkModelJSON } from './format.js';

export interface ModelKindEntry {
  /** A fresh, unfitted estimator; params are validated by its `fit`. */
  readonly create: (params?: Record<string, unknown>) => Regressor;
  /** Restores a fitted estimator from its model JSON (header already checked). */
  readonly fromJSON: (json: unknown) => Regressor;
  /** Short names accepted by `resolveModelKind` (lower case), e.g. `ols`. */
  readonly aliases?: readonly string[];
}

/** Every model kind convopt can train and load, by class name. One line per kind. */
export const MODEL_KINDS: Readonly<Record<string, ModelKindEntry>> = {
  LinearRegression: { create: (p) => new LinearRegression(p), fromJSON: LinearRegression.fromJSON, aliases: ['linear', 'ols', 'linear-regression'] },
  Ridge: { create: (p) => new Ridge(p), fromJSON: Ridge.fromJSON, aliases: ['ridge'] },
  PoissonRegressor: { create: (p) => new PoissonRegressor(p), fromJSON: PoissonRegressor.fromJSON, aliases: ['poisson', 'poisson-regressor'] },
  DecisionTreeRegressor: { create: (p) => new DecisionTreeRegressor(p), fromJSON: DecisionTreeRegressor.fromJSON, aliases: ['tree', 'decision-tree', 'cart'] },
  RandomForestRegressor: { create: (p) => new RandomForestRegressor(p), fromJSON: RandomForestRegressor.fromJSON, aliases: ['rf', 'forest', 'random-forest'] },
  GradientBoostingRegressor: { create: (p) => new GradientBoostingRegressor(p), fromJSON: GradientBoostingRegressor.fromJSON, aliases: ['gbr', 'gradient-boosting'] },
  AdaBoostRegressor: { create: (p) => new AdaBoostRegressor(p), fromJSON: AdaBoostRegressor.fromJSON, aliases: ['adaboost', 'ada'] },
  HistGradientBoostingRegressor: { create: (p) => new HistGradientBoostingRegressor(p), fromJSON: HistGradientBoostingRegressor.fromJSON, aliases: ['hgb', 'hist-gradient-boosting'] },
};

/** All registered kinds, in registration order. */
export function modelKinds(): string[] {
  return Object.keys(MODEL_KINDS);
}

/**
 * The canonical kind for a class name or alias (case-insensitive), or an INVALID_ARGUMENT listing the
 * kinds that exist.
 * @example resolveModelKind('ridge') // 'Ridge'
 */
export function resolveModelKind(name: string): string {
  if (Object.prototype.hasOwnProperty.call(MODEL_KINDS, name)) return name;
  const lower = name.toLowerCase();
  for (const [kind, entry] of Object.entries(MODEL_KINDS)) {
    if (kind.toLowerCase() === lower || entry.aliases?.includes(lower)) return kind;
  }
  throw new ConvoptError('INVALID_ARGUMENT', `Unknown model kind ${JSON.stringify(name)}.`, {
    value: name,
    path: 'model',
    hint: `Use one of: ${modelKinds().join(', ')}.`,
  });
}

/**
 * A fresh estimator of `kind` (class name or alias) with the given hyperparameters.
 * @example createModel('Ridge', { alpha: 0.5 }).fit(X, y)
 */
export function createModel(kind: string, params: Record<string, unknown> = {}): Regressor {
  return MODEL_KINDS[resolveModelKind(kind)].create(params);
}

/**
 * Restores any saved model (the output of `model.toJSON()`); corrupted, newer or unknown-kind files
 * fail with MODEL_FORMAT.
 */
export function loadModel(json: unknown): Regressor {
  const doc = checkModelJSON(json);
  if (!Object.prototype.hasOwnProperty.call(MODEL_KINDS, doc.kind)) {
    throw new ConvoptError('MODEL_FORMAT', `Model file holds a ${JSON.stringify(doc.kind)}, which this convopt cannot load.`, {
      value: doc.kind,
      hint: `Known kinds: ${modelKinds().join(', ')}. The model may come from a newer convopt; upgrade.`,
    });
  }
  return MODEL_KINDS[doc.kind].fromJSON(doc);
}
