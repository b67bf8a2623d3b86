/**
 * Gram (cross-product) matrices of column-major data, where the linear solvers spend their time:
 * Σ_i l_j[i]·r_k[i] (`crossGram`), the weighted Σ_i h_i·c_j[i]·c_k[i] of the Poisson Newton step
 * (`weightedGram`) and the centred Σ_i (x_j[i] − m_j)(x_k[i] − m_k) of least squares (`centredGram`).
 * Loops read two rows of G against four columns at once with independent accumulators, which hides
 * floating-point add latency (about twice as fast as one dot at a time in V8). Naive twins for tests
 * sit beside them.
 */
import { type NumericColumnLike, dot2 } from './blas.js';

/**
 * G[j,k] = G[k,j] = Σ_i left[j][i]·right[k][i] for k ≤ j (p × p row-major). Symmetric when
 * left[j] = D·right[j] for a diagonal D (weights), which is how callers use it (weighted least squares).
 * Two rows at a time against four columns, adding the same products in the same order as the one-row
 * kernel `crossGramRows` (bit-identical, tested).
 */
export function crossGram(left: readonly Float64Array[], right: readonly Float64Array[]): Float64Array {
  const p = left.length;
  const G = new Float64Array(p * p);
  let j = 0;
  for (; j + 1 < p; j += 2) {
    const a = left[j];
    const b = left[j + 1];
    const n = a.length;
    const kj = 4 * ((j + 1) >> 2);
    for (let k = 0; k < kj; k += 4) {
      const c0 = right[k];
      const c1 = right[k + 1];
      const c2 = right[k + 2];
      const c3 = right[k + 3];
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let b0 = 0;
      let b1 = 0;
      let b2 = 0;
      let b3 = 0;
      for (let i = 0; i < n; i++) {
        const u = a[i];
        const v = b[i];
        const x0 = c0[i];
        const x1 = c1[i];
        const x2 = c2[i];
        const x3 = c3[i];
        a0 += u * x0;
        a1 += u * x1;
        a2 += u * x2;
        a3 += u * x3;
        b0 += v * x0;
        b1 += v * x1;
        b2 += v * x2;
        b3 += v * x3;
      }
      setSym(G, p, j, k, a0, a1, a2, a3);
      setSym(G, p, j + 1, k, b0, b1, b2, b3);
    }
    crossRow(left, right, G, j, kj);
    crossRow(left, right, G, j + 1, kj);
  }
  if (j < p) crossRow(left, right, G, j, 0);
  return G;
}

/** One-row kernel: row j of `crossGram` from column `from` (a multiple of 4) to the diagonal. */
function crossRow(left: readonly Float64Array[], right: readonly Float64Array[], G: Float64Array, j: number, from: number): void {
  const p = left.length;
  const a = left[j];
  const n = a.length;
  let k = from;
  for (; k + 3 <= j; k += 4) {
    const c0 = right[k];
    const c1 = right[k + 1];
    const c2 = right[k + 2];
    const c3 = right[k + 3];
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < n; i++) {
      const v = a[i];
      s0 += v * c0[i];
      s1 += v * c1[i];
      s2 += v * c2[i];
      s3 += v * c3[i];
    }
    setSym(G, p, j, k, s0, s1, s2, s3);
  }
  for (; k <= j; k++) G[j * p + k] = G[k * p + j] = dot2(a, right[k]);
}

/**
 * G[j,k] = Σ_i (h_i·c_j[i])·c_k[i] for k ≤ j, mirrored (p × p row-major): the weighted Gram the
 * Poisson Newton step builds every iteration, without writing the n × p weighted copy h∘c_j. Blocked
 * like `centredGram` (4-column blocks, diagonal blocks in one pass); every entry is one running sum,
 * bit-identical to the naive twin `weightedGramNaive` (tested).
 */
export function weightedGram(cols: readonly Float64Array[], h: Float64Array): Float64Array {
  return blockedGram(cols, h, WEIGHTED_KERNELS);
}

/** The kernels of one blocked Gram: tiles below the diagonal and the diagonal blocks (see `blockedGram`). */
interface GramKernels<C> {
  /** Rows j, j + 1 against columns k..k+3, all below the diagonal. */
  tile2x4(cols: readonly C[], aux: Float64Array, G: Float64Array, j: number, k: number): void;
  /** Row j against columns k..k+3, all below the diagonal. */
  tile1x4(cols: readonly C[], aux: Float64Array, G: Float64Array, j: number, k: number): void;
  /** Every entry of the diagonal block of `size` (≤ 4) columns from r, in one pass. */
  diagonal(cols: readonly C[], aux: Float64Array, G: Float64Array, r: number, size: number): void;
}

/**
 * The blocking shared by the weighted and centred Grams: the lower triangle in 4-column blocks, two
 * rows against four columns below the diagonal, diagonal blocks in one pass; the tiles mirror their
 * entries. Only the kernels differ (what a product is), and they do all the O(n) work.
 */
function blockedGram<C>(cols: readonly C[], aux: Float64Array, kernels: GramKernels<C>): Float64Array {
  const p = cols.length;
  const G = new Float64Array(p * p);
  for (let r = 0; r < p; r += 4) {
    const rEnd = Math.min(r + 4, p);
    for (let k = 0; k < r; k += 4) {
      let j = r;
      for (; j + 1 < rEnd; j += 2) kernels.tile2x4(cols, aux, G, j, k);
      if (j < rEnd) kernels.tile1x4(cols, aux, G, j, k);
    }
    kernels.diagonal(cols, aux, G, r, rEnd - r);
  }
  return G;
}

function weightedTile2x4(cols: readonly Float64Array[], h: Float64Array, G: Float64Array, j: number, k: number): void {
  const p = cols.length;
  const a = cols[j];
  const b = cols[j + 1];
  const c0 = cols[k];
  const c1 = cols[k + 1];
  const c2 = cols[k + 2];
  const c3 = cols[k + 3];
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  const n = a.length;
  for (let i = 0; i < n; i++) {
    const hi = h[i];
    const u = hi * a[i];
    const v = hi * b[i];
    const x0 = c0[i];
    const x1 = c1[i];
    const x2 = c2[i];
    const x3 = c3[i];
    a0 += u * x0;
    a1 += u * x1;
    a2 += u * x2;
    a3 += u * x3;
    b0 += v * x0;
    b1 += v * x1;
    b2 += v * x2;
    b3 += v * x3;
  }
  setSym(G, p, j, k, a0, a1, a2, a3);
  setSym(G, p, j + 1, k, b0, b1, b2, b3);
}

function weightedTile1x4(cols: readonly Float64Array[], h: Float64Array, G: Float64Array, j: number, k: number): void {
  const p = cols.length;
  const a = cols[j];
  const c0 = cols[k];
  const c1 = cols[k + 1];
  const c2 = cols[k + 2];
  const c3 = cols[k + 3];
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = a.length;
  for (let i = 0; i < n; i++) {
    const v = h[i] * a[i];
    s0 += v * c0[i];
    s1 += v * c1[i];
    s2 += v * c2[i];
    s3 += v * c3[i];
  }
  setSym(G, p, j, k, s0, s1, s2, s3);
}

/** Lower triangle of the diagonal block r..r+size−1 (size 1..4): entry (a, b) sums (h·c_a)·c_b. */
function weightedDiagonal(cols: readonly Float64Array[], h: Float64Array, G: Float64Array, r: number, size: number): void {
  const p = cols.length;
  const n = h.length;
  // Missing columns of a short last block read column r: their sums are discarded.
  const c0 = cols[r];
  const c1 = cols[size > 1 ? r + 1 : r];
  const c2 = cols[size > 2 ? r + 2 : r];
  const c3 = cols[size > 3 ? r + 3 : r];
  let s00 = 0;
  let s10 = 0;
  let s11 = 0;
  let s20 = 0;
  let s21 = 0;
  let s22 = 0;
  let s30 = 0;
  let s31 = 0;
  let s32 = 0;
  let s33 = 0;
  if (size === 4) {
    for (let i = 0; i < n; i++) {
      const hi = h[i];
      const x0 = c0[i];
      const x1 = c1[i];
      const x2 = c2[i];
      const x3 = c3[i];
      const u1 = hi * x1;
      const u2 = hi * x2;
      const u3 = hi * x3;
      s00 += hi * x0 * x0;
      s10 += u1 * x0;
      s11 += u1 * x1;
      s20 += u2 * x0;
      s21 += u2 * x1;
      s22 += u2 * x2;
      s30 += u3 * x0;
      s31 += u3 * x1;
      s32 += u3 * x2;
      s33 += u3 * x3;
    }
  } else if (size === 3) {
    for (let i = 0; i < n; i++) {
      const hi = h[i];
      const x0 = c0[i];
      const x1 = c1[i];
      const x2 = c2[i];
      const u1 = hi * x1;
      const u2 = hi * x2;
      s00 += hi * x0 * x0;
      s10 += u1 * x0;
      s11 += u1 * x1;
      s20 += u2 * x0;
      s21 += u2 * x1;
      s22 += u2 * x2;
    }
  } else if (size === 2) {
    for (let i = 0; i < n; i++) {
      const hi = h[i];
      const x0 = c0[i];
      const x1 = c1[i];
      const u1 = hi * x1;
      s00 += hi * x0 * x0;
      s10 += u1 * x0;
      s11 += u1 * x1;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const x0 = c0[i];
      s00 += h[i] * x0 * x0;
    }
  }
  const sums = [s00, s10, s11, s20, s21, s22, s30, s31, s32, s33];
  let t = 0;
  for (let a = 0; a < size; a++) {
    for (let b = 0; b <= a; b++) {
      G[(r + a) * p + r + b] = G[(r + b) * p + r + a] = sums[t++];
    }
  }
}

const WEIGHTED_KERNELS: GramKernels<Float64Array> = { tile2x4: weightedTile2x4, tile1x4: weightedTile1x4, diagonal: weightedDiagonal };

/** The naive twin of `weightedGram`: one running sum of (h_i·c_j[i])·c_k[i] per entry. */
export function weightedGramNaive(cols: readonly Float64Array[], h: Float64Array): Float64Array {
  const p = cols.length;
  const G = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k <= j; k++) {
      let s = 0;
      for (let i = 0; i < h.length; i++) s += h[i] * cols[j][i] * cols[k][i];
      G[j * p + k] = G[k * p + j] = s;
    }
  }
  return G;
}

/** The one-row-at-a-time kernel over every row (the twin `crossGram` is checked against). */
export function crossGramRows(left: readonly Float64Array[], right: readonly Float64Array[]): Float64Array {
  const p = left.length;
  const G = new Float64Array(p * p);
  for (let j = 0; j < p; j++) crossRow(left, right, G, j, 0);
  return G;
}

/**
 * G[j,k] = Σ_i (x_j[i] − m_j)(x_k[i] − m_k) for all j, k (p × p row-major), centring on the fly so the
 * caller needs no centred copy of X. The lower triangle is cut into 4-column blocks: blocks below the
 * diagonal two rows against four columns at a time (eight accumulators: 6 loads and 6 subtractions per
 * 8 products), diagonal blocks by one pass over their 4 columns for all 10 entries. Every entry is one
 * running sum over i in order, so the result is bit-identical to the naive loop `centredGramNaive`
 * (tested); tiling diagonal blocks this way made the small-data Gram ~25 % faster than finishing them
 * entry by entry.
 */
export function centredGram(cols: readonly NumericColumnLike[], means: Float64Array): Float64Array {
  return blockedGram(cols, means, CENTRED_KERNELS);
}

/** Rows j, j + 1 of G against columns k..k+3 (all below the diagonal). */
function centredTile2x4(cols: readonly NumericColumnLike[], means: Float64Array, G: Float64Array, j: number, k: number): void {
  const p = cols.length;
  const a = cols[j];
  const b = cols[j + 1];
  const ma = means[j];
  const mb = means[j + 1];
  const c0 = cols[k];
  const c1 = cols[k + 1];
  const c2 = cols[k + 2];
  const c3 = cols[k + 3];
  const m0 = means[k];
  const m1 = means[k + 1];
  const m2 = means[k + 2];
  const m3 = means[k + 3];
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  const n = a.length;
  for (let i = 0; i < n; i++) {
    const u = a[i] - ma;
    const v = b[i] - mb;
    const x0 = c0[i] - m0;
    const x1 = c1[i] - m1;
    const x2 = c2[i] - m2;
    const x3 = c3[i] - m3;
    a0 += u * x0;
    a1 += u * x1;
    a2 += u * x2;
    a3 += u * x3;
    b0 += v * x0;
    b1 += v * x1;
    b2 += v * x2;
    b3 += v * x3;
  }
  setSym(G, p, j, k, a0, a1, a2, a3);
  setSym(G, p, j + 1, k, b0, b1, b2, b3);
}

/** Row j of G against columns k..k+3 (the odd row out of a block of rows). */
function centredTile1x4(cols: readonly NumericColumnLike[], means: Float64Array, G: Float64Array, j: number, k: number): void {
  const p = cols.length;
  const a = cols[j];
  const ma = means[j];
  const c0 = cols[k];
  const c1 = cols[k + 1];
  const c2 = cols[k + 2];
  const c3 = cols[k + 3];
  const m0 = means[k];
  const m1 = means[k + 1];
  const m2 = means[k + 2];
  const m3 = means[k + 3];
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = a.length;
  for (let i = 0; i < n; i++) {
    const v = a[i] - ma;
    s0 += v * (c0[i] - m0);
    s1 += v * (c1[i] - m1);
    s2 += v * (c2[i] - m2);
    s3 += v * (c3[i] - m3);
  }
  setSym(G, p, j, k, s0, s1, s2, s3);
}

/** The lower triangle of the diagonal block of columns r..r+size−1 (size 1..4), one pass. */
function centredDiagonal(cols: readonly NumericColumnLike[], means: Float64Array, G: Float64Array, r: number, size: number): void {
  const p = cols.length;
  const n = cols[r].length;
  // Missing columns of a short last block read column r with its mean: their sums are discarded.
  const c0 = cols[r];
  const c1 = cols[size > 1 ? r + 1 : r];
  const c2 = cols[size > 2 ? r + 2 : r];
  const c3 = cols[size > 3 ? r + 3 : r];
  const m0 = means[r];
  const m1 = means[size > 1 ? r + 1 : r];
  const m2 = means[size > 2 ? r + 2 : r];
  const m3 = means[size > 3 ? r + 3 : r];
  let s00 = 0;
  let s10 = 0;
  let s11 = 0;
  let s20 = 0;
  let s21 = 0;
  let s22 = 0;
  let s30 = 0;
  let s31 = 0;
  let s32 = 0;
  let s33 = 0;
  if (size === 4) {
    for (let i = 0; i < n; i++) {
      const x0 = c0[i] - m0;
      const x1 = c1[i] - m1;
      const x2 = c2[i] - m2;
      const x3 = c3[i] - m3;
      s00 += x0 * x0;
      s10 += x1 * x0;
      s11 += x1 * x1;
      s20 += x2 * x0;
      s21 += x2 * x1;
      s22 += x2 * x2;
      s30 += x3 * x0;
      s31 += x3 * x1;
      s32 += x3 * x2;
      s33 += x3 * x3;
    }
  } else if (size === 3) {
    for (let i = 0; i < n; i++) {
      const x0 = c0[i] - m0;
      const x1 = c1[i] - m1;
      const x2 = c2[i] - m2;
      s00 += x0 * x0;
      s10 += x1 * x0;
      s11 += x1 * x1;
      s20 += x2 * x0;
      s21 += x2 * x1;
      s22 += x2 * x2;
    }
  } else if (size === 2) {
    for (let i = 0; i < n; i++) {
      const x0 = c0[i] - m0;
      const x1 = c1[i] - m1;
      s00 += x0 * x0;
      s10 += x1 * x0;
      s11 += x1 * x1;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const x0 = c0[i] - m0;
      s00 += x0 * x0;
    }
  }
  const sums = [s00, s10, s11, s20, s21, s22, s30, s31, s32, s33];
  let t = 0;
  for (let a = 0; a < size; a++) {
    for (let b = 0; b <= a; b++) {
      G[(r + a) * p + r + b] = G[(r + b) * p + r + a] = sums[t++];
    }
  }
}

const CENTRED_KERNELS: GramKernels<NumericColumnLike> = { tile2x4: centredTile2x4, tile1x4: centredTile1x4, diagonal: centredDiagonal };

/** The naive twin of `centredGram`: one running sum per entry (the fast kernel matches it bit for bit). */
export function centredGramNaive(cols: readonly NumericColumnLike[], means: Float64Array): Float64Array {
  const p = cols.length;
  const G = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k <= j; k++) {
      const a = cols[j];
      const b = cols[k];
      let s = 0;
      for (let i = 0; i < a.length; i++) s += (a[i] - means[j]) * (b[i] - means[k]);
      G[j * p + k] = G[k * p + j] = s;
    }
  }
  return G;
}

function setSym(G: Float64Array, p: number, j: number, k: number, s0: number, s1: number, s2: number, s3: number): void {
  G[j * p + k] = G[k * p + j] = s0;
  G[j * p + k + 1] = G[(k + 1) * p + j] = s1;
  G[j * p + k + 2] = G[(k + 2) * p + j] = s2;
  G[j * p + k + 3] = G[(k + 3) * p + j] = s3;
}

/** Naive twin of `crossGram` (one plain dot per entry), for tests. */
export function crossGramNaive(left: readonly Float64Array[], right: readonly Float64Array[]): Float64Array {
  const p = left.length;
  const G = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) {
      let s = 0;
      for (let i = 0; i < left[j].length; i++) s += left[j][i] * right[k][i];
      G[j * p + k] = s;
    }
  }
  return G;
}
