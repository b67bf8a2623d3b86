/**
 * Writes a Frame as CSV (streamed, RFC 4180 quoting) or Parquet (DuckDB `COPY` from the CSV with
 * explicit column types, so numbers stay numbers and categories stay text).
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { ConvoptError } from '../core/errors.js';
import { duck, sqlIdent, sqlString } from './duck.js';
import { csvCell } from './csv-cell.js';
import type { Frame } from './frame.js';

export { csvCell };

export async function writeFrameCsv(frame: Frame, path: string): Promise<void> {
  const out = createWriteStream(path);
  const done = new Promise<void>((res, rej) => {
    out.on('finish', res);
    out.on('error', rej);
  });
  try {
    out.write(frame.names.map(csvCell).join(',') + '\n');
    const cols = frame.names.map((n) => frame.column(n));
    const BATCH = 4096;
    for (let start = 0; start < frame.nRows; start += BATCH) {
      let text = '';
      const end = Math.min(start + BATCH, frame.nRows);
      for (let i = start; i < end; i++) {
        for (let j = 0; j < cols.length; j++) {
          const s = cols[j];
          if (j) text += ',';
          if (s.kind === 'numeric') text += Number.isNaN(s.values[i]) ? '' : String(s.values[i]);
          else text += s.codes[i] < 0 ? '' : csvCell(s.levels[s.codes[i]]);
        }
        text += '\n';
      }
      if (!out.write(text)) await new Promise<void>((res) => out.once('drain', () => res()));
    }
    out.end();
    await done;
  } catch (err) {
    out.destroy();
    throw new ConvoptError('IO_ERROR', `Cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)}).`, { file: path, hint: 'Choose a writable output path.', cause: err });
  }
}

export async function writeFrameParquet(frame: Frame, path: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'convopt-pq-'));
  try {
    const csv = join(dir, 'frame.csv');
    await writeFrameCsv(frame, csv);
    const types = frame.names.map((n) => `${sqlString(n)}: '${frame.column(n).kind === 'numeric' ? 'DOUBLE' : 'VARCHAR'}'`).join(', ');
    const conn = await duck();
    const cols = frame.names.map(sqlIdent).join(', ');
    await conn.run(
      `COPY (SELECT ${cols} FROM read_csv(${sqlString(csv)}, header=true, auto_detect=false, quote='"', escape='"', delim=',', columns={${types}})) TO ${sqlString(path)} (FORMAT parquet)`,
    );
  } catch (err) {
    if (err instanceof ConvoptError) throw err;
    throw new ConvoptError('IO_ERROR', `Cannot write ${path}: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`, { file: path, hint: 'Choose a writable output path.', cause: err });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes by extension: `.parquet` → Parquet, anything else → CSV. */
export async function writeFrame(frame: Frame, path: string): Promise<'csv' | 'parquet'> {
  if (extname(path).toLowerCase() === '.parquet') {
    await writeFrameParquet(frame, path);
    return 'parquet';
  }
  await writeFrameCsv(frame, path);
  return 'csv';
}
