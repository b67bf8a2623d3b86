/**
 * Row → category index for the encoders, without building a label string per row: a categorical
 * column maps its few levels once, a numeric column (campaign ids) is looked up by value. The
 * result matches `labelInput` + a label → index map exactly: a number v has label String(v), and
 * String(v) equals category c only when c is the canonical text of v (String(Number(c)) === c).
 */
import type { Series } from '../data/frame.js';
import { type FeatureContext, labelSeries } from './step.js';

/** Codes in the output of `CategoryLookup.indices`. */
export const MISSING = -1;
export const UNKNOWN = -2;

export class CategoryLookup {
  private readonly byLabel: Map<string, number>;
  private readonly byNumber = new Map<number, number>();

  constructor(readonly categories: readonly string[]) {
    this.byLabel = new Map(categories.map((c, k) => [c, k]));
    categories.forEach((c, k) => {
      const v = Number(c);
      // Last one wins on repeats, as in byLabel.
      if (String(v) === c && !Number.isNaN(v)) this.byNumber.set(v, k);
    });
  }

  /** Per row: the category's index, MISSING, or UNKNOWN (a label not among the categories). */
  indices(ctx: FeatureContext, column: string, step: string): Int32Array {
    const s = labelSeries(ctx, column, step);
    if (s.kind === 'categorical') {
      const levelIndex = new Int32Array(s.levels.length);
      for (let c = 0; c < levelIndex.length; c++) levelIndex[c] = this.byLabel.get(s.levels[c]!) ?? UNKNOWN;
      const out = new Int32Array(s.codes.length);
      for (let i = 0; i < out.length; i++) {
        const c = s.codes[i]!;
        out[i] = c < 0 ? MISSING : levelIndex[c]!;
      }
      return out;
    }
    const values = s.values;
    const out = new Int32Array(values.length);
    for (let i = 0; i < out.length; i++) {
      const v = values[i]!;
      out[i] = Number.isNaN(v) ? MISSING : (this.byNumber.get(v) ?? UNKNOWN);
    }
    return out;
  }
}

/** The label `labelInput` gives row i (for error messages). */
export function labelAt(s: Series, i: number): string | null {
  if (s.kind === 'categorical') {
    const c = s.codes[i]!;
    return c < 0 ? null : s.levels[c]!;
  }
  const v = s.values[i]!;
  return Number.isNaN(v) ? null : String(v);
}
