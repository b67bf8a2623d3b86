/**
 * One-sided Jacobi SVD (Hestenes): rotates pairs of columns of A until all are mutually orthogonal;
 * then σ_j = ‖a_j‖, u_j = a_j / σ_j and the accumulated rotations are V. Slower than a Cholesky of
 * AᵀA but accurate to working precision even for rank-deficient or ill-conditioned A, which is when
 * the least-squares solver uses it.
 */

export interface ThinSvd {
  /** Columns of A·V (= u_j σ_j), length n each. */
  readonly AV: Float64Array[];
  /** V, p × p row-major. */
  readonly V: Float64Array;
  /** Singular values, unsorted (index j matches column j of AV and V). */
  readonly sigma: Float64Array;
}

/** SVD of the n × p column-major A (not modified). */
export function jacobiSvd(A: readonly Float64Array[], maxSweeps = 60): ThinSvd {
  const p = A.length;
  const W = A.map((c) => Float64Array.from(c));
  const V = new Float64Array(p * p);
  for (let j = 0; j < p; j++) V[j * p + j] = 1;
  const eps = 2.220446049250313e-16;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let rotated = false;
    for (let j = 0; j < p - 1; j++) {
      for (let k = j + 1; k < p; k++) {
        const a = W[j];
        const b = W[k];
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < a.length; i++) {
          alpha += a[i] * a[i];
          beta += b[i] * b[i];
          gamma += a[i] * b[i];
        }
        if (gamma === 0 || Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const cs = 1 / Math.sqrt(1 + t * t);
        const sn = cs * t;
        for (let i = 0; i < a.length; i++) {
          const ai = a[i];
          const bi = b[i];
          a[i] = cs * ai - sn * bi;
          b[i] = sn * ai + cs * bi;
        }
        for (let r = 0; r < p; r++) {
          const vj = V[r * p + j];
          const vk = V[r * p + k];
          V[r * p + j] = cs * vj - sn * vk;
          V[r * p + k] = sn * vj + cs * vk;
        }
      }
    }
    if (!rotated) break;
  }
  const sigma = Float64Array.from(W, (c) => {
    let s = 0;
    for (let i = 0; i < c.length; i++) s += c[i] * c[i];
    return Math.sqrt(s);
  });
  return { AV: W, V, sigma };
}
