/**
 * The quick scan (native byte searches, DuckDB checks field counts) against the full JS scan: on
 * every input, plain or broken, `loadAds` must give the same frame, report and error (message and
 * row) either way. A `maxLineBytes` below the 1 MiB chunk turns the quick scan off, so the same
 * call exercises the existing path.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConvoptError } from '../../core/errors.js';
import { BUNDLED_DATA_PATH, loadAds, type LoadResult } from '../load.js';
import { quickScanCsv, scanCsv } from './csv-scan.js';

const tmp = mkdtempSync(join(tmpdir(), 'convopt-quick-'));
const fixtures = new URL('../../../test/fixtures/bad-input/', import.meta.url).pathname;
const bundledLines = readFileSync(BUNDLED_DATA_PATH, 'utf8').trimEnd().split('\n');
const FULL_SCAN_ONLY = (1 << 20) - 1;

function file(name: string, content: string): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

type Outcome = { ok: true; hash: string; report: Omit<LoadResult['report'], 'durationMs'> } | { ok: false; code: string; message: string; row: number | undefined };

async function outcome(path: string, maxLineBytes?: number): Promise<Outcome> {
  try {
    const { report } = await loadAds({ data: path, onInvalid: 'drop', ...(maxLineBytes ? { maxLineBytes } : {}) });
    const { durationMs: _, ...rest } = report;
    return { ok: true, hash: report.dataHash, report: rest };
  } catch (err) {
    assert.ok(err instanceof ConvoptError, String(err));
    return { ok: false, code: err.code, message: err.message, row: err.location.row };
  }
}

const head = bundledLines.slice(0, 6);
function big(tail: (rows: string[]) => string[]): string {
  const rows: string[] = [];
  while (rows.length * 80 < 1.3 * 2 ** 20) rows.push(...bundledLines.slice(1));
  return [bundledLines[0], ...tail(rows)].join('\n') + '\n';
}
const inputs: Record<string, string> = {
  plain: bundledLines.join('\n') + '\n',
  'no-final-newline': bundledLines.join('\n'),
  'blank-lines': [head[0], head[1], '', head[2], '', '', head[3]].join('\n') + '\n',
  'extra-field': [...head.slice(0, 3), head[3] + ',7', ...head.slice(4)].join('\n') + '\n',
  'missing-field': [...head.slice(0, 3), head[3].replace(/,[^,]*$/, ''), ...head.slice(4)].join('\n') + '\n',
  'trailing-delimiter': [...head.slice(0, 3), head[3] + ',', ...head.slice(4)].join('\n') + '\n',
  'trailing-delimiters': [...head.slice(0, 3), head[3] + ',,', ...head.slice(4)].join('\n') + '\n',
  'trailing-delimiter-eof': head.join('\n') + ',',
  'empty-last-field': [...head.slice(0, 3), head[3].replace(/[^,]*$/, ''), ...head.slice(4)].join('\n') + '\n',
  'blank-second-line': [head[0], '', ...head.slice(1)].join('\n') + '\n',
  'spaces-line': [head[0], head[1], '   ', head[2]].join('\n') + '\n',
  'header-only-blank': head[0] + '\n\n\n',
  'text-cell': [...head.slice(0, 2), head[2].replace(/^(\d+),/, '$1x,'), ...head.slice(3)].join('\n') + '\n',
  'semicolons-one-comma-row': [...head.slice(0, 2).map((l) => l.replace(/,/g, ';')), head[2]].join('\n') + '\n',
  'missing-column': head.map((l) => l.split(',').slice(0, 10).join(',')).join('\n') + '\n',
  // Over 1 MiB (the quick scan's chunk), plain at the start, with the oddity only near the end:
  // DuckDB has already read the file by the time it is found, and that read must leave no trace.
  // Rows repeat, so ad_ids repeat too: >10,000 issues, past the log's cap.
  'late-trailing-delimiter': big((rows) => rows.concat([head[1] + ',', head[2]])),
  'late-crlf': big((rows) => rows.concat([head[1] + '\r', head[2]])),
  'late-extra-field': big((rows) => rows.concat([head[1] + ',9', head[2]])),
  'big-plain': big((rows) => rows),
  'missing-column-and-bad-row': [...head.slice(0, 3).map((l) => l.split(',').slice(0, 10).join(',')), head[3]].join('\n') + '\n',
};

describe('quick scan and full scan give the same load', () => {
  const cases: [string, string][] = [
    ...Object.entries(inputs).map(([name, text]) => [name, file(`${name}.csv`, text)] as [string, string]),
    ...readdirSync(fixtures)
      .filter((f) => f.endsWith('.csv'))
      .map((f) => [`fixture ${f}`, join(fixtures, f)] as [string, string]),
  ];
  for (const [name, path] of cases) {
    test(name, async () => {
      assert.deepEqual(await outcome(path), await outcome(path, FULL_SCAN_ONLY));
    });
  }

  test('an over-long line across chunk boundaries goes to the full scan, which names its row', async () => {
    const path = file('long.csv', [head[0], head[1], head[2].replace(/,(\d+)$/, `,${'0'.repeat((1 << 20) + 10)}$1`), head[3]].join('\n') + '\n');
    assert.equal(quickScanCsv(path), undefined);
    const scanError = (): string => {
      try {
        scanCsv(path);
      } catch (err) {
        return (err as Error).message;
      }
      return 'no error';
    };
    assert.match(scanError(), /longer than 1,048,576 bytes/);
    assert.deepEqual(await outcome(path), { ok: false, code: 'INVALID_DATA', message: scanError(), row: 2 });
  });
});

describe('quickScanCsv', () => {
  test('agrees with scanCsv on a plain file', () => {
    const path = file('q-plain.csv', '\uFEFF' + bundledLines.join('\n') + '\n');
    const q = quickScanCsv(path);
    const s = scanCsv(path);
    assert.ok(q);
    assert.deepEqual([q.delimiter, q.header, q.hasBom, q.bytes], [s.delimiter, s.header, s.hasBom, s.bytes]);
  });

  test('leaves everything but the plain case to the full scan', () => {
    const plain = bundledLines.slice(0, 4).join('\n') + '\n';
    for (const [name, text] of Object.entries({
      crlf: plain.replace(/\n/g, '\r\n'),
      quotes: plain.replace(/\n(\d+),/, '\n"$1",'),
      'trailing-delimiter': plain.replace(/\n$/, ',\n'),
      'trailing-delimiter-eof': plain.trimEnd() + ',',
      'blank-second-line': plain.replace('\n', '\n\n'),
      'header-only': bundledLines[0] + '\n',
      empty: '',
      'no-delimiter': 'a b\n1 2\n',
      binary: 'a,b\n\u0000\u0001,2\n',
    })) {
      assert.equal(quickScanCsv(file(`q-${name}.csv`, text)), undefined, name);
    }
    assert.equal(quickScanCsv(file('q-small-max.csv', plain), 64), undefined, 'maxLineBytes below the chunk');
    assert.ok(quickScanCsv(file('q-ok.csv', plain)));
  });
});
