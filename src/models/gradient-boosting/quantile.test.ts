import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { matrix } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { seedData } from '../tree/testing/parity.js';
import { GradientBoostingRegressor } from './index.js';

interface Reference {
  readonly x: number[];
  readonly y: number[];
  readonly grid: number[];
  readonly fits: { alpha: number; init: number; train_score: number[]; grid_predictions: number[] }[];
}
const ref = JSON.parse(readFileSync(new URL('../../../test/fixtures/gradient-boosting/gb_quantile_reference.json', import.meta.url), 'utf8')) as Reference;
const X = matrix([Float64Array.from(ref.x)]);
const y = Float64Array.from(ref.y);

const close = (a: number, b: number, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

test('quantile loss follows scikit-learn on one feature: same start and first tree, same fit', () => {
  // Gradients take two values (alpha, alpha − 1), so a node can hold two exactly equally good splits in
  // exact arithmetic; which one wins then depends on the order the node's gradients were summed in,
  // and scikit-learn's order (its in-place partitions) differs from ours. Hence exact agreement for
  // the start and the first iteration, and close agreement after (at alpha 0.9 one tie, in the second
  // tree, splits off the same single row from the other end of a node).
  const sd = Math.sqrt(ref.y.reduce((s, v) => s + v * v, 0) / ref.y.length - (ref.y.reduce((s, v) => s + v, 0) / ref.y.length) ** 2);
  for (const f of ref.fits) {
    const m = new GradientBoostingRegressor({ loss: 'quantile', alpha: f.alpha, nEstimators: 60 }).fit(X, y);
    assert.ok(close(m.init_, f.init), `alpha ${f.alpha}: init ${m.init_} vs ${f.init}`);
    assert.ok(close(m.trainScore_[0]!, f.train_score[0]!), `alpha ${f.alpha}: first loss ${m.trainScore_[0]} vs ${f.train_score[0]}`);
    const last = m.trainScore_[59]!;
    assert.ok(Math.abs(last - f.train_score[59]!) <= 0.005 * f.train_score[59]!, `alpha ${f.alpha}: final loss ${last} vs ${f.train_score[59]}`);
    const p = m.predict(matrix([Float64Array.from(ref.grid)]));
    const mad = p.reduce((s, v, k) => s + Math.abs(v - f.grid_predictions[k]!), 0) / p.length;
    assert.ok(mad <= 0.05 * sd, `alpha ${f.alpha}: predictions differ by ${mad} on average (sd of y ${sd})`);
  }
});

test('quantile models bracket the data and beat the mean model on their own loss', () => {
  const { X: Xs, y: ys } = seedData();
  const fit = (loss: 'quantile' | 'squared_error', alpha = 0.9) => new GradientBoostingRegressor({ loss, alpha }).fit(Xs, ys).predict(Xs);
  const lo = fit('quantile', 0.1);
  const hi = fit('quantile', 0.9);
  // Counts have ties: for the 10 % model few rows lie strictly below, for the 90 % model most lie at or below.
  const share = (p: Float64Array, strict: boolean) => ys.reduce((k, v, i) => k + ((strict ? v < p[i]! : v <= p[i]!) ? 1 : 0), 0) / ys.length;
  assert.ok(share(lo, true) <= 0.15, `alpha 0.1: ${share(lo, true)} of rows strictly below`);
  assert.ok(share(hi, false) >= 0.85, `alpha 0.9: ${share(hi, false)} of rows at or below`);
  // An 80 % band: the lower end below the upper end on nearly every ad.
  const crossed = lo.reduce((k, v, i) => k + (v > hi[i]! ? 1 : 0), 0);
  assert.ok(crossed / ys.length < 0.02, `${crossed} rows with the 10 % quantile above the 90 % one`);
  // Pinball loss at 0.9: the quantile model is better at it than the mean model.
  const pinball = (p: Float64Array) => ys.reduce((s, v, i) => s + (v > p[i]! ? 0.9 * (v - p[i]!) : 0.1 * (p[i]! - v)), 0) / ys.length;
  assert.ok(pinball(hi) < pinball(fit('squared_error')), `pinball ${pinball(hi)} vs mean model ${pinball(fit('squared_error'))}`);
});

test('early stopping ends the fit once the held-out loss stops improving, keeps that last tree, and is seeded', () => {
  const { X: Xs, y: ys } = seedData();
  const make = () => new GradientBoostingRegressor({ nEstimators: 500, learningRate: 0.3, nIterNoChange: 5 });
  const a = make().fit(Xs, ys, { seed: 1 });
  assert.ok(a.nEstimators_ < 500, `stopped after ${a.nEstimators_} of 500`);
  assert.equal(a.estimators_.length, a.trainScore_.length);
  assert.equal(JSON.stringify(make().fit(Xs, ys, { seed: 1 }).toJSON()), JSON.stringify(a.toJSON()));
  // Without early stopping every iteration is fitted, and the first trees are the same only if the
  // rows are: early stopping fits on 90 % of them, so its first tree differs.
  const full = new GradientBoostingRegressor({ nEstimators: 30, learningRate: 0.3 }).fit(Xs, ys, { seed: 1 });
  assert.equal(full.nEstimators_, 30);
  // A huge tolerance: no iteration counts as an improvement over the initial +Infinity history... except
  // the first nIterNoChange, which fill the history; the next one stops the fit.
  const strict = new GradientBoostingRegressor({ nEstimators: 100, nIterNoChange: 3, tol: 1e9 }).fit(Xs, ys);
  assert.equal(strict.nEstimators_, 4);
  const back = GradientBoostingRegressor.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
  assert.deepEqual(back.predict(Xs), a.predict(Xs));
  assert.equal(back.nEstimators_, a.nEstimators_);
});

test('subsampling records each tree’s out-of-bag improvement', () => {
  const { X: Xs, y: ys } = seedData();
  const m = new GradientBoostingRegressor({ subsample: 0.5, nEstimators: 40, learningRate: 0.1 }).fit(Xs, ys, { seed: 3 });
  const oob = m.oobImprovement_;
  assert.equal(oob.length, 40);
  // Early trees lower the loss on rows they never saw; the gains shrink as the fit converges.
  const head = oob.slice(0, 10).reduce((s, v) => s + v, 0);
  const tail = oob.slice(30).reduce((s, v) => s + v, 0);
  assert.ok(head > 0 && head > Math.abs(tail), `first 10: ${head}, last 10: ${tail}`);
  assert.deepEqual(GradientBoostingRegressor.fromJSON(JSON.parse(JSON.stringify(m.toJSON()))).oobImprovement_, oob);
  assert.throws(() => new GradientBoostingRegressor({ nEstimators: 2 }).fit(Xs, ys).oobImprovement_, (e: unknown) => e instanceof ConvoptError && e.location.path === 'subsample');
});

test('early-stopping parameters are checked', () => {
  const Xs = matrix([Float64Array.of(1, 2, 3)]);
  const ys = Float64Array.of(1, 2, 3);
  for (const [params, path] of [
    [{ nIterNoChange: 0 }, 'nIterNoChange'],
    [{ nIterNoChange: 2, validationFraction: 1 }, 'validationFraction'],
    [{ nIterNoChange: 2, tol: -1 }, 'tol'],
    [{ loss: 'quantile' as const, alpha: 0 }, 'alpha'],
  ] as const) {
    assert.throws(() => new GradientBoostingRegressor(params).fit(Xs, ys), (e: unknown) => e instanceof ConvoptError && e.location.path === path, JSON.stringify(params));
  }
  // 3 rows at a 0.9 share leave none to fit on.
  assert.throws(() => new GradientBoostingRegressor({ nIterNoChange: 2, validationFraction: 0.9 }).fit(Xs, ys), (e: unknown) => e instanceof ConvoptError && e.location.path === 'validationFraction');
});
