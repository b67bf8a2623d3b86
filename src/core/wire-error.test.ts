import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUG_HINT, ConvoptError } from './errors.js';
import { errorFromWire, errorToWire, type WireError } from './wire-error.js';

const SCORING = { what: 'A scoring worker failed', hint: 'Retry with threads: 1.' };

test("a worker's ConvoptError crosses to the caller as the same typed error (code, message, location, hint, details)", () => {
  const original = new ConvoptError('INVALID_DATA', 'Unknown category "999" at row 3.', { column: 'xyz_campaign_id', row: 3, value: '999', hint: 'Retrain.', details: [{ row: 3 }] });
  // structuredClone is what postMessage does to it.
  const back = errorFromWire(structuredClone(errorToWire(original, SCORING)));
  assert.ok(back instanceof ConvoptError);
  assert.equal(back.code, original.code);
  assert.equal(back.message, original.message);
  assert.deepEqual(back.location, original.location);
  assert.equal(back.hint, original.hint);
  assert.deepEqual(back.details, original.details);
  assert.equal(back.exitCode, original.exitCode);
});

test('any other failure becomes INTERNAL, named by the pool and with its hint', () => {
  const plain = errorFromWire(errorToWire(new RangeError('boom'), SCORING));
  assert.equal(plain.code, 'INTERNAL');
  assert.equal(plain.message, 'A scoring worker failed: boom');
  assert.equal(plain.hint, 'Retry with threads: 1.');
  const thrown = errorFromWire(errorToWire('not even an Error', { what: 'Unexpected internal error', hint: BUG_HINT }));
  assert.equal(thrown.message, 'Unexpected internal error: not even an Error');
  assert.equal(thrown.hint, BUG_HINT);
});

test('a code this build does not know arrives as INTERNAL with the message kept', () => {
  const foreign = { code: 'NO_SUCH_CODE', message: 'from a newer worker', options: {} } as unknown as WireError;
  const e = errorFromWire(foreign);
  assert.equal(e.code, 'INTERNAL');
  assert.equal(e.message, 'from a newer worker');
});
