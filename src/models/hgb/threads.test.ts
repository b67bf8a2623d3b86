import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.js';
import { SHARED } from '../../core/arena.js';
import { BinMapper } from './binning.js';
import { SPIN_MICROSECONDS, fitBinWithTeam, hgbTeamBinnings, spinThenWait, startHgbThreads } from './threads.js';

test('fitBinWithTeam: the same mapper and bin bytes as BinMapper.fit then transform (subsample, NaN, float32 and flag columns)', async () => {
  assert.ok(await startHgbThreads(2), 'histogram workers should start');
  const n = 3_001;
  const rng = new Rng(5);
  const columns = [
    Float64Array.from({ length: n }, () => rng.normal()),
    Float64Array.from({ length: n }, (_, i) => (i % 17 === 0 ? NaN : rng.int(40))),
    Float32Array.from({ length: n }, () => rng.random() * 1e3),
    Float64Array.from({ length: n }, (_, i) => i % 2),
    Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? NaN : Math.exp(rng.normal()))),
  ];
  const X = { nRows: n, columns };
  // A 1,000-row subsample: the rows that set the thresholds are drawn from the rng.
  const serial = new BinMapper(255, 1_000).fit(X, new Rng(9));
  const want = serial.transform(X, SHARED, true);
  const team = new BinMapper(255, 1_000);
  const before = hgbTeamBinnings();
  const got = fitBinWithTeam(2, X, team, new Rng(9));
  assert.ok(got, 'the team fitted and binned');
  assert.equal(hgbTeamBinnings() - before, 1);
  assert.deepEqual(team.binThresholds_, serial.binThresholds_);
  assert.deepEqual(team.nBinsNonMissing_, serial.nBinsNonMissing_);
  assert.deepEqual(team.hasMissingValues_, serial.hasMissingValues_);
  assert.equal(team.missingValuesBinIdx_, serial.missingValuesBinIdx_);
  assert.deepEqual(got.columns.map((c) => [...c]), want.columns.map((c) => [...c]));
  assert.equal(fitBinWithTeam(1, X, new BinMapper(), new Rng(9)), null, 'one thread: nothing to share');
});

test('spinThenWait: returns at once when the word already differs, else polls, then sleeps until the timeout', () => {
  const control = new Int32Array(new SharedArrayBuffer(16));
  control[1] = 7;
  assert.equal(spinThenWait(control, 1, 6, 10_000), 'ok');
  const t0 = performance.now();
  assert.equal(spinThenWait(control, 1, 7, 5), 'timed-out');
  // The poll (SPIN_MICROSECONDS) and then the full sleep both passed.
  assert.ok(performance.now() - t0 >= 5 + SPIN_MICROSECONDS / 1000 - 0.5);
});
