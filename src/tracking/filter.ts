/**
 * The run search language, parsed once into an AST that every backend compiles (see
 * `sql/filter-sql.ts`). Grammar (keywords case-insensitive):
 *
 *   filter     := comparison ( AND comparison )*
 *   comparison := entity op value
 *   entity     := metrics.KEY | params.KEY | tags.KEY | [attributes.]ATTR
 *   ATTR       := status | name | run_id | experiment_id | git_commit | start_time | end_time
 *   op         := = | != | <> | < | <= | > | >= | LIKE | ILIKE | IN | NOT IN
 *   value      := 'text' | "text" | number | ( value, … )
 *
 * KEY may be quoted with backticks for unusual characters: metrics.`val-r2`. Metrics and the time
 * attributes compare as numbers; params, tags and the other attributes as text (=, !=, LIKE, ILIKE,
 * IN, NOT IN). Order clauses use the same entities: `metrics.r2 desc`, `start_time`.
 *
 *   metrics.r2 > 0.7 and params.model = 'RandomForestRegressor' and status = 'FINISHED'
 */
import { ConvoptError } from '../core/errors.js';

export type EntityKind = 'metric' | 'param' | 'tag' | 'attribute';
export type Comparator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN';

export interface Entity {
  readonly kind: EntityKind;
  readonly key: string;
}

export interface Comparison {
  readonly entity: Entity;
  readonly op: Comparator;
  readonly value: string | number | readonly (string | number)[];
}

/** A filter is a conjunction of comparisons (an empty list matches everything). */
export type FilterAst = readonly Comparison[];

export interface OrderClause {
  readonly entity: Entity;
  readonly descending: boolean;
}

export const NUMERIC_ATTRIBUTES = ['start_time', 'end_time'] as const;
export const TEXT_ATTRIBUTES = ['status', 'name', 'run_id', 'experiment_id', 'git_commit'] as const;
const ATTRIBUTES: readonly string[] = [...NUMERIC_ATTRIBUTES, ...TEXT_ATTRIBUTES];
const ATTRIBUTE_ALIASES: Record<string, string> = { run_name: 'name', status: 'status', start: 'start_time', end: 'end_time' };
const PREFIXES: Record<string, EntityKind> = {
  metric: 'metric', metrics: 'metric', param: 'param', params: 'param', parameter: 'param', parameters: 'param',
  tag: 'tag', tags: 'tag', attribute: 'attribute', attributes: 'attribute', attr: 'attribute', run: 'attribute',
};

type Token =
  | { t: 'word'; v: string; at: number }
  | { t: 'str'; v: string; at: number }
  | { t: 'num'; v: number; at: number }
  | { t: 'op'; v: string; at: number }
  | { t: 'punct'; v: '(' | ')' | ',' | '.'; at: number }
  | { t: 'quoted'; v: string; at: number };

function fail(kind: 'filter' | 'orderBy', source: string, at: number, what: string): never {
  const caret = `${source}\n${' '.repeat(Math.max(0, at))}^`;
  throw new ConvoptError('INVALID_PARAMETER', `Cannot read the ${kind === 'filter' ? 'run filter' : 'order clause'}: ${what} at position ${at + 1}:\n${caret}`, {
    path: kind,
    value: source,
    hint:
      kind === 'filter'
        ? `Write comparisons joined by "and", e.g. metrics.r2 > 0.7 and params.model = 'Ridge' and status = 'FINISHED'. Quote text values with single quotes.`
        : 'Write an entity and an optional direction, e.g. "metrics.r2 desc" or "start_time asc".',
  });
}

function tokenize(kind: 'filter' | 'orderBy', s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      let v = '';
      while (j < s.length) {
        if (s[j] === c && s[j + 1] === c) {
          v += c;
          j += 2;
        } else if (s[j] === c) break;
        else v += s[j++];
      }
      if (j >= s.length) fail(kind, s, i, `unterminated ${c} quote`);
      out.push({ t: c === '`' ? 'quoted' : 'str', v, at: i });
      i = j + 1;
    } else if (/[0-9]/.test(c) || ((c === '-' || c === '+') && /[0-9.]/.test(s[i + 1] ?? '')) || (c === '.' && /[0-9]/.test(s[i + 1] ?? '') && out[out.length - 1]?.t !== 'word')) {
      const m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s.slice(i));
      if (!m) fail(kind, s, i, 'a malformed number');
      out.push({ t: 'num', v: Number(m[0]), at: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_\-:/]*/.exec(s.slice(i))!;
      out.push({ t: 'word', v: m[0], at: i });
      i += m[0].length;
    } else if ('<>!='.includes(c)) {
      const two = s.slice(i, i + 2);
      const op = ['<=', '>=', '!=', '<>', '=='].includes(two) ? two : c;
      if (op === '!') fail(kind, s, i, 'a lone "!" (did you mean "!="?)');
      out.push({ t: 'op', v: op === '<>' ? '!=' : op === '==' ? '=' : op, at: i });
      i += op.length;
    } else if ('(),.'.includes(c)) {
      out.push({ t: 'punct', v: c as '(' | ')' | ',' | '.', at: i });
      i++;
    } else fail(kind, s, i, `an unexpected character ${JSON.stringify(c)}`);
  }
  return out;
}

class Cursor {
  i = 0;
  constructor(
    readonly kind: 'filter' | 'orderBy',
    readonly src: string,
    readonly toks: Token[],
  ) {}
  peek(): Token | undefined {
    return this.toks[this.i];
  }
  next(): Token | undefined {
    return this.toks[this.i++];
  }
  pos(): number {
    return this.peek()?.at ?? this.src.length;
  }
  fail(what: string): never {
    fail(this.kind, this.src, this.pos(), what);
  }
  isWord(w: string): boolean {
    const t = this.peek();
    return t?.t === 'word' && t.v.toLowerCase() === w;
  }
}

function parseEntity(c: Cursor): Entity {
  const first = c.next();
  if (!first || (first.t !== 'word' && first.t !== 'quoted')) {
    c.i--;
    c.fail('expected an entity such as metrics.r2, params.model or status');
  }
  const head = first.v.toLowerCase();
  const dot = c.peek();
  if (first.t === 'word' && dot?.t === 'punct' && dot.v === '.' && PREFIXES[head]) {
    c.next();
    const keyTok = c.next();
    if (!keyTok || (keyTok.t !== 'word' && keyTok.t !== 'quoted' && keyTok.t !== 'str')) {
      c.i--;
      c.fail(`expected a key after "${first.v}."`);
    }
    let key = String(keyTok.v);
    // Unquoted keys may contain dots (metrics.cv.r2): glue word.word sequences back together.
    while (keyTok.t === 'word' && c.peek()?.t === 'punct' && c.peek()!.v === '.' && c.toks[c.i + 1]?.t === 'word') {
      c.next();
      key += `.${String(c.next()!.v)}`;
    }
    const kind = PREFIXES[head];
    if (kind === 'attribute') return attribute(c, key, keyTok.at);
    return { kind, key };
  }
  if (first.t === 'word') return attribute(c, first.v, first.at);
  c.i--;
  return c.fail('expected an entity such as metrics.r2, params.model or status');
}

function attribute(c: Cursor, name: string, at: number): Entity {
  const key = ATTRIBUTE_ALIASES[name.toLowerCase()] ?? name.toLowerCase();
  if (!ATTRIBUTES.includes(key)) {
    fail(c.kind, c.src, at, `unknown attribute "${name}" (known: ${ATTRIBUTES.join(', ')}; use metrics.X, params.X or tags.X for logged values)`);
  }
  return { kind: 'attribute', key };
}

export function isNumericEntity(e: Entity): boolean {
  return e.kind === 'metric' || (e.kind === 'attribute' && (NUMERIC_ATTRIBUTES as readonly string[]).includes(e.key));
}

function parseValue(c: Cursor): string | number {
  const t = c.next();
  if (t?.t === 'str' || t?.t === 'num') return t.v;
  c.i--;
  return c.fail("expected a value: a number or a quoted text like 'FINISHED'");
}

function parseComparison(c: Cursor): Comparison {
  const entity = parseEntity(c);
  const t = c.next();
  let op: Comparator;
  if (t?.t === 'op') op = t.v as Comparator;
  else if (t?.t === 'word' && ['like', 'ilike', 'in'].includes(t.v.toLowerCase())) op = t.v.toUpperCase() as Comparator;
  else if (t?.t === 'word' && t.v.toLowerCase() === 'not' && c.isWord('in')) {
    c.next();
    op = 'NOT IN';
  } else {
    c.i--;
    return c.fail('expected a comparison operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN)');
  }
  const numeric = isNumericEntity(entity);
  const opAt = t.at;
  let value: Comparison['value'];
  if (op === 'IN' || op === 'NOT IN') {
    const open = c.next();
    if (open?.t !== 'punct' || open.v !== '(') {
      c.i--;
      c.fail(`expected "(" after ${op}`);
    }
    const list: (string | number)[] = [parseValue(c)];
    while (c.peek()?.t === 'punct' && c.peek()!.v === ',') {
      c.next();
      list.push(parseValue(c));
    }
    const close = c.next();
    if (close?.t !== 'punct' || close.v !== ')') {
      c.i--;
      c.fail('expected "," or ")" in the value list');
    }
    value = list;
  } else value = parseValue(c);
  const values = Array.isArray(value) ? value : [value];
  if (numeric) {
    if (op === 'LIKE' || op === 'ILIKE') fail(c.kind, c.src, opAt, `${op} needs a text entity, but ${describe(entity)} is a number`);
    if (values.some((v) => typeof v !== 'number')) fail(c.kind, c.src, opAt, `${describe(entity)} is a number; compare it with a number, not text`);
  } else {
    if (['<', '<=', '>', '>='].includes(op)) fail(c.kind, c.src, opAt, `${describe(entity)} is text; use =, !=, LIKE, ILIKE, IN or NOT IN`);
    if (values.some((v) => typeof v !== 'string')) fail(c.kind, c.src, opAt, `${describe(entity)} is text; quote the value, e.g. '${String(values[0])}'`);
  }
  return { entity, op, value };
}

function describe(e: Entity): string {
  return e.kind === 'attribute' ? e.key : `${e.kind}s.${e.key}`;
}

/** Parses a filter string into its AST. Empty/blank → matches everything. INVALID_PARAMETER with a caret on errors. */
export function parseFilter(source: string | undefined): FilterAst {
  if (!source || !source.trim()) return [];
  const c = new Cursor('filter', source, tokenize('filter', source));
  const out: Comparison[] = [parseComparison(c)];
  while (c.peek()) {
    if (!c.isWord('and')) {
      if (c.isWord('or')) c.fail('"or" is not supported; run two searches or use IN (…)');
      c.fail('expected "and" between comparisons');
    }
    c.next();
    out.push(parseComparison(c));
  }
  return out;
}

/** Parses `metrics.r2 desc` / `start_time` (ascending by default). */
export function parseOrderBy(source: string): OrderClause {
  const c = new Cursor('orderBy', source, tokenize('orderBy', source));
  const entity = parseEntity(c);
  let descending = false;
  if (c.isWord('desc')) {
    c.next();
    descending = true;
  } else if (c.isWord('asc')) c.next();
  if (c.peek()) c.fail('expected "asc", "desc" or the end of the clause');
  return { entity, descending };
}
