/**
 * Least squares on an equilibrated design (see design.ts): min ‖A z − b‖. Fast path: Cholesky of AᵀA,
 * used only when its pivots show the (column-scaled) problem is well conditioned, so squaring the
 * condition number costs nothing visible. Otherwise a Jacobi SVD gives the pseudo-inverse solution,
 * dropping singular values below `rcond` × σ_max (numpy's default max(n, p)·eps), as LAPACK gelsd does.
 *
 * Minimum norm is measured on the *original* coefficients (coef = z / scale, like scikit-learn, which
 * solves unscaled): when A is rank deficient, the pseudo-inverse solution is projected off the null
 * space of X expressed in original coordinates.
 */
import { choleskySolve } from './cholesky.js';
import { type Design, scaledColumns } from './design.js';
import { jacobiSvd } from './jacobi-svd.js';

export interface LstsqResult {
  /** Solution of the scaled problem. */
  readonly z: Float64Array;
  /** Numerical rank of the design. */
  readonly rank: number;
  /** Which path solved it (for diagnostics and tests). */
  readonly method: 'cholesky' | 'svd';
}

export function lstsq(design: Design, rcond?: number): LstsqResult {
  const fast = choleskySolve(design.G, design.c, design.p, 1e-8);
  if (fast) return { z: fast, rank: design.p, method: 'cholesky' };
  return svdSolve(scaledColumns(design), design.b, design.scale, rcond);
}

/**
 * Minimum-norm least squares by Jacobi SVD on already scaled columns `A` (coef = z / scale).
 */
export function svdSolve(A: readonly Float64Array[], b: Float64Array, scale: Float64Array, rcond?: number): LstsqResult {
  const p = A.length;
  const n = b.length;
  const { AV, V, sigma } = jacobiSvd(A);
  let smax = 0;
  for (const s of sigma) smax = Math.max(smax, s);
  const thr = (rcond ?? Math.max(n, p) * 2.220446049250313e-16) * smax;
  const z = new Float64Array(p);
  const nullDirs: Float64Array[] = [];
  let rank = 0;
  for (let j = 0; j < p; j++) {
    const v = Float64Array.from({ length: p }, (_, r) => V[r * p + j]);
    if (sigma[j] > thr && sigma[j] > 0) {
      rank++;
      // z += v_j (u_jᵀ b) / σ_j with u_j = AV_j / σ_j.
      let ub = 0;
      const col = AV[j];
      for (let i = 0; i < n; i++) ub += col[i] * b[i];
      const f = ub / (sigma[j] * sigma[j]);
      for (let r = 0; r < p; r++) z[r] += f * v[r];
    } else {
      nullDirs.push(v);
    }
  }
  if (nullDirs.length === 0 || rank === 0) return { z, rank, method: 'svd' };
  // Null space of X in original coefficients: coef = z / scale, so a null direction v of A is
  // v / scale in coef space. Orthonormalise those (modified Gram–Schmidt) and project them out of
  // coef, then map back to z = coef · scale.
  const coef = Float64Array.from(z, (zj, j) => zj / scale[j]);
  const basis: Float64Array[] = [];
  for (const v of nullDirs) {
    const u = Float64Array.from(v, (vj, j) => vj / scale[j]);
    for (const q of basis) {
      let d = 0;
      for (let j = 0; j < p; j++) d += q[j] * u[j];
      for (let j = 0; j < p; j++) u[j] -= d * q[j];
    }
    let nrm = 0;
    for (let j = 0; j < p; j++) nrm += u[j] * u[j];
    nrm = Math.sqrt(nrm);
    if (nrm === 0) continue;
    for (let j = 0; j < p; j++) u[j] /= nrm;
    basis.push(u);
  }
  for (const q of basis) {
    let d = 0;
    for (let j = 0; j < p; j++) d += q[j] * coef[j];
    for (let j = 0; j < p; j++) coef[j] -= d * q[j];
  }
  for (let j = 0; j < p; j++) z[j] = coef[j] * scale[j];
  return { z, rank, method: 'svd' };
}
