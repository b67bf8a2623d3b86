/**
 * Penalised Poisson regression with log link by Newton's method (iteratively reweighted least squares)
 * with Armijo backtracking. Objective, as scikit-learn's PoissonRegressor:
 *   (1/Σw) Σ w_i (μ_i − y_i η_i) + (α/2) ‖β‖²,  η = β₀ + Xβ, μ = exp(η)
 * (the half mean deviance up to a constant; the intercept is not penalised). Converges when the largest
 * gradient entry is ≤ tol, scikit-learn's lbfgs `gtol` on the same objective and coordinates. The O(n)
 * passes run in poisson-engine.ts (WebAssembly SIMD when available); here only q × q algebra.
 */
import type { Matrix } from '../../../core/arrays.js';
import { choleskyFactor, choleskySubstitute } from './cholesky.js';
import { poissonEngine } from './poisson-engine.js';

export interface PoissonSolveOptions {
  readonly alpha: number;
  readonly fitIntercept: boolean;
  readonly maxIter: number;
  readonly tol: number;
  readonly sampleWeight?: ArrayLike<number>;
  /** Run the plain-JS engine even where WebAssembly works (tests compare the two). */
  readonly forceJs?: boolean;
}

export interface PoissonSolveResult {
  readonly coef: Float64Array;
  readonly intercept: number;
  readonly nIter: number;
  readonly converged: boolean;
  /** Final objective value (half mean deviance + penalty, without the constant y·log y − y terms). */
  readonly objective: number;
  /** Whether the objective at the start (intercept only) was finite; the solve stops at once if not. */
  readonly startFinite: boolean;
}

/** sklearn's lbfgs `ftol` (64 ε): a step whose relative decrease of the objective is below it ends the solve. */
const FTOL = 64 * 2.220446049250313e-16;
/** Reuse the Hessian's factor for the next step while each step cuts the largest gradient entry this much. */
const CHORD_RATE = 0.1;

export function newtonPoisson(X: Matrix, y: ArrayLike<number>, o: PoissonSolveOptions): PoissonSolveResult {
  const n = X.nRows;
  const p = X.columns.length;
  const q = p + (o.fitIntercept ? 1 : 0); // the intercept, when fitted, is the last parameter
  const w = new Float64Array(n);
  let wSum = 0;
  let yw = 0;
  if (o.sampleWeight) {
    for (let i = 0; i < n; i++) {
      w[i] = o.sampleWeight[i];
      wSum += w[i];
      yw += w[i] * y[i];
    }
    for (let i = 0; i < n; i++) w[i] /= wSum;
  } else {
    wSum = n;
    for (let i = 0; i < n; i++) yw += y[i];
    w.fill(1 / n);
  }
  // Design columns C: the features, then a column of ones for the intercept.
  const C = o.fitIntercept ? [...X.columns, new Float64Array(n).fill(1)] : X.columns;
  const engine = poissonEngine(C, y, w, { forceJs: o.forceJs });
  const penalty = (b: Float64Array): number => {
    let s = 0;
    for (let j = 0; j < p; j++) s += b[j] * b[j];
    return 0.5 * o.alpha * s;
  };

  const beta = new Float64Array(q);
  if (o.fitIntercept) beta[p] = Math.log(yw / wSum);
  engine.direction(beta); // from η = 0, so the first trial is η = C·β
  let f = engine.trial(1) + penalty(beta);
  engine.accept();
  if (!Number.isFinite(f)) return { coef: beta.slice(0, p), intercept: o.fitIntercept ? beta[p] : 0, nIter: 0, converged: false, objective: f, startFinite: false };

  let nIter = 0;
  let converged = false;
  const g = new Float64Array(q);
  const Hs = new Float64Array(q * q);
  const D = new Float64Array(q);
  const rhs = new Float64Array(q);
  const trial = new Float64Array(q);
  const d = new Float64Array(q);
  // Factor of the Jacobi-scaled Hessian, reused for chord steps (the last Newton steps, where the
  // Hessian barely changes: a chord step costs a line-search pass and a gradient, not a Gram).
  let L: Float64Array | null = null;
  let prevGmax = Infinity;
  let lastStep = 0;
  for (;;) {
    const gData = engine.gradient();
    let gmax = 0;
    for (let j = 0; j < q; j++) {
      g[j] = gData[j] + (j < p ? o.alpha * beta[j] : 0);
      gmax = Math.max(gmax, Math.abs(g[j]));
    }
    if (gmax <= o.tol && nIter > 0) {
      converged = true;
      break;
    }
    if (nIter >= o.maxIter) break;
    // A full step that cut the gradient tenfold: the next one may keep the factor; otherwise rebuild.
    const fresh = !(L && lastStep === 1 && gmax <= CHORD_RATE * prevGmax);
    if (fresh || !L) L = factorHessian(engine.hessian(), q, p, o.alpha, D, Hs);
    prevGmax = gmax;
    nIter++;
    for (let j = 0; j < q; j++) rhs[j] = -D[j] * g[j];
    const z = choleskySubstitute(L, rhs, q);
    let slope = 0;
    for (let j = 0; j < q; j++) {
      d[j] = z[j] * D[j];
      slope += g[j] * d[j];
    }
    if (!(slope < 0)) {
      if (!fresh) {
        lastStep = 0; // a stale factor: rebuild it and try again
        continue;
      }
      // Not a descent direction: only rounding is left to remove, so the optimum is reached.
      converged = true;
      break;
    }
    engine.direction(d);
    // Near the optimum the predicted decrease falls below the objective's rounding (~1e-16·|f|), where
    // Armijo's test compares noise; a step whose objective stays within that rounding is then taken.
    const noise = FTOL * Math.max(1, Math.abs(f));
    let step = 1;
    let accepted = false;
    for (let ls = 0; ls < 50 && !accepted; ls++) {
      for (let j = 0; j < q; j++) trial[j] = beta[j] + step * d[j];
      const ft = engine.trial(step) + penalty(trial);
      if (Number.isFinite(ft) && (ft <= f + 1e-4 * step * slope || (-step * slope <= noise && ft <= f + noise))) {
        engine.accept();
        beta.set(trial);
        accepted = true;
        // lbfgs's ftol: a relative decrease below 64ε ends the solve (converged to working precision).
        const done = f - ft <= FTOL * Math.max(Math.abs(f), Math.abs(ft), 1);
        f = ft;
        if (done) converged = true;
      } else step /= 2;
    }
    lastStep = step;
    if (!accepted) {
      // No decrease possible in floating point: we are at the optimum to working precision.
      converged = true;
    }
    if (converged) break;
  }
  return { coef: beta.slice(0, p), intercept: o.fitIntercept ? beta[p] : 0, nIter, converged, objective: f, startFinite: true };
}

/**
 * The Cholesky factor of H + α I (features) in Jacobi-scaled coordinates (unit diagonal, scales in D):
 * features span 1e-4 (CTR) to 1e7 (Impressions), and the Newton step is invariant to the scaling, only
 * the rounding is not. A singular Hessian (α = 0 on rank-deficient data) gets a tiny ridge.
 */
function factorHessian(H: Float64Array, q: number, p: number, alpha: number, D: Float64Array, Hs: Float64Array): Float64Array {
  for (let j = 0; j < q; j++) {
    const hjj = H[j * q + j] + (j < p ? alpha : 0);
    D[j] = hjj > 0 ? 1 / Math.sqrt(hjj) : 1;
  }
  for (let j = 0; j < q; j++) {
    for (let k = 0; k < q; k++) Hs[j * q + k] = D[j] * (H[j * q + k] + (j === k && j < p ? alpha : 0)) * D[k];
  }
  const L = choleskyFactor(Hs, q, 0);
  if (L) return L;
  let tr = 0;
  for (let j = 0; j < q; j++) tr += Hs[j * q + j];
  for (let j = 0; j < q; j++) Hs[j * q + j] += 1e-10 * (tr / q + 1e-300);
  return choleskyFactor(Hs, q, 0) ?? identity(q);
}

function identity(q: number): Float64Array {
  const I = new Float64Array(q * q);
  for (let j = 0; j < q; j++) I[j * q + j] = 1;
  return I;
}
