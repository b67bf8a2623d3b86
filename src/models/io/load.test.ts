/** The model registry: every kind creates, fits, saves and reloads to identical predictions. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRows } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { createModel, loadModel, modelKinds, resolveModelKind } from './load.js';

const X = fromRows(Array.from({ length: 40 }, (_, i) => [i % 7, (i * 3) % 11, i / 10]));
const y = Float64Array.from({ length: 40 }, (_, i) => (i % 5) + (i % 7 > 3 ? 2 : 0));

test('every registered kind round-trips through createModel → fit → toJSON → loadModel', () => {
  assert.ok(modelKinds().length >= 3);
  for (const kind of modelKinds()) {
    const m = createModel(kind).fit(X, y, { seed: 1 });
    assert.equal(m.kind, kind);
    const back = loadModel(JSON.parse(JSON.stringify(m.toJSON())));
    assert.equal(back.kind, kind);
    assert.deepEqual(back.predict(X), m.predict(X), kind);
  }
});

test('aliases resolve case-insensitively; unknown kinds are typed errors', () => {
  assert.equal(resolveModelKind('ridge'), 'Ridge');
  assert.equal(resolveModelKind('OLS'), 'LinearRegression');
  assert.equal(resolveModelKind('poissonregressor'), 'PoissonRegressor');
  assert.deepEqual(createModel('ridge', { alpha: 2 }).getParams(), { alpha: 2, fitIntercept: true });
  assert.throws(() => createModel('Lasso'), (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_ARGUMENT' && /LinearRegression/.test(e.hint ?? ''));
  const json = createModel('Ridge').fit(X, y).toJSON();
  assert.throws(() => loadModel({ ...json, kind: 'Lasso' }), (e: unknown) => e instanceof ConvoptError && e.code === 'MODEL_FORMAT');
  assert.throws(() => loadModel({ ...json, formatVersion: 2 ** 20 }), (e: unknown) => e instanceof ConvoptError && e.code === 'MODEL_FORMAT');
});
