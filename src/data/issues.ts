/**
 * Row-level data problems and the ingest report. Every problem found while reading or validating
 * is an `Issue` (row, column, value, rule); the `IngestReport` says how many rows were read, kept
 * and dropped, and why, so nothing is ever dropped silently.
 */

/** Validation rules, by name. `error` rules reject a row; `warning` rules only flag it. */
export const RULES = {
  'numeric': { severity: 'error', text: 'value is not a number' },
  'required-value': { severity: 'error', text: 'required value is missing' },
  'integer': { severity: 'error', text: 'identifier is not an integer' },
  'non-negative-integer': { severity: 'error', text: 'count is not a non-negative integer' },
  'non-negative': { severity: 'error', text: 'value is negative' },
  'clicks-le-impressions': { severity: 'error', text: 'Clicks exceed Impressions' },
  'approved-le-total': { severity: 'error', text: 'Approved_Conversion exceeds Total_Conversion' },
  'unique-ad-id': { severity: 'error', text: 'ad_id already used by an earlier row' },
  'unknown-category': { severity: 'warning', text: 'category not in the known set' },
} as const satisfies Record<string, { severity: 'error' | 'warning'; text: string }>;

export type Rule = keyof typeof RULES;
export type Severity = 'error' | 'warning';

export interface Issue {
  /** 1-based data row (header excluded), as a spreadsheet user counts. */
  readonly row: number;
  readonly column: string;
  readonly value: string | number | null;
  readonly rule: Rule;
  readonly message: string;
  readonly severity: Severity;
}

export type OnInvalid = 'fail' | 'drop' | 'quarantine';

export interface IngestReport {
  /** File path or `postgres://host/db` (password removed). */
  readonly source: string;
  readonly format: 'csv' | 'parquet' | 'xlsx' | 'postgres';
  readonly rowsRead: number;
  readonly rowsKept: number;
  readonly rowsDropped: number;
  /** Rows rejected per rule (a row failing two rules counts under both). */
  readonly dropReasons: Partial<Record<Rule, number>>;
  /** Problems found, errors first then warnings, capped at `MAX_REPORTED_ISSUES`. */
  readonly issues: readonly Issue[];
  /** Total problems per rule, including those beyond the cap. */
  readonly issueCounts: Partial<Record<Rule, number>>;
  readonly issuesTruncated: boolean;
  readonly onInvalid: OnInvalid;
  readonly quarantinePath?: string;
  /** Columns of the resulting frame, canonical first. */
  readonly columns: readonly string[];
  /** Header renames applied (user header → canonical). */
  readonly renamed: Readonly<Record<string, string>>;
  /** sha256 of the kept data (column names and values), stable across formats; computed on first read. */
  readonly dataHash: string;
  readonly durationMs: number;
}

/** Enough to show every kind of problem without keeping millions of objects. */
export const MAX_REPORTED_ISSUES = 10_000;

/** Collects issues with a cap, counting everything. */
export class IssueLog {
  readonly issues: Issue[] = [];
  readonly counts: Partial<Record<Rule, number>> = {};
  truncated = false;

  constructor(private readonly cap = MAX_REPORTED_ISSUES) {}

  add(row: number, column: string, value: string | number | null, rule: Rule, message?: string): void {
    this.counts[rule] = (this.counts[rule] ?? 0) + 1;
    if (this.issues.length >= this.cap) {
      this.truncated = true;
      return;
    }
    const spec = RULES[rule];
    this.issues.push({ row, column, value, rule, message: message ?? spec.text, severity: spec.severity });
  }

  /** Adds another log's problems after this one's, as if they had been added here. */
  absorb(other: IssueLog): void {
    const shown: Partial<Record<Rule, number>> = {};
    for (const i of other.issues) {
      this.add(i.row, i.column, i.value, i.rule, i.message);
      shown[i.rule] = (shown[i.rule] ?? 0) + 1;
    }
    // Problems `other` only counted (beyond its cap) are counted here too.
    for (const [rule, c] of Object.entries(other.counts) as [Rule, number][]) {
      const hidden = c - (shown[rule] ?? 0);
      if (hidden > 0) {
        this.counts[rule] = (this.counts[rule] ?? 0) + hidden;
        this.truncated = true;
      }
    }
  }

  total(): number {
    let n = 0;
    for (const v of Object.values(this.counts)) n += v ?? 0;
    return n;
  }
}
