/**
 * Segment KPIs and their chi-square tests on a tiny hand-computed table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameFromArrays } from '../data/frame.js';
import { ConvoptError } from '../core/errors.js';
import { segmentBreakdown } from './segments.js';
import { chiSquareIndependence } from './chi-square.js';

const ads = frameFromArrays({
  age: ['30-34', '30-34', '35-39', null],
  interest: [10, 10, 16, 10],
  Impressions: [1000, 3000, 2000, 500],
  Clicks: [10, 30, 40, 5],
  Spent: [5, 15, 40, 1],
  Total_Conversion: [2, 2, 8, 0],
  Approved_Conversion: [1, 0, 2, 0],
});

test('KPIs are ratios of segment totals; missing keys are counted and left out', () => {
  const b = segmentBreakdown(ads, 'age');
  assert.equal(b.missingRows, 1);
  assert.deepEqual(
    b.segments.map((s) => s.segment),
    ['30-34', '35-39'],
  );
  const young = b.segments[0];
  assert.deepEqual([young.ads, young.impressions, young.clicks, young.spend, young.conversions, young.approved], [2, 4000, 40, 20, 4, 1]);
  assert.equal(young.ctr, 40 / 4000);
  assert.equal(young.cpc, 20 / 40);
  assert.equal(young.cpm, (1000 * 20) / 4000);
  assert.equal(young.conversionRate, 4 / 40);
  assert.equal(young.approvalRate, 1 / 4);
  assert.equal(young.costPerApproved, 20);
});

test('numeric grouping columns become ascending string segments', () => {
  const b = segmentBreakdown(ads, 'interest');
  assert.deepEqual(
    b.segments.map((s) => [s.segment, s.ads]),
    [
      ['10', 3],
      ['16', 1],
    ],
  );
  assert.equal(b.missingRows, 0);
});

test('conversion test compares converting and non-converting clicks per segment', () => {
  const b = segmentBreakdown(ads, 'age');
  const expected = chiSquareIndependence([
    [4, 36],
    [8, 32],
  ])!;
  assert.ok(b.conversionTest);
  assert.equal(b.conversionTest.statistic, expected.statistic);
  assert.equal(b.conversionTest.pValue, expected.pValue);
  assert.equal(b.conversionTest.dof, 1);
  assert.match(b.conversionTest.basis, /clicks/);
  const approval = chiSquareIndependence([
    [1, 3],
    [2, 6],
  ])!;
  assert.equal(b.approvalTest!.statistic, approval.statistic);
});

test('a zero denominator gives null ratios, and conversions above clicks switch the test to impressions', () => {
  const f = frameFromArrays({
    gender: ['M', 'F'],
    Impressions: [100, 200],
    Clicks: [0, 10],
    Spent: [0, 3],
    Total_Conversion: [2, 1],
    Approved_Conversion: [0, 1],
  });
  const b = segmentBreakdown(f, 'gender');
  const m = b.segments.find((s) => s.segment === 'M')!;
  assert.equal(m.cpc, null);
  assert.equal(m.conversionRate, null);
  assert.equal(m.costPerApproved, null);
  assert.match(b.conversionTest!.basis, /impressions/);
  assert.ok(b.conversionTest!.note);
});

test('a single segment cannot be tested; a missing KPI column is a typed error naming it', () => {
  const one = segmentBreakdown(ads.filter([1, 1, 0, 0]), 'age');
  assert.equal(one.conversionTest, null);
  assert.throws(
    () => segmentBreakdown(frameFromArrays({ age: ['a'], Clicks: [1] }), 'age'),
    (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_DATA' && e.location.column === 'Impressions' && /--map/.test(e.hint ?? ''),
  );
});
