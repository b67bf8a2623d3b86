/**
 * Gram matrices on WebAssembly SIMD: G[j,k] = Σ_i t_i(j,k) with t = x_j[i]·x_k[i], optionally centred
 * (x − mean) and weighted ((h_i·x_j[i])·x_k[i] for j ≥ k). V8 compiles scalar typed-array loops to about
 * two cycles per multiply-add here (a bounds check and a map check per load); f64x2 lanes without
 * bounds checks do two rows per instruction, and these Grams are nearly all of a small Ridge or
 * Poisson fit.
 *
 * Summation order (the contract, shared by the plain-JS twin `pairGramNaive`): even rows and odd rows
 * are summed apart, each in row order, and G = even + odd, which is what the two f64x2 lanes compute
 * (and what `dot2` does). The result is therefore the same bit for bit with or without WebAssembly and
 * for any chunking of the rows (chunks have an even number of rows; the sums carry over).
 */
import { F64, I32, V128, type WasmFunction, type WasmMemory, assemble, instantiate, op } from './wasm-asm.js';
import type { NumericColumnLike } from './blas.js';

interface Kernels {
  readonly memory: WasmMemory;
  /** Rows j (at a) and j+1 (a + stride) against the four columns from c: 8 lane pairs at out. */
  readonly tile24: (a: number, c: number, stride: number, len: number, out: number) => void;
  readonly wtile24: (a: number, c: number, stride: number, len: number, out: number, h: number) => void;
  /** The 10 lower entries of the 4 × 4 diagonal block from c: 10 lane pairs at out. */
  readonly diag4: (c: number, stride: number, len: number, out: number) => void;
  readonly wdiag4: (c: number, stride: number, len: number, out: number, h: number) => void;
  /** x[i] −= m over len bytes from c. */
  readonly centre: (c: number, len: number, m: number) => void;
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

function tileSource(weighted: boolean): WasmFunction {
  // params: a, c, stride, len, out[, h]
  const [a, c, stride, len, out] = [0, 1, 2, 3, 4];
  const h = 5;
  const base = weighted ? 6 : 5;
  const [i, b, c1, c2, c3] = range(base, 5);
  const s = range(base + 5, 8);
  const [u, v, x, hv] = range(base + 13, 4);
  const body: (readonly number[])[] = [];
  if (weighted) body.push(...load(h, i), op.localSet(hv));
  body.push(...load(a, i), op.localSet(u), ...load(b, i), op.localSet(v));
  if (weighted) body.push(op.localGet(hv), op.localGet(u), op.f64x2Mul, op.localSet(u), op.localGet(hv), op.localGet(v), op.f64x2Mul, op.localSet(v));
  [c, c1, c2, c3].forEach((col, t) => body.push(...load(col, i), op.localSet(x), ...fma(s[t], u, x), ...fma(s[4 + t], v, x)));
  return {
    name: weighted ? 'wtile24' : 'tile24',
    params: weighted ? [I32, I32, I32, I32, I32, I32] : [I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, ...s.map(() => V128), V128, V128, V128, V128],
    body: [...offset(b, a, stride), ...offset(c1, c, stride), ...offset(c2, c1, stride), ...offset(c3, c2, stride), ...loadAcc(out, s), ...pairLoop(i, len, body), ...storeAcc(out, s)],
  };
}

function diagSource(weighted: boolean): WasmFunction {
  // params: c, stride, len, out[, h]
  const [c, stride, len, out] = [0, 1, 2, 3];
  const h = 4;
  const base = weighted ? 5 : 4;
  const [i, c1, c2, c3] = range(base, 4);
  const s = range(base + 4, 10); // s00 s10 s11 s20 s21 s22 s30 s31 s32 s33
  const xs = range(base + 14, 4);
  const [hv, u] = range(base + 18, 2);
  const cols = [c, c1, c2, c3];
  const body: (readonly number[])[] = [];
  if (weighted) body.push(...load(h, i), op.localSet(hv));
  let t = 0;
  for (let r = 0; r < 4; r++) {
    body.push(...load(cols[r], i), op.localSet(xs[r]));
    // Row r of the block: (h·x_r)·x_q for q ≤ r, or x_r·x_q unweighted.
    if (weighted) body.push(op.localGet(hv), op.localGet(xs[r]), op.f64x2Mul, op.localSet(u));
    for (let q = 0; q <= r; q++) body.push(...fma(s[t++], weighted ? u : xs[r], xs[q]));
  }
  return {
    name: weighted ? 'wdiag4' : 'diag4',
    params: weighted ? [I32, I32, I32, I32, I32] : [I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, ...s.map(() => V128), V128, V128, V128, V128, V128, V128],
    body: [...offset(c1, c, stride), ...offset(c2, c1, stride), ...offset(c3, c2, stride), ...loadAcc(out, s), ...pairLoop(i, len, body), ...storeAcc(out, s)],
  };
}

function centreSource(): WasmFunction {
  const [c, len, m] = [0, 1, 2];
  const [i, mv] = [3, 4];
  const body = [op.localGet(c), op.localGet(i), op.i32Add, ...load(c, i), op.localGet(mv), op.f64x2Sub, op.v128Store()];
  return { name: 'centre', params: [I32, I32, F64], locals: [I32, V128], body: [op.localGet(m), op.f64x2Splat, op.localSet(mv), ...pairLoop(i, len, body)] };
}

let kernels: Kernels | null | undefined;

/** The compiled kernels, or null where WebAssembly SIMD is unavailable (then the JS twin runs). */
export function simdKernels(): Kernels | null {
  if (kernels === undefined) {
    try {
      const bytes = assemble([tileSource(false), tileSource(true), diagSource(false), diagSource(true), centreSource()], 1);
      kernels = instantiate(bytes) as unknown as Kernels;
    } catch {
      kernels = null;
    }
  }
  return kernels;
}

/** Test hook: run the plain-JS twin even where WebAssembly works (`true`), or restore (`false`). */
export function forceJsGram(on: boolean): void {
  kernels = on ? null : undefined;
}

// ---- driver ---------------------------------------------------------------------------------------

/**
 * Rows × (columns rounded up to 4) above which the rows are streamed through wasm memory in chunks
 * (8 MiB of columns: wasm memory never shrinks, so big data must not inflate it for good).
 */
const MAX_RESIDENT = 1 << 20;

/** Which wasm workspace last wrote the shared memory (columns are re-copied when another one did). */
let memoryOwner: object | null = null;

export interface GramWorkspace {
  /** The q × q Gram (row-major, symmetric) of the workspace's columns, weighted by h when given. */
  gram(h?: Float64Array): Float64Array;
}

/**
 * A Gram workspace over fixed columns (centred by `means` when given): the columns are copied into
 * wasm memory once and reused by every `gram` call, so an iterative solver pays only for the weights.
 */
export function gramWorkspace(cols: readonly NumericColumnLike[], means?: Float64Array, residentLimit = MAX_RESIDENT): GramWorkspace {
  const k = simdKernels();
  if (!k) return { gram: (h) => pairGramNaive(cols, means, h) };
  const q = cols.length;
  const n = cols[0].length;
  const q4 = (q + 3) & ~3;
  const nb = q4 >> 2; // column blocks
  // Rows per chunk: even, so every chunk but the last fills whole lane pairs.
  const chunk = n * q4 <= residentLimit ? n + (n & 1) : Math.max(2, Math.floor(residentLimit / q4) & ~1);
  const resident = chunk >= n;
  const stride = chunk * 8;
  // Layout: accumulators (8 lane pairs per tile, 10 per diagonal block), then h, then the columns.
  const nTiles = (nb * (nb - 1)) / 2;
  const tileAcc = 0;
  const diagAcc = tileAcc + nTiles * 2 * 128;
  const hOff = diagAcc + nb * 160;
  const colOff = hOff + stride;
  const bytes = colOff + q4 * stride;
  const mem = k.memory;
  if (mem.buffer.byteLength < bytes) mem.grow(Math.ceil((bytes - mem.buffer.byteLength) / 65536));
  const self = {};

  // Rows r0..r1 of every column into wasm memory (centred, zero-padded to an even count).
  const loadRows = (f: Float64Array, r0: number, r1: number): void => {
    const len = r1 - r0;
    const padded = len + (len & 1);
    for (let j = 0; j < q4; j++) {
      const at = (colOff + j * stride) >> 3;
      if (j >= q) {
        f.fill(0, at, at + padded);
        continue;
      }
      const col = cols[j];
      f.set(r0 === 0 && r1 === n ? col : col.subarray(r0, r1), at);
      if (means) k.centre(colOff + j * stride, padded * 8, means[j]);
      if (len & 1) f[at + len] = 0;
    }
  };

  return {
    gram(h?: Float64Array): Float64Array {
      const f = new Float64Array(mem.buffer);
      f.fill(0, tileAcc >> 3, hOff >> 3);
      for (let r0 = 0; r0 < n; r0 += chunk) {
        const r1 = Math.min(n, r0 + chunk);
        const len = (r1 - r0 + 1) & ~1;
        if (!resident || memoryOwner !== self) loadRows(f, r0, r1);
        memoryOwner = self;
        if (h) {
          f.set(r0 === 0 && r1 === n ? h : h.subarray(r0, r1), hOff >> 3);
          if ((r1 - r0) & 1) f[(hOff >> 3) + r1 - r0] = 0;
        }
        let t = 0;
        for (let bj = 0; bj < nb; bj++) {
          for (let bk = 0; bk < bj; bk++) {
            for (let half = 0; half < 2; half++, t++) {
              const a = colOff + (4 * bj + 2 * half) * stride;
              const c = colOff + 4 * bk * stride;
              if (h) k.wtile24(a, c, stride, len * 8, tileAcc + t * 128, hOff);
              else k.tile24(a, c, stride, len * 8, tileAcc + t * 128);
            }
          }
          const c = colOff + 4 * bj * stride;
          if (h) k.wdiag4(c, stride, len * 8, diagAcc + bj * 160, hOff);
          else k.diag4(c, stride, len * 8, diagAcc + bj * 160);
        }
      }
      return readGram(f, q, nb);
    },
  };
}

/** Adds the lane pairs of the accumulators into the q × q Gram (mirrored). */
function readGram(f: Float64Array, q: number, nb: number): Float64Array {
  const G = new Float64Array(q * q);
  const put = (j: number, kk: number, at: number): void => {
    if (j < q && kk < q) G[j * q + kk] = G[kk * q + j] = f[at] + f[at + 1];
  };
  let t = 0;
  for (let bj = 0; bj < nb; bj++) {
    for (let bk = 0; bk < bj; bk++) {
      for (let half = 0; half < 2; half++, t++) {
        const at = (t * 128) >> 3;
        for (let c = 0; c < 4; c++) {
          put(4 * bj + 2 * half, 4 * bk + c, at + 2 * c);
          put(4 * bj + 2 * half + 1, 4 * bk + c, at + 8 + 2 * c);
        }
      }
    }
  }
  const diagAt = (t * 128) >> 3;
  for (let bj = 0; bj < nb; bj++) {
    let e = 0;
    for (let r = 0; r < 4; r++) for (let c = 0; c <= r; c++, e++) put(4 * bj + r, 4 * bj + c, diagAt + bj * 20 + 2 * e);
  }
  return G;
}

/** The Gram of `cols` (centred by `means`, weighted by `h` when given) in the pair order above. */
export function pairGram(cols: readonly NumericColumnLike[], means?: Float64Array, h?: Float64Array): Float64Array {
  return gramWorkspace(cols, means).gram(h);
}

/** The plain-JS twin: per entry, even and odd rows summed apart, then added. */
export function pairGramNaive(cols: readonly NumericColumnLike[], means?: Float64Array, h?: Float64Array): Float64Array {
  const q = cols.length;
  const n = cols[0].length;
  const G = new Float64Array(q * q);
  for (let j = 0; j < q; j++) {
    const a = cols[j];
    const ma = means ? means[j] : 0;
    for (let kk = 0; kk <= j; kk++) {
      const b = cols[kk];
      const mb = means ? means[kk] : 0;
      const s = [0, 0];
      for (let i = 0; i < n; i++) {
        const u = h ? h[i] * (a[i] - ma) : a[i] - ma;
        s[i & 1] += u * (b[i] - mb);
      }
      G[j * q + kk] = G[kk * q + j] = s[0] + s[1];
    }
  }
  return G;
}
