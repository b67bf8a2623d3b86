/**
 * Pearson's chi-square test of independence on an r × c contingency table of counts (scipy's
 * `chi2_contingency` without Yates' correction), and the chi-square survival function it needs.
 * Used by the EDA report to ask "do conversion rates differ between segments?".
 */
import { regularizedGammaQ } from './gamma.js';

/** P(X > x) for X ~ χ²(dof): Q(dof/2, x/2). */
export function chiSquareSf(x: number, dof: number): number {
  if (!(dof > 0)) throw new RangeError(`chi-square needs dof > 0; got ${dof}.`);
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  return regularizedGammaQ(dof / 2, x / 2);
}

export interface ChiSquareResult {
  readonly statistic: number;
  readonly dof: number;
  readonly pValue: number;
  /** Expected counts under independence, same shape as the table (rows/columns with zero total dropped). */
  readonly expected: readonly (readonly number[])[];
  /** Share of expected counts below 5: above 0.2 the chi-square approximation is doubtful (Cochran). */
  readonly smallExpectedShare: number;
}

/**
 * Chi-square test of independence. `table[i][j]` are non-negative counts. Rows or columns whose
 * total is zero carry no information and are dropped first (scipy would fail on them instead).
 * Returns null when fewer than two rows or two columns remain, where the test is undefined.
 */
export function chiSquareIndependence(table: readonly (readonly number[])[]): ChiSquareResult | null {
  for (let i = 0; i < table.length; i++) {
    for (let j = 0; j < table[i].length; j++) {
      const v = table[i][j];
      if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`contingency table cell [${i}][${j}] must be a non-negative count; got ${v}.`);
    }
  }
  const nCols0 = table.length ? table[0].length : 0;
  const colTotals0 = new Float64Array(nCols0);
  for (const row of table) {
    if (row.length !== nCols0) throw new RangeError('contingency table rows must all have the same length.');
    row.forEach((v, j) => (colTotals0[j] += v));
  }
  const keepCols = [...colTotals0.keys()].filter((j) => colTotals0[j] > 0);
  const rows = table.map((r) => keepCols.map((j) => r[j])).filter((r) => r.reduce((s, v) => s + v, 0) > 0);
  if (rows.length < 2 || keepCols.length < 2) return null;
  const rowTotals = rows.map((r) => r.reduce((s, v) => s + v, 0));
  const colTotals = keepCols.map((_, j) => rows.reduce((s, r) => s + r[j], 0));
  const total = rowTotals.reduce((s, v) => s + v, 0);
  let statistic = 0;
  let small = 0;
  const expected = rows.map((r, i) =>
    r.map((obs, j) => {
      const e = (rowTotals[i] * colTotals[j]) / total;
      statistic += ((obs - e) * (obs - e)) / e;
      if (e < 5) small++;
      return e;
    }),
  );
  const dof = (rows.length - 1) * (keepCols.length - 1);
  return { statistic, dof, pValue: chiSquareSf(statistic, dof), expected, smallExpectedShare: small / (rows.length * keepCols.length) };
}
