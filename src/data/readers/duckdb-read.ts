/**
 * Reads a DuckDB relation (a CSV or Parquet file) straight into column builders: DuckDB parses and
 * casts in C++, and each result chunk is copied into Float64Arrays / dictionary codes without ever
 * building row objects. Cells that do not parse as numbers are flagged in SQL with a per-row bit
 * mask, so only the bad cells' raw text crosses into JavaScript for the report.
 */
import type { DuckDBVector } from '@duckdb/node-api';
import { ConvoptError } from '../../core/errors.js';
import { ExtraBuilder, NumericBuilder, fitted } from '../builders.js';
import { bindings, rawConnection, sqlIdent, sqlString, type Bindings, type RawConnection } from '../duck.js';
import { Frame, type Series } from '../frame.js';
import type { IssueLog } from '../issues.js';
import { resolveColumns } from '../mapping.js';
import { CATEGORICAL_COLUMNS, KNOWN_AGES, KNOWN_GENDERS, isNumericCanonical } from '../columns.js';
import { copyVector, forEachNullRaw, rawVector, textColumns, type RawVector } from './duck-vectors.js';

export interface RelationReadOptions {
  /** SQL table expression, e.g. `read_parquet('x.parquet')`. */
  readonly relation: string;
  /** For messages. */
  readonly file: string;
  readonly columnMapping?: Readonly<Record<string, string>>;
  readonly purpose: 'train' | 'predict';
  /**
   * The same relation with the given (source) columns parsed as DOUBLE by DuckDB itself: tried
   * first when given; on any conversion error the text `relation` is read instead.
   */
  readonly typedRelation?: (numericColumns: ReadonlySet<string>) => string;
  /** Turns a DuckDB error into a located ConvoptError (format-specific wording). */
  readonly explainError: (err: unknown) => ConvoptError;
  /**
   * Expected row count (exact, or a slight over-estimate from the file size): the column arrays
   * are allocated once at this size while the result streams in; more rows just grow them.
   */
  readonly rowsHint?: number;
}

export interface RelationRead {
  readonly frame: Frame;
  readonly renamed: Readonly<Record<string, string>>;
  /** Per column, 1 where a cell was present but not a number (its value in `frame` is NaN). */
  readonly parseFailures: ReadonlyMap<string, Uint8Array>;
  /** DuckDB reads only: whether the typed (fast) read produced the frame or the text read did. */
  readonly via?: 'typed' | 'text';
}

const NUMERIC_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*|BOOLEAN)$/;

type Plan =
  | { kind: 'numeric-cast'; target: string; b: NumericBuilder }
  | { kind: 'numeric-parse'; target: string; b: NumericBuilder; bit: number; rawIndex: number }
  | { kind: 'categorical'; target: string; b: CodeBuilder; rawIndex: number }
  | { kind: 'extra-number'; target: string; b: NumericBuilder }
  | { kind: 'extra-text'; target: string; b: ExtraBuilder };

/** Codes computed in SQL for the known levels; unknown levels are added as they appear. */
class CodeBuilder {
  private codes: Int32Array;
  readonly levels: string[];
  private readonly index: Map<string, number>;
  /** Which known levels occur (levels added later occur by construction). */
  private readonly usedKnown: Uint8Array;
  length = 0;

  /** `known` must be sorted (as the SQL codes are), so the common case needs no remapping. */
  constructor(known: readonly string[], capacity: number) {
    this.levels = [...known];
    this.index = new Map(known.map((l, i) => [l, i]));
    this.usedKnown = new Uint8Array(known.length);
    this.codes = new Int32Array(Math.max(capacity, 16));
  }

  /**
   * Appends the first `n` codes of an INTEGER vector. `raw` gives the chunk's raw-text column for
   * cells that matched no known level (or throws, when the caller has none: the typed read).
   */
  pushCodes(vec: RawVector, n: number, raw: () => DuckDBVector<string>): void {
    if (this.length + n > this.codes.length) {
      const next = new Int32Array(Math.max(this.codes.length * 2, this.length + n));
      next.set(this.codes);
      this.codes = next;
    }
    copyVector(vec, n, 4, this.codes, this.length);
    const src = this.codes.subarray(this.length, this.length + n);
    const usedKnown = this.usedKnown;
    for (let i = 0; i < n; i++) {
      const c = src[i];
      if (c >= 0) usedKnown[c] = 1;
      else if (c === UNKNOWN) {
        // The raw column holds the trimmed text of cells that matched no known level, or NULL
        // when trimming left nothing (a blank cell is missing, as in the text path).
        const text = raw().getItem(i);
        if (text === null) {
          this.codes[this.length + i] = -1;
          continue;
        }
        let k = this.index.get(text);
        if (k === undefined) {
          k = this.levels.length;
          this.levels.push(text);
          this.index.set(text, k);
        } else if (k < usedKnown.length) usedKnown[k] = 1;
        this.codes[this.length + i] = k;
      } else if (c === MISSING) this.codes[this.length + i] = -1;
    }
    this.length += n;
  }

  /** Levels sorted (the Frame convention), codes remapped; unused known levels are dropped. */
  finish(): Series {
    // Sized from the row hint, so usually no copy; the builder is not used after this.
    const codes = fitted(this.codes, this.length);
    const sorted = this.levels.filter((_, i) => i >= this.usedKnown.length || this.usedKnown[i] === 1).sort();
    const remap = new Int32Array(this.levels.length).fill(-1);
    sorted.forEach((l, i) => (remap[this.index.get(l)!] = i));
    if (remap.some((r, i) => r !== i)) {
      for (let i = 0; i < codes.length; i++) {
        const c = codes[i];
        if (c >= 0) codes[i] = remap[c];
      }
    }
    return { kind: 'categorical', codes, levels: sorted };
  }
}

const UNKNOWN = -1;
const MISSING = -2;

async function run<T>(conn: RawConnection, explain: (err: unknown) => ConvoptError, f: (c: RawConnection) => Promise<T>): Promise<T> {
  try {
    return await f(conn);
  } catch (err) {
    if (err instanceof ConvoptError) throw err;
    throw explain(err);
  }
}

/** SQL type names (as DESCRIBE spells them) of the C-API type ids the readers tell apart. */
function typeName(b: Bindings, id: number): string {
  const T = b.Type;
  const known: readonly (readonly [number, string])[] = [
    [T.BOOLEAN, 'BOOLEAN'], [T.TINYINT, 'TINYINT'], [T.SMALLINT, 'SMALLINT'], [T.INTEGER, 'INTEGER'], [T.BIGINT, 'BIGINT'],
    [T.HUGEINT, 'HUGEINT'], [T.UTINYINT, 'UTINYINT'], [T.USMALLINT, 'USMALLINT'], [T.UINTEGER, 'UINTEGER'], [T.UBIGINT, 'UBIGINT'],
    [T.UHUGEINT, 'UHUGEINT'], [T.FLOAT, 'FLOAT'], [T.DOUBLE, 'DOUBLE'], [T.DECIMAL, 'DECIMAL'], [T.VARCHAR, 'VARCHAR'],
  ];
  return known.find(([k]) => k === id)?.[1] ?? 'OTHER';
}

export async function readRelation(opts: RelationReadOptions, log: IssueLog): Promise<RelationRead> {
  const conn = await rawConnection();
  const b = bindings();
  // Preparing binds the relation: column names and types without running anything.
  const probe = await run(conn, opts.explainError, (c) => b.prepare(c, `SELECT * FROM ${opts.relation}`));
  const names = Array.from({ length: b.prepared_statement_column_count(probe) }, (_, j) => b.prepared_statement_column_name(probe, j));
  const types = names.map((_, j) => typeName(b, b.prepared_statement_column_type(probe, j)));
  const { targets, renamed } = resolveColumns(names, opts.columnMapping, opts.file, opts.purpose);

  if (opts.typedRelation) {
    // Fast path for clean files: DuckDB parses numeric columns as DOUBLE directly (~30 % faster than
    // text + TRY_CAST). Any conversion error, or a non-finite value ("inf"), falls back to the text
    // path below, which locates and reports every bad cell.
    const numeric = new Set(names.filter((_, j) => isNumericCanonical(targets[j])));
    const typedTypes = names.map((n, j) => (numeric.has(n) ? 'DOUBLE' : types[j]));
    try {
      const { infinite, ...fast } = await scanRelation(conn, opts.typedRelation(numeric), names, typedTypes, targets, opts, log, true);
      if (!infinite) return { ...fast, renamed, via: 'typed' };
    } catch {
      // Whatever failed here (a cell DuckDB cannot parse as DOUBLE, a malformed row, a category
      // that needs its raw text), the text path below reads the same file again and reports it
      // with row and value.
    }
  }
  const { infinite: _, ...read } = await scanRelation(conn, opts.relation, names, types, targets, opts, log, false);
  return { ...read, renamed, via: 'text' };
}

async function scanRelation(
  conn: RawConnection,
  relation: string,
  names: readonly string[],
  types: readonly string[],
  targets: readonly string[],
  opts: RelationReadOptions,
  log: IssueLog,
  /**
   * The typed read of a clean file: categorical cells that are not exactly a known level (padded,
   * blank-looking, new levels) abandon it for the text read, so no raw-text columns are selected
   * (two string columns fewer to materialise and copy per chunk).
   */
  typed: boolean,
): Promise<Omit<RelationRead, 'renamed'> & { infinite: boolean }> {
  // Two levels: the inner SELECT parses each text cell once (TRY_CAST), the outer one derives the
  // value, the bad-cell bit mask and the raw text of bad cells from it (DuckDB does not reliably
  // share repeated TRY_CASTs, and this halves the query time). Columns DuckDB already typed pass
  // through untouched: NULLs become NaN / missing codes in JavaScript, which is cheaper than
  // coalesce/trim in SQL for every row (the typed CSV read takes ~30 % less CPU that way).
  const inner: string[] = [];
  const select: string[] = [];
  const maskTerms: string[] = [];
  const rawSelect: string[] = [];
  const makePlan: ((cap: number) => Plan)[] = [];
  let bit = 0;
  names.forEach((name, j) => {
    const s = sqlIdent(name);
    const r = `r${j}`;
    const x = `x${j}`;
    const target = targets[j];
    const isNumType = NUMERIC_TYPES.test(types[j]);
    if (isNumericCanonical(target)) {
      if (isNumType) {
        inner.push(types[j] === 'DOUBLE' ? `${s} AS ${x}` : `CAST(${s} AS DOUBLE) AS ${x}`);
        select.push(x);
        makePlan.push((cap) => ({ kind: 'numeric-cast', target, b: new NumericBuilder(cap) }));
      } else {
        inner.push(`NULLIF(trim(CAST(${s} AS VARCHAR)), '') AS ${r}`, `TRY_CAST(NULLIF(trim(CAST(${s} AS VARCHAR)), '') AS DOUBLE) AS ${x}`);
        const bad = `(${r} IS NOT NULL AND (${x} IS NULL OR NOT isfinite(${x})))`;
        select.push(x);
        maskTerms.push(`(CASE WHEN ${bad} THEN ${2 ** bit} ELSE 0 END)`);
        const plan = { kind: 'numeric-parse', target, bit, rawIndex: rawSelect.length } as const;
        makePlan.push((cap) => ({ ...plan, b: new NumericBuilder(cap) }));
        rawSelect.push(`CASE WHEN ${bad} THEN ${r} END`);
        bit++;
      }
    } else if ((CATEGORICAL_COLUMNS as readonly string[]).includes(target)) {
      const known = [...(target === 'age' ? KNOWN_AGES : KNOWN_GENDERS)].sort();
      // Exact matches are coded in SQL; anything else (padding, blanks, new levels) is trimmed
      // there and resolved in JavaScript from the raw column, which is NULL on every other row.
      inner.push(`CAST(${s} AS VARCHAR) AS ${r}`);
      const cases = known.map((l, i) => `WHEN ${sqlString(l)} THEN ${i}`).join(' ');
      select.push(`CAST(CASE WHEN ${r} IS NULL THEN ${MISSING} ELSE (CASE ${r} ${cases} ELSE ${UNKNOWN} END) END AS INTEGER)`);
      const rawIndex = typed ? -1 : rawSelect.length;
      makePlan.push((cap) => ({ kind: 'categorical', target, b: new CodeBuilder(known, cap), rawIndex }));
      if (!typed) rawSelect.push(`CASE WHEN ${r} NOT IN (${known.map(sqlString).join(', ')}) THEN NULLIF(trim(${r}), '') END`);
    } else if (isNumType) {
      inner.push(types[j] === 'DOUBLE' ? `${s} AS ${x}` : `CAST(${s} AS DOUBLE) AS ${x}`);
      select.push(x);
      makePlan.push((cap) => ({ kind: 'extra-number', target, b: new NumericBuilder(cap) }));
    } else {
      inner.push(`CAST(${s} AS VARCHAR) AS ${r}`);
      select.push(r);
      makePlan.push(() => ({ kind: 'extra-text', target, b: new ExtraBuilder() }));
    }
  });
  if (bit > 30) throw new ConvoptError('INVALID_DATA', 'Too many numeric columns to check in one pass.', { file: opts.file });
  const maskIndex = select.length;
  if (maskTerms.length) select.push(`CAST(${maskTerms.join(' + ')} AS INTEGER)`);
  const rawBase = select.length;
  select.push(...rawSelect);
  const sql = `SELECT ${select.join(', ')} FROM (SELECT ${inner.join(', ')} FROM ${relation})`;

  const failures = new Map<string, number[]>();
  // Whether a canonical numeric column holds ±Infinity (DuckDB's DOUBLE parse accepts "inf").
  let infinite = false;
  const b = bindings();
  const plans = await run(conn, opts.explainError, async (c) => {
    // The result streams: chunks are copied into the column arrays while DuckDB's threads parse
    // further (its streaming buffer is large, see duck.ts), and it is never materialised as a
    // whole (a second copy of every value, and its memory, which costs page faults to touch).
    const result = await b.execute_pending(b.pending_prepared_streaming(await b.prepare(c, sql)));
    const plans = makePlan.map((m) => m(opts.rowsHint ?? 1 << 16));
    let mask = new Int32Array(2048); // DuckDB's vector size
    let row = 0;
    let next = b.fetch_chunk(result);
    try {
      for (;;) {
        const chunk = await next;
        const n = chunk ? b.data_chunk_get_size(chunk) : 0;
        if (!chunk || n === 0) break;
        // Ask for the next chunk before copying this one: DuckDB fetches it on its own thread meanwhile.
        next = b.fetch_chunk(result);
        const text = textColumns(chunk);
        for (let k = 0; k < plans.length; k++) {
          const p = plans[k];
          const vec = rawVector(chunk, k);
          switch (p.kind) {
            case 'numeric-cast':
            case 'numeric-parse':
            case 'extra-number': {
              const [data, at] = p.b.extend(n);
              copyVector(vec, n, 8, data, at);
              forEachNullRaw(vec, n, (i) => (data[at + i] = NaN));
              p.b.summarise(at, at + n);
              break;
            }
            case 'categorical': {
              const rawIndex = p.rawIndex;
              p.b.pushCodes(vec, n, () => {
                if (rawIndex < 0) throw new Error('a category is not exactly a known level: the text read resolves it');
                return text(rawBase + rawIndex);
              });
              break;
            }
            case 'extra-text': {
              const v = text(k);
              for (let i = 0; i < n; i++) p.b.push(v.getItem(i));
              break;
            }
          }
        }
        if (maskTerms.length) {
          if (mask.length < n) mask = new Int32Array(n);
          copyVector(rawVector(chunk, maskIndex), n, 4, mask, 0);
          for (let i = 0; i < n; i++) {
            const m = mask[i];
            if (m === 0) continue;
            for (const p of plans) {
              if (p.kind !== 'numeric-parse' || (m & (1 << p.bit)) === 0) continue;
              const raw = text(rawBase + p.rawIndex).getItem(i);
              log.add(row + i + 1, p.target, raw, 'numeric', `value ${JSON.stringify(raw)} is not a number`);
              p.b.set(row + i, NaN); // e.g. "inf" parses but is not data
              let list = failures.get(p.target);
              if (!list) failures.set(p.target, (list = []));
              list.push(row + i);
            }
          }
        }
        row += n;
      }
    } catch (err) {
      // Let the fetch in flight settle (its error, if any, is this one's consequence) so the
      // connection is idle for whatever runs next (the text read, for one).
      await next.catch(() => undefined);
      throw err;
    }
    infinite = plans.some((p) => (p.kind === 'numeric-cast' || p.kind === 'numeric-parse') && p.b.hasInfinity());
    return plans;
  });

  const columns = new Map<string, Series>();
  for (const p of plans) columns.set(p.target, p.b.finish());
  const frame = new Frame(columns);
  return { frame, parseFailures: failureMasks(failures, frame.nRows), infinite };
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
