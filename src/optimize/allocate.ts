/**
 * Exact budget allocation over concave, increasing response curves.
 *
 * Why it is exact: maximising Σ f_g(s_g) subject to Σ s_g = B and lo_g ≤ s_g ≤ hi_g, with every f_g
 * concave, is a convex problem whose KKT conditions say: there is one price λ such that each segment
 * spends where its marginal return equals λ, or sits at a bound (at lo if even its first unit returns
 * less than λ, at hi if its last unit still returns more). Total spend S(λ) is non-increasing in λ, so
 * bisection on λ finds the allocation that spends exactly B; any allocation satisfying these
 * conditions is globally optimal. The brute-force tests in `allocate.test.ts` check this on small grids.
 *
 * The same λ-path solves the other two objectives: the cheapest plan reaching a target number of
 * conversions (bisection on λ for the target), and the most conversions under a cost-per-acquisition
 * ceiling (the largest budget on the path whose plan still meets the ceiling; the optimal-value
 * function F(S) is concave, so S ≤ cpa·F(S) holds on one interval of S).
 */
import { ConvoptError } from '../core/errors.js';
import type { ResponseCurve } from './curve.js';
import { totalValue } from './curve.js';

export interface SpendBounds {
  /** Minimum spend per segment (≥ 0). */
  readonly lo: ArrayLike<number>;
  /** Maximum spend per segment (may be Infinity). */
  readonly hi: ArrayLike<number>;
}

export interface Allocation {
  readonly spend: Float64Array;
  /** Total expected conversions Σ f_g(s_g). */
  readonly conversions: number;
  readonly totalSpend: number;
  /** The common marginal return (conversions per unit of money) of unconstrained segments. */
  readonly marginalReturn: number;
}

const BISECTION_STEPS = 200;

function sum(a: ArrayLike<number>): number {
  let t = 0;
  for (let i = 0; i < a.length; i++) t += a[i];
  return t;
}

function spendAt(curves: readonly ResponseCurve[], lambda: number, bounds: SpendBounds, out: Float64Array): number {
  let t = 0;
  for (let g = 0; g < curves.length; g++) {
    out[g] = curves[g].spendAtMarginal(lambda, bounds.lo[g], bounds.hi[g]);
    t += out[g];
  }
  return t;
}

function checkBounds(n: number, bounds: SpendBounds, names?: readonly string[]): void {
  for (let g = 0; g < n; g++) {
    const lo = bounds.lo[g];
    const hi = bounds.hi[g];
    if (!(lo >= 0) || !(hi >= lo)) {
      throw new ConvoptError('INFEASIBLE', `Segment ${names?.[g] ?? g} has spend bounds [${lo}, ${hi}]; the minimum must be ≥ 0 and ≤ the maximum.`, {
        hint: 'Loosen --max-change or the per-segment min/max spend.',
      });
    }
  }
}

/** Largest marginal return any segment offers at its lower bound: above it nobody spends more. */
function maxMarginal(curves: readonly ResponseCurve[], bounds: SpendBounds): number {
  let m = 0;
  for (let g = 0; g < curves.length; g++) m = Math.max(m, curves[g].derivative(bounds.lo[g]));
  return m;
}

function finish(curves: readonly ResponseCurve[], spend: Float64Array, lambda: number): Allocation {
  return { spend, conversions: totalValue(curves, spend), totalSpend: sum(spend), marginalReturn: lambda };
}

/**
 * The allocation of exactly `budget` (or all that the upper bounds allow, when they sum to less) that
 * maximises expected conversions. Throws INFEASIBLE when the minimum spends alone exceed the budget.
 */
export function allocateBudget(curves: readonly ResponseCurve[], budget: number, bounds: SpendBounds, names?: readonly string[]): Allocation {
  const n = curves.length;
  checkBounds(n, bounds, names);
  const minTotal = sum(bounds.lo);
  if (minTotal > budget * (1 + 1e-12)) {
    throw new ConvoptError('INFEASIBLE', `The segments' minimum spends add up to ${minTotal.toFixed(2)}, more than the budget ${budget.toFixed(2)}.`, {
      hint: 'Raise the budget, lower the per-segment minimums, or loosen --max-change.',
    });
  }
  const maxTotal = sum(bounds.hi);
  if (maxTotal <= budget) return finish(curves, Float64Array.from(bounds.hi), 0);

  const atHigh = new Float64Array(n); // spend at the larger λ (≤ budget)
  const atLow = new Float64Array(n); // spend at the smaller λ (≥ budget)
  let lamHi = maxMarginal(curves, bounds);
  let lamLo = 0;
  let sHi = spendAt(curves, lamHi, bounds, atHigh);
  let sLo = spendAt(curves, lamLo, bounds, atLow);
  const tmp = new Float64Array(n);
  for (let it = 0; it < BISECTION_STEPS && lamHi - lamLo > lamHi * 1e-15; it++) {
    const mid = 0.5 * (lamLo + lamHi);
    const s = spendAt(curves, mid, bounds, tmp);
    if (s > budget) {
      lamLo = mid;
      sLo = s;
      atLow.set(tmp);
    } else {
      lamHi = mid;
      sHi = s;
      atHigh.set(tmp);
    }
  }
  // Between the two bracketing prices only segments whose marginal return lies in [λlo, λhi] move;
  // blending the two allocations spends the budget exactly (this also splits ties of linear curves).
  const t = sLo > sHi ? (budget - sHi) / (sLo - sHi) : 0;
  const spend = new Float64Array(n);
  for (let g = 0; g < n; g++) spend[g] = atHigh[g] + t * (atLow[g] - atHigh[g]);
  return finish(curves, spend, 0.5 * (lamLo + lamHi));
}

/** The cheapest allocation whose expected conversions reach `target`. INFEASIBLE when the maximums can't. */
export function minSpendForTarget(curves: readonly ResponseCurve[], target: number, bounds: SpendBounds, names?: readonly string[]): Allocation {
  checkBounds(curves.length, bounds, names);
  const sMin = sum(bounds.lo);
  const sMax = sum(bounds.hi);
  const best = totalValue(curves, Float64Array.from(bounds.hi));
  if (!(best >= target)) {
    throw new ConvoptError('INFEASIBLE', `At most ${best.toFixed(1)} approved conversions are reachable within the per-segment maximum spends; the target is ${target}.`, {
      hint: 'Lower the target, allow more segments, or raise the per-segment maximums (--max-change).',
    });
  }
  // F(S), the best conversions for total spend S, increases with S: bisect for the smallest S reaching
  // the target. When the maximums are unbounded, double an upper bracket first.
  let hi = Number.isFinite(sMax) ? sMax : Math.max(1, sMin * 2);
  while (allocateBudget(curves, hi, bounds, names).conversions < target) hi *= 2;
  let lo = sMin;
  if (allocateBudget(curves, lo, bounds, names).conversions >= target) return allocateBudget(curves, lo, bounds, names);
  for (let it = 0; it < 200 && hi - lo > 1e-10 * Math.max(1, hi); it++) {
    const mid = 0.5 * (lo + hi);
    if (allocateBudget(curves, mid, bounds, names).conversions >= target) hi = mid;
    else lo = mid;
  }
  return allocateBudget(curves, hi, bounds, names);
}

/**
 * The most conversions with total spend ≤ budget and cost per conversion (spend / conversions) ≤ cpa.
 * INFEASIBLE when no spend level within the bounds meets the ceiling.
 */
export function maxConversionsUnderCpa(
  curves: readonly ResponseCurve[],
  budget: number,
  cpa: number,
  bounds: SpendBounds,
  names?: readonly string[],
): Allocation {
  const sMin = sum(bounds.lo);
  const sMax = Math.min(budget, sum(bounds.hi));
  const plan = (s: number) => allocateBudget(curves, s, bounds, names);
  const slack = (s: number) => cpa * plan(s).conversions - s; // concave in s
  if (slack(sMax) >= 0) return plan(sMax);
  // Find the spend where the ceiling has the most room (ternary search on a concave function).
  let a = sMin;
  let b = sMax;
  for (let it = 0; it < 100 && b - a > 1e-9 * Math.max(1, b); it++) {
    const m1 = a + (b - a) / 3;
    const m2 = b - (b - a) / 3;
    if (slack(m1) < slack(m2)) a = m1;
    else b = m2;
  }
  const sBest = 0.5 * (a + b);
  if (slack(sBest) < 0) {
    const p = plan(sBest);
    throw new ConvoptError(
      'INFEASIBLE',
      `No plan meets the cost-per-approved-conversion ceiling ${cpa}: the most efficient plan within the bounds costs ${(p.totalSpend / p.conversions).toFixed(2)} per conversion.`,
      { hint: 'Raise --target-cpa, lower the per-segment minimum spends, or allow more segments.' },
    );
  }
  // The ceiling holds on [.., root]; bisect for the root between sBest and sMax.
  let lo = sBest;
  let hi = sMax;
  for (let it = 0; it < 100 && hi - lo > 1e-9 * Math.max(1, hi); it++) {
    const mid = 0.5 * (lo + hi);
    if (slack(mid) >= 0) lo = mid;
    else hi = mid;
  }
  return plan(lo);
}
