/**
 * Test fixture: the bundled KAG CSV read synchronously into a Frame, so feature/model parity tests do
 * not depend on the data loader (a separate module with its own tests). The file has no quoted fields.
 * Not for production input: use `loadAds` from `src/data/load.ts` there.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Frame, frameFromArrays } from '../data/frame.js';

export const KAG_CSV_PATH = fileURLToPath(new URL('../../data/KAG_conversion_data.csv', import.meta.url));

let cached: Frame | undefined;

/** All 1,143 rows of the bundled dataset; age and gender categorical, everything else numeric. */
export function kagFrame(): Frame {
  if (cached) return cached;
  const [header, ...lines] = readFileSync(KAG_CSV_PATH, 'utf8').trim().split(/\r?\n/);
  const names = header.split(',');
  const cols: Record<string, (number | string)[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const line of lines) {
    const cells = line.split(',');
    names.forEach((n, j) => cols[n].push(n === 'age' || n === 'gender' ? cells[j] : Number(cells[j])));
  }
  cached = frameFromArrays(cols);
  return cached;
}
