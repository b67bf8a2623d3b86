import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConvoptError, toConvoptError, formatLocation } from './errors.js';

test('a located error describes file, row, column and value, then the fix', () => {
  const e = new ConvoptError('INVALID_DATA', 'Clicks must be a non-negative integer.', {
    file: 'ads.csv',
    row: 12,
    column: 'Clicks',
    value: 'abc',
    hint: 'Fix the cell or run with --on-invalid drop.',
  });
  assert.equal(e.describe(), 'ads.csv, row 12, column "Clicks", value "abc": Clicks must be a non-negative integer.\nFix: Fix the cell or run with --on-invalid drop.');
  assert.equal(e.exitCode, 65);
  assert.equal(e.httpStatus, 400);
  assert.deepEqual(e.toJSON().error.location, { file: 'ads.csv', row: 12, column: 'Clicks', value: '"abc"' });
});

test('unknown errors become INTERNAL with exit 70 and keep their cause', () => {
  const cause = new TypeError('boom');
  const e = toConvoptError(cause);
  assert.equal(e.code, 'INTERNAL');
  assert.equal(e.exitCode, 70);
  assert.equal(e.cause, cause);
});

test('long values are shortened in locations', () => {
  assert.match(formatLocation({ value: 'x'.repeat(500) }), /^value "x{57}…"$/);
});
