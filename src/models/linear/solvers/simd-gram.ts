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
import { type Kernels, simdKernels } from './simd-kernels.js';
import type { NumericColumnLike } from './blas.js';

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
  /** The means the columns are centred by (given, or computed for `'mean'`), if any. */
  readonly means?: Float64Array;
  /** Present when the rows fit in wasm memory at once (and WebAssembly runs): see `ResidentGram`. */
  readonly resident?: ResidentGram;
}

/** The wasm-memory layout of a resident workspace, for solvers that run their own kernels beside the Gram. */
export interface ResidentGram {
  /** Bytes per column or vector (the rows, padded to an even count with zeros). */
  readonly stride: number;
  /** Byte offset of column j is `columns + j·stride`. */
  readonly columns: number;
  /** Byte offsets of the `vectors` scratch vectors requested (zero-filled on creation). */
  readonly vectors: readonly number[];
  /** A view of the memory (it never grows: a bigger need gets a new instance, see simdKernels). */
  f64(): Float64Array;
  /** The Gram weighted by the h already at byte offset `h` (one of `vectors`). */
  gramAt(h: number): Float64Array;
  /** The kernels instance whose memory holds this layout (run other kernels through it). */
  readonly kernels: Kernels;
}

export interface GramWorkspaceOptions {
  /** Rows × columns (rounded up to 4) that may stay resident; more are streamed in chunks. */
  readonly residentLimit?: number;
  /** Scratch vectors of n rows to lay out after the columns (resident workspaces only). */
  readonly vectors?: number;
}

/**
 * A Gram workspace over fixed columns, centred by `means` when given (`'mean'`: by their means, computed
 * here as `pairMeans` does): the columns are copied into wasm memory once and reused by every `gram`
 * call, so an iterative solver pays only for the weights.
 * Several workspaces share the thread's one wasm memory; one that finds another's columns there
 * copies its own back, so use a workspace's `resident` buffers only within one synchronous solve.
 */
export function gramWorkspace(cols: readonly NumericColumnLike[], centre?: Float64Array | 'mean', options: GramWorkspaceOptions = {}): GramWorkspace {
  const jsWorkspace = (): GramWorkspace => {
    const m = centre === 'mean' ? pairMeans(cols) : centre;
    return { gram: (h) => pairGramNaive(cols, m, h), means: m };
  };
  if (!simdKernels()) return jsWorkspace();
  const limit = options.residentLimit ?? MAX_RESIDENT;
  const q = cols.length;
  const n = cols[0].length;
  const q4 = (q + 3) & ~3;
  const nb = q4 >> 2; // column blocks
  // Rows per chunk: even, so every chunk but the last fills whole lane pairs.
  const chunk = n * q4 <= limit ? n + (n & 1) : Math.max(2, Math.floor(limit / q4) & ~1);
  const isResident = chunk >= n;
  const stride = chunk * 8;
  const nVectors = isResident ? (options.vectors ?? 0) : 0;
  // Layout: accumulators (8 lane pairs per tile, 8 + 3 per diagonal block), h, the columns, the weighted
  // columns h∘x_j (the rows of a weighted Gram: a plain tile then gives (h·x_j)·x_k), the vectors.
  const nTiles = (nb * (nb - 1)) / 2;
  const tileAcc = 0;
  const diagAcc = tileAcc + nTiles * 2 * 128;
  const hOff = diagAcc + nb * 176;
  const colOff = hOff + stride;
  const wOff = colOff + q4 * stride;
  const vecOff = wOff + q4 * stride;
  const bytes = vecOff + nVectors * stride;
  const k = simdKernels(bytes);
  if (!k) return jsWorkspace();
  const mem = k.memory;
  const self = {};
  let means = centre === 'mean' ? undefined : centre;

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

  // The Gram, unweighted (h = undefined), weighted by a JS array, or by h at a byte offset.
  const run = (h: Float64Array | number | undefined): Float64Array => {
    const f = new Float64Array(mem.buffer);
    f.fill(0, tileAcc >> 3, hOff >> 3);
    const hAt = typeof h === 'number' ? h : hOff;
    for (let r0 = 0; r0 < n; r0 += chunk) {
      const r1 = Math.min(n, r0 + chunk);
      const len = (r1 - r0 + 1) & ~1;
      if (!isResident || memoryOwner !== self) loadRows(f, r0, r1);
      memoryOwner = self;
      if (h instanceof Float64Array) {
        f.set(r0 === 0 && r1 === n ? h : h.subarray(r0, r1), hOff >> 3);
        if ((r1 - r0) & 1) f[(hOff >> 3) + r1 - r0] = 0;
      }
      // Weighted: the rows come from h∘x_j (zero columns stay zero), the columns from x_k.
      const rows = h === undefined ? colOff : wOff;
      if (h !== undefined) for (let j = 0; j < q4; j += 4) k.scale4(wOff + j * stride, colOff + j * stride, stride, hAt, len * 8);
      let t = 0;
      for (let bj = 0; bj < nb; bj++) {
        for (let bk = 0; bk < bj; bk++) {
          for (let half = 0; half < 2; half++, t++) k.tile24(rows + (4 * bj + 2 * half) * stride, colOff + 4 * bk * stride, stride, len * 8, tileAcc + t * 128);
        }
        // Diagonal block: rows 2, 3 against its four columns, then rows 0, 1 against columns 0, 1.
        const cb = colOff + 4 * bj * stride;
        k.tile24(rows + (4 * bj + 2) * stride, cb, stride, len * 8, diagAcc + bj * 176);
        k.diag2(rows + 4 * bj * stride, cb, stride, len * 8, diagAcc + bj * 176 + 128);
      }
    }
    return readGram(f, q, nb);
  };

  if (centre === 'mean') {
    // Sums of the raw rows (lane pairs carried across chunks), then the centred copy.
    const f = new Float64Array(mem.buffer);
    f.fill(0, tileAcc >> 3, (tileAcc >> 3) + 2 * q4);
    for (let r0 = 0; r0 < n; r0 += chunk) {
      const r1 = Math.min(n, r0 + chunk);
      loadRows(f, r0, r1);
      for (let j = 0; j < q; j += 4) k.sum4(colOff + j * stride, stride, ((r1 - r0 + 1) & ~1) * 8, tileAcc + 16 * j);
    }
    means = Float64Array.from({ length: q }, (_, j) => (f[2 * j] + f[2 * j + 1]) / n);
    if (isResident) for (let j = 0; j < q; j++) k.centre(colOff + j * stride, stride, means[j]);
    if (isResident && n & 1) for (let j = 0; j < q; j++) f[((colOff + j * stride) >> 3) + n] = 0;
  }
  if (!isResident) {
    memoryOwner = null;
    return { gram: (h) => run(h), means };
  }
  const vectors = Array.from({ length: nVectors }, (_, v) => vecOff + v * stride);
  new Float64Array(mem.buffer, vecOff, (nVectors * stride) >> 3).fill(0);
  if (centre !== 'mean') loadRows(new Float64Array(mem.buffer), 0, n);
  memoryOwner = self;
  return {
    gram: (h) => run(h),
    means,
    resident: { stride, columns: colOff, vectors, f64: () => new Float64Array(mem.buffer), gramAt: (h) => run(h), kernels: k },
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
    const at = diagAt + bj * 22;
    const r = 4 * bj;
    for (let c = 0; c < 3; c++) put(r + 2, r + c, at + 2 * c); // (r+2, r+3) is above the diagonal
    for (let c = 0; c < 4; c++) put(r + 3, r + c, at + 8 + 2 * c);
    put(r, r, at + 16);
    put(r + 1, r, at + 18);
    put(r + 1, r + 1, at + 20);
  }
  return G;
}

/** The Gram of `cols` (centred by `means`, weighted by `h` when given) in the pair order above. */
export function pairGram(cols: readonly NumericColumnLike[], means?: Float64Array | 'mean', h?: Float64Array): Float64Array {
  return gramWorkspace(cols, means).gram(h);
}

/** Column means as the kernels compute them: (Σ even rows + Σ odd rows) / n. */
export function pairMeans(cols: readonly NumericColumnLike[]): Float64Array {
  return Float64Array.from(cols, (c) => {
    const s = [0, 0];
    for (let i = 0; i < c.length; i++) s[i & 1] += c[i];
    return (s[0] + s[1]) / c.length;
  });
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
