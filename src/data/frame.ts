/**
 * `Frame`: an immutable, column-major table. Numeric columns are `Float64Array` (NaN = missing);
 * categorical columns are dictionary-encoded (`Int32Array` codes into `levels`, -1 = missing).
 * Everything downstream (validation, features, models, EDA) reads columns, never row objects.
 */
import type { NumericColumn } from '../core/arrays.js';
import { ConvoptError } from '../core/errors.js';
import type { ColumnSummary } from './column-stats.js';

export interface NumericSeries {
  readonly kind: 'numeric';
  readonly values: NumericColumn;
  /**
   * Facts about `values` found while they were built (a reader's single pass), so validation and
   * cleaning can skip scans they would repeat. Absent when unknown; series derived from this one
   * (take, filter, fills) do not carry it.
   */
  readonly summary?: ColumnSummary;
}

export interface CategoricalSeries {
  readonly kind: 'categorical';
  /** Index into `levels`, or -1 for missing. */
  readonly codes: Int32Array;
  readonly levels: readonly string[];
}

export type Series = NumericSeries | CategoricalSeries;

export class Frame {
  readonly nRows: number;
  readonly names: readonly string[];
  private readonly byName: ReadonlyMap<string, Series>;

  constructor(columns: ReadonlyMap<string, Series> | Record<string, Series>) {
    const map = columns instanceof Map ? new Map(columns) : new Map(Object.entries(columns));
    let n = -1;
    for (const [name, s] of map) {
      const len = s.kind === 'numeric' ? s.values.length : s.codes.length;
      if (n === -1) n = len;
      else if (len !== n) throw new RangeError(`Frame column "${name}" has ${len} rows; others have ${n}.`);
    }
    this.nRows = Math.max(n, 0);
    this.names = Object.freeze([...map.keys()]);
    this.byName = map;
    Object.freeze(this);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The column, or a NOT_FOUND error listing the columns that exist. */
  column(name: string): Series {
    const s = this.byName.get(name);
    if (!s) {
      throw new ConvoptError('NOT_FOUND', `No column "${name}" in the table.`, { column: name, hint: `Columns are: ${this.names.join(', ')}.` });
    }
    return s;
  }

  /** A numeric column's values; a categorical column here is a typed error. */
  numeric(name: string): NumericColumn {
    const s = this.column(name);
    if (s.kind !== 'numeric') throw new ConvoptError('INVALID_DATA', `Column "${name}" is categorical; a numeric column is needed here.`, { column: name });
    return s.values;
  }

  /** A numeric column's summary when its builder recorded one (see `NumericSeries.summary`). */
  numericSummary(name: string): ColumnSummary | undefined {
    const s = this.column(name);
    return s.kind === 'numeric' ? s.summary : undefined;
  }

  categorical(name: string): CategoricalSeries {
    const s = this.column(name);
    if (s.kind !== 'categorical') throw new ConvoptError('INVALID_DATA', `Column "${name}" is numeric; a categorical column is needed here.`, { column: name });
    return s;
  }

  /** Value at (row, column) as a JS value: number (NaN → null) or string (missing → null). */
  value(row: number, name: string): number | string | null {
    const s = this.column(name);
    if (s.kind === 'numeric') {
      const v = s.values[row];
      return Number.isNaN(v) ? null : v;
    }
    const c = s.codes[row];
    return c < 0 ? null : s.levels[c];
  }

  /** A new frame with only these columns, in this order. */
  select(names: readonly string[]): Frame {
    return new Frame(new Map(names.map((n) => [n, this.column(n)] as const)));
  }

  /** A new frame with the column added or replaced. */
  withColumn(name: string, series: Series): Frame {
    const map = new Map(this.byName);
    map.set(name, series);
    return new Frame(map);
  }

  /** A new frame with the given rows (copied), in the given order. */
  take(rows: ArrayLike<number>): Frame {
    const map = new Map<string, Series>();
    for (const [name, s] of this.byName) {
      if (s.kind === 'numeric') {
        const out = new Float64Array(rows.length);
        for (let i = 0; i < rows.length; i++) out[i] = s.values[rows[i]];
        map.set(name, { kind: 'numeric', values: out });
      } else {
        const out = new Int32Array(rows.length);
        for (let i = 0; i < rows.length; i++) out[i] = s.codes[rows[i]];
        map.set(name, { kind: 'categorical', codes: out, levels: s.levels });
      }
    }
    return new Frame(map);
  }

  /** Rows where `keep[i]` is truthy. */
  filter(keep: ArrayLike<number | boolean>): Frame {
    const rows: number[] = [];
    for (let i = 0; i < this.nRows; i++) if (keep[i]) rows.push(i);
    return this.take(rows);
  }

  /** Row objects, for display and small outputs only (never for training). */
  toRecords(limit = this.nRows): Record<string, number | string | null>[] {
    const n = Math.min(limit, this.nRows);
    const out: Record<string, number | string | null>[] = [];
    for (let i = 0; i < n; i++) {
      const rec: Record<string, number | string | null> = {};
      for (const name of this.names) rec[name] = this.value(i, name);
      out.push(rec);
    }
    return out;
  }
}

/** Builds a Frame from plain arrays: numbers → numeric, strings → categorical (levels sorted). */
export function frameFromArrays(cols: Record<string, readonly (number | string | null)[]>): Frame {
  const map = new Map<string, Series>();
  for (const [name, arr] of Object.entries(cols)) {
    const isText = arr.some((v) => typeof v === 'string');
    if (!isText) {
      map.set(name, { kind: 'numeric', values: Float64Array.from(arr, (v) => (v === null ? NaN : (v as number))) });
    } else {
      map.set(name, categoricalFrom(arr.map((v) => (v === null ? null : String(v)))));
    }
  }
  return new Frame(map);
}

/** Dictionary-encodes strings; levels are sorted so encoding is deterministic. */
export function categoricalFrom(values: readonly (string | null)[]): CategoricalSeries {
  const levels = [...new Set(values.filter((v): v is string => v !== null))].sort();
  const index = new Map(levels.map((l, i) => [l, i]));
  const codes = Int32Array.from(values, (v) => (v === null ? -1 : index.get(v)!));
  return { kind: 'categorical', codes, levels };
}
