/**
 * Number formatting for the HTML report: thousands separators, a sensible number of decimals by
 * magnitude, percentages, and p-values in scientific notation when tiny. Missing → an en dash.
 */

const DASH = '–';

/** Integers with separators; other numbers with up to `digits` decimals (fewer when large). */
export function fmtNumber(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  const abs = Math.abs(v);
  const d = abs >= 1000 ? Math.min(digits, 1) : abs >= 1 ? digits : Math.max(digits, 3);
  return v.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: d });
}

/** A ratio as a percentage, e.g. 0.01234 → "1.23%". */
export function fmtPercent(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return `${(v * 100).toFixed(digits)}%`;
}

/** Money with two decimals. */
export function fmtMoney(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A p-value: "< 1e-300" at underflow, scientific below 0.001, else 4 decimals. */
export function fmtPValue(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return DASH;
  if (p === 0) return '< 1e-300';
  if (p < 0.001) return p.toExponential(2);
  return p.toFixed(4);
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
