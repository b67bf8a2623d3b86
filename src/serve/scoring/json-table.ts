/**
 * Turns the JSON shapes clients send into a column-major `Frame`, checking every cell's type on
 * the way. Understands MLflow's scoring payloads (`dataframe_split`, `dataframe_records`,
 * `instances`, `inputs`, each as records or as a column → values object) and convopt's own
 * `{ads: [...]}` / `{ad: {...}}`. Cells are never collected into row objects: each canonical column
 * is filled straight into a typed array. Unknown columns are ignored.
 */
import { ConvoptError } from '../../core/errors.js';
import { Frame, type Series } from '../../data/frame.js';
import { CategoricalBuilder } from '../../data/builders.js';
import { isCategoricalColumn, isKnownColumn } from './inputs.js';
import { IssueList } from './row-issue.js';

/** A parsed request table and how to name any cell of it in error messages. */
export interface JsonTable {
  readonly frame: Frame;
  readonly issues: IssueList;
  /** Body path of (0-based row, column), e.g. `dataframe_split.data[3][5]`. */
  readonly pathOf: (row: number, column: string) => string;
  /** Path of the column list (for "missing column" errors). */
  readonly columnsPath: string;
}

/** Rows accepted in one JSON request (bigger batches go through the CSV endpoint). */
export const MAX_JSON_ROWS = 100_000;

const MLFLOW_KEYS = ['dataframe_split', 'dataframe_records', 'instances', 'inputs'] as const;

function bad(path: string, reason: string, value?: unknown, hint?: string): ConvoptError {
  return new ConvoptError('INVALID_ARGUMENT', `Invalid request body at ${path}: ${reason}.`, {
    path,
    ...(value !== undefined ? { value } : {}),
    hint: hint ?? 'Send {"dataframe_split": {"columns": [...], "data": [[...], ...]}}, {"dataframe_records": [{...}, ...]}, {"instances": [...]} or {"inputs": ...}, as MLflow clients do.',
  });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses an MLflow scoring request body (already JSON-decoded). */
export function parseMlflowBody(body: unknown): JsonTable {
  if (!isPlainObject(body)) throw bad('body', `expected a JSON object, got ${describe(body)}`);
  const present = MLFLOW_KEYS.filter((k) => Object.prototype.hasOwnProperty.call(body, k));
  if (present.length === 0) throw bad('body', `none of ${MLFLOW_KEYS.join(', ')} is present (keys: ${Object.keys(body).slice(0, 10).join(', ') || 'none'})`);
  if (present.length > 1) throw bad('body', `only one of ${present.join(', ')} may be given`);
  const key = present[0]!;
  const value = body[key];
  if (key === 'dataframe_split') return fromSplit(value, key);
  if (key === 'dataframe_records') {
    if (!Array.isArray(value)) throw bad(key, `expected an array of row objects, got ${describe(value)}`);
    return fromRecords(value, key);
  }
  // instances / inputs: records, a column → values object, or a split-orient object.
  if (Array.isArray(value)) return fromRecords(value, key);
  if (isPlainObject(value)) {
    if (Array.isArray(value.columns) && Array.isArray(value.data)) return fromSplit(value, key);
    return fromColumnar(value, key);
  }
  throw bad(key, `expected an array of row objects or an object of column arrays, got ${describe(value)}`);
}

/** Parses convopt's `/api/v1/predict` body: `{ads: [...]}` or `{ad: {...}}`. */
export function parseAdsBody(body: unknown): JsonTable {
  if (!isPlainObject(body)) throw bad('body', `expected a JSON object, got ${describe(body)}`, undefined, 'Send {"ads": [{...}, ...]} or {"ad": {...}}.');
  if (body.ads !== undefined && body.ad !== undefined) throw bad('body', 'give either "ad" or "ads", not both', undefined, 'Send {"ads": [...]} for several ads.');
  if (body.ad !== undefined) {
    if (!isPlainObject(body.ad)) throw bad('ad', `expected an object, got ${describe(body.ad)}`, undefined, 'Send {"ad": {"age": "30-34", ...}}.');
    const t = fromRecords([body.ad], 'ads');
    return { ...t, pathOf: (_r, c) => `ad.${c}`, columnsPath: 'ad' };
  }
  if (!Array.isArray(body.ads)) throw bad('ads', `expected an array of ad objects, got ${describe(body.ads)}`, undefined, 'Send {"ads": [{"age": "30-34", ...}, ...]}.');
  return fromRecords(body.ads, 'ads');
}

function checkRowCount(n: number, path: string): void {
  if (n > MAX_JSON_ROWS) throw new ConvoptError('PAYLOAD_TOO_LARGE', `Too many rows in ${path}: ${n} (at most ${MAX_JSON_ROWS} per JSON request).`, { path, hint: 'Split the batch, or upload it as CSV to POST /api/v1/predict/csv (streamed, no row limit).' });
}

function fromSplit(value: unknown, key: string): JsonTable {
  if (!isPlainObject(value)) throw bad(key, `expected {"columns": [...], "data": [[...]]}, got ${describe(value)}`);
  const { columns, data } = value;
  if (!Array.isArray(columns)) throw bad(`${key}.columns`, `expected an array of column names, got ${describe(columns)}`);
  if (!Array.isArray(data)) throw bad(`${key}.data`, `expected an array of rows, got ${describe(data)}`);
  checkRowCount(data.length, `${key}.data`);
  const seen = new Set<string>();
  for (let j = 0; j < columns.length; j++) {
    const c: unknown = columns[j];
    if (typeof c !== 'string') throw bad(`${key}.columns[${j}]`, `column names must be strings, got ${describe(c)}`, c);
    if (seen.has(c)) throw bad(`${key}.columns[${j}]`, `column "${c}" appears twice`, c);
    seen.add(c);
  }
  for (let i = 0; i < data.length; i++) {
    const row: unknown = data[i];
    if (!Array.isArray(row)) throw bad(`${key}.data[${i}]`, `expected an array of ${columns.length} values, got ${describe(row)}`);
    if (row.length !== columns.length) throw bad(`${key}.data[${i}]`, `row has ${row.length} values but there are ${columns.length} columns`);
  }
  const rows = data as unknown[][];
  const names = columns as string[];
  const pathOf = splitPath(key, names);
  const issues = new IssueList();
  const series = new Map<string, Series>();
  for (let j = 0; j < names.length; j++) {
    const name = names[j]!;
    if (!isKnownColumn(name)) continue;
    series.set(name, buildColumn(name, rows.length, new SplitCells(rows, j), pathOf, issues));
  }
  return { frame: new Frame(series), issues, pathOf, columnsPath: `${key}.columns` };
}

function fromRecords(records: readonly unknown[], key: string): JsonTable {
  checkRowCount(records.length, key);
  const names = new Set<string>();
  records.forEach((r, i) => {
    if (!isPlainObject(r)) throw bad(`${key}[${i}]`, `expected an object of column → value, got ${describe(r)}`);
    for (const k of Object.keys(r)) if (isKnownColumn(k)) names.add(k);
  });
  const rows = records as Record<string, unknown>[];
  const pathOf = recordPath(key);
  const issues = new IssueList();
  const series = new Map<string, Series>();
  for (const name of names) {
    series.set(name, buildColumn(name, rows.length, new RecordCells(rows, name), pathOf, issues));
  }
  return { frame: new Frame(series), issues, pathOf, columnsPath: key };
}

function fromColumnar(value: Record<string, unknown>, key: string): JsonTable {
  let n = -1;
  const names = Object.keys(value).filter(isKnownColumn);
  for (const name of Object.keys(value)) {
    const col = value[name];
    if (!Array.isArray(col)) throw bad(`${key}.${name}`, `expected an array of values (column orient), got ${describe(col)}`);
    if (n === -1) n = col.length;
    else if (col.length !== n) throw bad(`${key}.${name}`, `column has ${col.length} values but earlier columns have ${n}`);
  }
  checkRowCount(Math.max(n, 0), key);
  const pathOf = columnarPath(key);
  const issues = new IssueList();
  const series = new Map<string, Series>();
  for (const name of names) {
    const col = value[name] as unknown[];
    series.set(name, buildColumn(name, col.length, new ArrayCells(col), pathOf, issues));
  }
  return { frame: new Frame(series), issues, pathOf, columnsPath: key };
}

// Path makers return anonymous arrows: a locally named closure per request costs a name-keeping
// wrapper under tsx/esbuild, measurable on one-row requests.
type PathOf = (r: number, c: string) => string;
function splitPath(key: string, names: readonly string[]): PathOf {
  return (r, c) => `${key}.data[${r}][${names.indexOf(c)}]`;
}
function recordPath(key: string): PathOf {
  return (r, c) => `${key}[${r}].${c}`;
}
function columnarPath(key: string): PathOf {
  return (r, c) => `${key}.${c}[${r}]`;
}

/** Cell i of one column, whatever the body's shape (a class, not a closure: monomorphic and cheap). */
interface Cells {
  at(i: number): unknown;
}

class SplitCells implements Cells {
  constructor(
    private readonly rows: readonly unknown[][],
    private readonly j: number,
  ) {}
  at(i: number): unknown {
    return this.rows[i]![this.j];
  }
}

class RecordCells implements Cells {
  constructor(
    private readonly rows: readonly Record<string, unknown>[],
    private readonly name: string,
  ) {}
  at(i: number): unknown {
    const r = this.rows[i]!;
    return Object.prototype.hasOwnProperty.call(r, this.name) ? r[this.name] : null;
  }
}

class ArrayCells implements Cells {
  constructor(private readonly col: readonly unknown[]) {}
  at(i: number): unknown {
    return this.col[i];
  }
}

/** One typed column from JSON cells: numbers for numeric columns, strings for age/gender; null = missing. */
function buildColumn(name: string, n: number, cells: Cells, pathOf: (r: number, c: string) => string, issues: IssueList): Series {
  if (isCategoricalColumn(name)) {
    const b = new CategoricalBuilder(n);
    for (let i = 0; i < n; i++) {
      const v = cells.at(i);
      if (v === null || v === undefined) b.push(null);
      else if (typeof v === 'string') b.push(v.trim() === '' ? null : v.trim());
      else {
        issues.add({ path: pathOf(i, name), row: i + 1, column: name, value: v, reason: `expected text such as "30-34" or "M", got ${describe(v)}` });
        b.push(null);
      }
    }
    return b.finish();
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = cells.at(i);
    if (typeof v === 'number' && Number.isFinite(v)) out[i] = v;
    else {
      out[i] = NaN;
      if (v !== null && v !== undefined) issues.add({ path: pathOf(i, name), row: i + 1, column: name, value: v, reason: `expected a number, got ${describe(v)}` });
    }
  }
  return { kind: 'numeric', values: out };
}

/** `a string "abc"`, `an array`, `null`…: short type descriptions for messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}…` : v)}`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number') return `the number ${v}`;
  return `${typeof v} ${String(v)}`;
}
