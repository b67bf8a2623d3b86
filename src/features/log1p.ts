/**
 * `log1p`: log(1 + x) of numeric columns, for spend-like inputs with diminishing returns. Values ≤ −1
 * have no logarithm and are an error naming row and value. Output replaces the input column in place
 * (same name) unless `suffix` is set; with `suffix` and `replace`, the suffixed column takes the place
 * of a built input (so `Clicks` leaves the matrix and `Clicks_log1p` joins it).
 */
import { ConvoptError } from '../core/errors.js';
import type { FeatureContext, FeatureStep, StepJSON } from './step.js';
import { numericInput } from './step.js';

export interface Log1pParams {
  readonly columns: readonly string[];
  /** When set, outputs are named `${column}${suffix}`; otherwise they replace the input name. */
  readonly suffix?: string;
  /** With `suffix`: drop the inputs that earlier steps built, keeping only the log columns. */
  readonly replace?: boolean;
}

export class Log1pTransform implements FeatureStep {
  readonly type = 'log1p';
  constructor(readonly params: Log1pParams) {}

  fit(ctx: FeatureContext): void {
    this.transform(ctx);
  }

  transform(ctx: FeatureContext): [string, Float64Array][] {
    return this.params.columns.map((c) => {
      const x = numericInput(ctx, c, this.type);
      const out = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) {
        if (x[i] <= -1) {
          throw new ConvoptError('INVALID_DATA', `Column "${c}" is ${x[i]} at row ${i + 1}; log1p needs values > -1.`, { row: i + 1, column: c, value: x[i], hint: 'Spend and counts cannot be negative; fix the value.' });
        }
        out[i] = Math.log1p(x[i]);
      }
      return [`${c}${this.params.suffix ?? ''}`, out];
    });
  }

  replaces(): readonly string[] {
    return this.params.replace && this.params.suffix ? this.params.columns : [];
  }

  outputNames(): string[] {
    return this.params.columns.map((c) => `${c}${this.params.suffix ?? ''}`);
  }

  toJSON(): StepJSON {
    return { type: this.type, params: { ...this.params, columns: [...this.params.columns] }, state: {} };
  }

  static fromJSON(json: StepJSON): Log1pTransform {
    return new Log1pTransform(json.params as unknown as Log1pParams);
  }
}
