/**
 * `passthrough`: numeric columns copied into the feature matrix unchanged (missing values stay NaN,
 * so the model's input check reports them with row and column).
 */
import type { FeatureContext, FeatureStep, StepJSON } from './step.js';
import { numericInput } from './step.js';

export interface PassthroughParams {
  readonly columns: readonly string[];
}

export class Passthrough implements FeatureStep {
  readonly type = 'passthrough';
  constructor(readonly params: PassthroughParams) {}

  fit(ctx: FeatureContext): void {
    for (const c of this.params.columns) numericInput(ctx, c, this.type);
  }

  transform(ctx: FeatureContext): [string, Float64Array][] {
    // A copy, so later steps scaling in place never touch the caller's frame; slice() is a memcpy.
    return this.params.columns.map((c) => [c, numericInput(ctx, c, this.type).slice()]);
  }

  outputNames(): string[] {
    return [...this.params.columns];
  }

  toJSON(): StepJSON {
    return { type: this.type, params: { columns: [...this.params.columns] }, state: {} };
  }

  static fromJSON(json: StepJSON): Passthrough {
    return new Passthrough({ columns: json.params.columns as string[] });
  }
}
