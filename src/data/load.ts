/**
 * `loadAds`: the one entry point that turns a data source (CSV/TSV, XLSX, Parquet file or a
 * PostgreSQL query) into the canonical, validated `Frame` plus an `IngestReport`. Reading, header
 * mapping, validation and the invalid-row policy (fail / drop / quarantine) all happen here, so
 * every command and the server see the same data for the same input.
 */
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConvoptError, formatLocation } from '../core/errors.js';
import type { Frame } from './frame.js';
import { frameHash } from './frame-hash.js';
import { IssueLog, RULES, type IngestReport, type Issue, type OnInvalid, type Rule } from './issues.js';
import { writeQuarantine } from './quarantine.js';
import { readCsv } from './readers/csv.js';
import { readParquet } from './readers/parquet.js';
import { readXlsx } from './readers/xlsx.js';
import { readPostgres, redactUrl } from './readers/postgres.js';
import type { RelationRead } from './readers/duckdb-read.js';
import { CANONICAL_COLUMNS } from './columns.js';
import { rulesOf, validateFrame } from './validate.js';

/** The bundled Kaggle dataset (1,143 ads), resolved from this file (src/data and dist/data are both two levels down). */
export const BUNDLED_DATA_PATH: string = fileURLToPath(new URL('../../data/KAG_conversion_data.csv', import.meta.url));

export interface LoadOptions {
  /** File path (csv/tsv/txt, xlsx, parquet) or a `postgres://` URL; default: the bundled CSV. */
  data?: string;
  /** SQL for a PostgreSQL source (required with a postgres:// URL). */
  query?: string;
  /** XLSX sheet name; default the first sheet. */
  sheet?: string;
  /** User header → canonical column name, e.g. `{"Amount spent (USD)": "Spent"}`. */
  columnMapping?: Record<string, string>;
  /** What to do with rows that break a rule: stop (default), drop them, or drop and write them to a CSV. */
  onInvalid?: OnInvalid;
  /** Where `quarantine` writes rejected rows; default `quarantine.csv` in the working directory. */
  quarantinePath?: string;
  /** `predict`: the outcome columns (Total_Conversion, Approved_Conversion) may be absent. */
  purpose?: 'train' | 'predict';
  /** Rules reported as warnings instead of rejecting rows (used by `convopt clean`, which fixes them). */
  deferRules?: readonly Rule[];
  /** Longest accepted CSV line in bytes (default 1 MiB). */
  maxLineBytes?: number;
}

export interface LoadResult {
  frame: Frame;
  report: IngestReport;
}

export type SourceFormat = IngestReport['format'];

/** Which reader a `--data` value goes to. */
export function detectFormat(data: string): SourceFormat {
  if (/^postgres(ql)?:\/\//i.test(data)) return 'postgres';
  const ext = extname(data).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  if (ext === '.xls') {
    throw new ConvoptError('UNSUPPORTED_FORMAT', 'Legacy .xls workbooks are not supported.', { file: data, hint: 'Save the workbook as .xlsx (Excel: File → Save As → Excel Workbook) or export CSV.' });
  }
  return 'csv';
}

/** Canonical columns first (in canonical order), then extra columns in source order. */
function canonicalOrder(frame: Frame): Frame {
  const names = [...CANONICAL_COLUMNS.filter((c) => frame.has(c)), ...frame.names.filter((c) => !(CANONICAL_COLUMNS as readonly string[]).includes(c))];
  return frame.select(names);
}

async function read(data: string, format: SourceFormat, opts: LoadOptions, log: IssueLog): Promise<RelationRead> {
  const purpose = opts.purpose ?? 'train';
  const mapping = opts.columnMapping ? { columnMapping: opts.columnMapping } : {};
  switch (format) {
    case 'csv':
      return readCsv(data, { purpose, ...mapping, ...(opts.maxLineBytes ? { maxLineBytes: opts.maxLineBytes } : {}) }, log);
    case 'parquet':
      return readParquet(data, { purpose, ...mapping }, log);
    case 'xlsx':
      return readXlsx(data, { purpose, ...mapping, ...(opts.sheet ? { sheet: opts.sheet } : {}) }, log);
    case 'postgres':
      if (!opts.query) {
        throw new ConvoptError('INVALID_ARGUMENT', 'A PostgreSQL source needs a query.', { file: redactUrl(data), path: 'query', hint: 'Add --query "select * from ads" (or data.query in the config).' });
      }
      return readPostgres(data, opts.query, { purpose, ...mapping }, log);
  }
}

/** The first few problems as lines, for error messages and the CLI. */
export function summariseIssues(file: string, issues: readonly Issue[], total: number, max = 5): string {
  const shown = issues.slice(0, max).map((i) => `  - ${formatLocation({ file, row: i.row, column: i.column, value: i.value ?? undefined })}: ${i.message} [${i.rule}]`);
  const rest = total - shown.length;
  return shown.join('\n') + (rest > 0 ? `\n  … and ${rest.toLocaleString('en-US')} more problem${rest === 1 ? '' : 's'}.` : '');
}

/** Reads, maps, validates and applies the invalid-row policy. See `LoadOptions`. */
export async function loadAds(opts: LoadOptions = {}): Promise<LoadResult> {
  const started = performance.now();
  const data = opts.data ?? BUNDLED_DATA_PATH;
  const format = detectFormat(data);
  const source = format === 'postgres' ? redactUrl(data) : data;
  const onInvalid = opts.onInvalid ?? 'fail';
  const purpose = opts.purpose ?? 'train';
  const log = new IssueLog();

  const raw = await read(data, format, opts, log);
  const frame = canonicalOrder(raw.frame);
  const result = validateFrame(frame, log, { purpose, parseFailures: raw.parseFailures, ...(opts.deferRules ? { deferred: opts.deferRules } : {}) });

  // Errors first (in row order), then warnings: the first lines of a report are what must be fixed.
  const issues = [...log.issues].sort((a, b) => (a.severity === b.severity ? a.row - b.row : a.severity === 'error' ? -1 : 1));
  const errorCount = Object.entries(log.counts).reduce((s, [rule, c]) => s + (RULES[rule as Rule].severity === 'error' && !opts.deferRules?.includes(rule as Rule) ? (c ?? 0) : 0), 0);

  if (result.invalidRows > 0 && onInvalid === 'fail') {
    const errors = issues.filter((i) => i.severity === 'error' && !opts.deferRules?.includes(i.rule));
    throw new ConvoptError(
      'INVALID_DATA',
      `${result.invalidRows.toLocaleString('en-US')} of ${frame.nRows.toLocaleString('en-US')} rows break validation rules (${errorCount.toLocaleString('en-US')} problem${errorCount === 1 ? '' : 's'}):\n${summariseIssues(source, errors, errorCount)}`,
      {
        file: source,
        details: errors.slice(0, 100),
        hint: 'Fix these rows, or rerun with --on-invalid drop (skip them) or --on-invalid quarantine --quarantine rejected.csv (skip them and save them with reasons).',
      },
    );
  }

  const dropReasons: Partial<Record<Rule, number>> = {};
  let kept = frame;
  let quarantinePath: string | undefined;
  if (result.invalidRows > 0) {
    const keep = new Uint8Array(frame.nRows);
    const rejected: number[] = [];
    for (let i = 0; i < frame.nRows; i++) {
      const bits = result.reasons[i];
      if (bits === 0) keep[i] = 1;
      else {
        rejected.push(i);
        for (const r of rulesOf(bits)) dropReasons[r] = (dropReasons[r] ?? 0) + 1;
      }
    }
    if (onInvalid === 'quarantine') {
      quarantinePath = resolve(opts.quarantinePath ?? 'quarantine.csv');
      await writeQuarantine(quarantinePath, frame, rejected, result.reasons, log.issues);
    }
    kept = frame.filter(keep);
  }

  // The content hash is a full pass over every value (~60 ms per million rows) that most callers
  // never read: it is computed on first read (the frame is immutable) and kept.
  let hash: string | undefined;
  const report: IngestReport = {
    source,
    format,
    rowsRead: frame.nRows,
    rowsKept: kept.nRows,
    rowsDropped: frame.nRows - kept.nRows,
    dropReasons,
    issues,
    issueCounts: { ...log.counts },
    issuesTruncated: log.truncated,
    onInvalid,
    ...(quarantinePath ? { quarantinePath } : {}),
    columns: kept.names,
    renamed: raw.renamed,
    get dataHash(): string {
      return (hash ??= frameHash(kept));
    },
    durationMs: Math.round(performance.now() - started),
  };
  return { frame: kept, report };
}

