/**
 * A minimal WebAssembly binary writer, so the SIMD kernels (simd-gram.ts) are built from the source in
 * this repository at load time rather than shipped as an opaque binary. It covers only what those
 * kernels use: i32 and v128 locals, one exported memory, structured loops, f64 and f64x2 arithmetic.
 * Encoding per the WebAssembly core spec (binary format) and the fixed-width SIMD proposal.
 */

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = number;

/** Unsigned LEB128. */
export function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 (32-bit values). */
export function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function name(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

const simd = (op: number): number[] => [0xfd, ...uleb(op)];

/** Instructions, each as its encoded bytes. Memory accesses take a static byte offset. */
export const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  i32Const: (v: number) => [0x41, ...sleb(v)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32LtU: [0x49],
  i32LeU: [0x4d],
  /** `block` / `loop` with no result. */
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  end: [0x0b],
  f64Load: (offset = 0) => [0x2b, 3, ...uleb(offset)],
  f64Store: (offset = 0) => [0x39, 3, ...uleb(offset)],
  f64Add: [0xa0],
  f64Sub: [0xa1],
  f64Mul: [0xa2],
  v128Load: (offset = 0) => [...simd(0x00), 4, ...uleb(offset)],
  v128Store: (offset = 0) => [...simd(0x0b), 4, ...uleb(offset)],
  f64x2Splat: simd(0x14),
  f64x2ExtractLane: (lane: number) => [...simd(0x21), lane],
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
  /** pmin / pmax: b < a ? b : a and a < b ? b : a (one minpd / maxpd on x64, unlike min / max). */
  f64x2Pmin: simd(0xf6),
  f64x2Pmax: simd(0xf7),
  f64x2Lt: simd(0x49),
  f64x2Gt: simd(0x4a),
  v128Bitselect: simd(0x52),
  i64x2Add: simd(0xce),
  i64x2Shl: simd(0xcb),
  /** v128.const with the 64-bit integer v in both lanes (0 ≤ v < 2^31). */
  i64x2Const: (v: number) => [...simd(0x0c), ...[v, 0, v, 0].flatMap((x) => [x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, x >>> 24])],
} as const;

export interface WasmFunction {
  readonly name: string;
  readonly params: readonly ValType[];
  /** Extra locals after the parameters, in order. */
  readonly locals: readonly ValType[];
  /** The body's instructions (the final `end` is added). */
  readonly body: readonly (readonly number[])[];
}

/** A module with one exported memory ("memory", `pages` × 64 KiB initially) and the given exported functions (no results). */
/** The slice of the WebAssembly JS API used here (TypeScript's lib for Node does not declare it). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  // No grow(): growing detaches the buffer, which slows every typed array in the isolate (simdKernels).
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}

/** Compiles and instantiates `bytes` synchronously (the modules are a few hundred bytes); their exports. */
export function instantiate(bytes: Uint8Array): Record<string, unknown> {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm) throw new Error('WebAssembly is not available');
  return new wasm.Instance(new wasm.Module(bytes), {}).exports;
}

export function assemble(functions: readonly WasmFunction[], pages: number): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), 0]);
  const code = functions.map((f) => {
    // Consecutive locals of one type share an entry.
    const groups: number[][] = [];
    for (let i = 0; i < f.locals.length; ) {
      let k = i;
      while (k < f.locals.length && f.locals[k] === f.locals[i]) k++;
      groups.push([...uleb(k - i), f.locals[i]]);
      i = k;
    }
    const body = [...vec(groups), ...f.body.flat(), ...op.end];
    return [...uleb(body.length), ...body];
  });
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(5, vec([[0x00, ...uleb(pages)]])),
    ...section(7, vec([[...name('memory'), 0x02, 0], ...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])])),
    ...section(10, vec(code)),
  ];
  return Uint8Array.from(bytes);
}
