/**
 * Cross-product matrices of column-major data in plain JS: Σ_i l_j[i]·r_k[i] (`crossGram`, the
 * sample-weighted least-squares design), read two rows of G against four columns at once with
 * independent accumulators, which hides floating-point add latency. The unweighted and the Poisson
 * Grams run on WebAssembly SIMD (simd-gram.ts); the one-running-sum Grams here are references for tests.
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

/** The weighted Gram with one running sum of (h_i·c_j[i])·c_k[i] per entry (a reference for the SIMD Gram's tests). */
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

/** The centred Gram with one running sum per entry (a reference for the SIMD Gram's tests). */
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
