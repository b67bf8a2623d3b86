/**
 * Dense Cholesky factorisation and solve for small symmetric positive-definite systems (p × p, row-major).
 * Returns null instead of throwing when a pivot is not safely positive, so callers can fall back to an
 * SVD; `minPivotRatio` rejects nearly singular systems whose solution would be inaccurate. The factor
 * and the substitutions are separate so an iterative solver can reuse one factor for several solves.
 */

/**
 * Solves G z = c. Returns null when G is not (numerically) positive definite: a squared pivot below
 * `minPivotRatio` × the largest diagonal entry.
 */
export function choleskySolve(G: Float64Array, c: Float64Array, p: number, minPivotRatio = 1e-10): Float64Array | null {
  const L = choleskyFactor(G, p, minPivotRatio);
  return L && choleskySubstitute(L, c, p);
}

/** The lower factor L (G = L Lᵀ, row-major p × p), or null as `choleskySolve` describes. */
export function choleskyFactor(G: Float64Array, p: number, minPivotRatio = 1e-10): Float64Array | null {
  const L = new Float64Array(p * p);
  let maxDiag = 0;
  for (let j = 0; j < p; j++) maxDiag = Math.max(maxDiag, G[j * p + j]);
  if (!(maxDiag > 0)) return null;
  for (let j = 0; j < p; j++) {
    let d = G[j * p + j];
    for (let k = 0; k < j; k++) d -= L[j * p + k] * L[j * p + k];
    if (!(d > minPivotRatio * maxDiag)) return null;
    const ljj = Math.sqrt(d);
    L[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = G[i * p + j];
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k];
      L[i * p + j] = s / ljj;
    }
  }
  return L;
}

/** z with L Lᵀ z = c (forward then back substitution). */
export function choleskySubstitute(L: Float64Array, c: Float64Array, p: number): Float64Array {
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = c[i];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * z[k];
    z[i] = s / L[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * z[k];
    z[i] = s / L[i * p + i];
  }
  return z;
}
