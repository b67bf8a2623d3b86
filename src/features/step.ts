/**
 * The contract of one feature step: it reads named input columns (from the raw Frame, or from columns
 * earlier steps produced), learns what it needs in `fit` (means, categories), and emits named numeric
 * output columns in `transform`. Steps serialise as `{type, params, state}` so serving replays exactly
 * what training learned.
 */
import { ConvoptError } from '../core/errors.js';
import type { Frame, Series } from '../data/frame.js';

/** What a step can read: the input frame plus the feature columns built so far (by name). */
export interface FeatureContext {
  readonly frame: Frame;
  readonly features: ReadonlyMap<string, Float64Array>;
}

/** A serialised step. `state` is null before fit. */
export interface StepJSON {
  readonly type: string;
  readonly params: Record<string, unknown>;
  readonly state: Record<string, unknown> | null;
}

export interface FeatureStep {
  /** Registry key, e.g. `one-hot`. */
  readonly type: string;
  fit(ctx: FeatureContext): void;
  /** Output columns in order (name, values). Requires fit. */
  transform(ctx: FeatureContext): [string, Float64Array][];
  /** Output names, known after fit. */
  outputNames(): string[];
  /** Built columns this step supersedes: the pipeline drops them after the step's outputs are added. */
  replaces?(): readonly string[];
  toJSON(): StepJSON;
}

/**
 * A numeric input column: a feature built by an earlier step wins over a raw frame column of the same
 * name (so `log1p` after `passthrough` transforms the passed-through values).
 */
export function numericInput(ctx: FeatureContext, name: string, step: string): Float64Array {
  const built = ctx.features.get(name);
  if (built) return built;
  if (!ctx.frame.has(name)) {
    throw new ConvoptError('INVALID_DATA', `Feature step "${step}" needs column "${name}", which the data does not have.`, {
      column: name,
      hint: `Add the column (or map your header to it with a column mapping). Columns present: ${ctx.frame.names.join(', ')}.`,
    });
  }
  const s = ctx.frame.column(name);
  if (s.kind !== 'numeric') {
    throw new ConvoptError('INVALID_DATA', `Feature step "${step}" needs column "${name}" to be numeric, but it holds text.`, { column: name, hint: 'Fix the non-numeric values in this column.' });
  }
  return s.values instanceof Float64Array ? s.values : Float64Array.from(s.values);
}

/** Category labels of an input column (numeric values rendered as text, so 916 → "916"); null = missing. */
export function labelInput(ctx: FeatureContext, name: string, step: string): (string | null)[] {
  const s = labelSeries(ctx, name, step);
  if (s.kind === 'categorical') return Array.from(s.codes, (c) => (c < 0 ? null : s.levels[c]));
  return Array.from(s.values, (v) => (Number.isNaN(v) ? null : String(v)));
}

/** The raw frame column a label input reads, or INVALID_DATA naming it when absent. */
export function labelSeries(ctx: FeatureContext, name: string, step: string): Series {
  if (!ctx.frame.has(name)) {
    throw new ConvoptError('INVALID_DATA', `Feature step "${step}" needs column "${name}", which the data does not have.`, {
      column: name,
      hint: `Add the column (or map your header to it). Columns present: ${ctx.frame.names.join(', ')}.`,
    });
  }
  return ctx.frame.column(name);
}

/** Throws MODEL_FORMAT when a restored step's state is missing or malformed. */
export function badState(type: string, what: string): never {
  throw new ConvoptError('MODEL_FORMAT', `Feature step "${type}" in the model file has invalid state: ${what}.`, { hint: 'The model file is corrupted; retrain or restore it.' });
}

/** Throws NOT_FITTED for a step used before fit. */
export function notFitted(type: string): never {
  throw new ConvoptError('NOT_FITTED', `Feature step "${type}" is not fitted yet.`, { hint: 'Call FeaturePipeline.fit(frame) before transform.' });
}
