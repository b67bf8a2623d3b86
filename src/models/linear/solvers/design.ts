/**
 * The centred, weighted, column-scaled design every linear solver works on. Fitting an intercept is
 * done as scikit-learn does: subtract the (weighted) column means of X and the mean of y, solve without
 * intercept, then intercept = ȳ − x̄·coef. Rows are multiplied by √w so weighted least squares becomes
 * ordinary least squares. Columns are divided by their norms (zero columns keep scale 1) so solvers see
 * a well-equilibrated matrix even when features span 1e-4 (CTR) to 1e7 (Impressions × Clicks).
 */
import type { Matrix } from '../../../core/arrays.js';

export interface Design {
  readonly n: number;
  readonly p: number;
  /** Scaled, centred, weighted columns: A[j][i] = √w_i (x_ij − x̄_j) / scale_j. */
  readonly A: Float64Array[];
  /** √w_i (y_i − ȳ). */
  readonly b: Float64Array;
  readonly xMean: Float64Array;
  readonly yMean: number;
  /** Column norms of the centred weighted X (1 for all-zero columns). */
  readonly scale: Float64Array;
}

/** Builds the design; `center=false` (no intercept) leaves means at 0. */
export function buildDesign(X: Matrix, y: ArrayLike<number>, sampleWeight: ArrayLike<number> | undefined, center: boolean): Design {
  const n = X.nRows;
  const p = X.columns.length;
  const sw = new Float64Array(n);
  let wSum = 0;
  for (let i = 0; i < n; i++) {
    const w = sampleWeight ? sampleWeight[i] : 1;
    sw[i] = Math.sqrt(w);
    wSum += w;
  }
  const wOf = (i: number): number => (sampleWeight ? sampleWeight[i] : 1);
  let yMean = 0;
  if (center) {
    for (let i = 0; i < n; i++) yMean += wOf(i) * y[i];
    yMean /= wSum;
  }
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) b[i] = sw[i] * (y[i] - yMean);
  const xMean = new Float64Array(p);
  const scale = new Float64Array(p);
  const A: Float64Array[] = [];
  for (let j = 0; j < p; j++) {
    const x = X.columns[j];
    let m = 0;
    if (center) {
      for (let i = 0; i < n; i++) m += wOf(i) * x[i];
      m /= wSum;
    }
    xMean[j] = m;
    const col = new Float64Array(n);
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const v = sw[i] * (x[i] - m);
      col[i] = v;
      ss += v * v;
    }
    const s = Math.sqrt(ss);
    scale[j] = s > 0 ? s : 1;
    if (s > 0) for (let i = 0; i < n; i++) col[i] /= s;
    A.push(col);
  }
  return { n, p, A, b, xMean, yMean, scale };
}

/** Maps a solution of the scaled problem back: coef_j = z_j / scale_j; intercept = ȳ − x̄·coef. */
export function unscale(design: Design, z: Float64Array): { coef: Float64Array; intercept: number } {
  const coef = new Float64Array(design.p);
  let intercept = design.yMean;
  for (let j = 0; j < design.p; j++) {
    coef[j] = z[j] / design.scale[j];
    intercept -= design.xMean[j] * coef[j];
  }
  return { coef, intercept };
}

/** AᵀA (p×p, row-major) and Aᵀb. */
export function gram(A: readonly Float64Array[], b: Float64Array): { G: Float64Array; c: Float64Array } {
  const p = A.length;
  const G = new Float64Array(p * p);
  const c = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const aj = A[j];
    for (let k = 0; k <= j; k++) {
      const ak = A[k];
      let s = 0;
      for (let i = 0; i < aj.length; i++) s += aj[i] * ak[i];
      G[j * p + k] = s;
      G[k * p + j] = s;
    }
    let s = 0;
    for (let i = 0; i < aj.length; i++) s += aj[i] * b[i];
    c[j] = s;
  }
  return { G, c };
}
