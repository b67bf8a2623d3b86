/**
 * Writes rejected rows to a CSV with their row number and the reasons they were rejected, so a
 * person can fix and re-ingest them. Values are written as read (missing cells empty).
 */
import { createWriteStream } from 'node:fs';
import { ConvoptError } from '../core/errors.js';
import type { Frame } from './frame.js';
import type { Issue } from './issues.js';
import { rulesOf } from './validate.js';
import { csvCell } from './write.js';

export async function writeQuarantine(path: string, frame: Frame, rows: readonly number[], reasons: Uint16Array, issues: readonly Issue[]): Promise<void> {
  // Detailed messages per row where the (capped) issue log has them; rule names otherwise.
  const byRow = new Map<number, string[]>();
  for (const i of issues) {
    if (i.severity !== 'error') continue;
    let list = byRow.get(i.row);
    if (!list) byRow.set(i.row, (list = []));
    list.push(`${i.column}: ${i.message} [${i.rule}]`);
  }
  const out = createWriteStream(path);
  const done = new Promise<void>((res, rej) => {
    out.on('finish', res);
    out.on('error', rej);
  });
  try {
    out.write(['_row', '_reasons', ...frame.names].map(csvCell).join(',') + '\n');
    for (const r of rows) {
      const why = byRow.get(r + 1)?.join('; ') ?? rulesOf(reasons[r]).join('; ');
      const cells = [String(r + 1), why, ...frame.names.map((n) => frame.value(r, n))];
      if (!out.write(cells.map(csvCell).join(',') + '\n')) await new Promise<void>((res) => out.once('drain', () => res()));
    }
    out.end();
    await done;
  } catch (err) {
    throw new ConvoptError('IO_ERROR', `Cannot write the quarantine file (${(err as NodeJS.ErrnoException).code ?? String(err)}).`, {
      file: path,
      hint: 'Choose a writable path with --quarantine.',
      cause: err,
    });
  }
}
