/** Model-file round trips for the linear models: bit-identical predictions, clear failures on bad files. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRows } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { LinearRegression, PoissonRegressor, Ridge } from './index.js';

const X = fromRows([[0.1, 3], [1.7, 2], [2.2, 8], [3.9, 1], [4.4, 5], [5.05, 7]]); // prettier-ignore
const y = Float64Array.from([1, 0, 4, 2, 3, 6]);
const models = [new LinearRegression().fit(X, y), new Ridge({ alpha: 0.3 }).fit(X, y), new PoissonRegressor({ alpha: 0.01 }).fit(X, y)];
const restore = { LinearRegression: LinearRegression.fromJSON, Ridge: Ridge.fromJSON, PoissonRegressor: PoissonRegressor.fromJSON };

test('toJSON → text → fromJSON gives identical JSON and bit-identical predictions', () => {
  for (const m of models) {
    const text = JSON.stringify(m.toJSON());
    const back = restore[m.kind as keyof typeof restore](JSON.parse(text));
    assert.equal(JSON.stringify(back.toJSON()), text);
    assert.deepEqual(back.predict(X), m.predict(X));
    assert.deepEqual(back.getParams(), m.getParams());
  }
});

test('same data → byte-identical model JSON', () => {
  assert.equal(JSON.stringify(new Ridge().fit(X, y).toJSON()), JSON.stringify(new Ridge().fit(X, y).toJSON()));
});

test('corrupted, foreign or newer model files fail with MODEL_FORMAT', () => {
  const good = models[0].toJSON();
  const isFormat = (e: unknown) => e instanceof ConvoptError && e.code === 'MODEL_FORMAT';
  assert.throws(() => LinearRegression.fromJSON({ ...good, formatVersion: 999 }), (e: unknown) => isFormat(e) && /newer/.test((e as Error).message));
  assert.throws(() => LinearRegression.fromJSON({ ...good, kind: 'Ridge' }), isFormat);
  assert.throws(() => Ridge.fromJSON(good), isFormat);
  assert.throws(() => LinearRegression.fromJSON({ ...good, state: { ...good.state, coef: { ...good.state.coef, b64: good.state.coef.b64.slice(0, 8) } } }), isFormat);
  assert.throws(() => LinearRegression.fromJSON({ ...good, state: { ...good.state, nFeatures: 3 } }), isFormat);
  assert.throws(() => LinearRegression.fromJSON({ ...good, state: { ...good.state, intercept: 'x' } }), isFormat);
  assert.throws(() => LinearRegression.fromJSON('nope'), isFormat);
  assert.throws(() => LinearRegression.fromJSON({ ...good, params: { fitIntercept: 3 } }), (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_PARAMETER');
});
