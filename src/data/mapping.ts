/**
 * Header resolution: maps the column names found in a source onto canonical names, using the
 * user's explicit `columnMapping` first, then exact names, then a forgiving match (case, spaces,
 * dashes and underscores ignored: "Total Conversion" → Total_Conversion). Unmapped columns are kept
 * under their own names. Conflicts are errors that name both headers.
 */
import { ConvoptError } from '../core/errors.js';
import { CANONICAL_COLUMNS, requiredColumns, type CanonicalColumn } from './columns.js';

export interface ResolvedColumns {
  /** Frame name for each source column, in source order. */
  readonly targets: readonly string[];
  /** Renames applied (source header → canonical). */
  readonly renamed: Readonly<Record<string, string>>;
}

function loose(name: string): string {
  return name.toLowerCase().replace(/[\s_\-.()]+/g, '');
}

const LOOSE_CANONICAL = new Map<string, CanonicalColumn>(CANONICAL_COLUMNS.map((c) => [loose(c), c]));

export function resolveColumns(
  source: readonly string[],
  mapping: Readonly<Record<string, string>> | undefined,
  file: string,
  purpose: 'train' | 'predict',
): ResolvedColumns {
  const explicit = new Map(Object.entries(mapping ?? {}));
  for (const [from, to] of explicit) {
    if (!(CANONICAL_COLUMNS as readonly string[]).includes(to)) {
      throw new ConvoptError('INVALID_CONFIG', `The column mapping sends "${from}" to "${to}", which is not a canonical column.`, {
        file,
        path: `columnMapping.${from}`,
        value: to,
        hint: `Map onto one of: ${CANONICAL_COLUMNS.join(', ')}.`,
      });
    }
    if (!source.includes(from)) {
      throw new ConvoptError('INVALID_CONFIG', `The column mapping names the header "${from}", but the data has no such column.`, {
        file,
        path: `columnMapping.${from}`,
        hint: `Headers in the data are: ${source.join(', ')}.`,
      });
    }
  }
  const targets: string[] = [];
  const renamed: Record<string, string> = {};
  const claimedBy = new Map<string, string>();
  source.forEach((name, j) => {
    let target: string = explicit.get(name) ?? name;
    if (!explicit.has(name) && !(CANONICAL_COLUMNS as readonly string[]).includes(name)) {
      const m = LOOSE_CANONICAL.get(loose(name));
      // A loose match never steals a canonical name that is also present verbatim.
      if (m && !source.includes(m)) target = m;
    }
    if (target.trim() === '') target = `column_${j + 1}`;
    const prior = claimedBy.get(target);
    if (prior !== undefined) {
      throw new ConvoptError('INVALID_DATA', `Two columns both map to "${target}": "${prior}" and "${name}".`, {
        file,
        column: target,
        hint: 'Remove or rename one of them, or fix the column mapping so each canonical column comes from one header.',
      });
    }
    claimedBy.set(target, name);
    if (target !== name) renamed[name] = target;
    targets.push(target);
  });
  const missing = requiredColumns(purpose).filter((c) => !claimedBy.has(c));
  if (missing.length) {
    throw new ConvoptError('INVALID_DATA', `Required column${missing.length > 1 ? 's' : ''} missing: ${missing.join(', ')}. Columns found: ${source.map((s) => JSON.stringify(s)).join(', ')}.`, {
      file,
      column: missing[0],
      details: missing,
      hint: 'Add the missing columns, or map your headers onto them with a column mapping (config "data.columnMapping", e.g. {"Amount spent (USD)": "Spent"}).',
    });
  }
  return { targets, renamed };
}
