/**
 * CSV/TSV reader: `scanCsv` checks and sniffs the file (plain LF files get the native-search quick
 * scan instead, overlapped with DuckDB's read, and the full scan only if DuckDB then fails), then
 * DuckDB's `read_csv` parses it with the sniffed delimiter; bad cells are reported, not guessed at.
 * Old-Mac files (CR-only line endings) are rewritten to LF in a temp file first, in chunks.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConvoptError } from '../../core/errors.js';
import { IssueLog } from '../issues.js';
import { sqlString } from '../duck.js';
import { readRelation, type RelationRead } from './duckdb-read.js';
import { DEFAULT_MAX_LINE_BYTES, quickScanHead, quickScanRest, scanCsv } from './csv-scan.js';

export interface CsvReadOptions {
  readonly columnMapping?: Readonly<Record<string, string>>;
  readonly purpose: 'train' | 'predict';
  readonly maxLineBytes?: number;
}

/** Copies `file` to a temp file with every lone CR turned into LF. Returns the path and a cleanup. */
function normaliseCr(file: string): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'convopt-cr-'));
  const out = join(dir, 'data.csv');
  const src = openSync(file, 'r');
  const dst = openSync(out, 'w');
  try {
    const buf = Buffer.alloc(1 << 20);
    let pos = 0;
    for (;;) {
      const n = readSync(src, buf, 0, buf.length, pos);
      if (n === 0) break;
      pos += n;
      for (let i = 0; i < n; i++) if (buf[i] === 0x0d) buf[i] = 0x0a;
      writeSync(dst, buf, 0, n);
    }
  } finally {
    closeSync(src);
    closeSync(dst);
  }
  return { path: out, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs a step-wise check to its end, letting pending callbacks run between steps. */
async function drainYielding(steps: Generator<void, boolean>): Promise<boolean> {
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Pulls DuckDB's line number out of its CSV error text, when present. */
function duckLine(message: string): number | undefined {
  const m = /line[: ]+(\d+)/i.exec(message);
  return m ? Number(m[1]) : undefined;
}

export async function readCsv(file: string, opts: CsvReadOptions, log: IssueLog): Promise<RelationRead & { rowsRead: number }> {
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  // Plain files skip the byte-by-byte JS scan; anything else (and any failure below) gets it.
  const quick = quickScanHead(file, maxLine);
  if (quick) {
    // DuckDB starts reading now, into its own issue log, while the rest of the file is checked
    // between its callbacks; the read is used only if the whole file turns out plain.
    const spec = new IssueLog();
    const reading = readScanned(file, quick.delimiter, quick.header, quick.rowsEstimate, opts, spec).then(
      (read) => ({ read }),
      (err: unknown) => ({ err }),
    );
    const plain = await drainYielding(quickScanRest(file, maxLine, quick));
    const outcome = await reading;
    if (plain) {
      if ('read' in outcome) {
        log.absorb(spec);
        return outcome.read;
      }
      // The full scan names the row of a structural problem (field count, …) that DuckDB found;
      // if it finds none, DuckDB's own (explained) error stands.
      scanCsv(file, maxLine);
      throw outcome.err;
    }
  }
  const scan = scanCsv(file, maxLine);
  if (scan.records === 0) {
    throw new ConvoptError('INVALID_DATA', 'The file has a header but no data rows.', { file, hint: 'Add at least one data row below the header.' });
  }
  const normalised = scan.lineEnding === 'cr' ? normaliseCr(file) : undefined;
  try {
    return await readScanned(normalised?.path ?? file, scan.delimiter, scan.header, scan.records, opts, log, file);
  } finally {
    normalised?.cleanup();
  }
}

/** DuckDB's read of a scanned file (`path` may be a normalised copy of `file`). */
async function readScanned(
  path: string,
  delimiter: string,
  header: readonly string[],
  rowsHint: number,
  opts: CsvReadOptions,
  log: IssueLog,
  file = path,
): Promise<RelationRead & { rowsRead: number }> {
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const relationWith = (numeric: ReadonlySet<string>): string =>
    `read_csv(${sqlString(path)}, delim=${sqlString(delimiter)}, header=true, ` +
    `quote='"', escape='"', auto_detect=false, columns=${columnsStruct(header, numeric)}, ` +
    `max_line_size=${Math.max(maxLine * 2, 2_097_152)}, null_padding=false, parallel=true)`;
  const relation = relationWith(new Set());
  const read = await readRelation(
    {
      relation,
      file,
      purpose: opts.purpose,
      rowsHint,
      typedRelation: relationWith,
      ...(opts.columnMapping ? { columnMapping: opts.columnMapping } : {}),
      explainError: (err) => {
        const msg = err instanceof Error ? err.message : String(err);
        const line = duckLine(msg);
        return new ConvoptError('INVALID_DATA', `The CSV cannot be parsed: ${msg.split('\n')[0]}`, {
          file,
          ...(line !== undefined ? { row: Math.max(line - 1, 1) } : {}),
          hint: 'Check that row for stray quotes or delimiters; re-export the file as UTF-8 CSV.',
          cause: err,
        });
      },
    },
    log,
  );
  return { ...read, rowsRead: read.frame.nRows };
}

/** `{'a': 'VARCHAR', …}` with our own header names, so DuckDB never renames or guesses types. */
function columnsStruct(header: readonly string[], numeric: ReadonlySet<string>): string {
  const seen = new Map<string, number>();
  const names = header.map((h, j) => {
    let name = h === '' ? `column_${j + 1}` : h;
    const k = seen.get(name) ?? 0;
    seen.set(name, k + 1);
    if (k > 0) name = `${name}_${k + 1}`;
    return name;
  });
  return `{${names.map((n) => `${sqlString(n)}: '${numeric.has(n) ? 'DOUBLE' : 'VARCHAR'}'`).join(', ')}}`;
}
