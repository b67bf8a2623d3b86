/**
 * DuckDB's typed read (numeric columns parsed as DOUBLE by the CSV reader, passed through without
 * SQL coalesce/trim, NULLs and odd category cells resolved in JavaScript) must give exactly what
 * the all-text path gives: same frame (hash), same parse failures, same issues.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConvoptError } from '../../core/errors.js';
import { sqlString } from '../duck.js';
import { frameHash } from '../frame-hash.js';
import { categoricalFrom } from '../frame.js';
import { IssueLog } from '../issues.js';
import { readRelation, type RelationRead } from './duckdb-read.js';

const tmp = mkdtempSync(join(tmpdir(), 'convopt-duckread-'));
const header = ['ad_id', 'xyz_campaign_id', 'fb_campaign_id', 'age', 'gender', 'interest', 'Impressions', 'Clicks', 'Spent', 'Total_Conversion', 'Approved_Conversion', 'note'];

function relation(path: string, numeric: ReadonlySet<string>): string {
  const cols = header.map((h) => `${sqlString(h)}: '${numeric.has(h) ? 'DOUBLE' : 'VARCHAR'}'`).join(', ');
  return `read_csv(${sqlString(path)}, delim=',', header=true, quote='"', escape='"', auto_detect=false, columns={${cols}}, null_padding=false)`;
}

async function read(path: string, typed: boolean, rowsHint?: number): Promise<{ r: RelationRead; log: IssueLog }> {
  const log = new IssueLog();
  const r = await readRelation(
    {
      relation: relation(path, new Set()),
      file: path,
      purpose: 'train',
      ...(rowsHint !== undefined ? { rowsHint } : {}),
      ...(typed ? { typedRelation: (numeric: ReadonlySet<string>) => relation(path, numeric) } : {}),
      explainError: (err) => new ConvoptError('INVALID_DATA', String(err)),
    },
    log,
  );
  return { r, log };
}

test('typed read equals the text read: NULL numbers, padded/blank/unknown categories, extra column', async () => {
  // Over 2,048 rows so several DuckDB chunks (and their validity masks) are involved.
  const lines = [header.join(',')];
  const ages = ['30-34', ' 35-39', '40-44 ', '', '  ', '65+', ' 65+ ', '45-49', '"30-34"', '""'];
  const genders = ['M', 'F', ' F', '', 'X', 'M ', '" "'];
  for (let i = 0; i < 5000; i++) {
    const clicks = i % 97 === 0 ? '' : String(i % 50);
    const spent = i % 131 === 0 ? '' : (i / 7).toFixed(2);
    const note = i % 3 === 0 ? '' : `n${i % 5}`;
    lines.push([1000 + i, 916, 103916, ages[i % ages.length], genders[i % genders.length], 15, 1000 + i, clicks, spent, 2, 1, note].join(','));
  }
  const path = join(tmp, 'odd.csv');
  writeFileSync(path, lines.join('\n') + '\n');
  const typed = await read(path, true);
  const text = await read(path, false);
  assert.equal(typed.r.frame.nRows, 5000);
  assert.equal(frameHash(typed.r.frame), frameHash(text.r.frame));
  assert.deepEqual(typed.r.frame.categorical('age').levels, ['30-34', '35-39', '40-44', '45-49', '65+']);
  assert.deepEqual(typed.r.frame.categorical('gender').levels, ['F', 'M', 'X']);
  assert.ok(Number.isNaN(typed.r.frame.numeric('Clicks')[0]));
  assert.deepEqual([...typed.r.parseFailures.keys()], [...text.r.parseFailures.keys()]);
  assert.deepEqual(typed.log.issues, text.log.issues);
});

test('a clean file stays on the typed read (several chunks, NULL numbers) and equals the text read', async () => {
  const lines = [header.join(',')];
  const ages = ['30-34', '35-39', '40-44', '45-49', ''];
  for (let i = 0; i < 7000; i++) {
    const clicks = i % 97 === 0 ? '' : String(i % 50);
    const spent = i % 131 === 0 ? '' : (i / 7).toFixed(2);
    lines.push([1000 + i, 916, 103916, ages[i % ages.length], i % 3 === 0 ? 'F' : 'M', 15, 1000 + i, clicks, spent, 2, 1, i % 3 === 0 ? '' : `n${i % 5}`].join(','));
  }
  const path = join(tmp, 'clean.csv');
  writeFileSync(path, lines.join('\n') + '\n');
  const typed = await read(path, true);
  const text = await read(path, false);
  assert.equal(typed.r.via, 'typed');
  assert.equal(text.r.via, 'text');
  assert.equal(frameHash(typed.r.frame), frameHash(text.r.frame));
  assert.deepEqual(typed.r.frame.categorical('age'), text.r.frame.categorical('age'));
  assert.ok(Number.isNaN(typed.r.frame.numeric('Clicks')[97]));
  assert.equal(typed.r.frame.numeric('Clicks')[98], 98 % 50);
  assert.deepEqual(typed.log.issues, text.log.issues);
});

test('the row hint only sizes the arrays: too small (they grow), exact, slightly over (a view), far over (a copy)', async () => {
  const path = join(tmp, 'clean.csv'); // written by the test above: 7,000 rows
  const exact = await read(path, true, 7000);
  assert.equal(exact.r.frame.numeric('Clicks').buffer.byteLength, 7000 * 8);
  for (const hint of [1, 100, 7100, 70_000]) {
    const { r } = await read(path, true, hint);
    assert.equal(r.frame.nRows, 7000);
    assert.equal(frameHash(r.frame), frameHash(exact.r.frame));
    assert.deepEqual(r.frame.categorical('gender'), exact.r.frame.categorical('gender'));
    assert.ok(r.frame.numeric('Clicks').buffer.byteLength <= 7000 * 8 * (1 + 1 / 15));
  }
});

test('a category that is not exactly a known level sends the typed read to the text read', async () => {
  const path = join(tmp, 'padded.csv');
  writeFileSync(path, [header.join(','), '1,916,103916,30-34,M,15,100,3,1.5,2,1,', '2,916,103916,30-34, F,15,100,3,1.5,2,1,'].join('\n') + '\n');
  const typed = await read(path, true);
  assert.equal(typed.r.via, 'text');
  assert.deepEqual(typed.r.frame.categorical('gender').levels, ['F', 'M']);
});

test('text cells in numeric columns fall back to the text read and are each reported', async () => {
  const path = join(tmp, 'bad.csv');
  writeFileSync(path, [header.join(','), '1,916,103916,30-34,M,15,100,abc,1.5,2,1,', '2,916,103916,30-34,M,15,100,3,inf,2,1,'].join('\n') + '\n');
  const typed = await read(path, true);
  const text = await read(path, false);
  assert.equal(frameHash(typed.r.frame), frameHash(text.r.frame));
  assert.deepEqual(
    typed.log.issues.map((i) => [i.row, i.column, i.value]),
    [
      [1, 'Clicks', 'abc'],
      [2, 'Spent', 'inf'],
    ],
  );
  assert.deepEqual(typed.log.issues, text.log.issues);
});

test('an infinity that DuckDB parses as DOUBLE still sends the read to the text path', async () => {
  const path = join(tmp, 'inf.csv');
  writeFileSync(path, [header.join(','), '1,916,103916,30-34,M,15,100,3,1.5,2,1,', '2,916,103916,30-34,M,15,100,3,-inf,2,1,'].join('\n') + '\n');
  const typed = await read(path, true);
  assert.deepEqual(
    typed.log.issues.map((i) => [i.row, i.column, i.value]),
    [[2, 'Spent', '-inf']],
  );
  assert.ok(Number.isNaN(typed.r.frame.numeric('Spent')[1]));
});

test('category codes equal plain dictionary encoding (unused known levels dropped, new levels sorted in)', async () => {
  const genders = ['A', 'M', '', ' A ', 'Z', 'M', 'B'];
  const ages = ['45-49', '', '30-34', '0-9', '45-49', '45-49', ' 30-34'];
  const path = join(tmp, 'codes.csv');
  writeFileSync(path, [header.join(','), ...genders.map((g, i) => `${i + 1},916,103916,${ages[i]},${g},15,100,3,1.5,2,1,`)].join('\n') + '\n');
  for (const typed of [true, false]) {
    const { r } = await read(path, typed);
    const trimmed = (xs: string[]) => xs.map((x) => (x.trim() === '' ? null : x.trim()));
    assert.deepEqual(r.frame.categorical('gender'), categoricalFrom(trimmed(genders)));
    assert.deepEqual(r.frame.categorical('age'), categoricalFrom(trimmed(ages)));
  }
});
