/**
 * The CSV pre-scan: delimiter sniffing, line endings, BOM, and the refusals (field counts, long
 * lines, open quotes, binary) with their row numbers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasDelimiterBeforeLf, scanCsv, sniffDelimiter, splitHeader } from './csv-scan.js';
import { ConvoptError } from '../../core/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'convopt-scan-'));
function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

test('sniffs delimiters and splits quoted headers', () => {
  assert.equal(sniffDelimiter('a;b;c'), ';');
  assert.equal(sniffDelimiter('a\tb'), '\t');
  assert.equal(sniffDelimiter('"x,y";b;c'), ';');
  assert.equal(sniffDelimiter('abc'), undefined);
  assert.deepEqual(splitHeader('"Amount spent (USD)", "a ""b""" ,c', ','), ['Amount spent (USD)', 'a "b"', 'c']);
});

test('line endings, BOM and record counts', () => {
  assert.deepEqual(scanCsv(file('lf.csv', 'a,b\n1,2\n\n3,4\n')), { delimiter: ',', header: ['a', 'b'], hasBom: false, lineEnding: 'lf', records: 2, bytes: 13 });
  assert.equal(scanCsv(file('crlf.csv', 'a,b\r\n1,2\r\n')).lineEnding, 'crlf');
  const cr = scanCsv(file('cr.csv', '\uFEFFa;b\r1;2\r3;4'));
  assert.equal(cr.lineEnding, 'cr');
  assert.equal(cr.hasBom, true);
  assert.deepEqual(cr.header, ['a', 'b']);
  assert.equal(cr.records, 2);
  // A newline inside quotes does not end the record.
  assert.equal(scanCsv(file('q.csv', 'a,b\n"x\ny",2\n')).records, 1);
});

function refuses(path: string, pattern: RegExp, row?: number): void {
  assert.throws(() => scanCsv(path, 64), (e: ConvoptError) => {
    assert.match(e.message, pattern);
    assert.equal(e.location.row, row);
    return true;
  });
}

test('refusals name the row', () => {
  refuses(file('fields.csv', 'a,b\n1,2\n1,2,3\n'), /Row has 3 fields but the header has 2/, 2);
  refuses(file('long.csv', `a,b\n1,2\n1,${'9'.repeat(100)}\n`), /longer than 64 bytes/, 2);
  refuses(file('open.csv', 'a,b\n1,2\n"3,4\n5,6\n'), /never closed/, 2);
  refuses(file('empty.csv', ''), /empty/);
  refuses(file('bin.csv', new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 1, 2])), /not text/);
  refuses(file('one.csv', 'a b c\n1 2 3\n'), /no known delimiter/);
});

test('hasDelimiterBeforeLf equals a plain search for "<delimiter>\\n" at any alignment, and leaves the bytes as they were', () => {
  let seed = 7;
  const rand = (k: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % k;
  for (const d of [',', ';', '\t', '|']) {
    const alphabet = [d.charCodeAt(0), 0x0a, 0x31, 0x2c];
    for (let r = 0; r < 4000; r++) {
      const n = 1 + rand(24);
      const buf = Buffer.alloc(n);
      for (let i = 0; i < n; i++) buf[i] = alphabet[rand(alphabet.length)];
      const from = rand(n);
      const to = from + rand(n - from + 1);
      const before = Buffer.from(buf);
      const want = buf.subarray(from, to).indexOf(Buffer.from([d.charCodeAt(0), 0x0a])) >= 0;
      assert.equal(hasDelimiterBeforeLf(buf, from, to, d.charCodeAt(0)), want, `${JSON.stringify(buf.toString('latin1'))} [${from}, ${to})`);
      assert.ok(buf.equals(before));
    }
  }
});
