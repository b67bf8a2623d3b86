/**
 * Cleaning a canonical frame, each step reported: duplicate rows (exact copies, and later rows that
 * reuse an ad_id with different values — the first row wins in both cases), missing values (a
 * policy per column: drop the row, zero, median or mode), and IQR outlier flags per numeric column
 * (reported; capping to the fences is optional). Pure: frame in, frame + report out.
 */
import { ConvoptError } from '../core/errors.js';
import { Frame, type Series } from './frame.js';
import { COUNT_COLUMNS, ID_COLUMNS } from './columns.js';
import { strictlyIncreasing } from './validate.js';
import { quantileSorted } from '../core/quantile.js';
import { quantilesInPlace } from '../core/select.js';
import { countingQuantiles, scanColumn, type ColumnScan } from './column-stats.js';

export { safeRatio, type SafeRatioOptions } from './safe-ratio.js';

export type MissingPolicy = 'drop' | 'zero' | 'median' | 'mode';

/** Per-column defaults: identifiers and outcomes cannot be guessed, so those rows are dropped. */
export const DEFAULT_MISSING_POLICY: Readonly<Record<string, MissingPolicy>> = {
  ad_id: 'drop',
  xyz_campaign_id: 'drop',
  fb_campaign_id: 'drop',
  interest: 'mode',
  age: 'mode',
  gender: 'mode',
  Impressions: 'median',
  Clicks: 'median',
  Spent: 'median',
  Total_Conversion: 'drop',
  Approved_Conversion: 'drop',
};

/** Columns whose outliers are flagged by default. */
export const DEFAULT_OUTLIER_COLUMNS = ['Impressions', 'Clicks', 'Spent', 'Total_Conversion', 'Approved_Conversion'] as const;

export interface CleanOptions {
  /** Remove exact duplicate rows and later rows reusing an ad_id (default true). */
  readonly dedupe?: boolean;
  /** Overrides of `DEFAULT_MISSING_POLICY`; other columns default to `drop`. */
  readonly missing?: Readonly<Record<string, MissingPolicy>>;
  /** Columns to flag; default `DEFAULT_OUTLIER_COLUMNS` present in the frame. */
  readonly outlierColumns?: readonly string[];
  /** IQR multiplier for the fences (default 1.5). */
  readonly iqrK?: number;
  /** Clip flagged values to the fences (default false: flag only). */
  readonly capOutliers?: boolean;
}

export interface MissingReport {
  readonly column: string;
  readonly policy: MissingPolicy;
  readonly count: number;
  /** The value filled in (zero/median/mode), absent for `drop`. */
  readonly fill?: number | string;
}

export interface OutlierReport {
  readonly column: string;
  readonly q1: number;
  readonly q3: number;
  readonly lower: number;
  readonly upper: number;
  readonly below: number;
  readonly above: number;
  readonly capped: boolean;
}

export interface CleanReport {
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly exactDuplicates: number;
  /** Later rows with an ad_id seen before but different values. */
  readonly conflictingAdIds: number;
  readonly missingDropped: number;
  readonly missing: readonly MissingReport[];
  readonly outliers: readonly OutlierReport[];
}

export interface CleanResult {
  readonly frame: Frame;
  readonly report: CleanReport;
  /** Per output row, 1 if any flagged column is outside its fences. */
  readonly outlierRows: Uint8Array;
}

function sameRow(frame: Frame, cols: readonly Series[], a: number, b: number): boolean {
  for (const s of cols) {
    if (s.kind === 'numeric') {
      const x = s.values[a];
      const y = s.values[b];
      if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return false;
    } else if (s.codes[a] !== s.codes[b]) return false;
  }
  return frame.nRows > 0;
}

export { quantileSorted };

/** The non-missing values, copied (one pass; a view of the filled prefix). */
function present(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  return out.subarray(0, copyPresent(values, out));
}

/** Copies the non-missing values to the front of `out`; returns how many. */
function copyPresent(values: ArrayLike<number>, out: Float64Array): number {
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x === x) out[k++] = x;
  }
  return k;
}

// The per-cell loops below are small functions on purpose: optimised on the first column and
// reused for the others, instead of each loop of one big function warming up on its own.

function countNaN(v: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < v.length; i++) if (v[i] !== v[i]) c++;
  return c;
}

function countNegative(codes: Int32Array): number {
  let c = 0;
  for (let i = 0; i < codes.length; i++) if (codes[i] < 0) c++;
  return c;
}

/** Marks rows outside [lower, upper] in `rows`, clips them in `capped` if given; tally = [below, above]. */
function flagOutside(v: ArrayLike<number>, lower: number, upper: number, rows: Uint8Array, capped: Float64Array | undefined, tally: Float64Array): void {
  let below = 0;
  let above = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x < lower) {
      below++;
      rows[i] = 1;
      if (capped) capped[i] = lower;
    } else if (x > upper) {
      above++;
      rows[i] = 1;
      if (capped) capped[i] = upper;
    }
  }
  tally[0] = below;
  tally[1] = above;
}

function numericMode(values: Float64Array): number {
  const counts = new Map<number, number>();
  let best = NaN;
  let bestCount = 0;
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    // Ties go to the smaller value, so the result does not depend on row order.
    if (c > bestCount || (c === bestCount && v < best)) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

export function cleanFrame(input: Frame, opts: CleanOptions = {}): CleanResult {
  const k = opts.iqrK ?? 1.5;
  if (!(k > 0)) throw new ConvoptError('INVALID_PARAMETER', `iqrK must be a positive number; got ${k}.`, { path: 'iqrK', value: k, hint: 'Use 1.5 (the usual Tukey fence) or 3 for extreme outliers only.' });
  let frame = input;
  const rowsIn = frame.nRows;

  // 1. Duplicates: the first row with an ad_id wins.
  let exactDuplicates = 0;
  let conflictingAdIds = 0;
  // Exported files are usually sorted by ad_id; then there is nothing to look up.
  if ((opts.dedupe ?? true) && frame.has('ad_id') && !(frame.numericSummary('ad_id')?.increasing ?? strictlyIncreasing(frame.numeric('ad_id')))) {
    const ids = frame.numeric('ad_id');
    const cols = frame.names.map((n) => frame.column(n));
    const first = new Map<number, number>();
    const keep = new Uint8Array(frame.nRows).fill(1);
    for (let i = 0; i < frame.nRows; i++) {
      const id = ids[i];
      if (Number.isNaN(id)) continue;
      const f = first.get(id);
      if (f === undefined) first.set(id, i);
      else {
        keep[i] = 0;
        if (sameRow(frame, cols, f, i)) exactDuplicates++;
        else conflictingAdIds++;
      }
    }
    if (exactDuplicates + conflictingAdIds > 0) frame = frame.filter(keep);
  }

  // 2. Missing values: drops first (so fills are computed on the rows that stay).
  const policies = { ...DEFAULT_MISSING_POLICY, ...(opts.missing ?? {}) };
  for (const [col, p] of Object.entries(opts.missing ?? {})) {
    if (!frame.has(col)) throw new ConvoptError('INVALID_PARAMETER', `Missing-value policy given for "${col}", which is not a column.`, { path: `missing.${col}`, hint: `Columns are: ${frame.names.join(', ')}.` });
    if (!['drop', 'zero', 'median', 'mode'].includes(p)) throw new ConvoptError('INVALID_PARAMETER', `Unknown missing-value policy "${p}" for "${col}".`, { path: `missing.${col}`, value: p, hint: 'Use drop, zero, median or mode.' });
  }
  const isMissing = (s: Series, i: number): boolean => (s.kind === 'numeric' ? Number.isNaN(s.values[i]) : s.codes[i] < 0);
  const missing: MissingReport[] = [];
  const counts = new Map<string, number>();
  const cols = opts.outlierColumns ?? DEFAULT_OUTLIER_COLUMNS.filter((c) => frame.has(c));
  // Columns to flag get their range and integrality in the same pass as the missing count (reused
  // below when no row was dropped or filled, i.e. the column is still the same array).
  const scans = new Map<string, ColumnScan>();
  for (const name of frame.names) {
    const s = frame.column(name);
    let c: number;
    if (s.kind === 'categorical') c = countNegative(s.codes);
    else if (cols.includes(name)) {
      const scan = s.summary ? { ...s.summary, values: s.values } : scanColumn(s.values);
      scans.set(name, scan);
      c = scan.nan;
    } else c = s.summary?.nan ?? countNaN(s.values);
    if (c > 0) counts.set(name, c);
  }
  const dropCols = [...counts.keys()].filter((n) => (policies[n] ?? 'drop') === 'drop');
  let missingDropped = 0;
  if (dropCols.length) {
    const keep = new Uint8Array(frame.nRows).fill(1);
    const series = dropCols.map((n) => frame.column(n));
    for (let i = 0; i < frame.nRows; i++) if (series.some((s) => isMissing(s, i))) keep[i] = 0;
    const before = frame.nRows;
    frame = frame.filter(keep);
    missingDropped = before - frame.nRows;
    for (const n of dropCols) missing.push({ column: n, policy: 'drop', count: counts.get(n)! });
  }
  for (const [name, count] of counts) {
    const policy = policies[name] ?? 'drop';
    if (policy === 'drop') continue;
    const s = frame.column(name);
    if (s.kind === 'numeric') {
      const vals = present(s.values);
      let fill: number;
      if (policy === 'zero') fill = 0;
      else if (policy === 'median') fill = quantilesInPlace(vals, [0.5])[0];
      else fill = numericMode(vals);
      // Counts stay integers: a median of 2.5 clicks is rounded.
      if ((COUNT_COLUMNS as readonly string[]).includes(name) || (ID_COLUMNS as readonly string[]).includes(name)) fill = Math.round(fill);
      const out = Float64Array.from(s.values, (v) => (Number.isNaN(v) ? fill : v));
      frame = frame.withColumn(name, { kind: 'numeric', values: out });
      missing.push({ column: name, policy, count, fill });
    } else {
      if (policy === 'zero' || policy === 'median') {
        throw new ConvoptError('INVALID_PARAMETER', `Column "${name}" is categorical: "${policy}" cannot fill it.`, { path: `missing.${name}`, value: policy, hint: 'Use mode or drop for text columns.' });
      }
      const tally = new Int32Array(s.levels.length);
      for (const c of s.codes) if (c >= 0) tally[c]++;
      let best = 0;
      for (let l = 1; l < tally.length; l++) if (tally[l] > tally[best]) best = l;
      if (s.levels.length === 0) continue;
      const codes = Int32Array.from(s.codes, (c) => (c < 0 ? best : c));
      frame = frame.withColumn(name, { kind: 'categorical', codes, levels: s.levels });
      missing.push({ column: name, policy, count, fill: s.levels[best] });
    }
  }

  // 3. IQR outliers.
  const outliers: OutlierReport[] = [];
  const outlierRows = new Uint8Array(frame.nRows);
  // One scratch buffer for every column's present values (selection reorders it in place).
  let scratch: Float64Array | undefined;
  const tally = new Float64Array(2);
  for (const name of cols) {
    const v = frame.numeric(name);
    const prior = scans.get(name);
    const scan = prior && prior.values === v ? prior : scanColumn(v);
    // Small-range integer columns: a histogram. Others: selection on a copy, not a sort. Both give
    // the same q1/q3 as quantileSorted of the sorted values, in O(n) per column.
    let qs = countingQuantiles(scan, [0.25, 0.75]);
    if (!qs) {
      scratch ??= new Float64Array(frame.nRows);
      let m = v.length;
      if (scan.nan === 0 && v instanceof Float64Array) scratch.set(v);
      else m = copyPresent(v, scratch);
      qs = quantilesInPlace(scratch.subarray(0, m), [0.25, 0.75]);
    }
    const [q1, q3] = qs;
    const lower = q1 - k * (q3 - q1);
    const upper = q3 + k * (q3 - q1);
    const capped = opts.capOutliers ? Float64Array.from(v) : undefined;
    // The range says when no value can be outside the fences: nothing to flag or clip.
    if (scan.min >= lower && scan.max <= upper) tally.fill(0);
    else flagOutside(v, lower, upper, outlierRows, capped, tally);
    const below = tally[0];
    const above = tally[1];
    if (capped) frame = frame.withColumn(name, { kind: 'numeric', values: capped });
    outliers.push({ column: name, q1, q3, lower, upper, below, above, capped: Boolean(capped) });
  }

  return {
    frame,
    outlierRows,
    report: { rowsIn, rowsOut: frame.nRows, exactDuplicates, conflictingAdIds, missingDropped, missing, outliers },
  };
}
