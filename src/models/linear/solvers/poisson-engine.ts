/**
 * The O(n) passes of the Poisson Newton solver (newton-poisson.ts) behind one interface, on WebAssembly
 * SIMD when the data fits in wasm memory (simd-kernels.ts: the line-search trial with its exp, the
 * gradient dots, the Hessian Gram, all on buffers that stay in wasm memory for the whole solve) and in
 * plain JS otherwise. The JS engine computes the same operations in the same order as the kernels
 * (even and odd rows summed apart; `expTwin`), so both give the same bits (tested).
 */
import type { NumericColumnLike } from './blas.js';
import { expTwin } from './simd-kernels.js';
import { gramWorkspace } from './simd-gram.js';

export interface PoissonEngine {
  /** Δη = C·d (the direction of the coming line search). */
  direction(d: Float64Array): void;
  /** Evaluates η' = η + t·Δη and returns Σ w·(exp(η') − y·η'); `accept` makes it the current point. */
  trial(t: number): number;
  accept(): void;
  /** Cᵀ(w∘(μ − y)) at the current point (μ = exp η). */
  gradient(): Float64Array;
  /** Cᵀ diag(w∘μ) C at the current point. */
  hessian(): Float64Array;
}

/**
 * An engine over the design columns C (features, then ones for an intercept), targets y and
 * normalised weights w; the current point starts at η = 0 (call `direction`, `trial(1)`, `accept`).
 */
export function poissonEngine(C: readonly NumericColumnLike[], y: ArrayLike<number>, w: Float64Array, options: { forceJs?: boolean } = {}): PoissonEngine {
  const ws = gramWorkspace(C, undefined, { vectors: 9 });
  // The workspace's own kernels (a larger workspace may have moved the thread to a new instance);
  // a workspace has no `resident` layout when WebAssembly is unavailable.
  const res = options.forceJs ? undefined : ws.resident;
  if (!res) return jsEngine(C, y, w, ws.gram);
  const k = res.kernels;
  const q = C.length;
  const q4 = (q + 3) & ~3;
  const len = res.stride;
  const [yAt, wAt, dAt, eta0, eta1, h0, h1, r0, r1] = res.vectors;
  const eta = [eta0, eta1];
  const h = [h0, h1];
  const r = [r0, r1];
  // Lane-pair results go to the Gram accumulators (free between Gram calls).
  const out = 0;
  const f = res.f64(); // wasm memories here never grow (see simd-kernels.ts), so this view stays valid
  f.set(y instanceof Float64Array ? y : Float64Array.from(y), yAt >> 3);
  f.set(w, wAt >> 3);
  const d4 = new Float64Array(q4);
  let cur = 0;
  return {
    direction(d) {
      f.fill(0, dAt >> 3, (dAt + len) >> 3);
      d4.set(d);
      // Columns past q are zero with a zero coefficient: adding +0 leaves the sums' bits unchanged.
      for (let j = 0; j < q4; j += 4) k.axpy4(dAt, res.columns + j * len, len, d4[j], d4[j + 1], d4[j + 2], d4[j + 3], len);
    },
    trial(t) {
      k.poissonTrial(eta[cur], dAt, t, yAt, wAt, eta[1 - cur], h[1 - cur], r[1 - cur], len, out);
      return f[0] + f[1];
    },
    accept() {
      cur = 1 - cur;
    },
    gradient() {
      const g = new Float64Array(q);
      for (let j = 0; j < q; j += 4) {
        k.dot4(res.columns + j * len, len, r[cur], len, out);
        for (let t = 0; t < 4 && j + t < q; t++) g[j + t] = f[2 * t] + f[2 * t + 1];
      }
      return g;
    },
    hessian() {
      return res.gramAt(h[cur]);
    },
  };
}

/** The plain-JS engine (the kernels' twins); `gram` weights the Gram of C. */
function jsEngine(C: readonly NumericColumnLike[], y: ArrayLike<number>, w: Float64Array, gram: (h: Float64Array) => Float64Array): PoissonEngine {
  const n = y.length;
  const q = C.length;
  const deta = new Float64Array(n);
  const eta = [new Float64Array(n), new Float64Array(n)];
  const h = [new Float64Array(n), new Float64Array(n)];
  const r = [new Float64Array(n), new Float64Array(n)];
  let cur = 0;
  return {
    direction(d) {
      deta.fill(0);
      for (let j = 0; j < q; j++) {
        const c = C[j];
        const dj = d[j];
        for (let i = 0; i < n; i++) deta[i] += dj * c[i];
      }
    },
    trial(t) {
      const e0 = eta[cur];
      const e1 = eta[1 - cur];
      const h1 = h[1 - cur];
      const r1 = r[1 - cur];
      const s = [0, 0];
      for (let i = 0; i < n; i++) {
        const e = e0[i] + t * deta[i];
        const m = expTwin(e);
        e1[i] = e;
        h1[i] = w[i] * m;
        r1[i] = w[i] * (m - y[i]);
        s[i & 1] += w[i] * (m - y[i] * e);
      }
      return s[0] + s[1];
    },
    accept() {
      cur = 1 - cur;
    },
    gradient() {
      const g = new Float64Array(q);
      const v = r[cur];
      for (let j = 0; j < q; j++) {
        const c = C[j];
        const s = [0, 0];
        for (let i = 0; i < n; i++) s[i & 1] += c[i] * v[i];
        g[j] = s[0] + s[1];
      }
      return g;
    },
    hessian() {
      return gram(h[cur]);
    },
  };
}
