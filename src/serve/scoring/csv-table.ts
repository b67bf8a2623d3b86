/**
 * A small CSV body (MLflow's `text/csv` input to `/invocations`) as a typed table: header names the
 * columns, numeric cells go through the ingest number parser, and unparsable cells become issues
 * located by 1-based row and column name.
 */
import { ConvoptError } from '../../core/errors.js';
import { Frame, type Series } from '../../data/frame.js';
import { CategoricalBuilder, parseNumber } from '../../data/builders.js';
import { splitHeader, sniffDelimiter } from '../../data/readers/csv-scan.js';
import { isCategoricalColumn, isKnownColumn } from './inputs.js';
import type { JsonTable } from './json-table.js';
import { IssueList } from './row-issue.js';
import { MAX_JSON_ROWS } from './json-table.js';

export function parseCsvText(text: string): JsonTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.length > 0);
  if (lines.length === 0) throw new ConvoptError('INVALID_DATA', 'The CSV body is empty: no header line.', { path: 'body', hint: 'Send a header line naming the columns, then one line per ad.' });
  if (lines.length - 1 > MAX_JSON_ROWS) throw new ConvoptError('PAYLOAD_TOO_LARGE', `Too many rows: ${lines.length - 1} (at most ${MAX_JSON_ROWS}).`, { path: 'body', hint: 'Use POST /api/v1/predict/csv for large files (streamed).' });
  const delimiter = sniffDelimiter(lines[0]!) ?? ',';
  const header = splitHeader(lines[0]!, delimiter);
  const rows = lines.slice(1).map((l) => (l.includes('"') ? splitHeader(l, delimiter) : l.split(delimiter)));
  const issues = new IssueList();
  const pathOf = (r: number, c: string): string => `row ${r + 1}, column ${c}`;
  rows.forEach((f, r) => {
    if (f.length !== header.length) issues.add({ path: `row ${r + 1}`, row: r + 1, reason: `row has ${f.length} fields but the header has ${header.length}` });
  });
  const series = new Map<string, Series>();
  header.forEach((name, j) => {
    if (!isKnownColumn(name) || series.has(name)) return;
    if (isCategoricalColumn(name)) {
      const b = new CategoricalBuilder(rows.length);
      for (const f of rows) {
        const v = (f[j] ?? '').trim();
        b.push(v === '' ? null : v);
      }
      series.set(name, b.finish());
      return;
    }
    const out = new Float64Array(rows.length);
    rows.forEach((f, r) => {
      const raw = f[j] ?? '';
      out[r] = parseNumber(raw);
      if (Number.isNaN(out[r]) && raw.trim() !== '') issues.add({ path: pathOf(r, name), row: r + 1, column: name, value: raw, reason: 'expected a number' });
    });
    series.set(name, { kind: 'numeric', values: out });
  });
  return { frame: new Frame(series), issues, pathOf, columnsPath: 'header' };
}
