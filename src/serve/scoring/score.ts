/**
 * Scoring with per-row accountability: validates a request table with the data engineer's rules
 * (`validateFrame`, the same rules `convopt validate` applies to files), then predicts with the
 * bundle's own `predict` (the batch path, so serving and training share every line of feature
 * code). Rows the model itself refuses (e.g. a category it never saw) are singled out by the row
 * number in its error, so one bad row never hides the others' predictions.
 */
import { ConvoptError } from '../../core/errors.js';
import type { Frame } from '../../data/frame.js';
import { IssueLog } from '../../data/issues.js';
import { validateFrame } from '../../data/validate.js';
import type { ModelBundle } from '../../models/bundle.js';
import type { IssueList } from './row-issue.js';

/** How to name a cell in messages: a JSON path or a CSV row/column. */
export type Locate = (row0: number, column: string) => string;

/** Throws INVALID_DATA naming every model input the table lacks. */
export function checkColumns(frame: Frame, required: readonly string[], path: string): void {
  const missing = required.filter((c) => !frame.has(c));
  if (missing.length === 0) return;
  throw new ConvoptError('INVALID_DATA', `Missing input column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')}: the served model needs ${required.join(', ')}.`, {
    path,
    column: missing[0]!,
    hint: `Add ${missing.join(', ')} to every row (extra columns are ignored).`,
    details: missing.map((c) => ({ path, column: c, reason: 'required column is missing' })),
  });
}

/**
 * Checks values: the ingest rules (types, non-negative integer counts, Clicks ≤ Impressions, …)
 * plus "present" for every model input. Adds one issue per failing cell.
 */
export function checkValues(frame: Frame, required: readonly string[], locate: Locate, issues: IssueList, rowOffset = 0): void {
  const log = new IssueLog(Number.MAX_SAFE_INTEGER);
  validateFrame(frame, log, { purpose: 'predict', deferred: ['unique-ad-id'] });
  for (const is of log.issues) {
    if (is.severity !== 'error' || is.rule === 'unique-ad-id') continue;
    issues.add({ path: locate(is.row - 1, is.column), row: is.row + rowOffset, column: is.column, ...(is.value !== null ? { value: is.value } : {}), reason: is.message });
  }
  for (const name of required) {
    const s = frame.column(name);
    for (let i = 0; i < frame.nRows; i++) {
      const missing = s.kind === 'numeric' ? Number.isNaN(s.values[i]) : s.codes[i] < 0;
      if (missing && !issues.rows.has(i + 1 + rowOffset)) issues.add({ path: locate(i, name), row: i + 1 + rowOffset, column: name, reason: 'required value is missing' });
    }
  }
}

export interface RowError {
  readonly column?: string;
  readonly value?: unknown;
  readonly reason: string;
}

export interface Scored {
  /** One per input row; NaN where the row was rejected. */
  readonly predictions: Float64Array;
  /** 0-based row → why the model could not score it. */
  readonly rowErrors: Map<number, RowError>;
}

/** Retries after isolating rows the model refuses, before falling back to one row at a time. */
const MAX_ISOLATIONS = 16;

/** Predicts every row not marked in `skip` (0-based mask); model-refused rows land in `rowErrors`. */
export function predictRows(bundle: ModelBundle, frame: Frame, skip?: (row0: number) => boolean): Scored {
  const n = frame.nRows;
  const predictions = new Float64Array(n).fill(NaN);
  const rowErrors = new Map<number, RowError>();
  let idx: number[] = [];
  for (let i = 0; i < n; i++) if (!skip?.(i)) idx.push(i);
  for (let attempt = 0; attempt <= MAX_ISOLATIONS && idx.length > 0; attempt++) {
    try {
      const sub = idx.length === n ? frame : frame.take(idx);
      const p = bundle.predict(sub);
      for (let k = 0; k < idx.length; k++) predictions[idx[k]!] = p[k]!;
      return { predictions, rowErrors };
    } catch (err) {
      const row = err instanceof ConvoptError ? err.location.row : undefined;
      if (!(err instanceof ConvoptError) || err.code !== 'INVALID_DATA' || row === undefined || row < 1 || row > idx.length) throw err;
      rowErrors.set(idx[row - 1]!, errorOf(err));
      idx = idx.filter((_, k) => k !== row - 1);
    }
  }
  // Many refused rows: score the rest one by one so each keeps its own verdict.
  for (const i of idx) {
    try {
      predictions[i] = bundle.predict(frame.take([i]))[0]!;
    } catch (err) {
      if (!(err instanceof ConvoptError) || err.code !== 'INVALID_DATA') throw err;
      rowErrors.set(i, errorOf(err));
    }
  }
  return { predictions, rowErrors };
}

function errorOf(err: ConvoptError): RowError {
  const reason = err.message.replace(/ at row \d+/, '');
  return { ...(err.location.column !== undefined ? { column: err.location.column } : {}), ...(err.location.value !== undefined ? { value: err.location.value } : {}), reason };
}

/** Cost per approved conversion: Spent ÷ predicted approved conversions (null when not defined). */
export function costPerConversion(spent: number, predicted: number): number | null {
  if (!Number.isFinite(spent) || !Number.isFinite(predicted) || predicted <= 0) return null;
  return spent / predicted;
}

const FIX_ROWS = 'Correct the listed fields and resend; every problem in the request is listed in error.details.';

/**
 * Validates and scores a whole JSON request: any invalid row fails the request with a 400 listing
 * every problem (a JSON client wants all predictions or a clear list of what to fix).
 */
export function scoreStrict(bundle: ModelBundle, required: readonly string[], frame: Frame, issues: IssueList, locate: Locate, columnsPath: string): Float64Array {
  if (frame.nRows === 0) {
    if (!issues.empty) throw issues.toError(FIX_ROWS);
    return new Float64Array(0);
  }
  checkColumns(frame, required, columnsPath);
  checkValues(frame, required, locate, issues);
  if (!issues.empty) throw issues.toError(FIX_ROWS);
  const scored = predictRows(bundle, frame);
  for (const [row0, e] of scored.rowErrors) {
    issues.add({ path: e.column ? locate(row0, e.column) : `row ${row0 + 1}`, row: row0 + 1, ...(e.column ? { column: e.column } : {}), ...(e.value !== undefined ? { value: e.value } : {}), reason: e.reason });
  }
  if (!issues.empty) throw issues.toError(FIX_ROWS);
  return scored.predictions;
}
