/**
 * Dense vector kernels of the linear solvers in plain JS, for column-major data: the transposed
 * matrix–vector product Aᵀv, reading v once for four columns, each column summed as `dot2` does (even
 * and odd rows apart, then added), so the results are bit-identical to it (tested). The Gram kernels
 * are in gram.ts and simd-gram.ts.
 */

/** Feature columns as stored in a Matrix. */
export type NumericColumnLike = Float64Array | Float32Array;

/**
 * out[j] = Σ_i A[j][i]·v[i]. Four columns per pass over v (v read once for four dots), each column
 * summed exactly as `dot2` does (even and odd rows apart, then added), so every entry equals
 * `dot2(A[j], v)` bit for bit (tested).
 */
export function gemvT(A: readonly Float64Array[], v: Float64Array): Float64Array {
  const out = new Float64Array(A.length);
  const n = v.length;
  let j = 0;
  for (; j + 3 < A.length; j += 4) {
    const a = A[j];
    const b = A[j + 1];
    const c = A[j + 2];
    const d = A[j + 3];
    let a0 = 0;
    let a1 = 0;
    let b0 = 0;
    let b1 = 0;
    let c0 = 0;
    let c1 = 0;
    let d0 = 0;
    let d1 = 0;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const v0 = v[i];
      const v1 = v[i + 1];
      a0 += a[i] * v0;
      a1 += a[i + 1] * v1;
      b0 += b[i] * v0;
      b1 += b[i + 1] * v1;
      c0 += c[i] * v0;
      c1 += c[i + 1] * v1;
      d0 += d[i] * v0;
      d1 += d[i + 1] * v1;
    }
    if (i < n) {
      a0 += a[i] * v[i];
      b0 += b[i] * v[i];
      c0 += c[i] * v[i];
      d0 += d[i] * v[i];
    }
    out[j] = a0 + a1;
    out[j + 1] = b0 + b1;
    out[j + 2] = c0 + c1;
    out[j + 3] = d0 + d1;
  }
  for (; j < A.length; j++) out[j] = dot2(A[j], v);
  return out;
}

/** Dot product with two accumulators (pairs of rows), for the leftovers of the blocked loops. */
export function dot2(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
  }
  if (i < n) s0 += a[i] * b[i];
  return s0 + s1;
}

