/**
 * End-to-end tests of `convopt validate` and `convopt clean` through the real CLI process: every
 * bad input in test/fixtures/bad-input (plus big/binary ones generated here) must give a
 * one-paragraph error naming file/row/column/reason and a non-zero exit, never a stack trace. Format
 * and policy details are tested in-process in src/data/load.test.ts (each CLI spawn costs ~2 s).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { runCli } from '../helpers/cli.js';
import ExcelJS from 'exceljs';

const root = new URL('../../', import.meta.url).pathname;
const fixtures = join(root, 'test/fixtures/bad-input');
const bundled = join(root, 'data/KAG_conversion_data.csv');
const tmp = mkdtempSync(join(tmpdir(), 'convopt-cli-data-'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return cliWith([], ...args);
}

function cliWith(nodeFlags: readonly string[], ...args: string[]): Promise<Run> {
  return runCli(args, { CONVOPT_HOME: join(tmp, 'home') }, { nodeFlags });
}

/** A user error: non-zero exit, a message, and no stack trace. */
function assertUserError(r: Run, exit: number, ...needles: (string | RegExp)[]): void {
  assert.equal(r.code, exit, `exit code (stderr: ${r.stderr})`);
  assert.match(r.stderr, /^convopt: /);
  assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
  for (const n of needles) assert.match(r.stderr, typeof n === 'string' ? new RegExp(n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : n);
}

const bundledText = readFileSync(bundled, 'utf8');

describe('convopt validate: bad input', { concurrency: 4 }, () => {
  const cases: [string, number, ...string[]][] = [
    ['empty.csv', 65, 'empty.csv', 'The file is empty'],
    ['header-only.csv', 65, 'header-only.csv', 'no data rows'],
    ['missing-column.csv', 65, 'column "Spent"', 'Required column missing: Spent', 'column mapping'],
    ['text-in-numeric.csv', 65, 'row 3', 'column "Clicks"', 'value "abc"', '[numeric]'],
    ['negative-counts.csv', 65, 'row 2', 'column "Clicks"', 'value -2', '[non-negative-integer]'],
    ['clicks-gt-impressions.csv', 65, 'row 4', 'Clicks (9) exceed Impressions (5)', '[clicks-le-impressions]'],
    ['duplicate-ad-id.csv', 65, 'row 6', 'column "ad_id"', 'already used by row 2', '[unique-ad-id]'],
    ['unknown-delimiter.csv', 65, 'unknown-delimiter.csv', 'no known delimiter'],
    ['truncated-quote.csv', 65, 'truncated-quote.csv, row 3', 'never closed'],
  ];
  for (const [file, exit, ...needles] of cases) {
    test(file, async () => assertUserError(await cli('validate', '--data', join(fixtures, file)), exit, ...needles));
  }

  test('a 200 MB line is refused with its row number, inside a 96 MB heap', async () => {
    const path = join(tmp, 'long-line.csv');
    const out = createWriteStream(path);
    out.write(bundledText.split('\n').slice(0, 3).join('\n') + '\n708999,916,');
    const block = Buffer.alloc(1 << 20, 0x37); // '7'
    for (let i = 0; i < 200; i++) if (!out.write(block)) await once(out, 'drain');
    out.end(',1,2\n');
    await once(out, 'finish');
    // A 96 MB heap cannot hold the 200 MB line as a string: passing proves it is streamed, not read whole.
    const r = await cliWith(['--max-old-space-size=96'], 'validate', '--data', path);
    assertUserError(r, 65, 'long-line.csv, row 3', 'longer than 1,048,576 bytes');
  });

  test('binary garbage', async () => {
    const path = join(tmp, 'garbage.csv');
    const bytes = new Uint8Array(4096);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24; // deterministic noise
    writeFileSync(path, bytes);
    assertUserError(await cli('validate', '--data', path), 65, 'garbage.csv', 'not text');
  });

  test('wrong sheet name lists the sheets', async () => {
    const path = join(tmp, 'sheets.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Ads').addRow(['ad_id']);
    wb.addWorksheet('Notes');
    await wb.xlsx.writeFile(path);
    assertUserError(await cli('validate', '--data', path, '--sheet', 'Campaigns'), 66, 'no sheet named "Campaigns"', '"Ads", "Notes"');
  });

  test('unreachable PostgreSQL', async () => {
    const r = await cli('validate', '--data', 'postgres://convopt:secret@127.0.0.1:1/ads', '--query', 'select 1');
    assertUserError(r, 69, 'Cannot connect to PostgreSQL', '127.0.0.1:1');
    assert.doesNotMatch(r.stderr, /secret/, 'password is not printed');
  });

  test('fail policy lists the first problems and counts the rest', async () => {
    const lines = bundledText.trimEnd().split('\n');
    const bad = lines.map((l, i) => (i > 0 && i <= 12 ? l.replace(/,(\d+),(\d+)$/, ',$1,999') : l)); // Approved > Total
    const path = join(tmp, 'many-bad.csv');
    writeFileSync(path, bad.join('\n'));
    const r = await cli('validate', '--data', path);
    assertUserError(r, 65, '12 of 1,143 rows', 'row 1,', 'and 7 more problems', '[approved-le-total]');
  });
});

describe('convopt validate/clean: policies', { concurrency: 4 }, () => {
  test('drop prints what was dropped and why', async () => {
    const r = await cli('validate', '--data', join(fixtures, 'text-in-numeric.csv'), '--on-invalid', 'drop');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Read 5 rows .* kept 4, dropped 1/);
    assert.match(r.stdout, /numeric\s+1\s+value is not a number/);
  });

  test('clean resolves duplicate ad_ids and missing values instead of rejecting rows', async () => {
    const path = join(tmp, 'dirty.csv');
    const lines = readFileSync(join(fixtures, 'duplicate-ad-id.csv'), 'utf8').trimEnd().split('\n');
    lines.push(lines[1]); // an exact copy of row 1
    lines[2] = lines[2].replace(/,1\.820000023,/, ',,'); // row 2: Spent missing
    writeFileSync(path, lines.join('\n'));
    const out = join(tmp, 'dirty-clean.csv');
    const r = await cli('clean', '--data', path, '--output', out, '--missing', 'Spent=zero', '--json');
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.clean.exactDuplicates, 1);
    assert.equal(s.clean.conflictingAdIds, 1);
    assert.deepEqual(s.clean.missing, [{ column: 'Spent', policy: 'zero', count: 1, fill: 0 }]);
    const written = readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(written.length, 1 + 5);
  });

});

test('a reader that closes the pipe early (| head) ends the command quietly: status 141 as on SIGPIPE, no EPIPE trace', async () => {
  // ~290 KB of JSON: far more than a pipe buffer, so the CLI is still writing when the pipe closes.
  const r = await runCli(['optimize', '--budget', '50000', '--bootstrap', '0', '--json'], { CONVOPT_HOME: join(tmp, 'home') }, { closeStdoutEarly: true });
  assert.equal(r.code, 141, r.stderr);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /^\{/);
});
