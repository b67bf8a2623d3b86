/**
 * Streamed CSV scoring: reads an upload chunk by chunk, parses each block of rows straight into
 * typed columns, validates and scores the block with the bundle, and yields the scored CSV text
 * block by block. Memory stays bounded by one block whatever the file size. A bad header fails
 * before anything is sent (400); a bad row gets an empty prediction and its reason, with its 1-based
 * row number, in the `error` column, and the other rows are still scored.
 */
import { ConvoptError } from '../../core/errors.js';
import { Frame, type Series } from '../../data/frame.js';
import { CategoricalBuilder, parseNumber } from '../../data/builders.js';
import { splitHeader, sniffDelimiter } from '../../data/readers/csv-scan.js';
import type { ModelBundle } from '../../models/bundle.js';
import { COST_COLUMN, HIGH_COLUMN, LOW_COLUMN, PREDICTION_COLUMN } from '../../pipeline/predict/columns.js';
import { isCategoricalColumn, isKnownColumn } from './inputs.js';
import { IssueList } from './row-issue.js';
import { checkColumns, checkValues, costPerConversion, predictRows } from './score.js';

export interface CsvScoringOptions {
  /** Rows per scored block (default 16,384). */
  readonly blockRows?: number;
  /** Upload size cap in bytes (default 4 GiB); beyond it the stream fails with PAYLOAD_TOO_LARGE. */
  readonly maxBytes?: number;
}

/**
 * Columns appended to every scored row: the same names `convopt predict` writes (the interval's ends
 * only for a model with an interval), plus the row's error.
 */
export function csvOutputColumns(bundle: ModelBundle): string[] {
  return bundle.interval ? [PREDICTION_COLUMN, LOW_COLUMN, HIGH_COLUMN, COST_COLUMN, 'error'] : [PREDICTION_COLUMN, COST_COLUMN, 'error'];
}

/** Counters filled while the stream runs (for logs and metrics). */
export interface CsvScoringStats {
  rows: number;
  scored: number;
  rejected: number;
}

export interface CsvScoring {
  /** The input header, as read. */
  readonly header: readonly string[];
  readonly stats: CsvScoringStats;
  /** The scored CSV, block by block (header line first). */
  readonly output: AsyncGenerator<string>;
}

/**
 * Reads the header (failing with INVALID_DATA if a model input column is missing) and returns the
 * generator that scores the rest of `source`.
 */
export async function openCsvScoring(source: AsyncIterable<Buffer | string>, bundle: ModelBundle, required: readonly string[], options: CsvScoringOptions = {}): Promise<CsvScoring> {
  const blockRows = options.blockRows ?? 16_384;
  const maxBytes = options.maxBytes ?? 4 * 2 ** 30;
  const it = source[Symbol.asyncIterator]();
  const decoder = new TextDecoder('utf-8');
  let bytes = 0;
  let buf = '';
  let done = false;
  const pull = async (): Promise<boolean> => {
    if (done) return false;
    const r = await it.next();
    if (r.done) {
      buf += decoder.decode();
      done = true;
      return false;
    }
    const chunk = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    bytes += chunk.byteLength;
    if (bytes > maxBytes) throw new ConvoptError('PAYLOAD_TOO_LARGE', `The CSV upload exceeds ${maxBytes} bytes.`, { hint: 'Split the file or raise the server limit (--csv-limit).' });
    buf += decoder.decode(chunk, { stream: true });
    return true;
  };

  let nl = buf.indexOf('\n');
  while (nl < 0 && (await pull())) nl = buf.indexOf('\n');
  const headerLine = stripCr(nl < 0 ? buf : buf.slice(0, nl)).replace(/^\uFEFF/, '');
  buf = nl < 0 ? '' : buf.slice(nl + 1);
  if (headerLine.trim() === '') throw new ConvoptError('INVALID_DATA', 'The CSV upload is empty: no header line.', { row: 0, hint: 'Send a CSV whose first line names the columns (age, gender, interest, Spent, …).' });
  const delimiter = sniffDelimiter(headerLine) ?? ',';
  const header = splitHeader(headerLine, delimiter);
  const colIndex = new Map<string, number>();
  header.forEach((h, j) => {
    if (isKnownColumn(h) && !colIndex.has(h)) colIndex.set(h, j);
  });
  checkColumns(new Frame(new Map([...colIndex.keys()].map((c) => [c, { kind: 'numeric', values: new Float64Array(0) } as Series]))), required, 'header');
  const stats: CsvScoringStats = { rows: 0, scored: 0, rejected: 0 };
  const spentAt = colIndex.get('Spent');
  const outColumns = csvOutputColumns(bundle);
  const outHeader = `${headerLine}${delimiter}${outColumns.join(delimiter)}\n`;
  // A rejected row leaves every appended column empty but the last (its error).
  const emptyCells = delimiter.repeat(outColumns.length - 1);
  const interval = bundle.interval;

  async function* output(): AsyncGenerator<string> {
    yield outHeader;
    let lines: string[] = [];
    const flush = (): string => {
      const text = scoreBlock(lines, stats.rows);
      stats.rows += lines.length;
      lines = [];
      return text;
    };
    for (;;) {
      let start = 0;
      let at = buf.indexOf('\n', start);
      while (at >= 0) {
        const line = stripCr(buf.slice(start, at));
        if (line.length > 0) lines.push(line);
        start = at + 1;
        if (lines.length >= blockRows) yield flush();
        at = buf.indexOf('\n', start);
      }
      buf = buf.slice(start);
      if (!(await pull())) break;
    }
    const last = stripCr(buf);
    if (last.length > 0) lines.push(last);
    buf = '';
    if (lines.length > 0) yield flush();
  }

  // Field index → slot of a model column (-1 = not needed), so each line is scanned once and only
  // the needed cells are materialised, straight into typed columns.
  const slots = new Int32Array(header.length).fill(-1);
  const slotNames = [...colIndex.keys()];
  slotNames.forEach((name, k) => (slots[colIndex.get(name)!] = k));
  const slotIsText = slotNames.map(isCategoricalColumn);
  const spentSlot = spentAt === undefined ? -1 : slots[spentAt]!;

  function scoreBlock(block: readonly string[], before: number): string {
    const n = block.length;
    const issues = new IssueList(Number.MAX_SAFE_INTEGER);
    const locate = (r: number, c: string): string => `row ${before + r + 1}, column ${c}`;
    const nums = slotNames.map((_, k) => (slotIsText[k] ? null : new Float64Array(n).fill(NaN)));
    const texts = slotNames.map((_, k) => (slotIsText[k] ? new CategoricalBuilder(n) : null));
    const setCell = (r: number, j: number, raw: string): void => {
      const k = slots[j]!;
      if (k < 0) return;
      const t = texts[k];
      if (t) {
        const v = raw.trim();
        t.push(v === '' ? null : v);
        return;
      }
      const v = parseNumber(raw);
      nums[k]![r] = v;
      if (Number.isNaN(v) && raw.trim() !== '') issues.add({ path: locate(r, slotNames[k]!), row: before + r + 1, column: slotNames[k]!, value: raw, reason: `expected a number, got ${JSON.stringify(raw.slice(0, 40))}` });
    };
    for (let r = 0; r < n; r++) {
      const line = block[r]!;
      let fields = 0;
      if (line.includes('"')) {
        const f = splitHeader(line, delimiter);
        fields = f.length;
        for (let j = 0; j < Math.min(f.length, header.length); j++) setCell(r, j, f[j]!);
      } else {
        let pos = 0;
        for (;;) {
          const at = line.indexOf(delimiter, pos);
          const endAt = at < 0 ? line.length : at;
          if (fields < header.length && slots[fields]! >= 0) setCell(r, fields, line.slice(pos, endAt));
          fields++;
          if (at < 0) break;
          pos = at + 1;
        }
      }
      // Short rows: the missing text cells still need a (missing) entry to keep columns aligned.
      for (let k = 0; k < texts.length; k++) if (texts[k] && texts[k]!.length < r + 1) texts[k]!.push(null);
      if (fields !== header.length) issues.add({ path: `row ${before + r + 1}`, row: before + r + 1, reason: `row has ${fields} fields but the header has ${header.length}` });
    }
    const series = new Map<string, Series>();
    slotNames.forEach((name, k) => series.set(name, texts[k] ? texts[k]!.finish() : { kind: 'numeric', values: nums[k]! }));
    const frame = new Frame(series);
    checkValues(frame, required, locate, issues, before);
    const reasons = new Map<number, string[]>();
    for (const is of issues.items) {
      const list = reasons.get(is.row! - before - 1) ?? [];
      list.push(is.column ? `${is.column}: ${is.reason}` : is.reason);
      reasons.set(is.row! - before - 1, list);
    }
    const scored = predictRows(bundle, frame, (r) => reasons.has(r));
    for (const [r, e] of scored.rowErrors) reasons.set(r, [e.column ? `${e.column}: ${e.reason}` : e.reason]);
    const spent = spentSlot >= 0 ? nums[spentSlot] : null;
    const out: string[] = new Array<string>(n);
    for (let r = 0; r < n; r++) {
      const why = reasons.get(r);
      if (why) {
        stats.rejected++;
        out[r] = `${block[r]}${emptyCells}${delimiter}${csvText(`row ${before + r + 1}: ${why.join('; ')}`)}\n`;
        continue;
      }
      stats.scored++;
      const p = scored.predictions[r]!;
      const cost = spent ? costPerConversion(spent[r]!, p) : null;
      const bounds = interval ? `${delimiter}${interval.low(p)}${delimiter}${interval.high(p)}` : '';
      out[r] = `${block[r]}${delimiter}${p}${bounds}${delimiter}${cost === null ? '' : cost}${delimiter}\n`;
    }
    return out.join('');
  }

  return { header, stats, output: output() };
}

function stripCr(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}

function csvText(s: string): string {
  return `"${s.replace(/"/g, '""').replace(/[\r\n]+/g, ' ')}"`;
}
