/**
 * Poisson deviance criterion (half mean Poisson deviance), for count targets such as conversions.
 * Needs y ≥ 0 and a positive sum in every node; a child whose weighted sum of y is 0 would predict
 * 0 (log 0), so such splits score −∞ and are never chosen, as in scikit-learn.
 */
import type { Criterion } from './criterion.js';

export class Poisson implements Criterion {
  readonly name = 'poisson';
  private y: Float64Array = new Float64Array(0);
  private w: Float64Array = new Float64Array(0);
  private samples: Int32Array = new Int32Array(0);
  private start = 0;
  private end = 0;
  private pos = 0;
  weightNode = 0;
  weightLeft = 0;
  weightRight = 0;
  private sumNode = 0;
  private sumLeft = 0;

  bind(y: Float64Array, w: Float64Array): void {
    this.y = y;
    this.w = w;
  }

  init(samples: Int32Array, start: number, end: number): void {
    let sw = 0;
    let s = 0;
    for (let p = start; p < end; p++) {
      const i = samples[p];
      sw += this.w[i];
      s += this.w[i] * this.y[i];
    }
    this.samples = samples;
    this.start = start;
    this.end = end;
    this.weightNode = sw;
    this.sumNode = s;
    this.reset();
  }

  reset(): void {
    this.weightLeft = 0;
    this.sumLeft = 0;
    this.weightRight = this.weightNode;
    this.pos = this.start;
  }

  update(samples: Int32Array, from: number, to: number): void {
    let sw = this.weightLeft;
    let s = this.sumLeft;
    for (let p = from; p < to; p++) {
      const i = samples[p];
      sw += this.w[i];
      s += this.w[i] * this.y[i];
    }
    this.weightLeft = sw;
    this.sumLeft = s;
    this.weightRight = this.weightNode - sw;
    this.samples = samples;
    this.pos = to;
  }

  /** Half Poisson deviance of samples[from, to) around their weighted mean. */
  private deviance(from: number, to: number, sumY: number, weight: number): number {
    if (sumY <= 0) return 0;
    const mean = sumY / weight;
    let d = 0;
    for (let p = from; p < to; p++) {
      const i = this.samples[p];
      const yi = this.y[i];
      if (yi > 0) d += this.w[i] * yi * Math.log(yi / mean);
    }
    return d / weight - mean + sumY / weight;
  }

  nodeImpurity(): number {
    return this.deviance(this.start, this.end, this.sumNode, this.weightNode);
  }

  childrenImpurity(out: Float64Array): void {
    out[0] = this.deviance(this.start, this.pos, this.sumLeft, this.weightLeft);
    out[1] = this.deviance(this.pos, this.end, this.sumNode - this.sumLeft, this.weightRight);
  }

  proxyImprovement(): number {
    const sl = this.sumLeft;
    const sr = this.sumNode - sl;
    if (sl <= 0 || sr <= 0) return -Infinity;
    // −Σ_children W·mean·log(mean) up to a node constant (Σ w·y·log y cancels within the node).
    return sl * Math.log(sl / this.weightLeft) + sr * Math.log(sr / this.weightRight);
  }

  nodeValue(): number {
    return this.sumNode / this.weightNode;
  }
}
