import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PowerCurve, type ResponseCurve } from './curve.js';
import { allocateBudget, maxConversionsUnderCpa, minSpendForTarget } from './allocate.js';
import { Rng } from '../core/rng.js';
import { ConvoptError } from '../core/errors.js';

/** Every allocation of `budget` in steps of `step` over n segments (the naive twin of the solver). */
function bruteForceBest(curves: ResponseCurve[], budget: number, step: number, lo: number[], hi: number[]): number {
  const units = Math.round(budget / step);
  let best = -Infinity;
  const spend = new Array(curves.length).fill(0);
  const rec = (g: number, left: number): void => {
    if (g === curves.length - 1) {
      const s = left * step;
      if (s < lo[g] - 1e-9 || s > hi[g] + 1e-9) return;
      spend[g] = s;
      best = Math.max(best, curves.reduce((t, c, i) => t + c.value(spend[i]), 0));
      return;
    }
    for (let u = 0; u <= left; u++) {
      const s = u * step;
      if (s < lo[g] - 1e-9 || s > hi[g] + 1e-9) continue;
      spend[g] = s;
      rec(g + 1, left - u);
    }
  };
  rec(0, units);
  return best;
}

function randomCurves(rng: Rng, n: number): PowerCurve[] {
  return Array.from({ length: n }, () => new PowerCurve(0.2 + rng.random() * 3, 5 + rng.random() * 50, 0.2 + rng.random() * 0.8));
}

test('allocateBudget spends the whole budget and matches brute force on small random problems', () => {
  const rng = new Rng(2024);
  for (let trial = 0; trial < 30; trial++) {
    const curves = randomCurves(rng, 3);
    const budget = 60;
    const lo = [0, trial % 2 ? 5 : 0, 0];
    const hi = [Infinity, 40, trial % 3 ? 30 : Infinity];
    const plan = allocateBudget(curves, budget, { lo, hi });
    assert.ok(Math.abs(plan.totalSpend - budget) < 1e-6, `spent ${plan.totalSpend}`);
    plan.spend.forEach((s, g) => assert.ok(s >= lo[g] - 1e-9 && s <= hi[g] + 1e-9));
    const brute = bruteForceBest(curves, budget, 0.5, lo, hi);
    // The exact continuous optimum is at least as good as the best point on a 0.5-unit grid.
    assert.ok(plan.conversions >= brute - 1e-9, `solver ${plan.conversions} < brute ${brute}`);
    // ...and no grid point within one step of it is better by more than the grid resolution allows.
    const finer = bruteForceBest(curves, budget, 0.25, lo, hi);
    assert.ok(plan.conversions - finer < 0.01, `solver ${plan.conversions} vs finer grid ${finer}`);
  }
});

test('the optimum satisfies KKT: interior segments share one marginal return, zero-spend ones offer less', () => {
  const curves = [new PowerCurve(2, 10, 0.5), new PowerCurve(1, 20, 0.7), new PowerCurve(3, 5, 0.3)];
  const plan = allocateBudget(curves, 100, { lo: [0, 0, 0], hi: [Infinity, Infinity, Infinity] });
  const lambda = plan.marginalReturn;
  curves.forEach((c, g) => {
    const m = c.derivative(plan.spend[g]);
    if (plan.spend[g] > 1e-9) assert.ok(Math.abs(m - lambda) / lambda < 1e-6, `segment ${g}: marginal ${m} vs λ ${lambda}`);
    else assert.ok(m <= lambda * (1 + 1e-9), `segment ${g} at zero spend offers ${m} > λ ${lambda}`);
  });
  assert.equal(plan.spend[1], 0); // its first unit returns 0.035 < λ ≈ 0.038: it gets nothing
});

test('linear curves with equal slopes split ties and still spend the budget exactly', () => {
  const curves = [new PowerCurve(1, 10, 1), new PowerCurve(1, 10, 1)];
  const plan = allocateBudget(curves, 30, { lo: [0, 0], hi: [20, 20] });
  assert.ok(Math.abs(plan.totalSpend - 30) < 1e-9);
  assert.ok(Math.abs(plan.conversions - (2 + 30 / 10)) < 1e-9);
});

test('a budget above the sum of maximums spends every maximum', () => {
  const curves = [new PowerCurve(1, 10, 0.5), new PowerCurve(1, 10, 0.5)];
  const plan = allocateBudget(curves, 1000, { lo: [0, 0], hi: [10, 20] });
  assert.deepEqual(Array.from(plan.spend), [10, 20]);
});

test('minimum spends above the budget are infeasible, and the message names both totals', () => {
  const curves = [new PowerCurve(1, 10, 0.5), new PowerCurve(1, 10, 0.5)];
  assert.throws(
    () => allocateBudget(curves, 10, { lo: [8, 8], hi: [20, 20] }),
    (e: unknown) => e instanceof ConvoptError && e.code === 'INFEASIBLE' && /16\.00.*10\.00/.test(e.message),
  );
});

test('minSpendForTarget finds the cheapest plan: a smaller budget cannot reach the target', () => {
  const curves = randomCurves(new Rng(5), 4);
  const bounds = { lo: [0, 0, 0, 0], hi: [Infinity, Infinity, Infinity, Infinity] };
  const target = curves.reduce((t, c) => t + c.value(0), 0) + 3;
  const plan = minSpendForTarget(curves, target, bounds);
  assert.ok(plan.conversions >= target - 1e-9);
  const cheaper = allocateBudget(curves, plan.totalSpend * 0.999, bounds);
  assert.ok(cheaper.conversions < target);
});

test('minSpendForTarget reports an unreachable target as infeasible', () => {
  const curves = [new PowerCurve(1, 10, 0.5)];
  assert.throws(() => minSpendForTarget(curves, 100, { lo: [0], hi: [50] }), (e: unknown) => e instanceof ConvoptError && e.code === 'INFEASIBLE');
});

test('maxConversionsUnderCpa respects the ceiling and is the largest such plan', () => {
  const curves = randomCurves(new Rng(11), 5);
  const bounds = { lo: new Array(5).fill(0), hi: new Array(5).fill(Infinity) };
  const unconstrained = allocateBudget(curves, 500, bounds);
  const cpa = (0.5 * unconstrained.totalSpend) / unconstrained.conversions;
  const plan = maxConversionsUnderCpa(curves, 500, cpa, bounds);
  assert.ok(plan.totalSpend / plan.conversions <= cpa * (1 + 1e-9));
  const more = allocateBudget(curves, plan.totalSpend * 1.01, bounds);
  assert.ok(more.totalSpend / more.conversions > cpa);
});

test('an unattainable CPA ceiling is infeasible with the best achievable CPA in the message', () => {
  const curves = [new PowerCurve(1, 10, 0.5)];
  assert.throws(
    () => maxConversionsUnderCpa(curves, 100, 0.001, { lo: [5], hi: [100] }),
    (e: unknown) => e instanceof ConvoptError && e.code === 'INFEASIBLE' && /most efficient plan/.test(e.message),
  );
});
