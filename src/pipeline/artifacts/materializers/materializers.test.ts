import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameFromArrays } from '../../../data/frame.js';
import { materializerFor, tableMaterializer } from './index.js';
import { ConvoptError } from '../../../core/errors.js';

test('table materializer round-trips numeric (with NaN) and categorical columns bit-exactly', () => {
  const f = frameFromArrays({ a: [1.5, null, -0, 1e-300], g: ['M', 'F', null, 'M'], b: [1, 2, 3, 4] });
  const back = tableMaterializer.load(tableMaterializer.save(f));
  assert.deepEqual(back.names, f.names);
  assert.equal(back.nRows, 4);
  assert.deepEqual(Array.from(back.numeric('a')), Array.from(f.numeric('a')));
  assert.ok(Object.is(back.numeric('a')[2], -0));
  assert.deepEqual(back.categorical('g').levels, ['F', 'M']);
  assert.deepEqual(Array.from(back.categorical('g').codes), [1, 0, -1, 1]);
  // Same frame → same bytes (stable artifact hashes).
  assert.deepEqual(tableMaterializer.save(back), tableMaterializer.save(f));
});

test('corrupt table bytes fail with a typed error', () => {
  assert.throws(() => tableMaterializer.load(Buffer.from('xx')), ConvoptError);
  assert.throws(() => tableMaterializer.load(Buffer.from([200, 0, 0, 0, 1, 2])), ConvoptError);
});

test('metrics materializer is canonical and unknown types are refused', () => {
  const m = materializerFor('metrics');
  assert.equal(m.save({ b: 1, a: 2 }).toString(), '{"a":2,"b":1}');
  assert.deepEqual(m.load(m.save({ r2: 0.5 })), { r2: 0.5 });
  assert.throws(() => materializerFor('nope'), (e: unknown) => e instanceof ConvoptError && /json/.test(e.hint ?? ''));
});
