/**
 * A content hash of a Frame: column names, kinds, category levels and raw value bytes, in column
 * order. The same data read from CSV, XLSX, Parquet or PostgreSQL hashes the same, so runs can say
 * exactly which data they were trained on.
 */
import { createHash } from 'node:crypto';
import type { Frame } from './frame.js';

export function frameHash(frame: Frame): string {
  const h = createHash('sha256');
  h.update(`rows:${frame.nRows}\n`);
  for (const name of frame.names) {
    const s = frame.column(name);
    h.update(`${JSON.stringify(name)}:${s.kind}\n`);
    if (s.kind === 'numeric') {
      // Float32 columns are widened so equal values hash equally whatever the storage.
      const v = s.values instanceof Float64Array ? s.values : Float64Array.from(s.values);
      h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    } else {
      h.update(`${JSON.stringify(s.levels)}\n`);
      h.update(new Uint8Array(s.codes.buffer, s.codes.byteOffset, s.codes.byteLength));
    }
  }
  return h.digest('hex');
}
