/**
 * The WebAssembly SIMD kernels of the linear solvers, written with wasm-asm.ts and compiled once per
 * thread: the Gram tiles (simd-gram.ts drives them) and the vector passes of the Poisson Newton solver
 * (poisson-engine.ts). Every kernel works on f64x2 lanes, i.e. on even and odd rows apart; each has a
 * plain-JS definition computing the same IEEE operations in the same order (the "twins"), so results
 * are bit-identical with or without WebAssembly (tested).
 */
import { F64, I32, V128, type WasmFunction, type WasmMemory, assemble, instantiate, op } from '../../../core/wasm-asm.js';

export interface Kernels {
  readonly memory: WasmMemory;
  /** Rows j (at a) and j+1 (a + stride) against the four columns from c: 8 lane pairs added at out. */
  readonly tile24: (a: number, c: number, stride: number, len: number, out: number) => void;
  /** Rows r, r+1 (at a) against columns r, r+1 (at c), lower entries: 3 lane pairs added at out. */
  readonly diag2: (a: number, c: number, stride: number, len: number, out: number) => void;
  /** Adds the lane pairs of Σ x_t[i] for the four columns from c to the pairs at out. */
  readonly sum4: (c: number, stride: number, len: number, out: number) => void;
  /** dst_t[i] = h[i]·src_t[i] for the four columns from src (and from dst). */
  readonly scale4: (dst: number, src: number, stride: number, h: number, len: number) => void;
  /** x[i] −= m over len bytes from c. */
  readonly centre: (c: number, len: number, m: number) => void;
  /** dst[i] += a0·x0[i] + a1·x1[i] + a2·x2[i] + a3·x3[i] (left to right) for the four columns from src. */
  readonly axpy4: (dst: number, src: number, stride: number, a0: number, a1: number, a2: number, a3: number, len: number) => void;
  /** The lane pairs of Σ x_t[i]·v[i] (even rows, odd rows) for the four columns from a, at out. */
  readonly dot4: (a: number, stride: number, v: number, len: number, out: number) => void;
  /**
   * The Poisson pass of one line-search trial, per row: e = η + t·Δη, m = exp(e) (`expTwin`'s
   * polynomial), η' = e, h = w·m, r = w·(m − y), and the lane pair of Σ w·(m − y·e) at out.
   */
  readonly poissonTrial: (eta: number, deta: number, t: number, y: number, w: number, etaOut: number, hOut: number, rOut: number, len: number, out: number) => void;
}

// ---- kernel sources -------------------------------------------------------------------------------

/** `for (i = 0; i < len; i += 16) body` (len > 0; i is local `i`). */
function pairLoop(i: number, len: number, body: (readonly number[])[]): (readonly number[])[] {
  return [op.i32Const(0), op.localSet(i), op.block, op.loop, ...body, op.localGet(i), op.i32Const(16), op.i32Add, op.localTee(i), op.localGet(len), op.i32LtU, op.brIf(0), op.end, op.end];
}
const load = (base: number, i: number) => [op.localGet(base), op.localGet(i), op.i32Add, op.v128Load()];
/** acc += x·y (lanes). */
const fma = (acc: number, x: number, y: number) => [op.localGet(acc), op.localGet(x), op.localGet(y), op.f64x2Mul, op.f64x2Add, op.localSet(acc)];
/** Load / store the accumulators from `out` (sums carry over between chunks). */
const loadAcc = (out: number, accs: readonly number[]) => accs.flatMap((a, t) => [op.localGet(out), op.v128Load(16 * t), op.localSet(a)]);
const storeAcc = (out: number, accs: readonly number[]) => accs.flatMap((a, t) => [op.localGet(out), op.localGet(a), op.v128Store(16 * t)]);
/** dst = src + stride. */
const offset = (dst: number, src: number, stride: number) => [op.localGet(src), op.localGet(stride), op.i32Add, op.localSet(dst)];
const range = (from: number, count: number) => Array.from({ length: count }, (_, t) => from + t);

function tileSource(): WasmFunction {
  // params: a, c, stride, len, out
  const [a, c, stride, len, out] = [0, 1, 2, 3, 4];
  const [i, b, c1, c2, c3] = range(5, 5);
  const s = range(10, 8);
  const [u, v, x] = range(18, 3);
  const body: (readonly number[])[] = [...load(a, i), op.localSet(u), ...load(b, i), op.localSet(v)];
  [c, c1, c2, c3].forEach((col, t) => body.push(...load(col, i), op.localSet(x), ...fma(s[t], u, x), ...fma(s[4 + t], v, x)));
  return {
    name: 'tile24',
    params: [I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, ...s.map(() => V128), V128, V128, V128],
    body: [...offset(b, a, stride), ...offset(c1, c, stride), ...offset(c2, c1, stride), ...offset(c3, c2, stride), ...loadAcc(out, s), ...pairLoop(i, len, body), ...storeAcc(out, s)],
  };
}

function diag2Source(): WasmFunction {
  // Rows r, r+1 (at a) against columns r, r+1 (at c): the three lower entries of a 2 × 2 diagonal
  // block. With tile24 for rows r+2, r+3 this covers a 4 × 4 diagonal block; one kernel for all ten
  // entries needs 10 sums and 8 loaded rows, more than the 16 SIMD registers (it spilled, 2× slower).
  const [a, c, stride, len, out] = range(0, 5);
  const [i, a1, c1] = range(5, 3);
  const s = range(8, 3);
  const [u, v, x] = range(11, 3);
  const body: (readonly number[])[] = [...load(a, i), op.localSet(u), ...load(a1, i), op.localSet(v), ...load(c, i), op.localSet(x)];
  body.push(...fma(s[0], u, x), ...fma(s[1], v, x), op.localGet(s[2]), op.localGet(v), ...load(c1, i), op.f64x2Mul, op.f64x2Add, op.localSet(s[2]));
  return {
    name: 'diag2',
    params: [I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, V128, V128, V128, V128, V128, V128],
    body: [...offset(a1, a, stride), ...offset(c1, c, stride), ...loadAcc(out, s), ...pairLoop(i, len, body), ...storeAcc(out, s)],
  };
}

function sum4Source(): WasmFunction {
  // The lane pairs of Σ x_t[i] (even rows, odd rows) for the four columns from c, added to the pairs at
  // out (sums carry over chunks); four independent sums, as one waits on each add's latency.
  const [c, stride, len, out] = range(0, 4);
  const [i, c1, c2, c3] = range(4, 4);
  const s = range(8, 4);
  const body = [c, c1, c2, c3].flatMap((col, t) => [op.localGet(s[t]), ...load(col, i), op.f64x2Add, op.localSet(s[t])]);
  return {
    name: 'sum4',
    params: [I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, V128, V128, V128, V128],
    body: [...offset(c1, c, stride), ...offset(c2, c1, stride), ...offset(c3, c2, stride), ...loadAcc(out, s), ...pairLoop(i, len, body), ...storeAcc(out, s)],
  };
}

function scale4Source(): WasmFunction {
  // dst_t[i] = h[i]·src_t[i] for the four columns from src (h loaded once per row pair).
  const [dst, src, stride, h, len] = range(0, 5);
  const [i, d1, d2, d3, s1, s2, s3] = range(5, 7);
  const hv = 12;
  const body: (readonly number[])[] = [...load(h, i), op.localSet(hv)];
  [[dst, src], [d1, s1], [d2, s2], [d3, s3]].forEach(([dc, sc]) => body.push(op.localGet(dc), op.localGet(i), op.i32Add, op.localGet(hv), ...load(sc, i), op.f64x2Mul, op.v128Store()));
  return {
    name: 'scale4',
    params: [I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, I32, I32, V128],
    body: [...offset(d1, dst, stride), ...offset(d2, d1, stride), ...offset(d3, d2, stride), ...offset(s1, src, stride), ...offset(s2, s1, stride), ...offset(s3, s2, stride), ...pairLoop(i, len, body)],
  };
}

function centreSource(): WasmFunction {
  const [c, len, m] = [0, 1, 2];
  const [i, mv] = [3, 4];
  const body = [op.localGet(c), op.localGet(i), op.i32Add, ...load(c, i), op.localGet(mv), op.f64x2Sub, op.v128Store()];
  return { name: 'centre', params: [I32, I32, F64], locals: [I32, V128], body: [op.localGet(m), op.f64x2Splat, op.localSet(mv), ...pairLoop(i, len, body)] };
}


function axpy4Source(): WasmFunction {
  // dst += a0·x0 + a1·x1 + a2·x2 + a3·x3, added left to right (as four axpy passes would).
  const [dst, src, stride, a0, a1, a2, a3, len] = range(0, 8);
  const [i, s1, s2, s3] = range(8, 4);
  const av = range(12, 4);
  const cols = [src, s1, s2, s3];
  const body: (readonly number[])[] = [op.localGet(dst), op.localGet(i), op.i32Add, ...load(dst, i)];
  cols.forEach((c, t) => body.push(op.localGet(av[t]), ...load(c, i), op.f64x2Mul, op.f64x2Add));
  body.push(op.v128Store());
  return {
    name: 'axpy4',
    params: [I32, I32, I32, F64, F64, F64, F64, I32],
    locals: [I32, I32, I32, I32, V128, V128, V128, V128],
    body: [
      ...offset(s1, src, stride), ...offset(s2, s1, stride), ...offset(s3, s2, stride),
      ...[a0, a1, a2, a3].flatMap((a, t) => [op.localGet(a), op.f64x2Splat, op.localSet(av[t])]),
      ...pairLoop(i, len, body),
    ],
  };
}

function dot4Source(): WasmFunction {
  // The lane pairs of Σ x_t·v for the four columns from a: 4 accumulators, v loaded once.
  const [a, stride, v, len, out] = range(0, 5);
  const [i, a1, a2, a3] = range(5, 4);
  const s = range(9, 4);
  const vv = 13;
  const cols = [a, a1, a2, a3];
  const body: (readonly number[])[] = [...load(v, i), op.localSet(vv)];
  cols.forEach((c, t) => body.push(op.localGet(s[t]), ...load(c, i), op.localGet(vv), op.f64x2Mul, op.f64x2Add, op.localSet(s[t])));
  return {
    name: 'dot4',
    params: [I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, V128, V128, V128, V128, V128],
    body: [...offset(a1, a, stride), ...offset(a2, a1, stride), ...offset(a3, a2, stride), ...pairLoop(i, len, body), ...storeAcc(out, s)],
  };
}

// exp(x) = 2^k · e^r with k = round(x·log2 e) (ties to even, by the 1.5·2^52 shifter), r = x − k·ln 2 in
// two parts (fdlibm's split, so k·LN2_HI is exact), e^r by its Taylor polynomial to r^13 (|r| ≤ 0.347:
// truncation below 1e-17), 2^k exact. Outside [−708, 709]: 0 and +Infinity.
const LOG2E = 1.4426950408889634;
const SHIFT = 6755399441055744;
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const EXP_MAX = 709;
const EXP_MIN = -708;
const TAYLOR: readonly number[] = Array.from({ length: 14 }, (_, j) => {
  let f = 1;
  for (let t = 2; t <= j; t++) f *= t;
  return 1 / f;
});

/** The scalar definition of the kernels' exp (within an ulp or two of Math.exp; identical bits to the SIMD one). */
export function expTwin(x: number): number {
  if (x > EXP_MAX) return Infinity;
  if (x < EXP_MIN) return 0;
  const kd = x * LOG2E + SHIFT;
  const k = kd - SHIFT;
  const r = x - k * LN2_HI - k * LN2_LO;
  return estrin(r) * 2 ** k;
}

/**
 * Σ TAYLOR[j]·r^j by Estrin's scheme: pairs c_2m + c_2m+1·r, combined with r², r⁴, r⁸. Horner's
 * 13 dependent multiply-adds made the SIMD kernel wait on latency; this tree is 5 deep.
 */
function estrin(r: number): number {
  const T = TAYLOR;
  const r2 = r * r;
  const r4 = r2 * r2;
  const r8 = r4 * r4;
  const s0 = T[0] + T[1] * r + (T[2] + T[3] * r) * r2;
  const s1 = T[4] + T[5] * r + (T[6] + T[7] * r) * r2;
  const s2 = T[8] + T[9] * r + (T[10] + T[11] * r) * r2;
  const s3 = T[12] + T[13] * r;
  return s0 + s1 * r4 + (s2 + s3 * r4) * r8;
}

const f64x2Const = (v: number): number[] => {
  const b = new Uint8Array(new Float64Array([v, v]).buffer);
  return [0xfd, 0x0c, ...b];
};

function poissonTrialSource(): WasmFunction {
  const [eta, deta, t, y, w, etaOut, hOut, rOut, len, out] = range(0, 10);
  const [i, tv, e, x, kd, k, r, p, m, wv, s, r2, r4] = range(10, 13);
  const c = (v: number) => f64x2Const(v);
  const body: (readonly number[])[] = [
    // e = η + t·Δη
    ...load(eta, i), op.localGet(tv), ...load(deta, i), op.f64x2Mul, op.f64x2Add, op.localSet(e),
    op.localGet(etaOut), op.localGet(i), op.i32Add, op.localGet(e), op.v128Store(),
    // x = clamp(e) so that out-of-range lanes stay finite until selected away
    op.localGet(e), c(EXP_MAX), op.f64x2Pmin, c(EXP_MIN), op.f64x2Pmax, op.localSet(x),
    op.localGet(x), c(LOG2E), op.f64x2Mul, c(SHIFT), op.f64x2Add, op.localSet(kd),
    op.localGet(kd), c(SHIFT), op.f64x2Sub, op.localSet(k),
    op.localGet(x), op.localGet(k), c(LN2_HI), op.f64x2Mul, op.f64x2Sub, op.localGet(k), c(LN2_LO), op.f64x2Mul, op.f64x2Sub, op.localSet(r),
  ];
  // estrin(r), operation for operation: pair(a, b) = T[a] + T[b]·r.
  const pairOf = (a: number) => [c(TAYLOR[a]), c(TAYLOR[a + 1]), op.localGet(r), op.f64x2Mul, op.f64x2Add];
  body.push(
    op.localGet(r), op.localGet(r), op.f64x2Mul, op.localSet(r2),
    op.localGet(r2), op.localGet(r2), op.f64x2Mul, op.localSet(r4),
    // s0 + s1·r4
    ...pairOf(0), ...pairOf(2), op.localGet(r2), op.f64x2Mul, op.f64x2Add,
    ...pairOf(4), ...pairOf(6), op.localGet(r2), op.f64x2Mul, op.f64x2Add, op.localGet(r4), op.f64x2Mul, op.f64x2Add,
    // (s2 + s3·r4)·r8
    ...pairOf(8), ...pairOf(10), op.localGet(r2), op.f64x2Mul, op.f64x2Add,
    ...pairOf(12), op.localGet(r4), op.f64x2Mul, op.f64x2Add,
    op.localGet(r4), op.localGet(r4), op.f64x2Mul, op.f64x2Mul, op.f64x2Add, op.localSet(p),
  );
  body.push(
    // 2^k from kd's low bits: kd = 1.5·2^52 + k, so (bits(kd) + 1023) << 52 is the exponent field of 2^k.
    op.localGet(p), op.localGet(kd), op.i64x2Const(1023), op.i64x2Add, op.i32Const(52), op.i64x2Shl, op.f64x2Mul, op.localSet(m),
    c(Infinity), op.localGet(m), op.localGet(e), c(EXP_MAX), op.f64x2Gt, op.v128Bitselect, op.localSet(m),
    c(0), op.localGet(m), op.localGet(e), c(EXP_MIN), op.f64x2Lt, op.v128Bitselect, op.localSet(m),
    ...load(w, i), op.localSet(wv),
    // h = w·m; r = w·(m − y); s += w·(m − y·e)
    op.localGet(hOut), op.localGet(i), op.i32Add, op.localGet(wv), op.localGet(m), op.f64x2Mul, op.v128Store(),
    op.localGet(rOut), op.localGet(i), op.i32Add, op.localGet(wv), op.localGet(m), ...load(y, i), op.f64x2Sub, op.f64x2Mul, op.v128Store(),
    op.localGet(s), op.localGet(wv), op.localGet(m), ...load(y, i), op.localGet(e), op.f64x2Mul, op.f64x2Sub, op.f64x2Mul, op.f64x2Add, op.localSet(s),
  );
  return {
    name: 'poissonTrial',
    params: [I32, I32, F64, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, ...range(0, 12).map(() => V128)],
    body: [op.localGet(t), op.f64x2Splat, op.localSet(tv), ...pairLoop(i, len, body), op.localGet(out), op.localGet(s), op.v128Store()],
  };
}

let kernels: Kernels | null | undefined;

const PAGE = 65536;

function build(pages: number): Kernels | null {
  try {
    const sources = [tileSource(), diag2Source(), scale4Source(), sum4Source(), centreSource(), axpy4Source(), dot4Source(), poissonTrialSource()];
    return instantiate(assemble(sources, pages)) as unknown as Kernels;
  } catch {
    return null;
  }
}

/**
 * The thread's compiled kernels with at least `minBytes` of memory, or null where WebAssembly SIMD is
 * unavailable (then the JS twins run). A larger need gets a new instance with a new, larger memory,
 * never `memory.grow()`: growing detaches the old ArrayBuffer, and after one detachment anywhere in
 * the isolate V8 checks every typed-array access for it, which made tree and histogram fits 15–20 %
 * slower for the rest of the process. Instances already handed out keep their own memory.
 */
export function simdKernels(minBytes = 0): Kernels | null {
  if (kernels === undefined) kernels = build(Math.max(1, Math.ceil(minBytes / PAGE)));
  if (kernels && kernels.memory.buffer.byteLength < minBytes) {
    // Doubling keeps rebuilds (a few ms each) to a handful while data sizes climb.
    const pages = Math.max(Math.ceil(minBytes / PAGE), (2 * kernels.memory.buffer.byteLength) / PAGE);
    kernels = build(pages);
  }
  return kernels;
}

/** Test hook: run the plain-JS twins even where WebAssembly works (`true`), or restore (`false`). */
export function forceJsKernels(on: boolean): void {
  kernels = on ? null : undefined;
}
