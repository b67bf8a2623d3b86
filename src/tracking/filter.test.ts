/**
 * The run filter language: what it accepts (as ASTs) and how it explains what it rejects.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConvoptError } from '../core/errors.js';
import { parseFilter, parseOrderBy } from './filter.js';

test('parses the documented example into three comparisons', () => {
  assert.deepEqual(parseFilter("metrics.r2 > 0.7 and params.model = 'RandomForestRegressor' and status = 'FINISHED'"), [
    { entity: { kind: 'metric', key: 'r2' }, op: '>', value: 0.7 },
    { entity: { kind: 'param', key: 'model' }, op: '=', value: 'RandomForestRegressor' },
    { entity: { kind: 'attribute', key: 'status' }, op: '=', value: 'FINISHED' },
  ]);
});

test('accepts keyword case, aliases, quoted keys, dotted keys, IN lists, negative and exponent numbers', () => {
  assert.deepEqual(parseFilter('METRIC.`val-r2` <= -1.5e-3 AND tags.owner IN ("a", \'b\') and attributes.run_name != \'x\''), [
    { entity: { kind: 'metric', key: 'val-r2' }, op: '<=', value: -0.0015 },
    { entity: { kind: 'tag', key: 'owner' }, op: 'IN', value: ['a', 'b'] },
    { entity: { kind: 'attribute', key: 'name' }, op: '!=', value: 'x' },
  ]);
  assert.deepEqual(parseFilter('metrics.cv.r2 <> 1 and start_time >= 5 and params.x not in (\'1\')'), [
    { entity: { kind: 'metric', key: 'cv.r2' }, op: '!=', value: 1 },
    { entity: { kind: 'attribute', key: 'start_time' }, op: '>=', value: 5 },
    { entity: { kind: 'param', key: 'x' }, op: 'NOT IN', value: ['1'] },
  ]);
  assert.deepEqual(parseFilter("params.note = 'it''s'")[0].value, "it's");
  assert.deepEqual(parseFilter('   '), []);
});

function rejects(filter: string, pattern: RegExp): void {
  assert.throws(
    () => parseFilter(filter),
    (err: unknown) => err instanceof ConvoptError && err.code === 'INVALID_PARAMETER' && err.location.path === 'filter' && pattern.test(err.message) && !!err.hint,
  );
}

test('rejects bad filters with the position, a caret line and a hint', () => {
  rejects("params.model = 'Ridge' or status = 'FAILED'", /"or" is not supported/);
  rejects('metrics.r2 > high', /expected a value.*position 14/s);
  rejects("metrics.r2 > '0.7'", /is a number/);
  rejects('params.alpha = 1', /quote the value/);
  rejects("params.model > 'a'", /is text/);
  rejects("metrics.r2 like 'x'", /LIKE needs a text entity/);
  rejects("colour = 'red'", /unknown attribute "colour"/);
  rejects("status = 'FINISHED", /unterminated/);
  rejects('metrics.r2 > 1 metrics.x > 2', /expected "and"/);
  rejects("status IN ('A' 'B')", /expected "," or "\)"/);
  rejects('metrics.r2 ! 1', /lone "!"/);
  rejects('metrics.r2 > 1 and', /expected an entity/);
});

test('order clauses: entity plus optional direction', () => {
  assert.deepEqual(parseOrderBy('metrics.r2 DESC'), { entity: { kind: 'metric', key: 'r2' }, descending: true });
  assert.deepEqual(parseOrderBy('start_time'), { entity: { kind: 'attribute', key: 'start_time' }, descending: false });
  assert.throws(() => parseOrderBy('metrics.r2 up'), (err: unknown) => err instanceof ConvoptError && err.location.path === 'orderBy');
});
