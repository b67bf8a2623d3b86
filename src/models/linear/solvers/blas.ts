/**
 * Dense vector kernels of the linear solvers, for column-major data: the transposed matrix–vector
 * product Aᵀv (plain and centred on the fly) and the linear predictor η += Σ t_j·Z_j. Each reads v (or
 * η) once for four columns; every column is summed in the same order as its one-column loop, so the
 * results are bit-identical to those loops (tested). The Gram (cross-product) kernels are in gram.ts.
 */

/** Feature columns as stored in a Matrix. */
export type NumericColumnLike = Float64Array | Float32Array;

/**
 * out[j] = Σ_i (x_j[i] − m_j)·v[i]: four columns per pass over v, each summed as the one-column loop
 * below does (even and odd rows apart, then added), so the result is the same bit for bit (tested).
 */
export function centredGemvT(cols: readonly NumericColumnLike[], means: Float64Array, v: Float64Array): Float64Array {
  const out = new Float64Array(cols.length);
  const n = v.length;
  let j = 0;
  for (; j + 3 < cols.length; j += 4) {
    const a = cols[j];
    const b = cols[j + 1];
    const c = cols[j + 2];
    const d = cols[j + 3];
    const ma = means[j];
    const mb = means[j + 1];
    const mc = means[j + 2];
    const md = means[j + 3];
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
      a0 += (a[i] - ma) * v0;
      a1 += (a[i + 1] - ma) * v1;
      b0 += (b[i] - mb) * v0;
      b1 += (b[i + 1] - mb) * v1;
      c0 += (c[i] - mc) * v0;
      c1 += (c[i + 1] - mc) * v1;
      d0 += (d[i] - md) * v0;
      d1 += (d[i + 1] - md) * v1;
    }
    if (i < n) {
      a0 += (a[i] - ma) * v[i];
      b0 += (b[i] - mb) * v[i];
      c0 += (c[i] - mc) * v[i];
      d0 += (d[i] - md) * v[i];
    }
    out[j] = a0 + a1;
    out[j + 1] = b0 + b1;
    out[j + 2] = c0 + c1;
    out[j + 3] = d0 + d1;
  }
  centredGemvTColumns(cols, means, v, out, j);
  return out;
}

/** The one-column loop of `centredGemvT` for columns `from..`, into `out` (its naive twin from 0). */
export function centredGemvTColumns(cols: readonly NumericColumnLike[], means: Float64Array, v: Float64Array, out: Float64Array, from: number): void {
  for (let j = from; j < cols.length; j++) {
    const a = cols[j];
    const m = means[j];
    let s0 = 0;
    let s1 = 0;
    let i = 0;
    for (; i + 1 < a.length; i += 2) {
      s0 += (a[i] - m) * v[i];
      s1 += (a[i + 1] - m) * v[i + 1];
    }
    if (i < a.length) s0 += (a[i] - m) * v[i];
    out[j] = s0 + s1;
  }
}

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

/**
 * out[i] += Σ_j t_j·Z_j[i] over the columns with t_j ≠ 0, added one column after another as separate
 * passes would (bit-identical to them, tested), but four columns per pass over `out`: the linear
 * predictor of every Poisson line-search trial.
 */
export function addLinear(Z: readonly Float64Array[], t: ArrayLike<number>, out: Float64Array): void {
  const nz: number[] = [];
  for (let j = 0; j < Z.length; j++) if (t[j] !== 0) nz.push(j);
  const n = out.length;
  let k = 0;
  for (; k + 3 < nz.length; k += 4) {
    const a = Z[nz[k]];
    const b = Z[nz[k + 1]];
    const c = Z[nz[k + 2]];
    const d = Z[nz[k + 3]];
    const ta = t[nz[k]];
    const tb = t[nz[k + 1]];
    const tc = t[nz[k + 2]];
    const td = t[nz[k + 3]];
    for (let i = 0; i < n; i++) out[i] = out[i] + ta * a[i] + tb * b[i] + tc * c[i] + td * d[i];
  }
  for (; k < nz.length; k++) {
    const a = Z[nz[k]];
    const ta = t[nz[k]];
    for (let i = 0; i < n; i++) out[i] += ta * a[i];
  }
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

