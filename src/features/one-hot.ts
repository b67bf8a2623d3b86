/**
 * `one-hot`: one 0/1 column per category of a column (text or numeric codes such as campaign ids).
 * Categories are learned in fit and sorted (numerically when all are numbers, so 916 < 936 < 1178);
 * `drop: 'first'` drops the first category (the reference's campaign_916 baseline). Unknown or missing
 * values at transform time are an error naming the row and value (`handleUnknown: 'error'`), or an
 * all-zero row (`'ignore'`), as scikit-learn's OneHotEncoder.
 */
import { ConvoptError } from '../core/errors.js';
import { CategoryLookup, labelAt } from './category-lookup.js';
import type { FeatureContext, FeatureStep, StepJSON } from './step.js';
import { badState, labelInput, notFitted } from './step.js';

export interface OneHotParams {
  readonly column: string;
  /** Output names are `${prefix}_${category}` (default: the column name). */
  readonly prefix?: string;
  readonly drop?: 'none' | 'first';
  readonly handleUnknown?: 'error' | 'ignore';
}

function sortLevels(levels: string[]): string[] {
  const numeric = levels.every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  return numeric ? levels.sort((a, b) => Number(a) - Number(b)) : levels.sort();
}

export class OneHotEncoder implements FeatureStep {
  readonly type = 'one-hot';
  /** All categories seen in fit, sorted. */
  categories_: string[] | undefined;
  /** Built from categories_ on first transform, rebuilt if they are replaced (refit). */
  private lookup: CategoryLookup | undefined;

  constructor(readonly params: OneHotParams) {}

  private get kept(): string[] {
    const cats = this.categories_ ?? notFitted(this.type);
    return this.params.drop === 'first' ? cats.slice(1) : cats;
  }

  fit(ctx: FeatureContext): void {
    const labels = labelInput(ctx, this.params.column, this.type);
    const seen = new Set<string>();
    labels.forEach((l, i) => {
      if (l === null) {
        throw new ConvoptError('INVALID_DATA', `Column "${this.params.column}" is missing at row ${i + 1}; one-hot encoding needs a category on every training row.`, {
          row: i + 1,
          column: this.params.column,
          hint: 'Drop or fill rows with a missing category before training.',
        });
      }
      seen.add(l);
    });
    this.categories_ = sortLevels([...seen]);
  }

  transform(ctx: FeatureContext): [string, Float64Array][] {
    const kept = this.kept;
    const cats = this.categories_!;
    const offset = this.params.drop === 'first' ? 1 : 0;
    if (this.lookup?.categories !== cats) this.lookup = new CategoryLookup(cats);
    const codes = this.lookup.indices(ctx, this.params.column, this.type);
    const cols = kept.map(() => new Float64Array(codes.length));
    for (let i = 0; i < codes.length; i++) {
      const k = codes[i]!;
      if (k < 0) {
        if (this.params.handleUnknown === 'ignore') continue;
        const l = labelAt(ctx.frame.column(this.params.column), i);
        throw new ConvoptError('INVALID_DATA', `Column "${this.params.column}" has ${l === null ? 'a missing value' : `category ${JSON.stringify(l)}`} at row ${i + 1}, which the model did not see in training.`, {
          row: i + 1,
          column: this.params.column,
          value: l,
          hint: `Known categories: ${cats.join(', ')}. Use one of them, or retrain on data that includes this category.`,
        });
      }
      if (k - offset >= 0) cols[k - offset]![i] = 1;
    }
    return kept.map((c, j) => [this.name(c), cols[j]!]);
  }

  private name(category: string): string {
    return `${this.params.prefix ?? this.params.column}_${category}`;
  }

  outputNames(): string[] {
    return this.kept.map((c) => this.name(c));
  }

  toJSON(): StepJSON {
    return { type: this.type, params: { ...this.params }, state: this.categories_ ? { categories: [...this.categories_] } : null };
  }

  static fromJSON(json: StepJSON): OneHotEncoder {
    const step = new OneHotEncoder(json.params as unknown as OneHotParams);
    if (json.state) {
      const cats = json.state.categories;
      if (!Array.isArray(cats) || !cats.every((c) => typeof c === 'string')) badState('one-hot', 'categories must be a list of strings');
      step.categories_ = cats as string[];
    }
    return step;
  }
}
