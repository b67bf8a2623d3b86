/**
 * XLSX reader (exceljs; DuckDB's excel extension cannot be downloaded here): the first sheet, or the
 * one named by `sheet`. Row 1 is the header. Formula cells give their cached result, rich text its
 * plain text, so what the user sees in Excel is what we read.
 */
import { existsSync } from 'node:fs';
import { ConvoptError } from '../../core/errors.js';
import type { IssueLog } from '../issues.js';
import type { RelationRead } from './duckdb-read.js';
import { readJsColumns, type Cell } from './js-columns.js';

export interface XlsxReadOptions {
  readonly sheet?: string;
  readonly columnMapping?: Readonly<Record<string, string>>;
  readonly purpose: 'train' | 'predict';
}

/** An exceljs cell value → a plain value. */
function plain(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { result?: unknown; richText?: { text: string }[]; text?: unknown; error?: string };
    if ('result' in o) return plain(o.result);
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if ('text' in o) return plain(o.text);
    if (typeof o.error === 'string') return o.error;
  }
  return String(v);
}

export async function readXlsx(file: string, opts: XlsxReadOptions, log: IssueLog): Promise<RelationRead> {
  if (!existsSync(file)) throw new ConvoptError('NOT_FOUND', 'The data file does not exist.', { file, hint: 'Check the path given to --data.' });
  // Loaded on demand: exceljs is large and only XLSX sources need it.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (err) {
    throw new ConvoptError('UNREADABLE_FILE', `The file cannot be read as an XLSX workbook (${(err instanceof Error ? err.message : String(err)).split('\n')[0]}).`, {
      file,
      hint: 'Check the file is a complete .xlsx workbook; legacy .xls or CSV files need their own extension.',
      cause: err,
    });
  }
  const names = wb.worksheets.map((w) => w.name);
  const ws = opts.sheet === undefined ? wb.worksheets[0] : wb.worksheets.find((w) => w.name === opts.sheet);
  if (!ws) {
    throw new ConvoptError('NOT_FOUND', opts.sheet === undefined ? 'The workbook has no sheets.' : `The workbook has no sheet named "${opts.sheet}".`, {
      file,
      path: 'sheet',
      ...(opts.sheet !== undefined ? { value: opts.sheet } : {}),
      hint: names.length ? `Sheets are: ${names.map((n) => JSON.stringify(n)).join(', ')}. Pass one with --sheet.` : 'Add a sheet with a header row and data.',
    });
  }
  // getSheetValues(): 1-based sparse rows of 1-based sparse cells.
  const rows = ws.getSheetValues() as unknown[][];
  const headerRow = rows[1] ?? [];
  const width = headerRow.length - 1;
  if (width <= 0) throw new ConvoptError('INVALID_DATA', `Sheet "${ws.name}" is empty: row 1 must hold the column names.`, { file, hint: 'Put the header in row 1 and data below it.' });
  const headers = Array.from({ length: width }, (_, j) => {
    const h = plain(headerRow[j + 1]);
    return h === null ? '' : String(h).trim();
  });
  const data: unknown[][] = [];
  for (let r = 2; r < rows.length; r++) {
    const row = rows[r];
    // Blank rows are skipped, as in CSV.
    if (!row || row.every((c) => plain(c) === null || plain(c) === '')) continue;
    data.push(row);
  }
  if (data.length === 0) throw new ConvoptError('INVALID_DATA', `Sheet "${ws.name}" has a header but no data rows.`, { file, hint: 'Add data rows below the header.' });
  return readJsColumns({ file: `${file} [${ws.name}]`, headers, nRows: data.length, cell: (i, j) => plain(data[i][j + 1]) }, opts, log);
}
