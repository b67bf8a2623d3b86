/** IssueLog.absorb: another log's problems land as if added here, counts beyond either cap kept. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IssueLog } from './issues.js';

test('absorb equals adding the same problems directly, past the cap too', () => {
  for (const [cap, before, after] of [
    [10, 0, 5],
    [10, 3, 20],
    [10, 12, 4],
    [1000, 2, 3],
  ]) {
    const direct = new IssueLog(cap);
    const target = new IssueLog(cap);
    const other = new IssueLog(cap);
    for (let i = 0; i < before; i++) {
      direct.add(i + 1, 'Clicks', i, 'non-negative-integer');
      target.add(i + 1, 'Clicks', i, 'non-negative-integer');
    }
    for (let i = 0; i < after; i++) {
      const rule = i % 2 ? 'unique-ad-id' : 'numeric';
      direct.add(100 + i, 'ad_id', 'x', rule, `m${i}`);
      other.add(100 + i, 'ad_id', 'x', rule, `m${i}`);
    }
    target.absorb(other);
    assert.deepEqual(target.issues, direct.issues, `cap ${cap}, ${before} + ${after}`);
    assert.deepEqual(target.counts, direct.counts);
    assert.equal(target.truncated, direct.truncated);
  }
});
