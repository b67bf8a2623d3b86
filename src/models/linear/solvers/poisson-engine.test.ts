/** The Poisson engine on WebAssembly against its plain-JS twin (same bits), and the kernels' exp against Math.exp. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildFeaturePipeline } from '../../../features/index.js';
import { kagFrame } from '../../../features/testing.js';
import { newtonPoisson } from './newton-poisson.js';
import { poissonEngine } from './poisson-engine.js';
import { expTwin, simdKernels } from './simd-kernels.js';

test('expTwin is within 2 ulp of Math.exp over its range, 0 below −708 and +Infinity above 709', () => {
  let worst = 0;
  for (let i = 0; i <= 100000; i++) {
    const x = -708 + (1417 * i) / 100000;
    worst = Math.max(worst, Math.abs(expTwin(x) - Math.exp(x)) / Math.exp(x));
  }
  assert.ok(worst < 4.5e-16, `max relative error ${worst}`);
  assert.equal(expTwin(0), 1);
  assert.equal(expTwin(-709), 0);
  assert.equal(expTwin(710), Infinity);
  assert.ok(Number.isNaN(expTwin(NaN)));
});

test('the SIMD exp of the line-search kernel gives expTwin bit for bit (one-row engines)', () => {
  assert.ok(simdKernels());
  const xs = [0, 1e-300, -1e-17, 0.5, -0.34657359027997264, 0.34657359027997264, 1, -1, 3.7, -20.25, 100, 500.5, 708.9, 709, 709.01, -707.9, -708, -708.01, 1e6, -1e6];
  for (const x of xs) {
    const one = [Float64Array.of(1)];
    const e = poissonEngine(one, [0], Float64Array.of(1));
    e.direction(Float64Array.of(x));
    assert.ok(Object.is(e.trial(1), expTwin(x)), `exp(${x}): ${e.trial(1)} vs ${expTwin(x)}`);
  }
});

test('the Newton solver gives the same bits on the wasm and the JS engine (odd n, weights, no intercept)', () => {
  const frame = kagFrame();
  const X = buildFeaturePipeline('planning-log').fitTransform(frame);
  const y = Float64Array.from(frame.numeric('Approved_Conversion'));
  const odd = { nRows: X.nRows - 1, columns: X.columns.map((c) => c.subarray(1)) };
  const w = Float64Array.from({ length: X.nRows }, (_, i) => 1 + (i % 4));
  const cases = [
    { X, y, o: { alpha: 1, fitIntercept: true, maxIter: 100, tol: 1e-8 } },
    { X: odd, y: y.subarray(1), o: { alpha: 1e-3, fitIntercept: true, maxIter: 100, tol: 1e-6, sampleWeight: w.subarray(1) } },
    { X, y, o: { alpha: 0.1, fitIntercept: false, maxIter: 100, tol: 1e-6 } },
  ];
  for (const { X: Xc, y: yc, o } of cases) {
    const fast = newtonPoisson(Xc, yc, o);
    const slow = newtonPoisson(Xc, yc, { ...o, forceJs: true });
    assert.ok(fast.converged);
    assert.equal(fast.nIter, slow.nIter);
    assert.ok(Object.is(fast.intercept, slow.intercept) && Object.is(fast.objective, slow.objective));
    fast.coef.forEach((c, j) => assert.ok(Object.is(c, slow.coef[j]), `coef ${j}`));
  }
});
