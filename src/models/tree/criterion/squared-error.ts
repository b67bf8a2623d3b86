/**
 * Squared-error (variance) criterion: running weighted sums of w, w·y and w·y² on each side.
 * The proxy `S_L²/W_L + S_R²/W_R` differs from the variance decrease only by terms constant within
 * a node, so it ranks splits identically at a fraction of the cost.
 */
import type { Criterion } from './criterion.js';

export class SquaredError implements Criterion {
  readonly name: string = 'squared_error';
  protected y: Float64Array = new Float64Array(0);
  protected w: Float64Array = new Float64Array(0);
  weightNode = 0;
  weightLeft = 0;
  weightRight = 0;
  /** Weighted sum of y in the node (read by the splitter's inlined scan). */
  sumNode = 0;
  protected sqNode = 0;
  protected sumLeft = 0;
  protected sqLeft = 0;

  bind(y: Float64Array, w: Float64Array): void {
    this.y = y;
    this.w = w;
  }

  init(samples: Int32Array, start: number, end: number): void {
    const { y, w } = this;
    let sw = 0;
    let s = 0;
    let sq = 0;
    for (let p = start; p < end; p++) {
      const i = samples[p];
      const wi = w[i];
      const wy = wi * y[i];
      sw += wi;
      s += wy;
      sq += wy * y[i];
    }
    this.weightNode = sw;
    this.sumNode = s;
    this.sqNode = sq;
    this.reset();
  }

  initSplit(samples: Int32Array, start: number, pos: number, end: number): void {
    const { y, w } = this;
    let sw = 0;
    let s = 0;
    let sq = 0;
    for (let p = start; p < pos; p++) {
      const i = samples[p];
      const wi = w[i];
      const wy = wi * y[i];
      sw += wi;
      s += wy;
      sq += wy * y[i];
    }
    this.weightLeft = sw;
    this.sumLeft = s;
    this.sqLeft = sq;
    for (let p = pos; p < end; p++) {
      const i = samples[p];
      const wi = w[i];
      const wy = wi * y[i];
      sw += wi;
      s += wy;
      sq += wy * y[i];
    }
    this.weightNode = sw;
    this.sumNode = s;
    this.sqNode = sq;
    this.weightRight = sw - this.weightLeft;
  }

  reset(): void {
    this.weightLeft = 0;
    this.sumLeft = 0;
    this.sqLeft = 0;
    this.weightRight = this.weightNode;
  }

  update(samples: Int32Array, from: number, to: number): void {
    const { y, w } = this;
    let sw = this.weightLeft;
    let s = this.sumLeft;
    let sq = this.sqLeft;
    for (let p = from; p < to; p++) {
      const i = samples[p];
      const wi = w[i];
      const wy = wi * y[i];
      sw += wi;
      s += wy;
      sq += wy * y[i];
    }
    this.weightLeft = sw;
    this.sumLeft = s;
    this.sqLeft = sq;
    this.weightRight = this.weightNode - sw;
  }

  nodeImpurity(): number {
    const mean = this.sumNode / this.weightNode;
    return Math.max(0, this.sqNode / this.weightNode - mean * mean);
  }

  childrenImpurity(out: Float64Array): void {
    const wl = this.weightLeft;
    const wr = this.weightRight;
    const ml = this.sumLeft / wl;
    const mr = (this.sumNode - this.sumLeft) / wr;
    out[0] = Math.max(0, this.sqLeft / wl - ml * ml);
    out[1] = Math.max(0, (this.sqNode - this.sqLeft) / wr - mr * mr);
  }

  proxyImprovement(): number {
    const sl = this.sumLeft;
    const sr = this.sumNode - sl;
    return (sl * sl) / this.weightLeft + (sr * sr) / this.weightRight;
  }

  nodeValue(): number {
    return this.sumNode / this.weightNode;
  }
}
