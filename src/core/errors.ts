/**
 * The error catalogue: every failure a user can cause has one code here, with the exit code the CLI
 * returns and the HTTP status the server answers with. Messages say what was wrong, where (file, row,
 * column, parameter), the offending value, and what to do next.
 *
 * Throw `ConvoptError` (or a helper below); never throw a bare `Error` for user input. Anything that
 * is not a `ConvoptError` is a bug in convopt and is reported as an internal error (exit 70, HTTP 500).
 */

/** Where in the input the problem is. Every field is optional; give all you know. */
export interface ErrorLocation {
  readonly file?: string;
  /** 1-based data row (header excluded), as a spreadsheet user counts. */
  readonly row?: number;
  readonly column?: string;
  readonly value?: unknown;
  /** Parameter or field path, e.g. `maxDepth` or `body.dataframe_split.columns[2]`. */
  readonly path?: string;
}

interface CatalogueEntry {
  /** Process exit code (sysexits.h flavour). */
  readonly exit: number;
  /** HTTP status for the server. */
  readonly http: number;
  readonly title: string;
}

/** Every error code, once. Exit codes follow sysexits(3) so scripts can tell input from system faults. */
export const ERROR_CATALOGUE = {
  INVALID_ARGUMENT: { exit: 64, http: 400, title: 'Invalid argument' },
  INVALID_PARAMETER: { exit: 64, http: 400, title: 'Invalid parameter' },
  INVALID_CONFIG: { exit: 78, http: 400, title: 'Invalid configuration' },
  INVALID_DATA: { exit: 65, http: 400, title: 'Invalid data' },
  UNREADABLE_FILE: { exit: 66, http: 400, title: 'Unreadable input' },
  UNSUPPORTED_FORMAT: { exit: 65, http: 415, title: 'Unsupported format' },
  NOT_FOUND: { exit: 66, http: 404, title: 'Not found' },
  ALREADY_EXISTS: { exit: 73, http: 409, title: 'Already exists' },
  CONFLICT: { exit: 75, http: 409, title: 'Conflict' },
  NOT_FITTED: { exit: 70, http: 409, title: 'Model not fitted' },
  MODEL_FORMAT: { exit: 65, http: 422, title: 'Unreadable model' },
  INFEASIBLE: { exit: 65, http: 422, title: 'Infeasible problem' },
  GATE_FAILED: { exit: 1, http: 422, title: 'Deployment gate failed' },
  UNAUTHORIZED: { exit: 77, http: 401, title: 'Unauthorized' },
  PAYLOAD_TOO_LARGE: { exit: 65, http: 413, title: 'Payload too large' },
  STORE_UNAVAILABLE: { exit: 69, http: 503, title: 'Store unavailable' },
  STORE_READ_ONLY: { exit: 74, http: 503, title: 'Store not writable' },
  IO_ERROR: { exit: 74, http: 500, title: 'I/O error' },
  NOT_IMPLEMENTED: { exit: 69, http: 501, title: 'Not implemented' },
  INTERNAL: { exit: 70, http: 500, title: 'Internal error' },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface ConvoptErrorOptions extends ErrorLocation {
  /** What the user can do about it; printed after the message as "Fix: …". */
  readonly hint?: string;
  /** Further problems of the same kind (e.g. all invalid rows), for reports and JSON output. */
  readonly details?: readonly unknown[];
  readonly cause?: unknown;
}

/** A user-facing failure with a catalogue code. `message` is the whole one-paragraph explanation. */
export class ConvoptError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation;
  readonly hint: string | undefined;
  readonly details: readonly unknown[];

  constructor(code: ErrorCode, message: string, options: ConvoptErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConvoptError';
    this.code = code;
    const { hint, details, cause: _cause, ...location } = options;
    this.location = location;
    this.hint = hint;
    this.details = details ?? [];
  }

  get exitCode(): number {
    return ERROR_CATALOGUE[this.code].exit;
  }

  get httpStatus(): number {
    return ERROR_CATALOGUE[this.code].http;
  }

  /** One paragraph for people: where, what, and the fix. */
  describe(): string {
    const where = formatLocation(this.location);
    const head = where ? `${where}: ${this.message}` : this.message;
    return this.hint ? `${head}\nFix: ${this.hint}` : head;
  }

  /** The JSON body the server sends and `--json` prints. */
  toJSON(): ConvoptErrorJSON {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(Object.keys(this.location).length ? { location: sanitizeLocation(this.location) } : {}),
        ...(this.hint ? { hint: this.hint } : {}),
        ...(this.details.length ? { details: this.details } : {}),
      },
    };
  }
}

export interface ConvoptErrorJSON {
  error: {
    code: ErrorCode;
    message: string;
    location?: ErrorLocation;
    hint?: string;
    details?: readonly unknown[];
  };
}

/** Thrown when a learned attribute is read before `fit`. */
export class NotFittedError extends ConvoptError {
  constructor(kind: string) {
    super('NOT_FITTED', `This ${kind} is not fitted yet.`, { hint: `Call fit(X, y) before predict() or reading learned attributes.` });
    this.name = 'NotFittedError';
  }
}

/** `file, row 12, column "Clicks", value "abc"`: the prefix every located message starts with. */
export function formatLocation(loc: ErrorLocation): string {
  const parts: string[] = [];
  if (loc.file) parts.push(loc.file);
  if (loc.row !== undefined) parts.push(`row ${loc.row}`);
  if (loc.column !== undefined) parts.push(`column "${loc.column}"`);
  if (loc.path !== undefined) parts.push(`at ${loc.path}`);
  if (loc.value !== undefined) parts.push(`value ${formatValue(loc.value)}`);
  return parts.join(', ');
}

/** Short, printable rendering of an offending value (long strings are cut, binary is escaped). */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'bigint') return `${value}`;
  try {
    const s = JSON.stringify(value);
    return s && s.length > 60 ? `${s.slice(0, 57)}…` : (s ?? String(value));
  } catch {
    return String(value);
  }
}

function sanitizeLocation(loc: ErrorLocation): ErrorLocation {
  return loc.value === undefined ? loc : { ...loc, value: formatValue(loc.value) };
}

/** Wraps anything thrown into a ConvoptError; unknown errors become INTERNAL, keeping the cause. */
/** The fix we offer for a failure that can only be a bug in convopt. */
export const BUG_HINT = 'This is a bug in convopt. Re-run with --debug and report the stack trace.';

export function toConvoptError(err: unknown): ConvoptError {
  if (err instanceof ConvoptError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ConvoptError('INTERNAL', `Unexpected internal error: ${message}`, {
    cause: err,
    hint: BUG_HINT,
  });
}

/** Throws INVALID_PARAMETER naming the parameter, the value and the rule. */
export function invalidParameter(name: string, value: unknown, rule: string, hint?: string): never {
  throw new ConvoptError('INVALID_PARAMETER', `Parameter "${name}" must be ${rule}; got ${formatValue(value)}.`, {
    path: name,
    value,
    ...(hint ? { hint } : {}),
  });
}
