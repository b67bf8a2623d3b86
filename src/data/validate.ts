/**
 * Column-wise validation of a canonical frame: every rule runs as a loop over typed arrays and
 * records each failing cell as an `Issue` (row, column, value, rule). The result is a per-row
 * bit set of failed error rules, which the load policy (fail / drop / quarantine) acts on.
 */
import type { ColumnSummary } from './column-stats.js';
import { Frame } from './frame.js';
import { RULES, type IssueLog, type Rule } from './issues.js';
import { COUNT_COLUMNS, ID_COLUMNS, KNOWN_AGES, KNOWN_GENDERS, requiredColumns, isNumericCanonical } from './columns.js';

/** Bit of each rule in `ValidationResult.reasons`. */
export const RULE_BITS: Readonly<Record<Rule, number>> = Object.fromEntries(Object.keys(RULES).map((r, i) => [r, 1 << i])) as Record<Rule, number>;

export interface ValidationResult {
  /** Per row, the OR of `RULE_BITS` of the error rules it failed (0 = valid). */
  readonly reasons: Uint16Array;
  /** Rows with at least one error. */
  readonly invalidRows: number;
}

export interface ValidateOptions {
  readonly purpose: 'train' | 'predict';
  /** Cells that were present but not numbers (already logged by the reader as `numeric`). */
  readonly parseFailures?: ReadonlyMap<string, Uint8Array>;
  /**
   * Rules reported as warnings instead of rejecting rows, because cleaning resolves them
   * (`convopt clean` deduplicates ad_id and imputes missing values).
   */
  readonly deferred?: readonly Rule[];
}

export function validateFrame(frame: Frame, log: IssueLog, opts: ValidateOptions): ValidationResult {
  const n = frame.nRows;
  const reasons = new Uint16Array(n);
  const deferred = new Set(opts.deferred ?? []);
  const flag = (i: number, column: string, value: string | number | null, rule: Rule, message?: string): void => {
    if (deferred.has(rule)) {
      log.add(i + 1, column, value, rule, message);
      return;
    }
    log.add(i + 1, column, value, rule, message);
    reasons[i] |= RULE_BITS[rule];
  };

  // Parse failures were logged by the reader; they still reject the row.
  for (const mask of opts.parseFailures?.values() ?? []) {
    for (let i = 0; i < n; i++) if (mask[i]) reasons[i] |= RULE_BITS.numeric;
  }

  // Each rule scans with a small, shared helper that only returns the rows needing a look (a NaN
  // or a broken rule): those helpers get optimised on the first column and reused on the others,
  // and clean rows cost one comparison or two. Flagging below is unchanged.
  const required = new Set<string>(requiredColumns(opts.purpose));
  for (const name of frame.names) {
    if (!isNumericCanonical(name)) continue;
    const v = frame.numeric(name);
    const failed = opts.parseFailures?.get(name);
    const isCount = (COUNT_COLUMNS as readonly string[]).includes(name);
    const isId = (ID_COLUMNS as readonly string[]).includes(name);
    const kind = isCount ? KIND_COUNT : isId ? KIND_ID : name === 'Spent' ? KIND_NON_NEGATIVE : KIND_ANY;
    const summary = frame.numericSummary(name);
    if (summary && !mayHaveSuspects(summary, kind)) continue;
    for (let i = nextSuspect(v, kind, 0); i < n; i = nextSuspect(v, kind, i + 1)) {
      const x = v[i];
      if (Number.isNaN(x)) {
        if (failed?.[i]) continue;
        if (required.has(name)) flag(i, name, null, 'required-value', `required value is missing`);
        continue;
      }
      if (isCount) {
        if (x < 0 || !Number.isInteger(x)) flag(i, name, x, 'non-negative-integer', `${name} must be a non-negative integer; got ${x}`);
      } else if (isId) {
        if (!Number.isInteger(x)) flag(i, name, x, 'integer', `${name} must be an integer; got ${x}`);
      } else if (name === 'Spent' && x < 0) flag(i, name, x, 'non-negative', `Spent must be ≥ 0; got ${x}`);
    }
  }

  if (frame.has('Clicks') && frame.has('Impressions')) {
    const c = frame.numeric('Clicks');
    const imp = frame.numeric('Impressions');
    for (let i = nextGreater(c, imp, 0); i < n; i = nextGreater(c, imp, i + 1)) flag(i, 'Clicks', c[i], 'clicks-le-impressions', `Clicks (${c[i]}) exceed Impressions (${imp[i]})`);
  }
  if (frame.has('Approved_Conversion') && frame.has('Total_Conversion')) {
    const a = frame.numeric('Approved_Conversion');
    const t = frame.numeric('Total_Conversion');
    for (let i = nextGreater(a, t, 0); i < n; i = nextGreater(a, t, i + 1)) flag(i, 'Approved_Conversion', a[i], 'approved-le-total', `Approved_Conversion (${a[i]}) exceeds Total_Conversion (${t[i]})`);
  }
  if (frame.has('ad_id') && !(frame.numericSummary('ad_id')?.increasing ?? strictlyIncreasing(frame.numeric('ad_id')))) {
    const ids = frame.numeric('ad_id');
    const firstRow = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const id = ids[i];
      if (Number.isNaN(id)) continue;
      const prev = firstRow.get(id);
      if (prev === undefined) firstRow.set(id, i);
      else flag(i, 'ad_id', id, 'unique-ad-id', `ad_id ${id} already used by row ${prev + 1}`);
    }
  }

  for (const [name, known] of [
    ['age', KNOWN_AGES],
    ['gender', KNOWN_GENDERS],
  ] as const) {
    if (!frame.has(name)) continue;
    const s = frame.categorical(name);
    const unknown = Uint8Array.from(s.levels, (l) => ((known as readonly string[]).includes(l) ? 0 : 1));
    for (let i = nextOddCode(s.codes, unknown, 0); i < n; i = nextOddCode(s.codes, unknown, i + 1)) {
      const c = s.codes[i];
      if (c < 0) {
        if (required.has(name)) flag(i, name, null, 'required-value');
      } else if (unknown[c]) log.add(i + 1, name, s.levels[c], 'unknown-category', `${name} "${s.levels[c]}" is not one of ${known.join(', ')}`);
    }
  }

  return { reasons, invalidRows: countNonZero(reasons) };
}

const KIND_ANY = 0;
const KIND_COUNT = 1;
const KIND_ID = 2;
const KIND_NON_NEGATIVE = 3;

/** Whether `nextSuspect` can find anything in a column with this summary (else the scan is skipped). */
function mayHaveSuspects(s: ColumnSummary, kind: number): boolean {
  if (s.nan > 0) return true;
  if (kind === KIND_COUNT) return !(s.min >= 0) || !s.integral;
  if (kind === KIND_ID) return !s.integral;
  if (kind === KIND_NON_NEGATIVE) return !(s.min >= 0);
  return false;
}

/**
 * First row ≥ `from` whose value is NaN or breaks the column kind's rule (count: non-negative
 * integer; id: integer; non-negative: ≥ 0), or `v.length`. `x - Math.trunc(x) !== 0` is true for
 * fractions and NaN and false for integers (±Infinity gives NaN: flagged, as Number.isInteger does).
 */
function nextSuspect(v: ArrayLike<number>, kind: number, from: number): number {
  const n = v.length;
  let i = from;
  if (kind === KIND_COUNT) {
    for (; i < n; i++) {
      const x = v[i];
      if (!(x >= 0) || x - Math.trunc(x) !== 0) return i;
    }
  } else if (kind === KIND_ID) {
    for (; i < n; i++) {
      const x = v[i];
      if (x - Math.trunc(x) !== 0) return i;
    }
  } else if (kind === KIND_NON_NEGATIVE) {
    for (; i < n; i++) if (!(v[i] >= 0)) return i;
  } else {
    for (; i < n; i++) if (v[i] !== v[i]) return i;
  }
  return n;
}

/** First row ≥ `from` with `a[i] > b[i]`, or `a.length`. */
function nextGreater(a: ArrayLike<number>, b: ArrayLike<number>, from: number): number {
  const n = a.length;
  for (let i = from; i < n; i++) if (a[i] > b[i]) return i;
  return n;
}

/** First row ≥ `from` whose code is missing (< 0) or an unknown level, or `codes.length`. */
function nextOddCode(codes: Int32Array, unknown: Uint8Array, from: number): number {
  const n = codes.length;
  for (let i = from; i < n; i++) {
    const c = codes[i];
    if (c < 0 || unknown[c] === 1) return i;
  }
  return n;
}

function countNonZero(a: Uint16Array): number {
  let k = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) k++;
  return k;
}

/** True when every value is present and larger than the previous one: no duplicates, no map needed. */
export function strictlyIncreasing(v: ArrayLike<number>): boolean {
  for (let i = 1; i < v.length; i++) if (!(v[i] > v[i - 1])) return false;
  return v.length === 0 || !Number.isNaN(v[0]);
}

/** Rule names whose bits are set in `bits`. */
export function rulesOf(bits: number): Rule[] {
  return (Object.keys(RULE_BITS) as Rule[]).filter((r) => (bits & RULE_BITS[r]) !== 0);
}
