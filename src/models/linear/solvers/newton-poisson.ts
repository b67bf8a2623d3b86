/**
 * Penalised Poisson regression with log link by Newton's method (iteratively reweighted least squares)
 * with Armijo backtracking. Objective, as scikit-learn's PoissonRegressor:
 *   (1/Σw) Σ w_i (μ_i − y_i η_i) + (α/2) ‖β‖²,  η = β₀ + Xβ, μ = exp(η)
 * (the half mean deviance up to a constant; the intercept is not penalised). Columns are rescaled by
 * their root-mean-square for conditioning; Newton steps are scale invariant, so only rounding changes.
 * Converges when the largest gradient entry (in original coordinates) is ≤ tol.
 */
import type { Matrix } from '../../../core/arrays.js';
import { addLinear, gemvT } from './blas.js';
import { weightedGram } from './gram.js';
import { choleskySolve } from './cholesky.js';

export interface PoissonSolveOptions {
  readonly alpha: number;
  readonly fitIntercept: boolean;
  readonly maxIter: number;
  readonly tol: number;
  readonly sampleWeight?: ArrayLike<number>;
}

export interface PoissonSolveResult {
  readonly coef: Float64Array;
  readonly intercept: number;
  readonly nIter: number;
  readonly converged: boolean;
  /** Final objective value (half mean deviance + penalty, without the constant y·log y − y terms). */
  readonly objective: number;
}

export function newtonPoisson(X: Matrix, y: ArrayLike<number>, o: PoissonSolveOptions): PoissonSolveResult {
  const n = X.nRows;
  const p = X.columns.length;
  const q = p + (o.fitIntercept ? 1 : 0); // the intercept, when fitted, is the last parameter
  const w = new Float64Array(n);
  let wSum = 0;
  let yw = 0;
  for (let i = 0; i < n; i++) {
    w[i] = o.sampleWeight ? o.sampleWeight[i] : 1;
    wSum += w[i];
    yw += w[i] * y[i];
  }
  for (let i = 0; i < n; i++) w[i] /= wSum;
  const scale = new Float64Array(p);
  const Z: Float64Array[] = X.columns.map((col, j) => {
    let ss = 0;
    for (let i = 0; i < n; i++) ss += w[i] * col[i] * col[i];
    const s = Math.sqrt(ss);
    scale[j] = s > 0 ? s : 1;
    const z = new Float64Array(n);
    const sj = scale[j];
    for (let i = 0; i < n; i++) z[i] = col[i] / sj;
    return z;
  });
  // Penalty on original coefficients β_j = θ_j / scale_j  →  α/2 Σ θ_j² / scale_j².
  const pen = Float64Array.from(scale, (s) => o.alpha / (s * s));

  // Design columns C: the scaled features, then a column of ones for the intercept.
  const C: Float64Array[] = o.fitIntercept ? [...Z, new Float64Array(n).fill(1)] : Z;
  const hw = new Float64Array(n); // Hessian weights w∘μ
  const resid = new Float64Array(n);
  const theta = new Float64Array(q);
  if (o.fitIntercept) theta[p] = Math.log(yw / wSum);
  const eta = new Float64Array(n);
  const mu = new Float64Array(n);

  const linear = (t: Float64Array, out: Float64Array): void => {
    out.fill(o.fitIntercept ? t[p] : 0);
    addLinear(Z, t, out);
  };
  // Also stores exp(η) in `m`: the accepted trial's μ is the next iteration's, so it is not recomputed.
  const objective = (t: Float64Array, et: Float64Array, m: Float64Array): number => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      const e = Math.exp(et[i]);
      m[i] = e;
      f += w[i] * (e - y[i] * et[i]);
    }
    for (let j = 0; j < p; j++) f += 0.5 * pen[j] * t[j] * t[j];
    return f;
  };

  linear(theta, eta);
  let f = objective(theta, eta, mu);
  const g = new Float64Array(q);
  const H = new Float64Array(q * q);
  let nIter = 0;
  let converged = false;
  const trial = new Float64Array(q);
  const etaTrial = new Float64Array(n);
  const muTrial = new Float64Array(n);
  for (; nIter < o.maxIter; ) {
    // Gradient of the scaled problem: g = Cᵀ(w∘(μ−y)) + pen∘θ (μ = exp(η), kept from the objective).
    for (let i = 0; i < n; i++) resid[i] = w[i] * (mu[i] - y[i]);
    const gData = gemvT(C, resid);
    for (let j = 0; j < q; j++) g[j] = gData[j] + (j < p ? pen[j] * theta[j] : 0);
    let gmax = 0;
    for (let j = 0; j < q; j++) gmax = Math.max(gmax, Math.abs(j < p ? g[j] / scale[j] : g[j]));
    if (gmax <= o.tol && nIter > 0) {
      converged = true;
      break;
    }
    // Hessian only once the gradient says another step is needed: H = Cᵀ diag(w∘μ) C + diag(pen).
    for (let i = 0; i < n; i++) hw[i] = w[i] * mu[i];
    H.set(weightedGram(C, hw));
    for (let j = 0; j < p; j++) H[j * q + j] += pen[j];
    nIter++;
    const negG = Float64Array.from(g, (v) => -v);
    let d = choleskySolve(H, negG, q, 0);
    if (!d) {
      // Singular Hessian (α = 0 on rank-deficient data): a tiny ridge keeps the step defined.
      let tr = 0;
      for (let j = 0; j < q; j++) tr += H[j * q + j];
      for (let j = 0; j < q; j++) H[j * q + j] += 1e-10 * (tr / q + 1e-300);
      d = choleskySolve(H, negG, q, 0) ?? negG;
    }
    let slope = 0;
    for (let j = 0; j < q; j++) slope += g[j] * d[j];
    if (!(slope < 0)) {
      // Not a descent direction: only rounding is left to remove, so the optimum is reached.
      converged = true;
      break;
    }
    let step = 1;
    let accepted = false;
    for (let ls = 0; ls < 50 && !accepted; ls++) {
      for (let j = 0; j < q; j++) trial[j] = theta[j] + step * d[j];
      linear(trial, etaTrial);
      const ft = objective(trial, etaTrial, muTrial);
      if (Number.isFinite(ft) && ft <= f + 1e-4 * step * slope) {
        theta.set(trial);
        eta.set(etaTrial);
        mu.set(muTrial);
        f = ft;
        accepted = true;
      } else step /= 2;
    }
    if (!accepted) {
      // No decrease possible in floating point: we are at the optimum to working precision.
      converged = true;
      break;
    }
  }
  const coef = Float64Array.from({ length: p }, (_, j) => theta[j] / scale[j]);
  return { coef, intercept: o.fitIntercept ? theta[p] : 0, nIter, converged, objective: f };
}
