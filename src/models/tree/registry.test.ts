import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createModel, loadModel, resolveModelKind } from '../io/load.js';
import { seedData } from './testing/parity.js';

test('every tree-family kind is registered, created by alias, and reloaded by loadModel', () => {
  const { X, y } = seedData();
  const kinds = { tree: 'DecisionTreeRegressor', rf: 'RandomForestRegressor', gbr: 'GradientBoostingRegressor', adaboost: 'AdaBoostRegressor' };
  for (const [alias, kind] of Object.entries(kinds)) {
    assert.equal(resolveModelKind(alias), kind);
    const m = createModel(alias, alias === 'tree' ? { maxDepth: 4 } : { nEstimators: 5, ...(alias === 'rf' ? { nJobs: 1 } : {}) }).fit(X, y);
    const back = loadModel(JSON.parse(JSON.stringify(m.toJSON())));
    assert.equal(back.kind, kind);
    assert.deepEqual(back.predict(X), m.predict(X));
  }
});
