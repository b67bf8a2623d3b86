/**
 * The presort's argsort as WebAssembly: a counting sort for columns of small integers
 * (`smallIntArgsort`), else a stable LSD radix sort over 8-bit digits of each value's
 * order-preserving 64-bit key; either gives exactly `argsortColumnMerge`'s order (ascending, ties in row
 * order, −0 equal to +0; tested against it). The key sweep also ORs and ANDs the keys, which tells
 * the digits every key shares: their passes are skipped, so integer-valued columns (codes, counts:
 * their low mantissa bytes are zero) take two or three passes; continuous ones take the top four
 * (TOP_DIGITS) and a repair. On the bundled 914 rows the JS sorts took ~11 µs per code column and
 * ~20 µs per continuous one, about an eighth of a DecisionTreeRegressor fit.
 */
import type { NumericColumn } from '../../core/arrays.js';
import { Arena } from '../../core/arena.js';
import { type Code, F64, I32, I64, KernelModule, type WasmFunction, bytes, elementAddress, exclusivePrefixSums, forLoop, op } from '../../core/wasm-asm.js';
import { treeKernelsEnabled } from './wasm-kernels.js';

const { localGet: get, localSet: set, i32Const: i32, i32Add: add } = op;

/** Bytes of the 256-bin digit histogram. */
const HISTOGRAM_BYTES = 256 * 4;

/**
 * argsort(col, n, keys, keys2, idx, idx2, counts, firstDigit) → −1 if a value is NaN; −2 if digits
 * below `firstDigit` needed more repair than its budget (sort again with firstDigit 0); else 0 when
 * the sorted row indices ended in `idx`, 1 when in `idx2`. `col`: n float64s; `keys`, `keys2`: n
 * i64s each; `idx`, `idx2`: n i32s each; `counts`: HISTOGRAM_BYTES bytes.
 */
function argsort(): WasmFunction {
  const [col, n, keys, keys2, idx, idx2, counts, firstDigit] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [i, b, sum, c, pos, swapped, t, m, budget, x, key, shift, any, all] = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
  // The byte address of key's digit at `shift` in the histogram.
  const digitSlot: Code = [get(counts), get(key), get(shift), op.i64ShrU, op.i32WrapI64, i32(255), op.i32And, i32(2), op.i32Shl, add];
  const swap = (u: number, v: number): Code => [get(u), set(t), get(v), set(u), get(t), set(v)];
  const forRows = (body: Code): Code => forLoop(i, i32(0), get(n), body);
  return {
    name: 'argsort',
    params: [I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, I32, I32, I32, I32, F64, I64, I64, I64, I64],
    results: [I32],
    body: [bytes([
      // Keys and row indices; `any` and `all` (OR and AND of the keys) tell which bits vary.
      op.i64Const(0n), set(any),
      op.i64Const(-1n), set(all),
      forRows([
        elementAddress(col, i, 3), op.f64Load(), set(x),
        get(x), get(x), op.f64Ne,
        op.if, i32(-1), op.return, op.end,
        // ±0 as +0; then the sign bit flipped for positives, every bit for negatives.
        op.i64Const(0n), get(x), op.i64ReinterpretF64, get(x), op.f64Const(0), op.f64Eq, op.select, set(key),
        get(key), get(key), op.i64Const(63n), op.i64ShrS, op.i64Const(-(2n ** 63n)), op.i64Or, op.i64Xor, set(key),
        elementAddress(keys, i, 3), get(key), op.i64Store(),
        elementAddress(idx, i, 2), get(i), op.i32Store(),
        get(any), get(key), op.i64Or, set(any),
        get(all), get(key), op.i64And, set(all),
      ]),
      get(any), get(all), op.i64Xor, set(any), // now: the bits that vary
      forLoop(b, get(firstDigit), i32(8), [
        get(b), i32(3), op.i32Shl, op.i64ExtendI32U, set(shift),
        op.block,
          // Every key has the same digit here: the pass would move nothing.
          get(any), get(shift), op.i64ShrU, op.i32WrapI64, i32(255), op.i32And, op.i32Eqz, op.brIf(0),
          get(counts), i32(0), i32(1024), op.memoryFill,
          forRows([elementAddress(keys, i, 3), op.i64Load(), set(key), digitSlot, op.localTee(t), get(t), op.i32Load(), i32(1), add, op.i32Store()]),
          // Each digit's first position.
          exclusivePrefixSums(counts, i32(256), c, sum, t),
          // Stable scatter by the digit.
          forRows([
            elementAddress(keys, i, 3), op.i64Load(), set(key),
            digitSlot, set(c),
            get(c), op.i32Load(), set(pos),
            get(c), get(pos), i32(1), add, op.i32Store(),
            elementAddress(keys2, pos, 3), get(key), op.i64Store(),
            elementAddress(idx2, pos, 2), elementAddress(idx, i, 2), op.i32Load(), op.i32Store(),
          ]),
          swap(keys, keys2), swap(idx, idx2),
          get(swapped), i32(1), op.i32Xor, set(swapped),
        op.end,
      ]),
      // Digits below firstDigit that vary were not sorted by: keys equal above them may be out of
      // order, and are adjacent. Insertion by the whole key repairs that (an element moves only past
      // strictly larger keys: stable), within a budget of moves (else −2: sort by every digit).
      op.block,
        get(firstDigit), op.i32Eqz, op.brIf(0),
        get(any), op.i64Const(-1n), get(firstDigit), i32(3), op.i32Shl, op.i64ExtendI32U, op.i64Shl, op.i64Const(-1n), op.i64Xor, op.i64And, op.i64Eqz, op.brIf(0),
        get(n), i32(2), op.i32Shl, set(budget),
        forLoop(i, i32(1), get(n), [
          elementAddress(keys, i, 3), op.i64Load(), set(key),
          elementAddress(idx, i, 2), op.i32Load(), set(t),
          get(i), i32(1), op.i32Sub, set(m),
          op.block, op.loop,
            get(m), i32(0), op.i32LtS, op.brIf(1),
            elementAddress(keys, m, 3), op.i64Load(), get(key), op.i64LeU, op.brIf(1),
            elementAddress(keys, m, 3), i32(8), add, elementAddress(keys, m, 3), op.i64Load(), op.i64Store(),
            elementAddress(idx, m, 2), i32(4), add, elementAddress(idx, m, 2), op.i32Load(), op.i32Store(),
            get(m), i32(1), op.i32Sub, set(m),
            get(budget), i32(1), op.i32Sub, op.localTee(budget), i32(0), op.i32LtS,
            op.if, i32(-2), op.return, op.end,
            op.br(0),
          op.end, op.end,
          elementAddress(keys, m, 3), i32(8), add, get(key), op.i64Store(),
          elementAddress(idx, m, 2), i32(4), add, get(t), op.i32Store(),
        ]),
      op.end,
      get(swapped),
    ])], // prettier-ignore
  };
}

/**
 * smallIntArgsort(col, n, idx, counts) → 1 with the sorted row indices in idx, or 0 (declined) when
 * a value is not an integer in [0, 256): one counting sort by the value itself (stable: ties in row
 * order; −0 counts as 0). Codes, flags and small counts (a third of the seed features) take one
 * pass to count and one to place, instead of the key sweep and two or three radix passes.
 */
function smallIntArgsort(): WasmFunction {
  const [col, n, idx, counts] = [0, 1, 2, 3];
  const [i, c, sum, t, x] = [4, 5, 6, 7, 8];
  const slotOf = (v: Code): Code => [get(counts), v, op.i32TruncF64S, i32(2), op.i32Shl, add];
  return {
    name: 'smallIntArgsort',
    params: [I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, F64],
    results: [I32],
    body: [bytes([
      get(counts), i32(0), i32(HISTOGRAM_BYTES), op.memoryFill,
      forLoop(i, i32(0), get(n), [
        elementAddress(col, i, 3), op.f64Load(), set(x),
        get(x), op.f64Const(0), op.f64Ge,
        get(x), op.f64Const(256), op.f64Lt, op.i32And,
        get(x), get(x), op.f64Trunc, op.f64Eq, op.i32And,
        op.i32Eqz, op.if, i32(0), op.return, op.end,
        slotOf(get(x)), op.localTee(t), get(t), op.i32Load(), i32(1), add, op.i32Store(),
      ]),
      exclusivePrefixSums(counts, i32(256), c, sum, t),
      forLoop(i, i32(0), get(n), [
        slotOf([elementAddress(col, i, 3), op.f64Load()]), set(c),
        get(c), op.i32Load(), set(t),
        get(c), get(t), i32(1), add, op.i32Store(),
        elementAddress(idx, t, 2), get(i), op.i32Store(),
      ]),
      i32(1),
    ])], // prettier-ignore
  };
}

interface Exports {
  argsort(col: number, n: number, keys: number, keys2: number, idx: number, idx2: number, counts: number, firstDigit: number): number;
  smallIntArgsort(col: number, n: number, idx: number, counts: number): number;
}

const kernels = new KernelModule<Exports>(() => [argsort(), smallIntArgsort()]);

/*
 * TOP_DIGITS: the kernel first sorts by the key's top four bytes only (sign, exponent and 20 bits
 * of mantissa: values more than ~1e-6 apart relatively), then repairs the rare neighbours that tie
 * there but differ below by an insertion pass over whole keys; a column with many such near-ties
 * (past the repair's budget) is sorted again by all eight. Continuous columns take about half the
 * passes.
 */
const TOP_DIGITS = 4;

/** Rows past which the kernel declines (its buffers take 32 bytes a row: 1 GiB here). */
const MAX_ROWS = 1 << 25;

/**
 * Each column's rows in ascending order of value (stable), sorted by the wasm kernel in one pooled
 * arena; a column it declines (NaN) is null, for the JS merge sort. Null altogether where WebAssembly is
 * unavailable (or the tree kernels are turned off for tests), for more than MAX_ROWS rows, or for no
 * columns.
 */
export function argsortColumnsWasm(columns: readonly NumericColumn[]): (Int32Array | null)[] | null {
  const n = columns[0]?.length ?? 0;
  if (!treeKernelsEnabled() || n === 0 || n > MAX_ROWS) return null;
  const arena = Arena.acquire(32 * n + HISTOGRAM_BYTES + 6 * 64);
  const exports = arena && kernels.on(arena.memory);
  if (!arena || !exports) {
    arena?.release();
    return null;
  }
  try {
    // Float32 columns widen exactly on the copy in: the same values, the same order.
    const values = arena.f64(n);
    const [keys, keys2] = [arena.f64(n), arena.f64(n)];
    const [idx, idx2] = [arena.i32(n), arena.i32(n)];
    const counts = arena.u8(HISTOGRAM_BYTES);
    // The orders are views of one array (one allocation, not one per column).
    const out = new Int32Array(n * columns.length);
    return columns.map((col, j) => {
      if (col.length !== n) return null;
      values.set(col);
      const sort = (firstDigit: number) => exports.argsort(values.byteOffset, n, keys.byteOffset, keys2.byteOffset, idx.byteOffset, idx2.byteOffset, counts.byteOffset, firstDigit);
      // Small integers: one counting sort. Else see TOP_DIGITS.
      let r = exports.smallIntArgsort(values.byteOffset, n, idx.byteOffset, counts.byteOffset) === 1 ? 0 : sort(TOP_DIGITS);
      if (r === -2) r = sort(0);
      if (r < 0) return null;
      const order = out.subarray(j * n, (j + 1) * n);
      order.set(r === 0 ? idx : idx2);
      return order;
    });
  } finally {
    arena.release();
  }
}
