/**
 * Penalised Poisson regression (log link) on a `SparseDesign`, solved by Newton's method with a
 * backtracking line search. Objective, as scikit-learn's PoissonRegressor:
 *   (1/Σw) Σ w_i (μ_i − y_i log μ_i) + (α/2) Σ_j penalty_j β_j²,   μ = exp(η)
 * The intercept is never penalised. Per-column penalty factors let thin interaction cells shrink
 * harder than main effects (partial pooling: a cell with little data stays near its parents).
 */
import { ConvoptError } from '../../core/errors.js';
import { choleskySolve } from '../../models/linear/solvers/cholesky.js';
import { linearPredictor, type SparseDesign } from './sparse-design.js';

export interface PoissonFitOptions {
  readonly alpha: number;
  /** Per-column multiplier of alpha (default 1). */
  readonly penalty?: Float64Array;
  readonly sampleWeight?: ArrayLike<number>;
  readonly maxIter?: number;
  readonly tol?: number;
  /** Warm start. */
  readonly init?: { intercept: number; coef: Float64Array };
}

export interface PoissonFit {
  readonly intercept: number;
  readonly coef: Float64Array;
  readonly nIter: number;
  readonly converged: boolean;
  /** Objective value at the solution. */
  readonly objective: number;
}

const ETA_MAX = 30; // exp(30) ≈ 1e13: keeps a wild line-search trial from overflowing

function objective(X: SparseDesign, y: ArrayLike<number>, w: ArrayLike<number> | undefined, sumW: number, intercept: number, coef: Float64Array, alpha: number, pen: Float64Array | undefined, eta: Float64Array): number {
  linearPredictor(X, intercept, coef, eta);
  let loss = 0;
  for (let i = 0; i < X.nRows; i++) {
    const e = Math.min(eta[i], ETA_MAX);
    loss += (w ? w[i] : 1) * (Math.exp(e) - y[i] * e);
  }
  let reg = 0;
  for (let j = 0; j < coef.length; j++) reg += (pen ? pen[j] : 1) * coef[j] * coef[j];
  return loss / sumW + 0.5 * alpha * reg;
}

export function fitPoissonGlm(X: SparseDesign, y: ArrayLike<number>, options: PoissonFitOptions): PoissonFit {
  const { alpha } = options;
  const maxIter = options.maxIter ?? 100;
  const tol = options.tol ?? 1e-8;
  const w = options.sampleWeight;
  const pen = options.penalty;
  const p = X.nCols + 1; // parameter 0 is the intercept
  let sumW = 0;
  let sumWY = 0;
  for (let i = 0; i < X.nRows; i++) {
    const wi = w ? w[i] : 1;
    if (y[i] < 0) throw new ConvoptError('INVALID_DATA', `Poisson response needs non-negative targets; row ${i + 1} has ${y[i]}.`, { row: i + 1, value: y[i] });
    sumW += wi;
    sumWY += wi * y[i];
  }
  if (!(sumW > 0)) throw new ConvoptError('INVALID_DATA', 'Poisson response fit got no rows with positive weight.');
  let intercept = options.init?.intercept ?? Math.log(Math.max(sumWY / sumW, 1e-10));
  let coef = options.init ? Float64Array.from(options.init.coef) : new Float64Array(X.nCols);
  const eta = new Float64Array(X.nRows);
  let f = objective(X, y, w, sumW, intercept, coef, alpha, pen, eta);
  const H = new Float64Array(p * p);
  const g = new Float64Array(p);
  const { k, index, value } = X;
  let it = 0;
  let converged = false;
  for (; it < maxIter; it++) {
    H.fill(0);
    g.fill(0);
    // eta holds the current linear predictor (objective() just computed it).
    for (let i = 0; i < X.nRows; i++) {
      const wi = (w ? w[i] : 1) / sumW;
      if (wi === 0) continue;
      const mu = Math.exp(Math.min(eta[i], ETA_MAX));
      const r = wi * (mu - y[i]);
      const h = wi * mu;
      g[0] += r;
      H[0] += h;
      const base = i * k;
      for (let a = 0; a < k; a++) {
        const ja = index[base + a];
        if (ja < 0) continue;
        const va = value[base + a];
        const pa = ja + 1;
        g[pa] += r * va;
        H[pa] += h * va;
        H[pa * p] += h * va;
        for (let b = 0; b < k; b++) {
          const jb = index[base + b];
          if (jb >= 0) H[pa * p + jb + 1] += h * va * value[base + b];
        }
      }
    }
    for (let j = 1; j < p; j++) {
      const pj = pen ? pen[j - 1] : 1;
      H[j * p + j] += alpha * pj;
      g[j] += alpha * pj * coef[j - 1];
    }
    let gnorm = 0;
    for (let j = 0; j < p; j++) gnorm = Math.max(gnorm, Math.abs(g[j]));
    if (gnorm < tol) {
      converged = true;
      break;
    }
    // The penalty keeps H positive definite; a null here means a column with no data and no penalty,
    // where a plain gradient step is the safe fallback.
    const step = choleskySolve(H, g, p, 1e-14) ?? Float64Array.from(g);
    // Backtracking line search on the objective (Newton can overshoot where μ is tiny or huge).
    let t = 1;
    let accepted = false;
    const trial = new Float64Array(X.nCols);
    for (let ls = 0; ls < 30; ls++) {
      const ti = intercept - t * step[0];
      for (let j = 0; j < X.nCols; j++) trial[j] = coef[j] - t * step[j + 1];
      const ft = objective(X, y, w, sumW, ti, trial, alpha, pen, eta);
      if (ft <= f - 1e-4 * t * dot(g, step)) {
        intercept = ti;
        coef = Float64Array.from(trial);
        const improvement = f - ft;
        f = ft;
        accepted = true;
        if (improvement < tol * Math.max(1, Math.abs(f))) converged = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) {
      objective(X, y, w, sumW, intercept, coef, alpha, pen, eta);
      converged = true; // no descent possible at machine precision: we are at the optimum
      break;
    }
    if (converged) break;
  }
  return { intercept, coef, nIter: it + 1, converged, objective: f };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
