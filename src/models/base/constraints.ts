/**
 * Declarative hyperparameter validation. Each estimator declares a table of allowed values per
 * parameter; `validateParams` checks unknown names and each value, and throws INVALID_PARAMETER
 * naming the estimator, the parameter, the value received and the rule.
 */
import { ConvoptError, formatValue } from '../../core/errors.js';

export type Constraint =
  | { readonly type: 'int'; readonly min?: number; readonly max?: number; readonly minExclusive?: boolean }
  | { readonly type: 'float'; readonly min?: number; readonly max?: number; readonly minExclusive?: boolean; readonly maxExclusive?: boolean }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'boolean' }
  | { readonly type: 'null' }
  | { readonly type: 'array'; readonly of?: 'int' | 'float' };

/** Each parameter accepts a value matching any of its constraints. */
export type ConstraintTable<P> = { readonly [K in keyof P]-?: readonly Constraint[] };

function matches(value: unknown, c: Constraint): boolean {
  switch (c.type) {
    case 'null':
      return value === null || value === undefined;
    case 'boolean':
      return typeof value === 'boolean';
    case 'enum':
      return typeof value === 'string' && c.values.includes(value);
    case 'array':
      return Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v) && (c.of !== 'int' || Number.isInteger(v)));
    case 'int':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return false;
      if (c.type === 'int' && !Number.isInteger(value)) return false;
      if (c.min !== undefined && (c.minExclusive ? value <= c.min : value < c.min)) return false;
      if (c.max !== undefined && ('maxExclusive' in c && c.maxExclusive ? value >= c.max : value > c.max)) return false;
      return true;
    }
  }
}

function describe(c: Constraint): string {
  switch (c.type) {
    case 'null':
      return 'null';
    case 'boolean':
      return 'a boolean';
    case 'enum':
      return `one of ${c.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'array':
      return `an array of ${c.of === 'int' ? 'integers' : 'numbers'}`;
    case 'int':
    case 'float': {
      const kind = c.type === 'int' ? 'an integer' : 'a number';
      const lo = c.min === undefined ? '' : `${c.minExclusive ? '>' : '≥'} ${c.min}`;
      const hi = c.max === undefined ? '' : `${'maxExclusive' in c && c.maxExclusive ? '<' : '≤'} ${c.max}`;
      const range = [lo, hi].filter(Boolean).join(' and ');
      return range ? `${kind} ${range}` : kind;
    }
  }
}

/** Throws on unknown parameter names or values outside the table. */
export function validateParams<P extends object>(kind: string, params: P, table: ConstraintTable<P>): void {
  const allowed = Object.keys(table);
  for (const name of Object.keys(params)) {
    if (!allowed.includes(name)) {
      throw new ConvoptError('INVALID_PARAMETER', `${kind} has no parameter "${name}".`, {
        path: name,
        hint: `Valid parameters: ${allowed.join(', ')}.`,
      });
    }
  }
  for (const name of allowed) {
    const value = (params as Record<string, unknown>)[name];
    const rules = (table as Record<string, readonly Constraint[]>)[name];
    if (!rules.some((c) => matches(value, c))) {
      throw new ConvoptError(
        'INVALID_PARAMETER',
        `${kind} parameter "${name}" must be ${rules.map(describe).join(' or ')}; got ${formatValue(value)}.`,
        { path: name, value },
      );
    }
  }
}
