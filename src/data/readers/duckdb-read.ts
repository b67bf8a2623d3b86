/**
 * Reads a DuckDB relation (a CSV or Parquet file) straight into column builders: DuckDB parses and
 * casts in C++, and each result chunk is copied into Float64Arrays / dictionary codes without ever
 * building row objects. Cells that do not parse as numbers are flagged in SQL with a per-row bit
 * mask, so only the bad cells' raw text crosses into JavaScript for the report.
 */
import type { DuckDBConnection, DuckDBVector } from '@duckdb/node-api';
import { ConvoptError } from '../../core/errors.js';
import { CategoricalBuilder, ExtraBuilder, NumericBuilder } from '../builders.js';
import { duck, sqlIdent } from '../duck.js';
import { Frame, type Series } from '../frame.js';
import type { IssueLog } from '../issues.js';
import { resolveColumns } from '../mapping.js';
import { CATEGORICAL_COLUMNS, isNumericCanonical } from '../schema.js';

export interface RelationReadOptions {
  /** SQL table expression, e.g. `read_parquet('x.parquet')`. */
  readonly relation: string;
  /** For messages. */
  readonly file: string;
  readonly columnMapping?: Readonly<Record<string, string>>;
  readonly purpose: 'train' | 'predict';
  /** Expected row count, to size arrays up front (optional). */
  readonly rowsHint?: number;
  /** Turns a DuckDB error into a located ConvoptError (format-specific wording). */
  readonly explainError: (err: unknown) => ConvoptError;
}

export interface RelationRead {
  readonly frame: Frame;
  readonly renamed: Readonly<Record<string, string>>;
  /** Per column, 1 where a cell was present but not a number (its value in `frame` is NaN). */
  readonly parseFailures: ReadonlyMap<string, Uint8Array>;
}

const NUMERIC_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*|BOOLEAN)$/;

type Plan =
  | { kind: 'numeric-cast'; target: string; b: NumericBuilder }
  | { kind: 'numeric-parse'; target: string; b: NumericBuilder; bit: number; rawIndex: number }
  | { kind: 'categorical'; target: string; b: CategoricalBuilder }
  | { kind: 'extra-number'; target: string; b: NumericBuilder }
  | { kind: 'extra-text'; target: string; b: ExtraBuilder };

async function run<T>(conn: DuckDBConnection, explain: (err: unknown) => ConvoptError, f: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  try {
    return await f(conn);
  } catch (err) {
    if (err instanceof ConvoptError) throw err;
    throw explain(err);
  }
}

export async function readRelation(opts: RelationReadOptions, log: IssueLog): Promise<RelationRead> {
  const conn = await duck();
  const described = await run(conn, opts.explainError, (c) => c.runAndReadAll(`DESCRIBE SELECT * FROM ${opts.relation}`));
  const rows = described.getRowObjectsJS() as { column_name: string; column_type: string }[];
  const names = rows.map((r) => r.column_name);
  const types = rows.map((r) => r.column_type);
  const { targets, renamed } = resolveColumns(names, opts.columnMapping, opts.file, opts.purpose);

  const cap = opts.rowsHint ?? 1024;
  const select: string[] = [];
  const maskTerms: string[] = [];
  const rawSelect: string[] = [];
  const plans: Plan[] = [];
  let bit = 0;
  names.forEach((name, j) => {
    const s = sqlIdent(name);
    const target = targets[j];
    const isNumType = NUMERIC_TYPES.test(types[j]);
    if (isNumericCanonical(target)) {
      if (isNumType) {
        select.push(`CAST(${s} AS DOUBLE)`);
        plans.push({ kind: 'numeric-cast', target, b: new NumericBuilder(cap) });
      } else {
        const v = `CAST(${s} AS VARCHAR)`;
        const bad = `(${v} IS NOT NULL AND trim(${v}) <> '' AND NOT coalesce(isfinite(TRY_CAST(trim(${v}) AS DOUBLE)), false))`;
        select.push(`TRY_CAST(trim(${v}) AS DOUBLE)`);
        maskTerms.push(`(CASE WHEN ${bad} THEN ${2 ** bit} ELSE 0 END)`);
        plans.push({ kind: 'numeric-parse', target, b: new NumericBuilder(cap), bit, rawIndex: rawSelect.length });
        rawSelect.push(`CASE WHEN ${bad} THEN ${v} END`);
        bit++;
      }
    } else if ((CATEGORICAL_COLUMNS as readonly string[]).includes(target)) {
      select.push(`NULLIF(trim(CAST(${s} AS VARCHAR)), '')`);
      plans.push({ kind: 'categorical', target, b: new CategoricalBuilder(cap) });
    } else if (isNumType) {
      select.push(`CAST(${s} AS DOUBLE)`);
      plans.push({ kind: 'extra-number', target, b: new NumericBuilder(cap) });
    } else {
      select.push(`CAST(${s} AS VARCHAR)`);
      plans.push({ kind: 'extra-text', target, b: new ExtraBuilder() });
    }
  });
  if (bit > 30) throw new ConvoptError('INVALID_DATA', 'Too many numeric columns to check in one pass.', { file: opts.file });
  const maskIndex = select.length;
  select.push(maskTerms.length ? `CAST(${maskTerms.join(' + ')} AS INTEGER)` : '0');
  const rawBase = select.length;
  select.push(...rawSelect);
  const sql = `SELECT ${select.join(', ')} FROM ${opts.relation}`;

  let row = 0;
  const failures = new Map<string, number[]>();
  await run(conn, opts.explainError, async (c) => {
    const result = await c.stream(sql);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      const mask = chunk.getColumnVector(maskIndex) as DuckDBVector<number>;
      for (let k = 0; k < plans.length; k++) {
        const p = plans[k];
        const vec = chunk.getColumnVector(k);
        switch (p.kind) {
          case 'numeric-cast':
          case 'numeric-parse':
          case 'extra-number': {
            const v = vec as DuckDBVector<number>;
            for (let i = 0; i < n; i++) {
              const x = v.getItem(i);
              p.b.push(x === null || !Number.isFinite(x) ? NaN : x);
            }
            break;
          }
          case 'categorical': {
            const v = vec as DuckDBVector<string>;
            for (let i = 0; i < n; i++) p.b.push(v.getItem(i));
            break;
          }
          case 'extra-text': {
            const v = vec as DuckDBVector<string>;
            for (let i = 0; i < n; i++) p.b.push(v.getItem(i));
            break;
          }
        }
      }
      if (maskTerms.length) {
        for (let i = 0; i < n; i++) {
          const m = mask.getItem(i) ?? 0;
          if (m === 0) continue;
          for (const p of plans) {
            if (p.kind !== 'numeric-parse' || (m & (1 << p.bit)) === 0) continue;
            const raw = (chunk.getColumnVector(rawBase + p.rawIndex) as DuckDBVector<string>).getItem(i);
            log.add(row + i + 1, p.target, raw, 'numeric', `value ${JSON.stringify(raw)} is not a number`);
            let list = failures.get(p.target);
            if (!list) failures.set(p.target, (list = []));
            list.push(row + i);
          }
        }
      }
      row += n;
    }
  });

  const columns = new Map<string, Series>();
  for (const p of plans) columns.set(p.target, p.b.finish());
  const frame = new Frame(columns);
  return { frame, renamed, parseFailures: failureMasks(failures, frame.nRows) };
}

/** Row lists → dense per-row masks (only for columns that had failures). */
export function failureMasks(failures: ReadonlyMap<string, readonly number[]>, nRows: number): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [col, rows] of failures) {
    const m = new Uint8Array(nRows);
    for (const r of rows) m[r] = 1;
    out.set(col, m);
  }
  return out;
}
