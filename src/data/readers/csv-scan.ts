/**
 * One streaming pass over a delimited text file before DuckDB sees it: sniffs the delimiter and the
 * line endings, and refuses what would otherwise crash, hang or mislead — empty files, binary data,
 * over-long lines (a 200 MB line is read in fixed 1 MiB chunks, never held in memory), rows with the
 * wrong number of fields, and a quoted field still open at the end of the file. Each refusal names
 * the file and row. Memory stays constant whatever the file size.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { ConvoptError } from '../../core/errors.js';

/** Lines longer than this are refused (the longest real row is ~100 bytes). */
export const DEFAULT_MAX_LINE_BYTES = 1 << 20;
const CHUNK = 1 << 20;
/** Delimiters we sniff, in order of preference when counts tie. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export interface CsvScan {
  readonly delimiter: Delimiter;
  readonly header: readonly string[];
  readonly hasBom: boolean;
  /** Dominant line ending; `cr` (old Mac) files need rewriting before DuckDB reads them. */
  readonly lineEnding: 'lf' | 'crlf' | 'cr';
  /** Non-blank data records (header excluded). */
  readonly records: number;
  readonly bytes: number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

function describeDelimiter(d: string): string {
  return d === '\t' ? 'tab' : `"${d}"`;
}

/** Splits one header line on the delimiter, honouring double quotes. */
export function splitHeader(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inQuotes) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else inQuotes = false;
      } else cur += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === delimiter) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** Picks the delimiter that splits the header into the most fields (outside quotes). */
export function sniffDelimiter(headerLine: string): Delimiter | undefined {
  let best: Delimiter | undefined;
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const n = splitHeader(headerLine, d).length - 1;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

function looksBinary(buf: Uint8Array, n: number): boolean {
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i];
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) control++;
  }
  return n > 0 && control / n > 0.05;
}

function magicHint(buf: Uint8Array): string | undefined {
  if (buf[0] === 0x50 && buf[1] === 0x4b) return 'It looks like a ZIP container (an .xlsx workbook?): give it an .xlsx extension.';
  if (buf[0] === 0x50 && buf[1] === 0x41 && buf[2] === 0x52 && buf[3] === 0x31) return 'It looks like a Parquet file: give it a .parquet extension.';
  if (buf[0] === 0x1f && buf[1] === 0x8b) return 'It looks gzip-compressed: decompress it first.';
  return undefined;
}

/**
 * Scans `file` and returns what DuckDB needs to read it, or throws a located ConvoptError.
 */
export function scanCsv(file: string, maxLineBytes = DEFAULT_MAX_LINE_BYTES): CsvScan {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConvoptError(code === 'ENOENT' ? 'NOT_FOUND' : 'UNREADABLE_FILE', code === 'ENOENT' ? 'The data file does not exist.' : `The data file cannot be opened (${code ?? 'unknown error'}).`, {
      file,
      hint: code === 'ENOENT' ? 'Check the path given to --data (relative paths start from the current directory).' : 'Check the file permissions, or pass a different file with --data.',
      cause: err,
    });
  }
  try {
    const buf = new Uint8Array(CHUNK);
    let bytes = 0;
    let first = true;
    let hasBom = false;
    let inQuotes = false;
    let prevQuote = false; // last byte closed a quote (so `""` inside quotes is an escaped quote)
    let lineLen = 0;
    let lineHasContent = false;
    let record = 0; // index of the record being read: 0 = header
    let fields = 1;
    let quoteOpenedAt = 0;
    let lastWasCr = false;
    let crlf = 0;
    let lf = 0;
    let cr = 0;
    const headerBytes: number[] = [];
    let delimiter: Delimiter | undefined;
    let delimByte = -1;
    let headerFields = 0;
    let header: string[] = [];

    const endRecord = (): void => {
      if (record === 0) {
        const line = Buffer.from(headerBytes).toString('utf8').replace(/^\uFEFF/, '');
        if (line.trim() === '') {
          throw new ConvoptError('INVALID_DATA', 'The first line (the header) is blank.', { file, hint: 'The first line must name the columns, e.g. ad_id,xyz_campaign_id,…,Approved_Conversion.' });
        }
        delimiter = sniffDelimiter(line);
        if (!delimiter) {
          throw new ConvoptError('UNSUPPORTED_FORMAT', `The header line ${JSON.stringify(line.slice(0, 80))} has a single column: no known delimiter (comma, semicolon, tab or |) separates the column names.`, {
            file,
            hint: 'Save the file as CSV with commas (or semicolons/tabs) between fields.',
          });
        }
        header = splitHeader(line, delimiter);
        headerFields = header.length;
        delimByte = delimiter.charCodeAt(0);
        record = 1;
        lineHasContent = false;
        fields = 1;
        return;
      }
      if (lineHasContent) {
        if (fields !== headerFields) {
          throw new ConvoptError('INVALID_DATA', `Row has ${fields} fields but the header has ${headerFields} (delimiter ${describeDelimiter(delimiter!)}).`, {
            file,
            row: record,
            hint: 'Fix the row (a stray delimiter or a missing field), or quote fields that contain the delimiter.',
          });
        }
        record++;
      }
      lineHasContent = false;
      fields = 1;
    };

    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, bytes);
      if (n === 0) break;
      let start = 0;
      if (first) {
        first = false;
        if (n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
          hasBom = true;
          start = 3;
        }
        if (looksBinary(buf.subarray(start), Math.min(n - start, 65536))) {
          const hint = magicHint(buf);
          throw new ConvoptError('UNSUPPORTED_FORMAT', 'The file is not text: it contains binary bytes, so it cannot be read as CSV.', {
            file,
            hint: hint ?? 'Export the data as CSV (UTF-8), XLSX or Parquet and pass that file with --data.',
          });
        }
      }
      bytes += n;
      // Hot loop: one pass over the bytes, tracking quote state, fields and line length.
      for (let i = start; i < n; i++) {
        if (!inQuotes && record > 0) {
          // Fast path for the common run of plain bytes in a data row: only count delimiters.
          const from = i;
          let b = buf[i];
          while (b !== LF && b !== CR && b !== QUOTE) {
            if (b === delimByte) fields++;
            if (++i === n) break;
            b = buf[i];
          }
          if (i > from) {
            lineLen += i - from;
            if (lineLen > maxLineBytes) throw tooLong(file, record, maxLineBytes, false);
            lineHasContent = true;
            prevQuote = false;
            lastWasCr = false;
          }
          if (i === n) break;
        }
        const b = buf[i];
        if (record === 0 && b !== LF && b !== CR) headerBytes.push(b);
        if (inQuotes) {
          lineLen++;
          if (b === QUOTE) {
            inQuotes = false;
            prevQuote = true;
          } else if (b === LF || b === CR) {
            lineLen = 0; // an embedded newline starts a new physical line
          }
          if (lineLen > maxLineBytes) throw tooLong(file, record, maxLineBytes, true);
          continue;
        }
        if (b === QUOTE) {
          if (!prevQuote) quoteOpenedAt = record;
          inQuotes = true;
          prevQuote = false;
          lineHasContent = true;
          lineLen++;
          continue;
        }
        prevQuote = false;
        if (b === LF) {
          if (lastWasCr) crlf++;
          else {
            lf++;
            endRecord();
          }
          lastWasCr = false;
          lineLen = 0;
          continue;
        }
        if (b === CR) {
          lastWasCr = true;
          cr++;
          endRecord();
          lineLen = 0;
          continue;
        }
        lastWasCr = false;
        lineLen++;
        if (lineLen > maxLineBytes) throw tooLong(file, record, maxLineBytes, false);
        if (record > 0) {
          lineHasContent = true;
          if (b === delimByte) fields++;
        }
      }
    }
    if (bytes === 0 || (hasBom && bytes === 3)) {
      throw new ConvoptError('INVALID_DATA', 'The file is empty.', { file, hint: 'Pass a CSV with a header line and at least one data row.' });
    }
    if (inQuotes) {
      throw new ConvoptError('INVALID_DATA', 'A quoted field opened here is never closed: the file ends inside quotes (truncated file or a stray ").', {
        file,
        row: quoteOpenedAt,
        hint: 'Close the quote (or double it as "" inside a quoted field), or re-export the complete file.',
      });
    }
    endRecord(); // the last line may lack a newline
    const crOnly = cr - crlf;
    const lineEnding = crlf >= lf && crlf >= crOnly ? (crlf > 0 ? 'crlf' : 'lf') : crOnly > lf ? 'cr' : 'lf';
    return { delimiter: delimiter!, header, hasBom, lineEnding, records: record - 1, bytes };
  } finally {
    closeSync(fd);
  }
}

function tooLong(file: string, record: number, max: number, quoted: boolean): ConvoptError {
  return new ConvoptError(
    'INVALID_DATA',
    `${record === 0 ? 'The header line' : 'A line'} is longer than ${max.toLocaleString('en-US')} bytes${quoted ? ' (inside a quoted field)' : ''}; real ad rows are about 100 bytes, so this is not ad data (or a quote is never closed).`,
    { file, ...(record > 0 ? { row: record } : {}), hint: 'Check the file is the right export; remove the oversized field, or fix the unbalanced quote.' },
  );
}

/** What the quick scan learns: enough for DuckDB to read the file. */
export interface CsvQuickScan {
  readonly delimiter: Delimiter;
  readonly header: readonly string[];
  readonly hasBom: boolean;
  readonly bytes: number;
  /** Data rows expected from the head's line lengths (exact when the head is the whole file), a little over. */
  readonly rowsEstimate: number;
}

/**
 * A fast first pass for the common, plain file — LF line endings, no quote characters, no field
 * ending a line empty — using only native byte searches (memchr) instead of a JS loop over every
 * byte. It checks what DuckDB would not refuse on its own: line lengths, a non-blank header with a
 * known delimiter, at least one data row, no binary head. Field counts are left to DuckDB's strict
 * reader, which rejects short and long rows; the one leniency it has (empty trailing fields, "1,2,"
 * read as two fields) is why a delimiter before a line end sends the file to `scanCsv`.
 * Returns undefined whenever the file is not that plain case (or is unreadable): the caller then
 * runs the full `scanCsv`, which also produces every located error message.
 */
export function quickScanCsv(file: string, maxLineBytes = DEFAULT_MAX_LINE_BYTES): CsvQuickScan | undefined {
  const head = quickScanHead(file, maxLineBytes);
  if (!head) return undefined;
  const rest = quickScanRest(file, maxLineBytes, head);
  for (let step = rest.next(); ; step = rest.next()) if (step.done) return step.value ? head : undefined;
}

/**
 * The head part of `quickScanCsv` (first chunk only: binary bytes, header, delimiter, a data row),
 * so DuckDB can start reading while `quickScanRest` checks the rest of the file.
 */
export function quickScanHead(file: string, maxLineBytes = DEFAULT_MAX_LINE_BYTES): CsvQuickScan | undefined {
  // Lines inside a chunk are then always short enough: only runs across chunks need checking.
  if (maxLineBytes < CHUNK) return undefined;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    const n = readSync(fd, buf, 0, CHUNK, 0);
    if (n === 0) return undefined;
    const hasBom = n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
    const start = hasBom ? 3 : 0;
    if (looksBinary(buf.subarray(start), Math.min(n - start, 65536))) return undefined;
    const head = buf.subarray(0, n); // allocUnsafe: bytes past n are stale
    const headerEnd = head.indexOf(LF, start);
    if (headerEnd < 0 || headerEnd + 1 >= n || head[headerEnd + 1] === LF) return undefined;
    // A CR or quote in the first chunk means the full scan anyway: do not start DuckDB for nothing.
    if (head.indexOf(CR, start) >= 0 || head.indexOf(QUOTE, start) >= 0) return undefined;
    const line = head.toString('utf8', start, headerEnd);
    if (line.trim() === '') return undefined;
    const delimiter = sniffDelimiter(line);
    if (!delimiter) return undefined;
    if (hasDelimiterBeforeLf(head, start, n, delimiter.charCodeAt(0))) return undefined;
    const bytes = statSync(file).size;
    return { delimiter, header: splitHeader(line, delimiter), hasBom, bytes, rowsEstimate: estimateRows(head, headerEnd + 1, bytes) };
  } finally {
    closeSync(fd);
  }
}

const LF_FIRST = new Uint8Array(2);

/**
 * Whether `buf[from..to)` holds the delimiter right before a line feed ("…,\n"). `Buffer.indexOf`
 * of that 2-byte needle is slow here: it memchr's for the needle's first byte, the delimiter, which
 * is every few bytes. With each byte pair swapped (`swap16`, native) an even-aligned "d\n" reads
 * "\nd", whose first byte is only at line ends; odd-aligned ones are even-aligned one byte on. Only
 * even hits count (odd ones straddle two pairs). ~2.4× faster; the bytes are swapped back.
 */
export function hasDelimiterBeforeLf(buf: Buffer, from: number, to: number, delimiter: number): boolean {
  LF_FIRST[0] = LF;
  LF_FIRST[1] = delimiter;
  for (let off = from; off <= from + 1; off++) {
    const len = (to - off) & ~1;
    if (len < 2) continue;
    const pairs = buf.subarray(off, off + len);
    pairs.swap16();
    let found = false;
    for (let p = pairs.indexOf(LF_FIRST); p >= 0; p = pairs.indexOf(LF_FIRST, p + 1)) {
      if ((p & 1) === 0) {
        found = true;
        break;
      }
    }
    pairs.swap16();
    if (found) return true;
  }
  return false;
}

/**
 * Rows after the header (at `from`) in a file of `fileBytes` whose first bytes are `head`: counted
 * in the head, scaled by the average line length to the whole file, plus 2 % and a chunk, so the
 * reader's column arrays rarely need to grow.
 */
function estimateRows(head: Buffer, from: number, fileBytes: number): number {
  let lines = 0;
  let last = from;
  for (let i = head.indexOf(LF, from); i >= 0; i = head.indexOf(LF, i + 1)) {
    lines++;
    last = i + 1;
  }
  if (head.length >= fileBytes) return lines + (last < head.length ? 1 : 0);
  if (lines === 0) return 1 << 16;
  return Math.ceil(((fileBytes - from) / (last - from)) * lines * 1.02) + 2048;
}

/**
 * The rest of `quickScanCsv`: every chunk checked for CR, quotes, a delimiter ending a line and
 * over-long lines. Yields after each chunk (1 MiB) so a caller can interleave other work (DuckDB
 * callbacks); returns whether the file is the plain case.
 */
export function* quickScanRest(file: string, maxLineBytes: number, head: CsvQuickScan): Generator<void, boolean> {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    const delimByte = head.delimiter.charCodeAt(0);
    let bytes = 0;
    let run = 0; // bytes since the last LF (the BOM excluded, as in scanCsv)
    let prevLast = -1;
    let from = head.hasBom ? 3 : 0;
    let n = readSync(fd, buf, 0, CHUNK, 0);
    while (n > 0) {
      const chunk = n === buf.length ? buf : buf.subarray(0, n);
      if (chunk.indexOf(CR, from) >= 0 || chunk.indexOf(QUOTE, from) >= 0 || hasDelimiterBeforeLf(chunk, from, n, delimByte)) return false;
      if (prevLast === delimByte && chunk[from] === LF) return false;
      const first = chunk.indexOf(LF, from);
      if (first < 0) run += n - from;
      else {
        if (run + (first - from) > maxLineBytes) return false;
        run = n - chunk.lastIndexOf(LF) - 1;
      }
      if (run > maxLineBytes) return false;
      prevLast = chunk[n - 1];
      bytes += n;
      yield;
      n = readSync(fd, buf, 0, CHUNK, bytes);
      from = 0;
    }
    // "…,<EOF>": an empty last field (see quickScanCsv); a file that changed size is not trusted.
    return prevLast !== delimByte && bytes === head.bytes;
  } finally {
    closeSync(fd);
  }
}
