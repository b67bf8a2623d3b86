/**
 * Plain-text tables for the terminal: right-aligned numbers, left-aligned text, a header rule.
 * Used by every command that prints rows for people (`--json` prints data for machines instead).
 */

export type Cell = string | number | null | undefined;

export interface TableOptions {
  /** Column indices to right-align (default: columns whose cells are all numbers). */
  readonly alignRight?: readonly number[];
  /** Longest cell text; longer text is cut with "…" (long params such as model lists). Default: none. */
  readonly maxCellWidth?: number;
}

function clip(s: string, max: number | undefined): string {
  return max !== undefined && s.length > max ? `${s.slice(0, Math.max(1, max - 1))}…` : s;
}

function show(c: Cell): string {
  if (c === null || c === undefined) return '–';
  return typeof c === 'number' ? formatNumber(c) : c;
}

/** Readable numbers: thousands separators, at most 4 significant decimals for small values. */
export function formatNumber(v: number, digits?: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (digits !== undefined) return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  const abs = Math.abs(v);
  const d = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 4;
  return v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

export function renderTable(header: readonly string[], rows: readonly (readonly Cell[])[], options: TableOptions = {}): string {
  const text = rows.map((r) => r.map((c) => clip(show(c), options.maxCellWidth)));
  const right = new Set(options.alignRight ?? header.map((_, j) => j).filter((j) => rows.length > 0 && rows.every((r) => typeof r[j] === 'number' || r[j] === null || r[j] === undefined)));
  const widths = header.map((h, j) => Math.max(h.length, ...text.map((r) => (r[j] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, j) => (right.has(j) ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...text.map(line)].join('\n');
}
