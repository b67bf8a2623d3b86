/**
 * Builds a frame from cell values held in JavaScript (XLSX sheets, PostgreSQL rows): the same
 * header mapping, numeric parsing and parse-failure reporting as the DuckDB path, for sources
 * whose driver hands us values rather than a file DuckDB can scan.
 */
import { CategoricalBuilder, ExtraBuilder, NumericBuilder, parseNumber } from '../builders.js';
import { Frame, type Series } from '../frame.js';
import type { IssueLog } from '../issues.js';
import { resolveColumns } from '../mapping.js';
import { CATEGORICAL_COLUMNS, isNumericCanonical } from '../columns.js';
import { failureMasks, type RelationRead } from './duckdb-read.js';

export type Cell = string | number | boolean | Date | bigint | null | undefined;

export interface JsColumnsSource {
  readonly file: string;
  readonly headers: readonly string[];
  readonly nRows: number;
  /** Cell at (0-based data row, column index). */
  cell(row: number, col: number): Cell;
}

function toText(c: Cell): string | null {
  if (c === null || c === undefined) return null;
  if (c instanceof Date) return c.toISOString();
  const s = String(c).trim();
  return s === '' ? null : s;
}

export function readJsColumns(src: JsColumnsSource, opts: { columnMapping?: Readonly<Record<string, string>>; purpose: 'train' | 'predict' }, log: IssueLog): RelationRead {
  const { targets, renamed } = resolveColumns(src.headers, opts.columnMapping, src.file, opts.purpose);
  const columns = new Map<string, Series>();
  const failures = new Map<string, number[]>();
  targets.forEach((target, j) => {
    if (isNumericCanonical(target)) {
      const b = new NumericBuilder(src.nRows);
      for (let i = 0; i < src.nRows; i++) {
        const c = src.cell(i, j);
        let x: number;
        if (typeof c === 'number') x = c;
        else if (typeof c === 'bigint') x = Number(c);
        else if (typeof c === 'string') {
          x = parseNumber(c);
          if (Number.isNaN(x) && c.trim() !== '') {
            log.add(i + 1, target, c, 'numeric', `value ${JSON.stringify(c)} is not a number`);
            let list = failures.get(target);
            if (!list) failures.set(target, (list = []));
            list.push(i);
          }
        } else if (c === null || c === undefined) x = NaN;
        else {
          const text = toText(c);
          log.add(i + 1, target, text, 'numeric', `value ${JSON.stringify(text)} is not a number`);
          let list = failures.get(target);
          if (!list) failures.set(target, (list = []));
          list.push(i);
          x = NaN;
        }
        b.push(Number.isFinite(x) ? x : NaN);
      }
      columns.set(target, b.finish());
    } else if ((CATEGORICAL_COLUMNS as readonly string[]).includes(target)) {
      const b = new CategoricalBuilder(src.nRows);
      for (let i = 0; i < src.nRows; i++) b.push(toText(src.cell(i, j)));
      columns.set(target, b.finish());
    } else {
      const b = new ExtraBuilder();
      for (let i = 0; i < src.nRows; i++) {
        const c = src.cell(i, j);
        b.push(typeof c === 'number' ? c : toText(c));
      }
      columns.set(target, b.finish());
    }
  });
  const frame = new Frame(columns);
  return { frame, renamed, parseFailures: failureMasks(failures, src.nRows) };
}
