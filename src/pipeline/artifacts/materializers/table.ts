/**
 * Table materializer: a `Frame` as one binary file — a 4-byte little-endian header length, a JSON
 * header (format, nRows, columns with kind/dtype/levels/offset/length), then each column's raw
 * little-endian bytes, 8-byte aligned.
 *
 * Why not Parquet: the pipeline writes and re-reads every intermediate table, and this layout
 * round-trips Float64Array/Int32Array columns bit-exactly (NaN payloads included) with one copy and
 * no DuckDB connection in the hot path (worker threads use it too). Exporting to Parquet for users is
 * the data module's job; this file is internal to the pipeline cache.
 */
import { Frame, type Series } from '../../../data/frame.js';
import { ConvoptError } from '../../../core/errors.js';
import type { Materializer } from './materializer.js';

const FORMAT = 'convopt-frame';

interface ColumnHeader {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  readonly dtype: 'float64' | 'float32' | 'int32';
  readonly levels?: readonly string[];
  readonly offset: number;
  readonly byteLength: number;
}

function corrupt(reason: string): never {
  throw new ConvoptError('MODEL_FORMAT', `Stored table artifact is unreadable: ${reason}.`, { hint: 'Re-run the pipeline with --no-cache to rebuild it.' });
}

/** Frame ↔ bytes. */
export const tableMaterializer: Materializer<Frame> = {
  type: 'table',
  version: 1,
  kind: 'table',
  mediaType: 'application/vnd.convopt.frame',
  save(frame) {
    const columns: ColumnHeader[] = [];
    const chunks: Uint8Array[] = [];
    let offset = 0;
    for (const name of frame.names) {
      const s = frame.column(name);
      const arr = s.kind === 'numeric' ? s.values : s.codes;
      const dtype = arr instanceof Float64Array ? 'float64' : arr instanceof Float32Array ? 'float32' : 'int32';
      const bytes = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
      columns.push({ name, kind: s.kind, dtype, ...(s.kind === 'categorical' ? { levels: s.levels } : {}), offset, byteLength: bytes.byteLength });
      chunks.push(bytes);
      const pad = (8 - (bytes.byteLength % 8)) % 8;
      if (pad) chunks.push(new Uint8Array(pad));
      offset += bytes.byteLength + pad;
    }
    const header = Buffer.from(JSON.stringify({ format: FORMAT, version: 1, nRows: frame.nRows, columns }), 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32LE(header.byteLength, 0);
    const headPad = Buffer.alloc((8 - ((4 + header.byteLength) % 8)) % 8, 0x20);
    return Buffer.concat([len, header, headPad, ...chunks]);
  },
  load(bytes) {
    if (bytes.byteLength < 4) corrupt('too short');
    const hlen = bytes.readUInt32LE(0);
    if (4 + hlen > bytes.byteLength) corrupt('header length beyond end of file');
    let head: { format: string; nRows: number; columns: ColumnHeader[] };
    try {
      head = JSON.parse(bytes.subarray(4, 4 + hlen).toString('utf8')) as typeof head;
    } catch {
      corrupt('header is not JSON');
    }
    if (head.format !== FORMAT) corrupt(`format is ${JSON.stringify(head.format)}, not ${FORMAT}`);
    const base = 4 + hlen + ((8 - ((4 + hlen) % 8)) % 8);
    const map = new Map<string, Series>();
    for (const c of head.columns) {
      const start = base + c.offset;
      if (start + c.byteLength > bytes.byteLength) corrupt(`column ${c.name} runs past the end`);
      // Copy into a fresh, aligned buffer: the input Buffer may sit at any offset of a pooled slab.
      const raw = new Uint8Array(c.byteLength);
      raw.set(bytes.subarray(start, start + c.byteLength));
      if (c.kind === 'numeric') {
        map.set(c.name, { kind: 'numeric', values: c.dtype === 'float32' ? new Float32Array(raw.buffer) : new Float64Array(raw.buffer) });
      } else {
        map.set(c.name, { kind: 'categorical', codes: new Int32Array(raw.buffer), levels: c.levels ?? [] });
      }
    }
    const frame = new Frame(map);
    if (frame.names.length && frame.nRows !== head.nRows) corrupt('row count mismatch');
    return frame;
  },
};
