/** `product`: the element-wise product of two numeric columns (e.g. Impressions × Clicks). Stateless. */
import type { FeatureContext, FeatureStep, StepJSON } from './step.js';
import { numericInput } from './step.js';

export interface ProductParams {
  readonly left: string;
  readonly right: string;
  readonly output: string;
}

export class ProductFeature implements FeatureStep {
  readonly type = 'product';
  constructor(readonly params: ProductParams) {}

  fit(ctx: FeatureContext): void {
    this.transform(ctx);
  }

  transform(ctx: FeatureContext): [string, Float64Array][] {
    const a = numericInput(ctx, this.params.left, this.type);
    const b = numericInput(ctx, this.params.right, this.type);
    const out = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = a[i] * b[i];
    return [[this.params.output, out]];
  }

  outputNames(): string[] {
    return [this.params.output];
  }

  toJSON(): StepJSON {
    return { type: this.type, params: { ...this.params }, state: {} };
  }

  static fromJSON(json: StepJSON): ProductFeature {
    return new ProductFeature(json.params as unknown as ProductParams);
  }
}
