/**
 * validateFrame's rule scans (helpers that skip clean rows) against a plain per-row reference of
 * the same rules: same issues, same reasons, on random frames full of NaN, negatives, fractions,
 * infinities, -0, unknown and missing categories.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../core/rng.js';
import { Frame, type Series } from './frame.js';
import { IssueLog, type Rule } from './issues.js';
import { RULE_BITS, validateFrame } from './validate.js';
import { COUNT_COLUMNS, ID_COLUMNS, KNOWN_AGES, KNOWN_GENDERS, NUMERIC_COLUMNS } from './schema.js';

function reference(frame: Frame, log: IssueLog): Uint16Array {
  const n = frame.nRows;
  const reasons = new Uint16Array(n);
  const flag = (i: number, column: string, value: string | number | null, rule: Rule, message?: string): void => {
    log.add(i + 1, column, value, rule, message);
    reasons[i] |= RULE_BITS[rule];
  };
  for (const name of frame.names) {
    if (!(NUMERIC_COLUMNS as readonly string[]).includes(name)) continue;
    const v = frame.numeric(name);
    const isCount = (COUNT_COLUMNS as readonly string[]).includes(name);
    const isId = (ID_COLUMNS as readonly string[]).includes(name);
    for (let i = 0; i < n; i++) {
      const x = v[i];
      if (Number.isNaN(x)) flag(i, name, null, 'required-value', 'required value is missing');
      else if (isCount) {
        if (x < 0 || !Number.isInteger(x)) flag(i, name, x, 'non-negative-integer', `${name} must be a non-negative integer; got ${x}`);
      } else if (isId) {
        if (!Number.isInteger(x)) flag(i, name, x, 'integer', `${name} must be an integer; got ${x}`);
      } else if (name === 'Spent' && x < 0) flag(i, name, x, 'non-negative', `Spent must be ≥ 0; got ${x}`);
    }
  }
  const c = frame.numeric('Clicks');
  const imp = frame.numeric('Impressions');
  for (let i = 0; i < n; i++) if (c[i] > imp[i]) flag(i, 'Clicks', c[i], 'clicks-le-impressions', `Clicks (${c[i]}) exceed Impressions (${imp[i]})`);
  const a = frame.numeric('Approved_Conversion');
  const t = frame.numeric('Total_Conversion');
  for (let i = 0; i < n; i++) if (a[i] > t[i]) flag(i, 'Approved_Conversion', a[i], 'approved-le-total', `Approved_Conversion (${a[i]}) exceeds Total_Conversion (${t[i]})`);
  for (const [name, known] of [
    ['age', KNOWN_AGES],
    ['gender', KNOWN_GENDERS],
  ] as const) {
    const s = frame.categorical(name);
    for (let i = 0; i < n; i++) {
      const code = s.codes[i];
      if (code < 0) flag(i, name, null, 'required-value');
      else if (!(known as readonly string[]).includes(s.levels[code])) log.add(i + 1, name, s.levels[code], 'unknown-category', `${name} "${s.levels[code]}" is not one of ${known.join(', ')}`);
    }
  }
  return reasons;
}

test('rule scans flag exactly what a per-row check flags', () => {
  const rng = new Rng(11);
  const odd = [NaN, -1, -0, 0.5, 2.25, Infinity, -Infinity, 1e300];
  for (let round = 0; round < 5; round++) {
    const n = 3000;
    const cols = new Map<string, Series>();
    // ad_id strictly increasing, so the duplicate rule (unchanged, map-based) stays out of the way.
    for (const name of NUMERIC_COLUMNS) {
      const v = Float64Array.from({ length: n }, (_, i) => (name === 'ad_id' ? i + 1 : rng.int(1000)));
      if (name !== 'ad_id') for (let k = 0; k < 40; k++) v[rng.int(n)] = odd[rng.int(odd.length)];
      cols.set(name, { kind: 'numeric', values: v });
    }
    for (const [name, levels] of [
      ['age', ['30-34', '35-39', '65+']],
      ['gender', ['F', 'M', 'X']],
    ] as const) {
      cols.set(name, { kind: 'categorical', codes: Int32Array.from({ length: n }, () => rng.int(levels.length + 1) - 1), levels });
    }
    const frame = new Frame(cols);
    const want = new IssueLog(1e9);
    const reasons = reference(frame, want);
    const got = new IssueLog(1e9);
    const result = validateFrame(frame, got, { purpose: 'train' });
    const order = (log: IssueLog) => [...log.issues].sort((x, y) => x.row - y.row || x.column.localeCompare(y.column) || x.rule.localeCompare(y.rule));
    assert.deepEqual(order(got), order(want));
    assert.deepEqual(result.reasons, reasons);
    assert.equal(result.invalidRows, reasons.filter((r) => r !== 0).length);
  }
});
