/**
 * Compiles the parsed run filter and order clauses (`../filter.ts`) to SQL over the `runs r` table.
 * Metric/param/tag conditions become `run_id IN (…)` sub-queries on `latest_metrics` / `params` /
 * `tags` (indexed on key, value), so a filter never multiplies rows. Values are always bound parameters.
 */
import type { Comparison, Entity, FilterAst, OrderClause } from '../filter.js';
import type { SqlDriver, SqlValue } from './driver.js';

export interface SqlFragment {
  readonly sql: string;
  readonly params: SqlValue[];
}

const CHILD_TABLE = { metric: 'latest_metrics', param: 'params', tag: 'tags' } as const;

function condition(driver: SqlDriver, column: string, c: Comparison): SqlFragment {
  const values = Array.isArray(c.value) ? c.value : [c.value];
  switch (c.op) {
    case 'IN':
    case 'NOT IN':
      return { sql: `${column} ${c.op} (${values.map(() => '?').join(', ')})`, params: [...values] };
    case 'ILIKE':
      return { sql: driver.ilike(column), params: [values[0]] };
    default:
      return { sql: `${column} ${c.op} ?`, params: [values[0]] };
  }
}

export function compileFilter(driver: SqlDriver, ast: FilterAst): SqlFragment {
  const parts: string[] = [];
  const params: SqlValue[] = [];
  for (const c of ast) {
    if (c.entity.kind === 'attribute') {
      const f = condition(driver, `r.${c.entity.key}`, c);
      parts.push(f.sql);
      params.push(...f.params);
    } else {
      const table = CHILD_TABLE[c.entity.kind];
      const f = condition(driver, 'x.value', c);
      // IN (uncorrelated) rather than EXISTS lets the planner start from the (key, value) index.
      parts.push(`r.run_id IN (SELECT x.run_id FROM ${table} x WHERE x.key = ? AND ${f.sql})`);
      params.push(c.entity.key, ...f.params);
    }
  }
  return { sql: parts.length ? parts.join(' AND ') : '1 = 1', params };
}

function orderExpr(e: Entity): SqlFragment {
  if (e.kind === 'attribute') return { sql: `r.${e.key}`, params: [] };
  return { sql: `(SELECT x.value FROM ${CHILD_TABLE[e.kind]} x WHERE x.run_id = r.run_id AND x.key = ?)`, params: [e.key] };
}

/** ORDER BY with missing values last and a stable tie-break (newest first, then id). */
export function compileOrderBy(clauses: readonly OrderClause[]): SqlFragment {
  const parts: string[] = [];
  const params: SqlValue[] = [];
  for (const c of clauses) {
    const e = orderExpr(c.entity);
    parts.push(`${e.sql} ${c.descending ? 'DESC' : 'ASC'} NULLS LAST`);
    params.push(...e.params);
  }
  parts.push('r.start_time DESC', 'r.run_id ASC');
  return { sql: parts.join(', '), params };
}
