import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatNumber, renderTable } from './table.js';

test('tables right-align number columns, show missing cells as –, and cut long text when asked', () => {
  const rows = [
    ['Ridge', 0.72591],
    ['LinearRegression,Ridge,GradientBoostingRegressor', null],
  ];
  assert.equal(renderTable(['MODEL', 'R2'], rows, { alignRight: [1], maxCellWidth: 12 }), ['MODEL             R2', '────────────  ──────', 'Ridge         0.7259', 'LinearRegre…       –'].join('\n'));
  assert.match(renderTable(['MODEL'], [[rows[1]![0]]]), /LinearRegression,Ridge,GradientBoostingRegressor$/);
  assert.equal(formatNumber(1234567), '1,234,567');
});
