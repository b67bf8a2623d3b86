import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConvoptError } from '../core/errors.js';
import { DEFAULT_FAMILIES, loadConfigFile, parseConfig, resolveTrainConfig } from './index.js';

const DEFAULT_KINDS = DEFAULT_FAMILIES.map((s) => (typeof s === 'string' ? s : s.kind));

test('defaults: bundled data, seed features, seven families, 5 folds, gate 0.5', () => {
  const c = resolveTrainConfig({});
  assert.equal(c.data.path, null);
  assert.equal(c.features, 'seed');
  assert.deepEqual(c.models.map((m) => m.kind), DEFAULT_KINDS);
  // The log-link family is fitted on the log1p variant of the run's features.
  assert.deepEqual(c.models.map((m) => m.features), ['seed', 'seed', 'seed', 'seed', 'seed', 'seed', 'seed-log']);
  assert.deepEqual(resolveTrainConfig({}, { features: 'planning' }).models.at(-1), { name: 'PoissonRegressor', kind: 'PoissonRegressor', params: { alpha: 1e-3 }, features: 'planning-log' });
  assert.equal(c.cv.folds, 5);
  assert.equal(c.gate.minR2, 0.5);
});

test('flags override the file', () => {
  const file = parseConfig({ features: 'planning', gate: { minR2: 0.7 }, models: ['ridge', { kind: 'Ridge', name: 'ridge10', params: { alpha: 10 } }], seed: 3 });
  const c = resolveTrainConfig(file, { minR2: 0.2 });
  assert.equal(c.gate.minR2, 0.2);
  assert.equal(c.features, 'planning');
  assert.deepEqual(c.models.map((m) => m.name), ['ridge', 'ridge10']);
  assert.equal(c.cv.seed, 3);
  assert.deepEqual(resolveTrainConfig(file, { models: ['LinearRegression'] }).models, [{ name: 'LinearRegression', kind: 'LinearRegression', params: {}, features: 'planning' }]);
});

test('a family may name its own feature set, or "log" for the log1p variant of the run\'s', () => {
  const file = parseConfig({ models: [{ kind: 'poisson', features: 'log' }, { kind: 'Ridge', features: 'planning' }] });
  assert.deepEqual(resolveTrainConfig(file).models.map((m) => m.features), ['seed-log', 'planning']);
  assert.throws(() => parseConfig({ models: [{ kind: 'Ridge', features: 'logs' }] }), (e: unknown) => e instanceof ConvoptError && e.location.path === 'models.0.features');
});

test('schema errors name the field path and value; unknown keys are refused', () => {
  assert.throws(
    () => parseConfig({ cv: { folds: 1 } }, 'c.json'),
    (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_CONFIG' && e.location.path === 'cv.folds' && e.location.value === 1 && e.location.file === 'c.json',
  );
  assert.throws(() => parseConfig({ gate: { minR: 0.5 } }), (e: unknown) => e instanceof ConvoptError && /minR/.test(e.message));
  assert.throws(() => parseConfig({ features: 'fancy' }), (e: unknown) => e instanceof ConvoptError && e.location.path === 'features');
  assert.throws(() => resolveTrainConfig(parseConfig({ models: ['Ridge', 'Ridge'] })), (e: unknown) => e instanceof ConvoptError && /listed twice/.test(e.message));
});

test('YAML and JSON files are found in the working directory; syntax errors are INVALID_CONFIG', () => {
  const dir = mkdtempSync(join(tmpdir(), 'convopt-cfg-'));
  assert.deepEqual(loadConfigFile(undefined, dir), { file: null, config: {} });
  writeFileSync(join(dir, 'convopt.config.yaml'), 'gate:\n  minR2: 0.6\ndata:\n  columns:\n    "Amount spent": Spent\n');
  const { file, config } = loadConfigFile(undefined, dir);
  assert.match(file ?? '', /convopt\.config\.yaml$/);
  assert.equal(config.gate?.minR2, 0.6);
  assert.deepEqual(config.data?.columns, { 'Amount spent': 'Spent' });
  writeFileSync(join(dir, 'bad.json'), '{ "gate": ');
  assert.throws(() => loadConfigFile('bad.json', dir), (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_CONFIG' && /not valid JSON/.test(e.message));
  assert.throws(() => loadConfigFile('missing.json', dir), (e: unknown) => e instanceof ConvoptError && e.code === 'UNREADABLE_FILE');
});

test('the committed convopt.config.example.json is valid and lists every default family', () => {
  const { config } = loadConfigFile(new URL('../../convopt.config.example.json', import.meta.url).pathname);
  const c = resolveTrainConfig(config);
  const defaults = resolveTrainConfig({}).models;
  assert.deepEqual(c.models.map((m) => [m.kind, m.features]), defaults.map((m) => [m.kind, m.features]));
  assert.deepEqual(c.models.at(-1), defaults.at(-1));
  assert.equal(c.gate.minR2, 0.5);
});
