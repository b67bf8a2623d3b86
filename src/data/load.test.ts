/**
 * `loadAds` in-process: every format and line ending yields the bundled data (same data hash),
 * header mapping, the drop/quarantine policies, warnings, and a PostgreSQL query.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { BUNDLED_DATA_PATH, detectFormat, loadAds } from './load.js';
import { writeFrame } from './write.js';
import { frameHash } from './frame-hash.js';
import { ConvoptError } from '../core/errors.js';

const tmp = mkdtempSync(join(tmpdir(), 'convopt-load-'));
const fixtures = new URL('../../test/fixtures/bad-input/', import.meta.url).pathname;
const bundledText = readFileSync(BUNDLED_DATA_PATH, 'utf8');
let bundled: ReturnType<typeof loadAds> | undefined;
const expected = async (): Promise<string> => (await (bundled ??= loadAds())).report.dataHash;

test('the bundled CSV loads into the canonical frame', async () => {
  const { frame, report } = await loadAds();
  assert.equal(frame.nRows, 1143);
  assert.deepEqual(frame.names.slice(0, 11), ['ad_id', 'xyz_campaign_id', 'fb_campaign_id', 'age', 'gender', 'interest', 'Impressions', 'Clicks', 'Spent', 'Total_Conversion', 'Approved_Conversion']);
  assert.deepEqual(frame.categorical('age').levels, ['30-34', '35-39', '40-44', '45-49']);
  assert.deepEqual(frame.categorical('gender').levels, ['F', 'M']);
  assert.deepEqual(frame.toRecords(1)[0], { ad_id: 708746, xyz_campaign_id: 916, fb_campaign_id: 103916, age: '30-34', gender: 'M', interest: 15, Impressions: 7350, Clicks: 1, Spent: 1.429999948, Total_Conversion: 2, Approved_Conversion: 1 });
  assert.equal(report.rowsRead, 1143);
  assert.equal(report.rowsDropped, 0);
  assert.equal(report.issues.length, 0);
  assert.match(report.dataHash, /^[0-9a-f]{64}$/);
});

test('the data hash, computed on first read, equals frameHash of the kept frame and is in the JSON report', async () => {
  const { frame, report } = await loadAds();
  const json = JSON.parse(JSON.stringify(report)) as { dataHash: string; durationMs: number };
  assert.equal(json.dataHash, frameHash(frame));
  assert.equal(report.dataHash, json.dataHash);
  assert.deepEqual(Object.keys(json).slice(-2), ['dataHash', 'durationMs']);
  assert.equal({ ...report }.dataHash, json.dataHash);
});

describe('formats and line endings give the bundled data', () => {
  const variants: [string, (s: string) => string][] = [
    ['crlf.csv', (s) => s.replace(/\n/g, '\r\n')],
    ['old-mac.csv', (s) => s.replace(/\n/g, '\r')],
    ['bom-semicolon.csv', (s) => '\uFEFF' + s.replace(/,/g, ';')],
    ['tabs.tsv', (s) => s.replace(/,/g, '\t')],
    ['quoted.csv', (s) => s.replace(/(^|\n)(\d+),/g, '$1"$2",')],
    ['no-final-newline.csv', (s) => s.trimEnd()],
  ];
  for (const [name, transform] of variants) {
    test(name, async () => {
      const path = join(tmp, name);
      writeFileSync(path, transform(bundledText));
      const { report } = await loadAds({ data: path });
      assert.equal(report.rowsKept, 1143);
      assert.equal(report.dataHash, await expected());
    });
  }

  test('XLSX: named sheet, mapped header, extra column kept', async () => {
    const lines = bundledText.trimEnd().split('\n').map((l) => l.split(','));
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Readme').addRow(['exported from Ads Manager']);
    const ws = wb.addWorksheet('Ads');
    ws.addRow([...lines[0].map((h) => (h === 'Spent' ? 'Amount spent (USD)' : h)), 'Notes']);
    lines.slice(1).forEach((row, i) => ws.addRow([...row.map((v, j) => (j === 3 || j === 4 ? v : Number(v))), i === 0 ? 'first' : null]));
    const path = join(tmp, 'ads.xlsx');
    await wb.xlsx.writeFile(path);
    const { frame, report } = await loadAds({ data: path, sheet: 'Ads', columnMapping: { 'Amount spent (USD)': 'Spent' } });
    assert.deepEqual(report.renamed, { 'Amount spent (USD)': 'Spent' });
    assert.equal(frame.names[11], 'Notes');
    assert.equal(frame.value(0, 'Notes'), 'first');
    // Without the extra column, the data is exactly the bundled data.
    assert.equal(frameHash(frame.select(frame.names.slice(0, 11))), await expected());
  });

  test('Parquet written by writeFrame reads back identically', async () => {
    const { frame } = await loadAds();
    const path = join(tmp, 'ads.parquet');
    await writeFrame(frame, path);
    const { report } = await loadAds({ data: path });
    assert.equal(report.format, 'parquet');
    assert.equal(report.dataHash, await expected());
  });

  test('forgiving header match: case, spaces and underscores', async () => {
    const path = join(tmp, 'loose.csv');
    writeFileSync(path, bundledText.replace('Total_Conversion,Approved_Conversion', 'total conversion,APPROVED CONVERSION'));
    const { report } = await loadAds({ data: path });
    assert.deepEqual(report.renamed, { 'total conversion': 'Total_Conversion', 'APPROVED CONVERSION': 'Approved_Conversion' });
    assert.equal(report.dataHash, await expected());
  });

  test('predict purpose: outcome columns may be absent', async () => {
    const path = join(tmp, 'no-outcomes.csv');
    writeFileSync(path, bundledText.split('\n').map((l) => l.split(',').slice(0, 9).join(',')).join('\n'));
    const { frame } = await loadAds({ data: path, purpose: 'predict' });
    assert.equal(frame.has('Approved_Conversion'), false);
    await assert.rejects(loadAds({ data: path }), (e: ConvoptError) => e.code === 'INVALID_DATA' && /Total_Conversion, Approved_Conversion/.test(e.message));
  });
});

describe('invalid-row policies', () => {
  test('quarantine writes rejected rows with row number and reasons', async () => {
    const q = join(tmp, 'rejected.csv');
    const { frame, report } = await loadAds({ data: join(fixtures, 'duplicate-ad-id.csv'), onInvalid: 'quarantine', quarantinePath: q });
    assert.equal(report.rowsRead, 6);
    assert.equal(frame.nRows, 5);
    assert.deepEqual(report.dropReasons, { 'unique-ad-id': 1 });
    const lines = readFileSync(q, 'utf8').trim().split('\n');
    assert.equal(lines[0], '_row,_reasons,ad_id,xyz_campaign_id,fb_campaign_id,age,gender,interest,Impressions,Clicks,Spent,Total_Conversion,Approved_Conversion');
    assert.equal(lines[1], '6,ad_id: ad_id 708749 already used by row 2 [unique-ad-id],708749,916,103917,30-34,M,16,17861,2,1.820000023,2,1');
  });

  test('drop counts every rule a row breaks', async () => {
    const path = join(tmp, 'two-rules.csv');
    writeFileSync(path, readFileSync(join(fixtures, 'negative-counts.csv'), 'utf8').replace(',17861,-2,1.820000023,2,0', ',17861,-2,1.820000023,2,5'));
    const { report } = await loadAds({ data: path, onInvalid: 'drop' });
    assert.equal(report.rowsDropped, 1);
    assert.deepEqual(report.dropReasons, { 'non-negative-integer': 1, 'approved-le-total': 1 });
  });

  test('fail carries the problems as details', async () => {
    await assert.rejects(loadAds({ data: join(fixtures, 'text-in-numeric.csv') }), (e: ConvoptError) => {
      assert.equal(e.code, 'INVALID_DATA');
      assert.deepEqual(e.details, [{ row: 3, column: 'Clicks', value: 'abc', rule: 'numeric', message: 'value "abc" is not a number', severity: 'error' }]);
      return true;
    });
  });

  test('unknown categories are warnings: rows kept, issues reported', async () => {
    const { report } = await loadAds({ data: join(fixtures, 'unknown-category.csv') });
    assert.equal(report.rowsKept, 5);
    assert.deepEqual(report.issues.map((i) => [i.row, i.column, i.value, i.rule, i.severity]), [
      [1, 'age', '50-54', 'unknown-category', 'warning'],
      [1, 'gender', 'X', 'unknown-category', 'warning'],
    ]);
  });

  test('missing values reject rows unless deferred to cleaning', async () => {
    const path = join(tmp, 'missing.csv');
    writeFileSync(path, bundledText.replace('708749,916,103917,30-34,M,16,17861,2,1.820000023', '708749,916,103917,30-34,,16,17861,2,'));
    const { report } = await loadAds({ data: path, onInvalid: 'drop' });
    assert.deepEqual(report.dropReasons, { 'required-value': 1 });
    const deferred = await loadAds({ data: path, deferRules: ['required-value'] });
    assert.equal(deferred.report.rowsKept, 1143);
    assert.equal(deferred.frame.value(1, 'Spent'), null);
  });
});

test('detectFormat routes by scheme and extension', () => {
  assert.equal(detectFormat('postgres://x/y'), 'postgres');
  assert.equal(detectFormat('a.XLSX'), 'xlsx');
  assert.equal(detectFormat('a.parquet'), 'parquet');
  assert.equal(detectFormat('a.tsv'), 'csv');
  assert.throws(() => detectFormat('old.xls'), (e: ConvoptError) => e.code === 'UNSUPPORTED_FORMAT');
});

test('PostgreSQL query gives the bundled data', async () => {
  const url = process.env.CONVOPT_TEST_PG_URL;
  assert.ok(url, 'CONVOPT_TEST_PG_URL is not set: run `source .ci/postgres.sh` first (CI always sets it).');
  const table = `convopt_data_load_${process.pid}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `create table ${table} (ad_id bigint, xyz_campaign_id integer, fb_campaign_id integer, age text, gender text, interest integer, "Impressions" bigint, "Clicks" integer, "Spent" double precision, "Total_Conversion" integer, "Approved_Conversion" integer)`,
    );
    const rows = bundledText.trimEnd().split('\n').slice(1).map((l) => l.split(','));
    const values = rows.map((_, i) => `(${Array.from({ length: 11 }, (__, j) => `$${i * 11 + j + 1}`).join(',')})`).join(',');
    await client.query(`insert into ${table} values ${values}`, rows.flat());
    // Bundled ad_ids ascend, so `order by ad_id` reproduces the file order.
    const { report } = await loadAds({ data: url, query: `select * from ${table} order by ad_id` });
    assert.equal(report.format, 'postgres');
    assert.equal(report.rowsKept, 1143);
    assert.equal(report.dataHash, await expected());
    await assert.rejects(loadAds({ data: url, query: `select nope from ${table}` }), (e: ConvoptError) => e.code === 'INVALID_ARGUMENT' && /column "nope" does not exist/.test(e.message));
  } finally {
    await client.query(`drop table if exists ${table}`);
    await client.end();
  }
});
