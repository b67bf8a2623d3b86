/**
 * `ratio`: numerator / denominator with safe division, reproducing the reference pipeline:
 * 0/0 → 0 (no activity means a rate of zero), x/0 (x ≠ 0) → the mean of the finite ratios seen in fit
 * (the reference replaced ±inf by the column mean after setting 0/0 to 0, which equals this mean).
 * The mean is learned in fit and stored, so serving imputes with the training value. Missing inputs
 * stay NaN.
 */
import type { FeatureContext, FeatureStep, StepJSON } from './step.js';
import { badState, notFitted, numericInput } from './step.js';

export interface RatioParams {
  readonly numerator: string;
  readonly denominator: string;
  readonly output: string;
}

/** Raw ratios with 0/0 = 0; x/0 left infinite (NaN when an input is missing). */
export function rawRatio(num: ArrayLike<number>, den: ArrayLike<number>): Float64Array {
  const out = new Float64Array(num.length);
  for (let i = 0; i < num.length; i++) out[i] = num[i] === 0 && den[i] === 0 ? 0 : num[i] / den[i];
  return out;
}

export class RatioFeature implements FeatureStep {
  readonly type = 'ratio';
  /** Mean of the finite training ratios: the value used for x/0. */
  fillValue_: number | undefined;

  constructor(readonly params: RatioParams) {}

  private raw(ctx: FeatureContext): Float64Array {
    return rawRatio(numericInput(ctx, this.params.numerator, this.type), numericInput(ctx, this.params.denominator, this.type));
  }

  fit(ctx: FeatureContext): void {
    const r = this.raw(ctx);
    let sum = 0;
    let n = 0;
    for (const v of r) {
      if (Number.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    // With no finite ratio at all there is nothing to learn from; 0 keeps the feature neutral.
    this.fillValue_ = n > 0 ? sum / n : 0;
  }

  transform(ctx: FeatureContext): [string, Float64Array][] {
    const fill = this.fillValue_ ?? notFitted(this.type);
    const r = this.raw(ctx);
    for (let i = 0; i < r.length; i++) if (r[i] === Infinity || r[i] === -Infinity) r[i] = fill;
    return [[this.params.output, r]];
  }

  outputNames(): string[] {
    return [this.params.output];
  }

  toJSON(): StepJSON {
    return { type: this.type, params: { ...this.params }, state: this.fillValue_ === undefined ? null : { fillValue: this.fillValue_ } };
  }

  static fromJSON(json: StepJSON): RatioFeature {
    const step = new RatioFeature(json.params as unknown as RatioParams);
    if (json.state) {
      if (typeof json.state.fillValue !== 'number' || !Number.isFinite(json.state.fillValue)) badState('ratio', 'fillValue must be a finite number');
      step.fillValue_ = json.state.fillValue;
    }
    return step;
  }
}
