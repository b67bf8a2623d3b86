/**
 * `ResponseCurve`: expected approved conversions of one audience segment as a function of its spend.
 * Every curve here is increasing and concave on s ≥ 0 (diminishing returns), which is what makes the
 * allocation in `allocate.ts` exact: at the optimum all unconstrained segments share one marginal
 * return λ (conversions per extra unit of money).
 */

export interface ResponseCurve {
  /** Expected conversions at spend s ≥ 0. */
  value(s: number): number;
  /** d value / d s at s ≥ 0 (non-increasing in s). */
  derivative(s: number): number;
  /**
   * The spend in [lo, hi] whose marginal return is λ: the s with derivative(s) = λ, clamped to the
   * bounds (lo when even the first unit returns less than λ, hi when the last still returns more).
   */
  spendAtMarginal(lambda: number, lo: number, hi: number): number;
}

/**
 * Power response `base · (1 + s/scale)^gamma` with 0 < gamma ≤ 1: the log-link Poisson model with a
 * `log1p(spend/κ)` term, aggregated over a segment's ads (scale = ads × κ). `base` is the expected
 * conversions of the segment's ads at zero spend; gamma ≤ 1 gives diminishing returns (0: spend has
 * no effect).
 */
export class PowerCurve implements ResponseCurve {
  constructor(
    readonly base: number,
    readonly scale: number,
    readonly gamma: number,
  ) {
    if (!(base >= 0) || !(scale > 0) || !(gamma >= 0 && gamma <= 1)) {
      throw new RangeError(`PowerCurve needs base ≥ 0, scale > 0, 0 ≤ gamma ≤ 1; got ${base}, ${scale}, ${gamma}.`);
    }
  }

  value(s: number): number {
    return this.base * Math.pow(1 + s / this.scale, this.gamma);
  }

  derivative(s: number): number {
    return ((this.base * this.gamma) / this.scale) * Math.pow(1 + s / this.scale, this.gamma - 1);
  }

  spendAtMarginal(lambda: number, lo: number, hi: number): number {
    if (this.derivative(lo) <= lambda) return lo;
    if (this.derivative(hi) >= lambda) return hi;
    if (this.gamma === 1 || this.gamma === 0) return lo; // constant derivative: derivative is constant, handled by the two checks above
    // Solve (base·γ/scale)·(1 + s/scale)^(γ−1) = λ in closed form.
    const ratio = (lambda * this.scale) / (this.base * this.gamma);
    const s = this.scale * (Math.pow(ratio, 1 / (this.gamma - 1)) - 1);
    return Math.min(hi, Math.max(lo, s));
  }
}

/**
 * A sum of concave curves (a segment whose ads belong to several campaigns, each with its own spend
 * elasticity). Concave and increasing like its parts; the inverse marginal is found by bisection.
 */
export class SumCurve implements ResponseCurve {
  constructor(readonly parts: readonly ResponseCurve[]) {}

  value(s: number): number {
    let v = 0;
    for (const p of this.parts) v += p.value(s);
    return v;
  }

  derivative(s: number): number {
    let d = 0;
    for (const p of this.parts) d += p.derivative(s);
    return d;
  }

  spendAtMarginal(lambda: number, lo: number, hi: number): number {
    if (this.parts.length === 1) return this.parts[0].spendAtMarginal(lambda, lo, hi);
    if (this.derivative(lo) <= lambda) return lo;
    if (this.derivative(hi) >= lambda) return hi;
    // Bracket from lo with doubling when hi is unbounded, then bisect (the derivative is monotone).
    let a = lo;
    let b = Number.isFinite(hi) ? hi : Math.max(1, lo * 2);
    while (this.derivative(b) > lambda) {
      a = b;
      b *= 2;
    }
    for (let it = 0; it < 80 && b - a > 1e-12 * Math.max(1, b); it++) {
      const m = 0.5 * (a + b);
      if (this.derivative(m) > lambda) a = m;
      else b = m;
    }
    return 0.5 * (a + b);
  }
}

/** Sum of `value` over segments for an allocation. */
export function totalValue(curves: readonly ResponseCurve[], spend: ArrayLike<number>): number {
  let t = 0;
  for (let i = 0; i < curves.length; i++) t += curves[i].value(spend[i]);
  return t;
}
