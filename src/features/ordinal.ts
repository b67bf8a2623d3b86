/**
 * `ordinal`: a category column → one integer code column, with an explicit category order (age bands
 * "30-34" → 0 … "45-49" → 3; gender "F" → 0, "M" → 1 as the reference's Gender_Code). When no order is
 * given, the sorted categories seen in fit are used. Unknown values are an error naming row and value.
 */
import { ConvoptError } from '../core/errors.js';
import { CategoryLookup, labelAt } from './category-lookup.js';
import type { FeatureContext, FeatureStep, StepJSON } from './step.js';
import { badState, labelInput, notFitted } from './step.js';

export interface OrdinalParams {
  readonly column: string;
  /** Output column name (default: the input name). */
  readonly output?: string;
  /** Category order; code = index. Learned (sorted) when absent. */
  readonly categories?: readonly string[];
}

export class OrdinalEncoder implements FeatureStep {
  readonly type = 'ordinal';
  categories_: string[] | undefined;
  /** Built from categories_ on first transform, rebuilt if they are replaced (refit). */
  private lookup: CategoryLookup | undefined;

  constructor(readonly params: OrdinalParams) {}

  fit(ctx: FeatureContext): void {
    if (this.params.categories) {
      this.categories_ = [...this.params.categories];
      this.transform(ctx); // training data with an unlisted category is an error now, not at serving
      return;
    }
    const labels = labelInput(ctx, this.params.column, this.type);
    this.categories_ = [...new Set(labels.filter((l): l is string => l !== null))].sort();
  }

  transform(ctx: FeatureContext): [string, Float64Array][] {
    const cats = this.categories_ ?? notFitted(this.type);
    if (this.lookup?.categories !== cats) this.lookup = new CategoryLookup(cats);
    const codes = this.lookup.indices(ctx, this.params.column, this.type);
    const out = new Float64Array(codes.length);
    for (let i = 0; i < codes.length; i++) {
      const k = codes[i]!;
      if (k < 0) {
        const l = labelAt(ctx.frame.column(this.params.column), i);
        throw new ConvoptError('INVALID_DATA', `Column "${this.params.column}" has ${l === null ? 'a missing value' : `value ${JSON.stringify(l)}`} at row ${i + 1}; expected one of ${cats.join(', ')}.`, {
          row: i + 1,
          column: this.params.column,
          value: l,
          hint: `Use one of: ${cats.join(', ')}.`,
        });
      }
      out[i] = k;
    }
    return [[this.params.output ?? this.params.column, out]];
  }

  outputNames(): string[] {
    return [this.params.output ?? this.params.column];
  }

  toJSON(): StepJSON {
    return { type: this.type, params: { ...this.params }, state: this.categories_ ? { categories: [...this.categories_] } : null };
  }

  static fromJSON(json: StepJSON): OrdinalEncoder {
    const step = new OrdinalEncoder(json.params as unknown as OrdinalParams);
    if (json.state) {
      const cats = json.state.categories;
      if (!Array.isArray(cats) || !cats.every((c) => typeof c === 'string')) badState('ordinal', 'categories must be a list of strings');
      step.categories_ = cats as string[];
    }
    return step;
  }
}
