/**
 * `FeaturePipeline`: an ordered list of feature steps turning a Frame into the model's Matrix. Each
 * step reads raw frame columns or columns built by earlier steps; an output reusing a name replaces that
 * column in place (e.g. a scaler), new names are appended. `fit` learns every step's state on the
 * training frame; `transform` replays it, so training and serving build identical features.
 */
import type { Matrix } from '../core/arrays.js';
import { ConvoptError } from '../core/errors.js';
import type { Frame } from '../data/frame.js';
import { stepFromJSON } from './registry.js';
import type { FeatureContext, FeatureStep, StepJSON } from './step.js';

export const FEATURES_FORMAT_VERSION = 1;

export interface FeaturePipelineJSON {
  readonly format: 'convopt-features';
  readonly formatVersion: number;
  /** The feature set name (`seed`, `planning`, …) or `custom`. */
  readonly name: string;
  readonly steps: StepJSON[];
  /** Output names after fit; null when not fitted. */
  readonly featureNames: string[] | null;
}

export class FeaturePipeline {
  /** Output column names, in matrix order; set by fit. */
  featureNames_: string[] | undefined;

  constructor(
    readonly steps: readonly FeatureStep[],
    readonly name = 'custom',
  ) {}

  /** Learns every step's state from `frame`; returns this. */
  fit(frame: Frame): this {
    if (frame.nRows === 0) throw new ConvoptError('INVALID_DATA', 'Cannot fit features on an empty table.', { hint: 'Check that loading and filtering left some rows.' });
    const features = new Map<string, Float64Array>();
    for (const step of this.steps) {
      const ctx: FeatureContext = { frame, features };
      step.fit(ctx);
      addOutputs(features, step, step.transform(ctx));
    }
    this.featureNames_ = [...features.keys()];
    return this;
  }

  /** Builds the feature matrix for `frame` (column-major, named). */
  transform(frame: Frame): Matrix {
    const names = this.featureNames_;
    if (!names) throw new ConvoptError('NOT_FITTED', 'This FeaturePipeline is not fitted yet.', { hint: 'Call fit(frame) before transform(frame).' });
    const features = new Map<string, Float64Array>();
    for (const step of this.steps) addOutputs(features, step, step.transform({ frame, features }));
    return { nRows: frame.nRows, columns: names.map((n) => features.get(n)!), names };
  }

  /** fit(frame) then transform(frame). */
  fitTransform(frame: Frame): Matrix {
    return this.fit(frame).transform(frame);
  }

  toJSON(): FeaturePipelineJSON {
    return {
      format: 'convopt-features',
      formatVersion: FEATURES_FORMAT_VERSION,
      name: this.name,
      steps: this.steps.map((s) => s.toJSON()),
      featureNames: this.featureNames_ ? [...this.featureNames_] : null,
    };
  }

  /** Restores a pipeline; corrupted, foreign or newer documents fail with MODEL_FORMAT. */
  static fromJSON(doc: unknown): FeaturePipeline {
    const d = doc as Partial<FeaturePipelineJSON> | null;
    if (!d || typeof d !== 'object' || d.format !== 'convopt-features') {
      throw new ConvoptError('MODEL_FORMAT', 'Not a convopt feature pipeline: expected {"format": "convopt-features", ...}.', { hint: 'Pass the "features" part of a model written by convopt.' });
    }
    if (typeof d.formatVersion !== 'number' || !Number.isInteger(d.formatVersion) || d.formatVersion < 1) {
      throw new ConvoptError('MODEL_FORMAT', `Feature pipeline has an invalid formatVersion ${JSON.stringify(d.formatVersion)}.`, { hint: 'The model file is corrupted; retrain or restore it.' });
    }
    if (d.formatVersion > FEATURES_FORMAT_VERSION) {
      throw new ConvoptError('MODEL_FORMAT', `Feature pipeline uses format version ${d.formatVersion}, newer than this convopt reads (${FEATURES_FORMAT_VERSION}).`, { hint: 'Upgrade convopt to load this model.' });
    }
    if (!Array.isArray(d.steps)) throw new ConvoptError('MODEL_FORMAT', 'Feature pipeline lacks its "steps" list.', { hint: 'The model file is corrupted; retrain or restore it.' });
    const p = new FeaturePipeline(d.steps.map(stepFromJSON), typeof d.name === 'string' ? d.name : 'custom');
    if (d.featureNames !== null && d.featureNames !== undefined) {
      if (!Array.isArray(d.featureNames) || !d.featureNames.every((n) => typeof n === 'string')) {
        throw new ConvoptError('MODEL_FORMAT', 'Feature pipeline "featureNames" must be a list of strings.', { hint: 'The model file is corrupted; retrain or restore it.' });
      }
      p.featureNames_ = [...d.featureNames];
    }
    return p;
  }
}

/** Adds a step's outputs to the built columns, then drops the columns it supersedes. */
function addOutputs(features: Map<string, Float64Array>, step: FeatureStep, outputs: [string, Float64Array][]): void {
  for (const [name, col] of outputs) features.set(name, col);
  for (const name of step.replaces?.() ?? []) features.delete(name);
}
