import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planBudget, type History } from './plan.js';
import { Rng } from '../core/rng.js';
import { ConvoptError } from '../core/errors.js';

/** Synthetic ads: campaign "B" converts three times as well per unit of spend as "A". */
function syntheticHistory(n = 400, seed = 1): History {
  const rng = new Rng(seed);
  const campaign: string[] = [];
  const age: string[] = [];
  const gender: string[] = [];
  const interest: string[] = [];
  const spend = new Float64Array(n);
  const approved = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2 ? 'B' : 'A';
    campaign.push(c);
    age.push(['30-34', '35-39'][rng.int(2)]);
    gender.push(['M', 'F'][rng.int(2)]);
    interest.push(String(10 + rng.int(3)));
    spend[i] = rng.random() * 100;
    const mu = (c === 'B' ? 0.3 : 0.1) * Math.pow(1 + spend[i] / 10, 0.7);
    approved[i] = rng.poisson(mu);
  }
  return { keys: { campaign, age, gender, interest }, spend, approved };
}

const history = syntheticHistory();

test('the plan spends the budget, favours the better campaign and beats the historic mix', () => {
  const plan = planBudget(history, { budget: 10_000, segments: ['campaign'], bootstrap: 30, seed: 3, allowExtrapolation: true });
  assert.ok(Math.abs(plan.totals.spend - 10_000) < 1e-6);
  const [a, b] = plan.segments;
  assert.equal(a.labels.campaign, 'A');
  assert.ok(b.spend > a.spend, `B gets ${b.spend}, A gets ${a.spend}`);
  assert.ok(plan.totals.uplift >= -1e-9, 'the optimum is never worse than the historic mix');
  assert.ok(plan.totals.interval && plan.totals.interval.low <= plan.totals.expectedConversions && plan.totals.expectedConversions <= plan.totals.interval.high);
});

test('totals split off the zero-spend baseline, which no budget changes, and price the conversions above it', () => {
  const small = planBudget(history, { budget: 1_000, bootstrap: 0 }).totals;
  const large = planBudget(history, { budget: 50_000, bootstrap: 0 }).totals;
  assert.ok(Math.abs(small.baselineConversions - large.baselineConversions) < 1e-9);
  for (const t of [small, large]) {
    assert.ok(t.baselineConversions > 0 && t.baselineConversions < t.expectedConversions);
    assert.ok(Math.abs(t.costPerIncrementalConversion! - t.spend / (t.expectedConversions - t.baselineConversions)) < 1e-9);
    // Each extra conversion costs more than the blended figure suggests (the baseline is free).
    assert.ok(t.costPerIncrementalConversion! > t.costPerConversion!);
  }
});

test('the same request and seed give the same plan', () => {
  const req = { budget: 5_000, bootstrap: 20, seed: 9 } as const;
  assert.deepEqual(planBudget(history, req), planBudget(history, req));
});

test('--max-change keeps every segment within ±x of its historic allocation', () => {
  const plan = planBudget(history, { budget: 8_000, maxChange: 0.2, bootstrap: 0 });
  for (const s of plan.segments) {
    assert.ok(s.spend >= s.historicMixSpend * 0.8 - 1e-6 && s.spend <= s.historicMixSpend * 1.2 + 1e-6, s.key);
  }
});

test('a CPA ceiling is met by the plan', () => {
  const plan = planBudget(history, { budget: 20_000, objective: 'max-under-cpa', targetCpa: 60, bootstrap: 0, segments: ['campaign', 'age'] });
  assert.ok(plan.totals.costPerConversion! <= 60 + 1e-6);
});

test('spend per ad is capped at the observed range unless extrapolation is allowed', () => {
  const capped = planBudget(history, { budget: 1e7, bootstrap: 0, segments: ['campaign'] });
  assert.ok(capped.totals.spend < 1e7);
  assert.match(capped.notes.join(' '), /allow-extrapolation/);
});

test('bad requests say which input conflicts', () => {
  const is = (code: string, re: RegExp) => (e: unknown) => {
    assert.ok(e instanceof ConvoptError, String(e));
    assert.equal(e.code, code, e.message);
    assert.match(e.message, re);
    return true;
  };
  assert.throws(() => planBudget(history, { budget: -5 }), is('INVALID_ARGUMENT', /budget must be a positive number/));
  assert.throws(() => planBudget(history, { objective: 'max-under-cpa', budget: 100 }), is('INVALID_ARGUMENT', /needs targetCpa/));
  assert.throws(() => planBudget(history, { budget: 100, allow: { age: ['18-24'] } }), is('INVALID_ARGUMENT', /Unknown age "18-24"/));
  assert.throws(() => planBudget(history, { budget: 100, minSpend: 50, bootstrap: 0 }), is('INFEASIBLE', /minimum spends add up to/));
  assert.throws(() => planBudget(history, { budget: 100, minSpend: 5, maxSpend: 1 }), is('INFEASIBLE', /above maxSpend/));
  assert.throws(() => planBudget(history, { budget: 1000, objective: 'max-under-cpa', targetCpa: 1e-6, minSpend: 10, bootstrap: 0 }), is('INFEASIBLE', /most efficient plan/));
});
