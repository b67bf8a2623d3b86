/**
 * The centred, weighted, column-scaled design every linear solver works on. Fitting an intercept is
 * done as scikit-learn does: subtract the (weighted) column means of X and the mean of y, solve without
 * intercept, then intercept = ȳ − x̄·coef. Rows are multiplied by √w so weighted least squares becomes
 * ordinary least squares. Columns are divided by their norms (zero columns keep scale 1) so solvers see
 * a well-equilibrated matrix even when features span 1e-4 (CTR) to 1e7 (Impressions × Clicks). The
 * scaled Gram matrix AᵀA and Aᵀb are computed once here, since every solver starts from them.
 */
import type { Matrix } from '../../../core/arrays.js';
import { gemvT } from './blas.js';
import { crossGram } from './gram.js';
import { gramWorkspace } from './simd-gram.js';

export interface Design {
  readonly n: number;
  readonly p: number;
  /**
   * Centred, weighted columns √w_i (x_ij − x̄_j), built only when needed: weighted fits build them up
   * front; unweighted fits get G and c straight from X (centring inside the kernel) and build them
   * only for the SVD fallback (`scaledColumns`).
   */
  A: Float64Array[] | undefined;
  /** The raw feature columns and √weights, for building `A` lazily. */
  readonly X: Matrix;
  readonly sw: Float64Array | undefined;
  /** √w_i (y_i − ȳ). */
  readonly b: Float64Array;
  readonly xMean: Float64Array;
  readonly yMean: number;
  /** Column norms of the centred weighted X (1 for all-zero columns). */
  readonly scale: Float64Array;
  /** Gram matrix of the scaled columns (p × p row-major): unit diagonal except for zero columns. */
  readonly G: Float64Array;
  /** Scaled columns · b. */
  readonly c: Float64Array;
  /** Whether `A` has been divided by `scale` yet. */
  scaled: boolean;
  /**
   * True when the column sums of X and y came out finite, which proves every value finite (the fits'
   * deferred finiteness check, see check-input.ts `deferFinite`); false when not computed here.
   */
  readonly sumsFinite: boolean;
}

/** Builds the design; `center=false` (no intercept) leaves means at 0. */
export function buildDesign(X: Matrix, y: ArrayLike<number>, sampleWeight: ArrayLike<number> | undefined, center: boolean): Design {
  const n = X.nRows;
  const p = X.columns.length;
  // Normalised weights (sum 1) for the means; √w for the rows. Unweighted fits skip all weight work.
  let sw: Float64Array | undefined;
  let wn: Float64Array | undefined;
  if (sampleWeight) {
    sw = new Float64Array(n);
    wn = new Float64Array(n);
    let wSum = 0;
    for (let i = 0; i < n; i++) wSum += sampleWeight[i];
    for (let i = 0; i < n; i++) {
      sw[i] = Math.sqrt(sampleWeight[i]);
      wn[i] = sampleWeight[i] / wSum;
    }
  }
  const xMean = new Float64Array(p);
  const scale = new Float64Array(p);
  const b = new Float64Array(n);
  let yMean = 0;
  let A: Float64Array[] | undefined;
  let G: Float64Array;
  let c: Float64Array;
  let sumsFinite = false;
  if (sw && wn) {
    if (center) {
      yMean = weightedSum4(y, wn);
      for (let j = 0; j < p; j++) xMean[j] = weightedSum4(X.columns[j], wn);
    }
    for (let i = 0; i < n; i++) b[i] = (y[i] - yMean) * sw[i];
    A = centredColumns(X, xMean, sw);
    G = crossGram(A, A);
    c = gemvT(A, b);
  } else {
    // One Gram of [X, y] (SIMD, simd-gram.ts), centred by means it computes on the way: its last row is
    // Xᵀb, so c comes with G.
    const ws = gramWorkspace([...X.columns, y instanceof Float64Array ? y : Float64Array.from(y)], center ? 'mean' : undefined);
    const Gy = ws.gram();
    if (ws.means) {
      xMean.set(ws.means.subarray(0, p));
      yMean = ws.means[p];
      sumsFinite = ws.means.every(Number.isFinite);
    }
    for (let i = 0; i < n; i++) b[i] = y[i] - yMean;
    const q = p + 1;
    G = new Float64Array(p * p);
    c = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      for (let k = 0; k < p; k++) G[j * p + k] = Gy[j * q + k];
      c[j] = Gy[p * q + j];
    }
  }
  // The Gram matrix of the unscaled columns gives the column norms on its diagonal; scaling it
  // afterwards equals scaling the columns first up to one rounding, and saves a pass over the data.
  for (let j = 0; j < p; j++) {
    const s = Math.sqrt(G[j * p + j]);
    scale[j] = s > 0 ? s : 1;
  }
  for (let j = 0; j < p; j++) {
    c[j] /= scale[j];
    for (let k = 0; k < p; k++) G[j * p + k] /= scale[j] * scale[k];
  }
  return { n, p, A, X, sw, b, xMean, yMean, scale, G, c, scaled: false, sumsFinite };
}

/** Σ w_i x_i with four independent accumulators (one running sum would wait on each add's latency). */
export function weightedSum4(x: ArrayLike<number>, w: Float64Array): number {
  const n = w.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += w[i] * x[i];
    s1 += w[i + 1] * x[i + 1];
    s2 += w[i + 2] * x[i + 2];
    s3 += w[i + 3] * x[i + 3];
  }
  for (; i < n; i++) s0 += w[i] * x[i];
  return s0 + s1 + (s2 + s3);
}

function centredColumns(X: Matrix, xMean: Float64Array, sw: Float64Array | undefined): Float64Array[] {
  return X.columns.map((x, j) => {
    const m = xMean[j];
    const col = new Float64Array(X.nRows);
    for (let i = 0; i < col.length; i++) col[i] = x[i] - m;
    if (sw) for (let i = 0; i < col.length; i++) col[i] *= sw[i];
    return col;
  });
}

/** The columns divided by their norms (done once, in place; only the SVD fallback needs them). */
export function scaledColumns(design: Design): Float64Array[] {
  const A = design.A ?? (design.A = centredColumns(design.X, design.xMean, design.sw));
  if (!design.scaled) {
    A.forEach((col, j) => {
      const inv = 1 / design.scale[j];
      for (let i = 0; i < col.length; i++) col[i] *= inv;
    });
    design.scaled = true;
  }
  return A;
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
