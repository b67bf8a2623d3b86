/**
 * One CSV cell, quoted only when needed (delimiters, quotes, line breaks, edge spaces); null/NaN →
 * empty. Pure, so the CLI writers and the browser app share it.
 */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}
