/** The preview CSV reader: quoting, doubled quotes, CRLF, blank lines and the row limit. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, parseCsv } from './csv.js';

test('parses quoted fields with commas, doubled quotes and CRLF line ends', () => {
  assert.deepEqual(parseCsv('a,b\r\n"x, y","say ""hi"""\r\n\r\n1,2'), [
    ['a', 'b'],
    ['x, y', 'say "hi"'],
    ['1', '2'],
  ]);
});

test('stops after maxRows records and round-trips cells through csvCell', () => {
  assert.deepEqual(parseCsv('h\n1\n2\n3\n', 2), [['h'], ['1']]);
  const cells = ['plain', 'a,b', 'q"q', 'line\nbreak'];
  assert.deepEqual(parseCsv(cells.map(csvCell).join(',')), [cells]);
});
