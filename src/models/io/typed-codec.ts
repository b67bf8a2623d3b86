/**
 * Typed arrays inside model JSON: encoded as base64 of their little-endian bytes, so a saved model is
 * compact and reloads bit-for-bit (decimal text would round floats).
 */
import { ConvoptError } from '../../core/errors.js';

export interface EncodedArray {
  readonly dtype: 'f64' | 'f32' | 'i32' | 'u32' | 'u8' | 'i8' | 'u16';
  readonly length: number;
  readonly b64: string;
}

type Typed = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array | Int8Array | Uint16Array;

const CTORS = {
  f64: Float64Array,
  f32: Float32Array,
  i32: Int32Array,
  u32: Uint32Array,
  u8: Uint8Array,
  i8: Int8Array,
  u16: Uint16Array,
} as const;

function dtypeOf(a: Typed): EncodedArray['dtype'] {
  if (a instanceof Float64Array) return 'f64';
  if (a instanceof Float32Array) return 'f32';
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Uint32Array) return 'u32';
  if (a instanceof Uint8Array) return 'u8';
  if (a instanceof Int8Array) return 'i8';
  return 'u16';
}

export function encodeArray(a: Typed): EncodedArray {
  return { dtype: dtypeOf(a), length: a.length, b64: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64') };
}

export function decodeArray<D extends EncodedArray['dtype']>(e: EncodedArray, expected?: D): InstanceType<(typeof CTORS)[D]> {
  if (!e || typeof e !== 'object' || !(e.dtype in CTORS) || typeof e.b64 !== 'string') {
    throw new ConvoptError('MODEL_FORMAT', 'Model file holds a malformed array (expected {dtype, length, b64}).', { hint: 'The file is corrupted or was not written by convopt; retrain or restore it.' });
  }
  if (expected && e.dtype !== expected) throw new ConvoptError('MODEL_FORMAT', `Model array has dtype ${e.dtype}; expected ${expected}.`);
  const Ctor = CTORS[e.dtype];
  const bytes = Buffer.from(e.b64, 'base64');
  if (bytes.byteLength !== e.length * Ctor.BYTES_PER_ELEMENT) {
    throw new ConvoptError('MODEL_FORMAT', `Model array is truncated: ${bytes.byteLength} bytes for ${e.length} × ${e.dtype}.`, { hint: 'The model file is corrupted; retrain or restore it.' });
  }
  const out = new Ctor(e.length);
  new Uint8Array(out.buffer).set(bytes);
  return out as InstanceType<(typeof CTORS)[D]>;
}
