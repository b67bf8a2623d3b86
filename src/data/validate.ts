/**
 * Column-wise validation of a canonical frame: every rule runs as a loop over typed arrays and
 * records each failing cell as an `Issue` (row, column, value, rule). The result is a per-row
 * bit set of failed error rules, which the load policy (fail / drop / quarantine) acts on.
 */
import { Frame } from './frame.js';
import { RULES, type IssueLog, type Rule } from './issues.js';
import { COUNT_COLUMNS, ID_COLUMNS, KNOWN_AGES, KNOWN_GENDERS, requiredColumns, isNumericCanonical } from './schema.js';

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

  const required = new Set<string>(requiredColumns(opts.purpose));
  for (const name of frame.names) {
    if (!isNumericCanonical(name)) continue;
    const v = frame.numeric(name);
    const failed = opts.parseFailures?.get(name);
    const isCount = (COUNT_COLUMNS as readonly string[]).includes(name);
    const isId = (ID_COLUMNS as readonly string[]).includes(name);
    for (let i = 0; i < n; i++) {
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
    for (let i = 0; i < n; i++) if (c[i] > imp[i]) flag(i, 'Clicks', c[i], 'clicks-le-impressions', `Clicks (${c[i]}) exceed Impressions (${imp[i]})`);
  }
  if (frame.has('Approved_Conversion') && frame.has('Total_Conversion')) {
    const a = frame.numeric('Approved_Conversion');
    const t = frame.numeric('Total_Conversion');
    for (let i = 0; i < n; i++) if (a[i] > t[i]) flag(i, 'Approved_Conversion', a[i], 'approved-le-total', `Approved_Conversion (${a[i]}) exceeds Total_Conversion (${t[i]})`);
  }
  if (frame.has('ad_id') && !strictlyIncreasing(frame.numeric('ad_id'))) {
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
    const unknown = s.levels.map((l) => !(known as readonly string[]).includes(l));
    for (let i = 0; i < n; i++) {
      const c = s.codes[i];
      if (c < 0) {
        if (required.has(name)) flag(i, name, null, 'required-value');
      } else if (unknown[c]) log.add(i + 1, name, s.levels[c], 'unknown-category', `${name} "${s.levels[c]}" is not one of ${known.join(', ')}`);
    }
  }

  let invalidRows = 0;
  for (let i = 0; i < n; i++) if (reasons[i]) invalidRows++;
  return { reasons, invalidRows };
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
