/**
 * A problem with one cell (or one column) of a scoring request, located the way the client wrote
 * it: a JSON path such as `dataframe_split.data[3][5]` for JSON bodies, a 1-based row for CSV.
 */
import { ConvoptError } from '../../core/errors.js';

export interface RowIssue {
  /** Field path in the request body (JSON) or `row N, column C` (CSV). */
  readonly path: string;
  /** 1-based data row, when the problem is in one row. */
  readonly row?: number;
  readonly column?: string;
  readonly value?: unknown;
  readonly reason: string;
}

/** At most this many issues are returned in one error body (the total is still counted). */
export const MAX_ISSUES_REPORTED = 100;

/** Collects issues up to the cap, counting all of them. */
export class IssueList {
  readonly items: RowIssue[] = [];
  /** 1-based rows with at least one issue (all of them, not capped). */
  readonly rows = new Set<number>();
  total = 0;

  constructor(private readonly cap = MAX_ISSUES_REPORTED) {}

  add(issue: RowIssue): void {
    this.total++;
    if (issue.row !== undefined) this.rows.add(issue.row);
    if (this.items.length < this.cap) this.items.push(issue);
  }

  get empty(): boolean {
    return this.total === 0;
  }

  /** One INVALID_DATA error listing every (capped) issue, the first one in the message. */
  toError(hint: string): ConvoptError {
    const first = this.items[0]!;
    const more = this.total > 1 ? ` (and ${this.total - 1} more problem${this.total > 2 ? 's' : ''}, listed in details)` : '';
    return new ConvoptError('INVALID_DATA', `Invalid input at ${first.path}: ${first.reason}${more}.`, {
      path: first.path,
      ...(first.row !== undefined ? { row: first.row } : {}),
      ...(first.column !== undefined ? { column: first.column } : {}),
      ...(first.value !== undefined ? { value: first.value } : {}),
      hint,
      details: this.items.map((i) => ({ ...i, ...(i.value !== undefined ? { value: shortValue(i.value) } : {}) })),
    });
  }
}

function shortValue(v: unknown): unknown {
  if (typeof v === 'string' && v.length > 60) return `${v.slice(0, 57)}…`;
  if (v !== null && typeof v === 'object') {
    const s = JSON.stringify(v);
    return s.length > 60 ? `${s.slice(0, 57)}…` : v;
  }
  return v;
}
