/**
 * `ModelBundle`: the one object that is trained, saved, registered and served. It holds a fitted
 * FeaturePipeline, a fitted Regressor and the target name, plus metadata (feature set, training data
 * hash, row count, created-at) and, when calibrated (training runs do it from their cross-validated
 * residuals), a prediction interval. `fit(frame)` and `predict(frame)` take raw ad tables, so training and
 * serving run exactly the same feature code. Pure: the clock and the data hash are passed in, so the
 * same data + seed + metadata give byte-identical JSON.
 */
import { ConvoptError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { VERSION } from '../core/version.js';
import type { Frame } from '../data/frame.js';
import { PredictionInterval, type PredictionIntervalJSON } from '../eval/interval.js';
import { METRICS, type MetricName } from '../eval/metrics/index.js';
import { FeaturePipeline, type FeaturePipelineJSON } from '../features/pipeline.js';
import { type FeatureSetName, buildFeaturePipeline } from '../features/sets.js';
import type { ModelJSON, Regressor } from './base/estimator.js';
import { createModel, loadModel } from './io/load.js';
import { forgetModel } from './parallel/model-keys.js';

export const BUNDLE_FORMAT_VERSION = 1;
export const DEFAULT_TARGET = 'Approved_Conversion';

/** Descriptive facts stored with the model (never read from the environment inside this module). */
export interface BundleMetadata {
  /** sha256 of the training data (IngestReport.dataHash), when known. */
  readonly dataHash?: string;
  /** ISO timestamp supplied by the caller. */
  readonly createdAt?: string;
  /** Rows the model was fitted on (set by fit). */
  readonly nTrainRows?: number;
  /** Seed used for fit (set by fit when given as a number). */
  readonly seed?: number;
  /** convopt version that trained it (set by fit). */
  readonly convoptVersion?: string;
  readonly [key: string]: unknown;
}

export interface ModelBundleJSON {
  readonly format: 'convopt-bundle';
  readonly formatVersion: number;
  readonly target: string;
  /** Feature set name (`seed`, `planning`, …) or `custom`. */
  readonly featureSet: string;
  readonly features: FeaturePipelineJSON;
  readonly model: ModelJSON<object>;
  readonly metadata: BundleMetadata;
  /** Absent when the bundle was never calibrated (fitted directly, or trained by an older convopt). */
  readonly interval?: PredictionIntervalJSON;
}

export interface BundleCreateOptions {
  /** Named feature set or a ready (unfitted) pipeline. Default `seed`. */
  readonly features?: FeatureSetName | FeaturePipeline;
  /** Model kind/alias (see MODEL_KINDS) or an estimator instance. Default `LinearRegression`. */
  readonly model?: string | Regressor;
  /** Hyperparameters when `model` is a kind. */
  readonly params?: Record<string, unknown>;
  readonly target?: string;
  readonly metadata?: BundleMetadata;
}

export interface BundleFitOptions {
  readonly seed?: number | Rng;
  readonly sampleWeight?: Float64Array;
  /** Merged into the metadata (e.g. `{dataHash, createdAt}`). */
  readonly metadata?: BundleMetadata;
}

export class ModelBundle {
  private meta: BundleMetadata;
  private pi: PredictionInterval | null = null;

  constructor(
    readonly features: FeaturePipeline,
    readonly model: Regressor,
    readonly target: string = DEFAULT_TARGET,
    metadata: BundleMetadata = {},
  ) {
    this.meta = { ...metadata };
  }

  /**
   * An unfitted bundle from names.
   * @example ModelBundle.create({ features: 'planning', model: 'poisson', params: { alpha: 1e-3 } }).fit(frame)
   */
  static create(options: BundleCreateOptions = {}): ModelBundle {
    const f = options.features ?? 'seed';
    const features = typeof f === 'string' ? buildFeaturePipeline(f) : f;
    const m = options.model ?? 'LinearRegression';
    const model = typeof m === 'string' ? createModel(m, options.params ?? {}) : m;
    return new ModelBundle(features, model, options.target ?? DEFAULT_TARGET, options.metadata ?? {});
  }

  get metadata(): BundleMetadata {
    return { ...this.meta };
  }

  /** The calibrated prediction interval, or null (see `withInterval`). */
  get interval(): PredictionInterval | null {
    return this.pi;
  }

  /**
   * Attaches a prediction interval calibrated for this model (e.g. `PredictionInterval.calibrate`
   * on its out-of-fold predictions); saved with the bundle. Refitting drops it: it belongs to a fit.
   */
  withInterval(interval: PredictionInterval | null): this {
    this.pi = interval;
    return this;
  }

  /** Feature names in model-input order (after fit). */
  get featureNames(): string[] {
    const names = this.features.featureNames_;
    if (!names) throw new ConvoptError('NOT_FITTED', 'This ModelBundle is not fitted yet.', { hint: 'Call fit(frame) first.' });
    return [...names];
  }

  /** The training targets of `frame`, or a typed error naming the missing column. */
  targetOf(frame: Frame): Float64Array {
    if (!frame.has(this.target)) {
      throw new ConvoptError('INVALID_DATA', `The training data has no target column "${this.target}".`, { column: this.target, hint: `Add the outcome column "${this.target}" (or map your header to it).` });
    }
    const s = frame.column(this.target);
    if (s.kind !== 'numeric') throw new ConvoptError('INVALID_DATA', `Target column "${this.target}" must be numeric.`, { column: this.target });
    return Float64Array.from(s.values);
  }

  /** Fits features then model on `frame`; returns this. */
  fit(frame: Frame, options: BundleFitOptions = {}): this {
    const y = this.targetOf(frame);
    const X = this.features.fit(frame).transform(frame);
    forgetModel(this.model); // scoring workers cached the old fit under this model's key
    this.pi = null;
    this.model.fit(X, y, { ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(options.sampleWeight ? { sampleWeight: options.sampleWeight } : {}) });
    this.meta = {
      ...this.meta,
      ...options.metadata,
      nTrainRows: frame.nRows,
      convoptVersion: VERSION,
      ...(typeof options.seed === 'number' ? { seed: options.seed } : {}),
    };
    return this;
  }

  /** Predicted target for every row of `frame` (outcome columns not needed unless features use them). */
  predict(frame: Frame): Float64Array {
    return this.model.predict(this.features.transform(frame));
  }

  /** Scores on a labelled frame, by metric name. */
  evaluate(frame: Frame, metrics: readonly MetricName[] = ['r2', 'rmse', 'mae']): Record<string, number> {
    const y = this.targetOf(frame);
    const p = this.predict(frame);
    return Object.fromEntries(metrics.map((m) => [m, METRICS[m].fn(y, p)]));
  }

  toJSON(): ModelBundleJSON {
    if (!this.features.featureNames_) throw new ConvoptError('NOT_FITTED', 'This ModelBundle is not fitted yet.', { hint: 'Call fit(frame) before saving.' });
    return {
      format: 'convopt-bundle',
      formatVersion: BUNDLE_FORMAT_VERSION,
      target: this.target,
      featureSet: this.features.name,
      features: this.features.toJSON(),
      model: this.model.toJSON(),
      metadata: { ...this.meta },
      ...(this.pi ? { interval: this.pi.toJSON() } : {}),
    };
  }

  /** Restores a saved bundle; corrupted, foreign or newer files fail with MODEL_FORMAT. */
  static fromJSON(doc: unknown): ModelBundle {
    const d = doc as Partial<ModelBundleJSON> | null;
    if (!d || typeof d !== 'object' || d.format !== 'convopt-bundle') {
      throw new ConvoptError('MODEL_FORMAT', 'Not a convopt model bundle: expected {"format": "convopt-bundle", ...}.', { hint: 'Pass a model file written by convopt train (bundle.toJSON()).' });
    }
    if (typeof d.formatVersion !== 'number' || !Number.isInteger(d.formatVersion) || d.formatVersion < 1) {
      throw new ConvoptError('MODEL_FORMAT', `Model bundle has an invalid formatVersion ${JSON.stringify(d.formatVersion)}.`, { hint: 'The file is corrupted; retrain or restore it.' });
    }
    if (d.formatVersion > BUNDLE_FORMAT_VERSION) {
      throw new ConvoptError('MODEL_FORMAT', `Model bundle uses format version ${d.formatVersion}, newer than this convopt reads (${BUNDLE_FORMAT_VERSION}).`, { hint: 'Upgrade convopt to load this model.' });
    }
    if (typeof d.target !== 'string' || !d.features || !d.model) {
      throw new ConvoptError('MODEL_FORMAT', 'Model bundle lacks "target", "features" or "model".', { hint: 'The file is corrupted; retrain or restore it.' });
    }
    const features = FeaturePipeline.fromJSON(d.features);
    if (!features.featureNames_) throw new ConvoptError('MODEL_FORMAT', 'Model bundle holds an unfitted feature pipeline.', { hint: 'Save bundles only after fit.' });
    const model = loadModel(d.model);
    if (model.nFeaturesIn_ !== features.featureNames_.length) {
      throw new ConvoptError('MODEL_FORMAT', `Model bundle is inconsistent: the model expects ${model.nFeaturesIn_} features but the pipeline makes ${features.featureNames_.length}.`, { hint: 'The file is corrupted; retrain or restore it.' });
    }
    const metadata = d.metadata && typeof d.metadata === 'object' ? d.metadata : {};
    return new ModelBundle(features, model, d.target, metadata).withInterval(d.interval === undefined ? null : PredictionInterval.fromJSON(d.interval));
  }
}
