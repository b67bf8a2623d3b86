/**
 * A minimal WebAssembly binary writer, so our kernels (the linear solvers' SIMD Grams, the trees' and
 * the histogram gradient boosting's hot loops) are built from the source in this repository at load
 * time rather than shipped as an opaque binary. It covers only what those kernels use: i32, i64, f64
 * and v128 locals, one memory (exported, or imported and possibly shared between threads), structured
 * loops, scalar loads and stores, bulk memory, f64 and f64x2 arithmetic. Encoding per the WebAssembly core spec (binary
 * format), the fixed-width SIMD proposal and the threads proposal (shared memory).
 */

export const I32 = 0x7f;
export const I64 = 0x7e;
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

/** Signed LEB128 of a 64-bit value. */
export function sleb64(v: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
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
  i32And: [0x71],
  i32Or: [0x72],
  i32Xor: [0x73],
  i32Eq: [0x46],
  i32Eqz: [0x45],
  i32Ne: [0x47],
  i32Ctz: [0x68],
  /** 64-bit integers: the bits of floats as order-preserving sort keys. */
  i64Const: (v: bigint) => [0x42, ...sleb64(v)],
  i64Load: (offset = 0) => [0x29, 3, ...uleb(offset)],
  i64Store: (offset = 0) => [0x37, 3, ...uleb(offset)],
  i64And: [0x83],
  i64Or: [0x84],
  i64Xor: [0x85],
  i64Shl: [0x86],
  i64ShrS: [0x87],
  i64Eqz: [0x50],
  i64LeU: [0x58],
  i64ShrU: [0x88],
  i64ExtendI32U: [0xad],
  i64ReinterpretF64: [0xbd],
  i32WrapI64: [0xa7],
  f64Eq: [0x61],
  f64Trunc: [0x9d],
  /** i32.trunc_f64_s (traps outside the i32 range: truncate only values known to fit). */
  i32TruncF64S: [0xaa],
  return: [0x0f],
  /** memory.copy (bulk memory): dst, src, byte count → a native memmove, also on shared memory. */
  memoryCopy: [0xfc, 0x0a, 0x00, 0x00],
  /** memory.fill (bulk memory): dst, byte value, byte count. */
  memoryFill: [0xfc, 0x0b, 0x00],
  i32Store: (offset = 0) => [0x36, 2, ...uleb(offset)],
  i32Store8: (offset = 0) => [0x3a, 0, ...uleb(offset)],
  i32Store16: (offset = 0) => [0x3b, 1, ...uleb(offset)],
  i32Shl: [0x74],
  i32LtU: [0x49],
  i32GtU: [0x4b],
  i32ShrU: [0x76],
  i32GeU: [0x4f],
  i32GeS: [0x4e],
  i32LeU: [0x4d],
  /** Scalar loads and stores (natural alignment hints). */
  i32Load: (offset = 0) => [0x28, 2, ...uleb(offset)],
  i32Load8U: (offset = 0) => [0x2d, 0, ...uleb(offset)],
  f32Load: (offset = 0) => [0x2a, 2, ...uleb(offset)],
  i32Load16U: (offset = 0) => [0x2f, 1, ...uleb(offset)],
  f32Store: (offset = 0) => [0x38, 2, ...uleb(offset)],
  f64PromoteF32: [0xbb],
  f32DemoteF64: [0xb6],
  /** f64.const of a value exactly representable (any double: the 8 bytes are written as is). */
  f64Const: (v: number) => [0x44, ...new Uint8Array(Float64Array.of(v).buffer)],
  f64Ne: [0x62],
  f64Gt: [0x64],
  f64Ge: [0x66],
  f64Lt: [0x63],
  f64Neg: [0x9a],
  f64Div: [0xa3],
  f64ConvertI32S: [0xb7],
  i32LtS: [0x48],
  i32LeS: [0x4c],
  i32GtS: [0x4a],
  /** select: a, b, cond → cond ? a : b. */
  select: [0x1b],
  /** `if` with no result (closed by `end`). */
  if: [0x04, 0x40],
  else: [0x05],
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
  /** v128.load64_splat: the float64 (or i64) at the address in both lanes. */
  v128Load64Splat: (offset = 0) => [...simd(0x0a), 3, ...uleb(offset)],
  /** v128.load64_lane: address, vector → the vector with lane `lane` loaded from the address. */
  v128Load64Lane: (lane: number, offset = 0) => [...simd(0x57), 3, ...uleb(offset), lane],
  f64x2Splat: simd(0x14),
  f64x2ExtractLane: (lane: number) => [...simd(0x21), lane],
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
  f64x2Div: simd(0xf3),
  f64x2ReplaceLane: (lane: number) => [...simd(0x22), lane],
  /** pmin / pmax: b < a ? b : a and a < b ? b : a (one minpd / maxpd on x64, unlike min / max). */
  f64x2Pmin: simd(0xf6),
  f64x2Pmax: simd(0xf7),
  f64x2Neg: simd(0xed),
  f64x2Lt: simd(0x49),
  f64x2Gt: simd(0x4a),
  f64x2Ge: simd(0x4c),
  v128And: simd(0x4e),
  v128AnyTrue: simd(0x53),
  v128Bitselect: simd(0x52),
  /** The lanes' sign bits as an i32 (bit k: lane k), e.g. which lanes of a comparison hold. */
  i64x2Bitmask: simd(0xc4),
  /** i8x16.shuffle: byte k of the result is byte `lanes[k]` of a (0–15) or of b (16–31). */
  i8x16Shuffle: (lanes: readonly number[]) => [...simd(0x0d), ...lanes],
  i64x2Add: simd(0xce),
  i64x2Shl: simd(0xcb),
  /** v128.const with the 64-bit integer v in both lanes (0 ≤ v < 2^31). */
  i64x2Const: (v: number) => [...simd(0x0c), ...[v, 0, v, 0].flatMap((x) => [x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, x >>> 24])],
} as const;

/** Instructions nested as convenient (helpers return lists of instructions); `bytes` flattens them. */
export type Code = number | readonly Code[];

/** The bytes of nested instructions, for a function body. */
export function bytes(code: Code): number[] {
  return typeof code === 'number' ? [code] : code.flatMap(bytes);
}

/** `base + (k << shift)`: the address of element k of an array at `base` (locals), elements 2^shift bytes wide. */
export function elementAddress(base: number, k: number, shift: number): Code {
  return [op.localGet(base), op.localGet(k), op.i32Const(shift), op.i32Shl, op.i32Add];
}

/**
 * `for (i = from; i < to; i++) body` (`from` and `to` push i32s, `to` is evaluated each round; the
 * stop test is `atEnd`, signed by default). Inside `body`, `br 1` leaves the loop and `br 0` starts
 * the next round without the increment; depths count from there.
 */
export function forLoop(i: number, from: Code, to: Code, body: Code, atEnd: Code = op.i32GeS): Code {
  return [
    from, op.localSet(i),
    op.block, op.loop,
      op.localGet(i), to, atEnd, op.brIf(1),
      body,
      op.localGet(i), op.i32Const(1), op.i32Add, op.localSet(i),
      op.br(0),
    op.end, op.end,
  ]; // prettier-ignore
}

/**
 * Exclusive prefix sums in place over `n` i32s at `base` (each entry becomes the sum of those before
 * it: a counting sort's first positions), with locals `k`, `sum` and `t` as scratch.
 */
export function exclusivePrefixSums(base: number, n: Code, k: number, sum: number, t: number): Code {
  return [
    op.i32Const(0), op.localSet(sum),
    forLoop(k, op.i32Const(0), n, [
      elementAddress(base, k, 2), op.i32Load(), op.localSet(t),
      elementAddress(base, k, 2), op.localGet(sum), op.i32Store(),
      op.localGet(sum), op.localGet(t), op.i32Add, op.localSet(sum),
    ]),
  ]; // prettier-ignore
}

export interface WasmFunction {
  readonly name: string;
  readonly params: readonly ValType[];
  /** Extra locals after the parameters, in order. */
  readonly locals: readonly ValType[];
  /** Result types (default none); the body leaves them on the stack. */
  readonly results?: readonly ValType[];
  /** The body's instructions (the final `end` is added). */
  readonly body: readonly (readonly number[])[];
}

/** The slice of the WebAssembly JS API used here (TypeScript's lib for Node does not declare it). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  // No grow(): growing detaches the buffer, which slows every typed array in the isolate (simdKernels).
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}

function wasmApi(): WasmApi {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm) throw new Error('WebAssembly is not available');
  return wasm;
}

/** Compiles `bytes` (a few hundred bytes: synchronous is fine). */
export function compile(bytes: Uint8Array): object {
  return new (wasmApi().Module)(bytes);
}

/** Instantiates a compiled module; `memory` is the import of a module assembled with `importMemory`. Its exports. */
export function instantiateModule(module: object, memory?: WasmMemory): Record<string, unknown> {
  return new (wasmApi().Instance)(module, memory ? { env: { memory } } : {}).exports;
}

/** Compiles and instantiates `bytes` synchronously; their exports. */
export function instantiate(bytes: Uint8Array): Record<string, unknown> {
  return instantiateModule(compile(bytes));
}

/** A memory of exactly `pages` × 64 KiB that never grows; `shared`: its buffer is a SharedArrayBuffer workers can use. */
export function createMemory(pages: number, shared: boolean): WasmMemory {
  return new (wasmApi().Memory)({ initial: pages, maximum: pages, shared });
}

/** Where a module's memory comes from: its own, exported as "memory" (`pages` × 64 KiB), or imported as env.memory. */
export type MemorySpec = { readonly pages: number } | { readonly import: { readonly pages: number; readonly shared: boolean } };

/**
 * A module with the given exported functions (no results) and one memory: given a page count, its
 * own, exported as "memory"; given `{ import }`, the importer's `env.memory` of at least that many
 * pages (shared memories must declare a maximum; this one declares the 4 GiB of wasm32).
 */
export function assemble(functions: readonly WasmFunction[], memory: number | MemorySpec): Uint8Array {
  const spec: MemorySpec = typeof memory === 'number' ? { pages: memory } : memory;
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec((f.results ?? []).map((t) => [t]))]);
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
    ...('import' in spec ? section(2, vec([[...name('env'), ...name('memory'), 0x02, ...(spec.import.shared ? [0x03, ...uleb(spec.import.pages), ...uleb(65536)] : [0x00, ...uleb(spec.import.pages)])]])) : []),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...('pages' in spec ? section(5, vec([[0x00, ...uleb(spec.pages)]])) : []),
    ...section(7, vec([...('pages' in spec ? [[...name('memory'), 0x02, 0]] : []), ...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])])),
    ...section(10, vec(code)),
  ];
  return Uint8Array.from(bytes);
}

/**
 * A kernel module whose memory is imported: assembled and compiled on first use (once for private,
 * once for shared memory) and instantiated once per memory, since pooled arenas come back fit after
 * fit. `on` gives null where WebAssembly is unavailable; callers then run their JS twins.
 */
export class KernelModule<E> {
  private readonly compiled = new Map<boolean, object | null>();
  private readonly instances = new WeakMap<WasmMemory, E>();

  constructor(private readonly functions: () => readonly WasmFunction[]) {}

  /** The module's exports on `memory`, or null. */
  on(memory: WasmMemory): E | null {
    const shared = memory.buffer instanceof SharedArrayBuffer;
    if (!this.compiled.has(shared)) {
      try {
        this.compiled.set(shared, compile(assemble(this.functions(), { import: { pages: 1, shared } })));
      } catch {
        this.compiled.set(shared, null);
      }
    }
    const module = this.compiled.get(shared);
    if (!module) return null;
    let exports = this.instances.get(memory);
    if (!exports) {
      exports = instantiateModule(module, memory) as unknown as E;
      this.instances.set(memory, exports);
    }
    return exports;
  }
}
