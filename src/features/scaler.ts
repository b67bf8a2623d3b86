/**
 * `standard-scaler`: (x − mean) / std per column, as scikit-learn's StandardScaler (population std; a
 * constant column gets scale 1 so it maps to 0 instead of NaN). Mean and scale are learned in fit and
 * stored. Outputs replace the inputs in place (same names). Missing values are ignored in fit and stay
 * NaN.
 */
import type { FeatureContext, FeatureStep, StepJSON } from './step.js';
import { badState, notFitted, numericInput } from './step.js';

export interface ScalerParams {
  readonly columns: readonly string[];
}

export class StandardScaler implements FeatureStep {
  readonly type = 'standard-scaler';
  mean_: number[] | undefined;
  scale_: number[] | undefined;

  constructor(readonly params: ScalerParams) {}

  fit(ctx: FeatureContext): void {
    this.mean_ = [];
    this.scale_ = [];
    for (const c of this.params.columns) {
      const x = numericInput(ctx, c, this.type);
      let n = 0;
      let mean = 0;
      let m2 = 0;
      // Welford's update: stable for large-magnitude columns such as Impressions × Clicks.
      for (const v of x) {
        if (Number.isNaN(v)) continue;
        n++;
        const d = v - mean;
        mean += d / n;
        m2 += d * (v - mean);
      }
      const std = n > 0 ? Math.sqrt(m2 / n) : 0;
      this.mean_.push(n > 0 ? mean : 0);
      this.scale_.push(std > 0 ? std : 1);
    }
  }

  transform(ctx: FeatureContext): [string, Float64Array][] {
    const mean = this.mean_ ?? notFitted(this.type);
    const scale = this.scale_!;
    return this.params.columns.map((c, j) => {
      const x = numericInput(ctx, c, this.type);
      const out = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) out[i] = (x[i] - mean[j]) / scale[j];
      return [c, out];
    });
  }

  outputNames(): string[] {
    return [...this.params.columns];
  }

  toJSON(): StepJSON {
    return { type: this.type, params: { columns: [...this.params.columns] }, state: this.mean_ ? { mean: [...this.mean_], scale: [...this.scale_!] } : null };
  }

  static fromJSON(json: StepJSON): StandardScaler {
    const step = new StandardScaler(json.params as unknown as ScalerParams);
    if (json.state) {
      const { mean, scale } = json.state as { mean?: unknown; scale?: unknown };
      const ok = (a: unknown): a is number[] => Array.isArray(a) && a.length === step.params.columns.length && a.every((v) => typeof v === 'number' && Number.isFinite(v));
      if (!ok(mean) || !ok(scale)) badState('standard-scaler', 'mean and scale must be finite numbers, one per column');
      step.mean_ = mean;
      step.scale_ = scale;
    }
    return step;
  }
}
