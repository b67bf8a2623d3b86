/**
 * The small SQL surface the tracking store needs from a database: parameterised queries with `?`
 * placeholders, transactions, and a few dialect fragments. One store implementation (`sql/store.ts`)
 * runs on every driver, so SQLite and PostgreSQL share the same queries and the same behaviour.
 * Drivers turn native errors into ConvoptErrors, except unique/foreign-key violations, which they
 * raise as `ConstraintViolation` so the store can name the entity involved.
 */

export type SqlValue = string | number | null | readonly string[];
export type Row = Record<string, unknown>;

export interface SqlExecutor {
  all<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Rows as arrays in select-list order: much cheaper than objects for large listings. */
  allArrays(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]>;
  /** Runs a write; resolves to the number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface SqlDriver extends SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  readonly readOnly: boolean;
  /** The URI without credentials, for messages. */
  readonly displayUri: string;
  /** Runs `fn` in one write transaction (serialised with other writers); rolls back if it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs a multi-statement script (migrations) inside `tx`. */
  execScript(tx: SqlExecutor, script: string): Promise<void>;
  /** SQL fragment matching `column` against a list of ids passed as one parameter. */
  inList(column: string): string;
  /** The parameter value `inList` expects for these ids. */
  listParam(ids: readonly string[]): SqlValue;
  /** Case-insensitive LIKE. */
  ilike(column: string): string;
  /** Aggregate `key`/`value` columns of the rows selected by `from` into a JSON object text, keys sorted. */
  jsonObjectAgg(from: string): string;
  close(): Promise<void>;
}

/** A unique or foreign-key violation, raised by drivers for the store to translate. */
export class ConstraintViolation extends Error {
  constructor(
    readonly kind: 'unique' | 'foreign_key',
    message: string,
  ) {
    super(message);
    this.name = 'ConstraintViolation';
  }
}
