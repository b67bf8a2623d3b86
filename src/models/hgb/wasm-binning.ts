/**
 * The binning's two loops as WebAssembly, in this thread's pooled arena:
 * - `mapToBins` of binning.ts: each value's bin by the same branch-free binary search over the
 *   thresholds (so the same bins, tested), NaN to the missing bin. Columns stream through the arena
 *   in chunks (copied in, binned, the bytes copied out), so any column and any output array work.
 * - the passes of `radixSortFloat64` (radix-sort.ts): the same four stable 16-bit LSD passes over the
 *   order-preserving keys, skipping a pass whose digit every value shares (the same sorted values).
 * What wasm saves is bounds checks (the search took ~18 ns a value in JS on the 1M-row benchmark).
 */
import { Arena } from '../../core/arena.js';
import { type Code, F64, I32, KernelModule, type WasmFunction, bytes, elementAddress, exclusivePrefixSums, forLoop, op } from '../../core/wasm-asm.js';

const { localGet: get, localSet: set, i32Const: i32, i32Add: add, i32Sub: sub, i32Mul: mul } = op;

/** Values per chunk (512 KiB of float64s in, 64 KiB of bins out). */
const CHUNK = 65_536;

/** bins(col, n, thr, nT, missingBin, out): out[i] = the bin of col[i] (nT ≥ 1 thresholds at thr), for i < n. */
function bins(): WasmFunction {
  const [col, n, thr, nT, missingBin, out] = [0, 1, 2, 3, 4, 5];
  const [i, base, m, half, bin] = [6, 7, 8, 9, 10];
  const [x] = [11];
  // thr[k] < x, as 0/1.
  const below = (k: Code): Code => [get(thr), k, i32(3), op.i32Shl, add, op.f64Load(), get(x), op.f64Lt];
  return {
    name: 'bins',
    params: [I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, F64],
    body: [bytes([
      forLoop(i, i32(0), get(n), [
        elementAddress(col, i, 3), op.f64Load(), set(x),
        i32(0), set(base),
        get(nT), set(m),
        // Halve [base, base + m) until one threshold is left; each step moves base by half × (thr[base + half] < x).
        op.block, op.loop,
          get(m), i32(1), op.i32LeS, op.brIf(1),
          get(m), i32(1), op.i32ShrU, set(half),
          get(base), get(half), below([get(base), get(half), add]), mul, add, set(base),
          get(m), get(half), sub, set(m),
          op.br(0),
        op.end, op.end,
        get(base), below(get(base)), add, set(bin),
        // NaN compares false everywhere: swap in the missing bin.
        get(out), get(i), add,
        get(missingBin), get(bin), get(x), get(x), op.f64Ne, op.select,
        op.i32Store8(),
      ]),
    ])], // prettier-ignore
  };
}

/**
 * radix(lo, hi, lo2, hi2, n, count) → 1 when the sorted keys ended in (lo2, hi2), else 0: the four
 * stable passes over 16-bit digits of the 64-bit keys (hi, lo) (u32 arrays), `count` 65,536 i32s.
 */
function radix(): WasmFunction {
  const [lo, hi, lo2, hi2, n, count] = [0, 1, 2, 3, 4, 5];
  const [pass, shift, keys, i, at, sum, c, b, swapped, t] = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  const u32At = (base: number, k: number): Code => [elementAddress(base, k, 2), op.i32Load()];
  // The digit of key i of `keys` at `shift`, as a byte offset into count.
  const digitAt = (k: number): Code => [get(count), u32At(keys, k), get(shift), op.i32ShrU, i32(0xffff), op.i32And, i32(2), op.i32Shl, add];
  const swap = (x: number, y: number): Code => [get(x), set(t), get(y), set(x), get(t), set(y)];
  return {
    name: 'radix',
    params: [I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32],
    results: [I32],
    body: [bytes([
      forLoop(pass, i32(0), i32(4), [
        // Passes 0, 1: the halves of lo; 2, 3: the halves of hi.
        get(pass), i32(1), op.i32And, i32(4), op.i32Shl, set(shift),
        get(hi), get(lo), get(pass), i32(2), op.i32GeS, op.select, set(keys),
        get(count), i32(0), i32(65_536 * 4), op.memoryFill,
        i32(0), set(i),
        op.block, op.loop,
          get(i), get(n), op.i32GeS, op.brIf(1),
          digitAt(i), set(at),
          get(at), get(at), op.i32Load(), i32(1), add, op.i32Store(),
          get(i), i32(1), add, set(i),
          op.br(0),
        op.end, op.end,
        // Every value has the same digit: this pass would not move anything.
        i32(0), set(i),
        op.block,
          digitAt(i), op.i32Load(), get(n), op.i32Eq, op.brIf(0),
          exclusivePrefixSums(count, i32(65_536), b, sum, c),
          i32(0), set(i),
          op.block, op.loop,
            get(i), get(n), op.i32GeS, op.brIf(1),
            digitAt(i), set(c),
            get(c), op.i32Load(), set(at),
            get(c), get(at), i32(1), add, op.i32Store(),
            elementAddress(hi2, at, 2), u32At(hi, i), op.i32Store(),
            elementAddress(lo2, at, 2), u32At(lo, i), op.i32Store(),
            get(i), i32(1), add, set(i),
            op.br(0),
          op.end, op.end,
          swap(lo, lo2), swap(hi, hi2),
          get(swapped), i32(1), op.i32Xor, set(swapped),
        op.end,
      ]),
      get(swapped),
    ])], // prettier-ignore
  };
}

interface Exports {
  bins(col: number, n: number, thr: number, nT: number, missingBin: number, out: number): void;
  radix(lo: number, hi: number, lo2: number, hi2: number, n: number, count: number): number;
}

const kernels = new KernelModule<Exports>(() => [bins(), radix()]);
/** This thread's binning arena: a chunk of values in, its bins out, the thresholds. */
let current: { exports: Exports; input: Float64Array; thresholds: Float64Array; output: Uint8Array } | null = null;
let enabled = true;

/** Test hook: off makes `mapToBinsWasm` and `radixPassesWasm` decline (the JS loops then run). */
export function useWasmBinning(on: boolean): void {
  enabled = on;
}

/** This thread's binning kernels and arena (made on first use); null where WebAssembly is unavailable or turned off. */
function binningKernels(): NonNullable<typeof current> | null {
  if (!enabled) return null;
  if (!current) {
    const arena = Arena.acquire(CHUNK * 9 + 256 * 8 + 4 * 64);
    const exports = arena && kernels.on(arena.memory);
    if (!arena || !exports) {
      arena?.release();
      return null;
    }
    current = { exports, input: arena.f64(CHUNK), thresholds: arena.f64(256), output: arena.u8(CHUNK) };
  }
  return current;
}

/**
 * Bins `col` into `out` as `mapToBins` does (the caller handles the no-threshold case); false, doing
 * nothing, where WebAssembly is unavailable.
 */
export function mapToBinsWasm(col: ArrayLike<number>, thresholds: Float64Array, missingBin: number, out: Uint8Array): boolean {
  if (thresholds.length === 0 || thresholds.length > 256) return false;
  const k = binningKernels();
  if (!k) return false;
  const { exports, input, output } = k;
  k.thresholds.set(thresholds);
  const thr = k.thresholds.byteOffset;
  const n = col.length;
  const source = col instanceof Float64Array ? col : Float64Array.from(col);
  for (let a = 0; a < n; a += CHUNK) {
    const m = Math.min(CHUNK, n - a);
    input.set(source.subarray(a, a + m));
    exports.bins(input.byteOffset, m, thr, thresholds.length, missingBin, output.byteOffset);
    out.set(output.subarray(0, m), a);
  }
  return true;
}

/**
 * The four radix passes of `radixSortFloat64` over keys (hi, lo) made by the caller: `fill(hi, lo)`
 * writes them into arrays in the kernels' memory, `read(hi, lo)` gets the sorted keys. False, doing
 * nothing, where WebAssembly is unavailable (or the keys would not fit a pooled arena).
 */
export function radixPassesWasm(n: number, fill: (hi: Uint32Array, lo: Uint32Array) => void, read: (hi: Uint32Array, lo: Uint32Array) => void): boolean {
  if (!binningKernels() || 16 * n > 1 << 28) return false;
  // A pooled arena of its own per sort (keys twice, counts).
  const arena = Arena.acquire(16 * n + 65_536 * 4 + 8 * 64);
  const exports = arena && kernels.on(arena.memory);
  if (!arena || !exports) {
    arena?.release();
    return false;
  }
  try {
    const [hi, lo, hi2, lo2] = [arena.u32(n), arena.u32(n), arena.u32(n), arena.u32(n)];
    const count = arena.i32(65_536);
    fill(hi, lo);
    const swapped = exports.radix(lo.byteOffset, hi.byteOffset, lo2.byteOffset, hi2.byteOffset, n, count.byteOffset);
    if (swapped) read(hi2, lo2);
    else read(hi, lo);
    return true;
  } finally {
    arena.release();
  }
}
