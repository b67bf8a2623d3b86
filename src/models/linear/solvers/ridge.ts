/**
 * Ridge solve on an equilibrated design: min ‖A z − b‖² + α Σ (z_j / scale_j)², i.e. the penalty is on
 * the original coefficients as in scikit-learn. Cholesky of AᵀA + α·diag(1/scale²) when safely positive
 * definite; otherwise (α tiny on rank-deficient data) the same problem written as least squares on A
 * stacked over √α·diag(1/scale), solved by the SVD path, which tends to the minimum-norm OLS solution
 * as α → 0.
 */
import { choleskySolve } from './cholesky.js';
import { type Design, scaledColumns } from './design.js';
import { lstsq, svdSolve } from './lstsq.js';

export function ridgeSolve(design: Design, alpha: number): Float64Array {
  const { b, n, p, scale } = design;
  if (alpha === 0) return lstsq(design).z;
  const G = Float64Array.from(design.G);
  for (let j = 0; j < p; j++) G[j * p + j] += alpha / (scale[j] * scale[j]);
  const fast = choleskySolve(G, design.c, p, 1e-10);
  if (fast) return fast;
  const Aaug = scaledColumns(design).map((col, j) => {
    const out = new Float64Array(n + p);
    out.set(col);
    out[n + j] = Math.sqrt(alpha) / scale[j];
    return out;
  });
  const baug = new Float64Array(n + p);
  baug.set(b);
  return svdSolve(Aaug, baug, scale).z;
}
