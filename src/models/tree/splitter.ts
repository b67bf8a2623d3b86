/**
 * Best-split search over presorted features (scikit-learn's `BestSplitter` without the per-node
 * sort). Features are visited in a random order drawn from the fit's Rng; the search stops once
 * `maxFeatures` non-constant features were examined. Thresholds are midpoints between consecutive
 * distinct values (rows with `x ≤ threshold` go left), and ties between splits keep the first found.
 *
 * Two scans share this contract: the generic one drives any `Criterion` through its incremental
 * interface; the fast one inlines the running sums of the squared-error family (squared_error,
 * friedman_mse), which is where fits spend their time. Both add the same numbers in the same order, so
 * they choose identical splits (tested).
 */
import type { NumericColumn } from '../../core/arrays.js';
import type { Rng } from '../../core/rng.js';
import type { Criterion } from './criterion/index.js';
import type { SquaredError } from './criterion/squared-error.js';
import type { ScanBuffers } from './workspace.js';

/*
 * BRANCH_FREE_TIES: the fast scans compute the proxy at every position, ties included, and test for
 * a tie (and the leaf-weight limits) only when the proxy beats the best so far. A position inside a
 * run of equal values is never a valid threshold, so it may compute a proxy but never wins; the
 * proxies of valid positions are the same numbers as before, so the same split is chosen. Integer
 * features (clicks, codes, conversions) alternate ties and steps unpredictably, and the tie branch
 * mispredicted there (DecisionTree on the bundled rows 2.85 -> 2.70 ms).
 */

/** Values closer than this count as equal (scikit-learn's FEATURE_THRESHOLD). */
export const FEATURE_THRESHOLD = 1e-7;

export interface SplitLimits {
  readonly minSamplesLeaf: number;
  readonly minWeightLeaf: number;
  readonly maxFeatures: number;
}

/** The best split found in a node; `pos = −1` when none is valid. Reused across nodes (no allocation). */
export class SplitRecord {
  feature = -1;
  /** Position in the node's segment where the right child starts. */
  pos = -1;
  threshold = 0;
  proxy = -Infinity;
  impurityLeft = 0;
  impurityRight = 0;
  weightLeft = 0;
  weightRight = 0;
}

/**
 * The node's samples: row indices, one segment per feature sorted by it, and the feature columns;
 * `values` holds the feature values in the layout of `order` when the data is large (else null, and
 * values are read through the row index).
 */
export interface NodeSamples {
  readonly order: Int32Array;
  readonly values: Float64Array | null;
  readonly columns: readonly NumericColumn[];
  readonly nSamples: number;
}

export class Splitter {
  private readonly features: Int32Array;
  /** The naive twin for tests: criterion-driven scans and `rng.int` draws. */
  private readonly generic: boolean;
  /** rejectLimit[m]: draws at or above it are rejected, as in `Rng.int(m)`. */
  private readonly rejectLimit: Float64Array;
  /** reciprocal[m] = 1/m, for `drawBelow`'s remainder. */
  private readonly reciprocal: Float64Array;
  private readonly childImp = new Float64Array(2);
  /** 0 = generic criterion scan, 1 = inlined squared error, 2 = inlined Friedman MSE. */
  private readonly fast: 0 | 1 | 2;
  private readonly wy: Float64Array;
  /** Every weight is 1 (plain fits, boosting without subsample): left weights are then counts. */
  private readonly unit: boolean;
  /** The wasm scans' buffers when the fast scans run as wasm (index-only layout), else null. */
  private readonly wasm: ScanBuffers | null;

  constructor(
    nFeatures: number,
    private readonly y: Float64Array,
    private readonly w: Float64Array,
    private readonly criterion: Criterion,
    private readonly limits: SplitLimits,
    private readonly rng: Rng,
    options: { readonly generic?: boolean; readonly scan?: ScanBuffers | null } = {},
  ) {
    this.features = new Int32Array(nFeatures);
    for (let j = 0; j < nFeatures; j++) this.features[j] = j;
    this.rejectLimit = new Float64Array(nFeatures + 1);
    for (let m = 1; m <= nFeatures; m++) this.rejectLimit[m] = 4294967296 - (4294967296 % m);
    this.reciprocal = new Float64Array(nFeatures + 1);
    for (let m = 1; m <= nFeatures; m++) this.reciprocal[m] = 1 / m;
    this.generic = options.generic === true;
    this.fast = options.generic ? 0 : criterion.name === 'squared_error' ? 1 : criterion.name === 'friedman_mse' ? 2 : 0;
    // The wasm scans (index-only layout): w and w·y go into the workspace's arena.
    this.wasm = this.fast && options.scan ? options.scan : null;
    if (this.wasm) this.wasm.w.set(w);
    // w·y once per fit: the fast scan then reads one array per sample instead of two.
    this.wy = this.wasm ? this.wasm.wy : new Float64Array(this.fast ? y.length : 0);
    for (let i = 0; i < (this.fast ? y.length : 0); i++) this.wy[i] = w[i] * y[i];
    let unit = this.fast !== 0;
    for (let i = 0; unit && i < w.length; i++) unit = w[i] === 1;
    this.unit = unit;
  }

  /**
   * `rng.int(m)` for m ≤ d, drawing the very same numbers: the rejection limits are precomputed and
   * the remainder taken through a reciprocal, sparing a floating-point modulo per draw.
   */
  private drawBelow(m: number): number {
    if (m === 1) return 0;
    const limit = this.rejectLimit[m];
    let x = this.rng.nextUint32();
    while (x >= limit) x = this.rng.nextUint32();
    // x % m for x < 2^32: the quotient from the reciprocal is off by at most one, which the two
    // rarely taken corrections fix. A division sat on the path to every feature's scan (RandomForest
    // on the bundled rows ~3 % faster than with x − ⌊x / m⌋·m).
    let r = x - Math.floor(x * this.reciprocal[m]) * m;
    if (r < 0) r += m;
    else if (r >= m) r -= m;
    return r;
  }

  /**
   * Searches the node `[start, end)` of every feature segment and fills `best`. `constant` flags
   * features (bit j, j < 31) already known to be constant in this node; the result adds those found
   * constant here. The draws are the same either way: a known-constant feature is drawn, then skipped.
   */
  findBest(s: NodeSamples, start: number, end: number, best: SplitRecord, constant = 0): number {
    const { criterion, limits, features } = this;
    const { order, values, columns, nSamples } = s;
    const d = features.length;
    best.feature = -1;
    best.pos = -1;
    best.proxy = -Infinity;
    let visited = 0;
    // The wasm scans take the node's features as a list, scanned in one call after the draws (which
    // do not depend on scan results, so the order and the draws are the same).
    const wasm = this.fast && !values ? this.wasm : null;
    // Every feature is visited (maxFeatures ≥ d): the squared-error kernel tests which are constant
    // in the node itself, on rows it reads anyway (here the test's two loads missed the cache: ~4 %
    // of a DecisionTree fit), and reports them. With fewer, the test decides which count as visited.
    const kernelTestsConstant = wasm !== null && this.fast === 1 && limits.maxFeatures >= d;
    let listed = 0;
    for (let k = 0; k < d && visited < limits.maxFeatures; k++) {
      // Partial Fisher–Yates: feature k of this node's random visiting order.
      const r = k + (this.generic ? this.rng.int(d - k) : this.drawBelow(d - k));
      const f = features[r];
      features[r] = features[k];
      features[k] = f;
      if (f < 31 && (constant >>> f) & 1) continue;
      if (kernelTestsConstant) {
        wasm.features[listed++] = f;
        continue;
      }
      const base = f * nSamples;
      const col = columns[f];
      const lo = values ? values[base + start] : col[order[base + start]];
      const hi = values ? values[base + end - 1] : col[order[base + end - 1]];
      if (hi <= lo + FEATURE_THRESHOLD) {
        // Constant here, so in every descendant too.
        if (f < 31) constant |= 1 << f;
        continue;
      }
      visited++;
      if (wasm) wasm.features[listed++] = f;
      else if (this.unit) {
        if (values) this.scanUnitValues(s, values, f, start, end, best);
        else this.scanUnit(s, f, start, end, best);
      } else if (this.fast) {
        if (values) this.scanFastValues(s, values, f, start, end, best);
        else this.scanFast(s, f, start, end, best);
      } else this.scanGeneric(s, f, start, end, best);
    }
    if (wasm && listed > 0) {
      this.scanNodeWasm(wasm, s, listed, start, end, best);
      if (kernelTestsConstant) constant |= wasm.result[2];
    }
    if (best.pos < 0) return constant;
    // Children statistics at the chosen position. Re-initialising on the chosen feature's segment lets
    // criteria that re-read samples (Poisson) see the children as contiguous ranges.
    const base = best.feature * nSamples;
    if (criterion.initSplit && !this.generic) criterion.initSplit(order, base + start, base + best.pos, base + end);
    else {
      criterion.init(order, base + start, base + end);
      criterion.update(order, base + start, base + best.pos);
    }
    criterion.childrenImpurity(this.childImp);
    best.impurityLeft = this.childImp[0];
    best.impurityRight = this.childImp[1];
    best.weightLeft = criterion.weightLeft;
    best.weightRight = criterion.weightRight;
    return constant;
  }

  private record(best: SplitRecord, proxy: number, f: number, p: number, v: number, next: number): void {
    best.proxy = proxy;
    best.feature = f;
    best.pos = p;
    let t = v / 2 + next / 2;
    if (t === next || !Number.isFinite(t)) t = v;
    best.threshold = t;
  }

  private scanGeneric(s: NodeSamples, f: number, start: number, end: number, best: SplitRecord): void {
    const { criterion } = this;
    const { minSamplesLeaf, minWeightLeaf } = this.limits;
    const { order, values } = s;
    const col = s.columns[f];
    const base = f * s.nSamples;
    criterion.reset();
    let prev = start;
    for (let p = start + 1; p < end; p++) {
      const v = values ? values[base + p - 1] : col[order[base + p - 1]];
      const next = values ? values[base + p] : col[order[base + p]];
      if (next <= v + FEATURE_THRESHOLD) continue;
      if (p - start < minSamplesLeaf) continue;
      if (end - p < minSamplesLeaf) break;
      criterion.update(order, base + prev, base + p);
      prev = p;
      if (criterion.weightLeft < minWeightLeaf || criterion.weightRight < minWeightLeaf) continue;
      const proxy = criterion.proxyImprovement();
      if (proxy > best.proxy) this.record(best, proxy, f, p, v, next);
    }
  }

  /** `scanUnit` or `scanFast` over the node's listed features, as one wasm call (same proxies, same winner; see wasm-kernels.ts). */
  private scanNodeWasm(wasm: ScanBuffers, s: NodeSamples, count: number, start: number, end: number, best: SplitRecord): void {
    const { order, columns, nSamples } = s;
    const { criterion, limits } = this;
    const q = wasm.kernels.scanNode(this.unit, this.fast === 2, order, wasm.columns, this.y.length, nSamples, wasm.features, count, this.wy, wasm.w, start, end, limits.minSamplesLeaf, criterion.weightNode, (criterion as SquaredError).sumNode, limits.minWeightLeaf, best.proxy, wasm.result);
    if (q < 0) return;
    const f = wasm.result[1];
    const col = columns[f];
    this.record(best, wasm.result[0], f, q - f * nSamples, col[order[q - 1]], col[order[q]]);
  }

  private scanFast(s: NodeSamples, f: number, start: number, end: number, best: SplitRecord): void {
    const { w, wy, criterion } = this;
    const { minSamplesLeaf, minWeightLeaf } = this.limits;
    const { order } = s;
    const col = s.columns[f];
    const friedman = this.fast === 2;
    const base = f * s.nSamples;
    // The node totals come from the criterion's init (same sums the generic path uses).
    const wTot = criterion.weightNode;
    const sTot = (criterion as SquaredError).sumNode; // fast is set only for the squared-error family
    let wl = 0;
    let sl = 0;
    let bestProxy = best.proxy;
    let bestQ = -1;
    // Positions q (absolute) where the right child may start: q − base − start ≥ minSamplesLeaf and
    // end − (q − base) ≥ minSamplesLeaf. Rows before the first are only summed; past the last, stop.
    const qFirst = base + start + Math.max(1, minSamplesLeaf);
    const qLast = base + end - minSamplesLeaf;
    let q = base + start + 1;
    for (; q < qFirst && q <= qLast; q++) {
      const i = order[q - 1];
      wl += w[i];
      sl += wy[i];
    }
    // Carry the previous row and value from one step to the next: one index and one value load per row.
    let i = order[q - 1];
    let v = col[i];
    for (; q <= qLast; q++) {
      wl += w[i];
      sl += wy[i];
      i = order[q];
      const next = col[i];
      const wr = wTot - wl;
      const sr = sTot - sl;
      let proxy: number;
      if (friedman) {
        const diff = wr * sl - wl * sr;
        proxy = (diff * diff) / (wl * wr);
      } else proxy = (sl * sl) / wl + (sr * sr) / wr;
      // See BRANCH_FREE_TIES: the rare improvement pays for the tie and weight checks.
      if (proxy > bestProxy && next > v + FEATURE_THRESHOLD && wl >= minWeightLeaf && wr >= minWeightLeaf) {
        bestProxy = proxy;
        bestQ = q;
      }
      v = next;
    }
    // The winner is written once, after the loop: a store per improvement slowed the scan (~14 %).
    if (bestQ >= 0) this.record(best, bestProxy, f, bestQ - base, col[order[bestQ - 1]], col[order[bestQ]]);
  }

  /**
   * `scanFast` for unit weights: the left weight at position q is the row count, exactly the sum of
   * ones the weighted scan accumulates (integers are exact in doubles), so one load and one dependent
   * add per row go away and the splits are the same.
   */
  private scanUnit(s: NodeSamples, f: number, start: number, end: number, best: SplitRecord): void {
    const { wy, criterion } = this;
    const { minSamplesLeaf, minWeightLeaf } = this.limits;
    const { order } = s;
    const col = s.columns[f];
    const friedman = this.fast === 2;
    const base = f * s.nSamples;
    const wTot = criterion.weightNode;
    const sTot = (criterion as SquaredError).sumNode;
    let sl = 0;
    let bestProxy = best.proxy;
    let bestQ = -1;
    const q0 = base + start; // wl at position q is q − q0
    const qFirst = q0 + Math.max(1, minSamplesLeaf);
    const qLast = base + end - minSamplesLeaf;
    let q = q0 + 1;
    for (; q < qFirst && q <= qLast; q++) sl += wy[order[q - 1]];
    let i = order[q - 1];
    let v = col[i];
    for (; q <= qLast; q++) {
      sl += wy[i];
      i = order[q];
      const next = col[i];
      const wl = q - q0;
      const wr = wTot - wl;
      const sr = sTot - sl;
      let proxy: number;
      if (friedman) {
        const diff = wr * sl - wl * sr;
        proxy = (diff * diff) / (wl * wr);
      } else proxy = (sl * sl) / wl + (sr * sr) / wr;
      // See BRANCH_FREE_TIES: the rare improvement pays for the tie and weight checks.
      if (proxy > bestProxy && next > v + FEATURE_THRESHOLD && wl >= minWeightLeaf && wr >= minWeightLeaf) {
        bestProxy = proxy;
        bestQ = q;
      }
      v = next;
    }
    // The winner is written once, after the loop: a store per improvement slowed the scan (~14 %).
    if (bestQ >= 0) this.record(best, bestProxy, f, bestQ - base, col[order[bestQ - 1]], col[order[bestQ]]);
  }

  // The same two scans over the layout that keeps feature values beside the row indices (large data,
  // see SampleOrder): values are read in sequence instead of through the row index.

  private scanFastValues(s: NodeSamples, values: Float64Array, f: number, start: number, end: number, best: SplitRecord): void {
    const { w, wy, criterion } = this;
    const { minSamplesLeaf, minWeightLeaf } = this.limits;
    const { order } = s;
    const friedman = this.fast === 2;
    const base = f * s.nSamples;
    // The node totals come from the criterion's init (same sums the generic path uses).
    const wTot = criterion.weightNode;
    const sTot = (criterion as SquaredError).sumNode; // fast is set only for the squared-error family
    let wl = 0;
    let sl = 0;
    let bestProxy = best.proxy;
    let bestQ = -1;
    // Positions q (absolute) where the right child may start: q − base − start ≥ minSamplesLeaf and
    // end − (q − base) ≥ minSamplesLeaf. Rows before the first are only summed; past the last, stop.
    const qFirst = base + start + Math.max(1, minSamplesLeaf);
    const qLast = base + end - minSamplesLeaf;
    let q = base + start + 1;
    for (; q < qFirst && q <= qLast; q++) {
      const i = order[q - 1];
      wl += w[i];
      sl += wy[i];
    }
    // Carry the previous value from one step to the next: one load of `values` per row.
    let v = values[q - 1];
    for (; q <= qLast; q++) {
      const i = order[q - 1];
      wl += w[i];
      sl += wy[i];
      const next = values[q];
      const wr = wTot - wl;
      const sr = sTot - sl;
      let proxy: number;
      if (friedman) {
        const diff = wr * sl - wl * sr;
        proxy = (diff * diff) / (wl * wr);
      } else proxy = (sl * sl) / wl + (sr * sr) / wr;
      // See BRANCH_FREE_TIES: the rare improvement pays for the tie and weight checks.
      if (proxy > bestProxy && next > v + FEATURE_THRESHOLD && wl >= minWeightLeaf && wr >= minWeightLeaf) {
        bestProxy = proxy;
        bestQ = q;
      }
      v = next;
    }
    if (bestQ >= 0) this.record(best, bestProxy, f, bestQ - base, values[bestQ - 1], values[bestQ]);
  }

  private scanUnitValues(s: NodeSamples, values: Float64Array, f: number, start: number, end: number, best: SplitRecord): void {
    const { wy, criterion } = this;
    const { minSamplesLeaf, minWeightLeaf } = this.limits;
    const { order } = s;
    const friedman = this.fast === 2;
    const base = f * s.nSamples;
    const wTot = criterion.weightNode;
    const sTot = (criterion as SquaredError).sumNode;
    let sl = 0;
    let bestProxy = best.proxy;
    let bestQ = -1;
    const q0 = base + start; // wl at position q is q − q0
    const qFirst = q0 + Math.max(1, minSamplesLeaf);
    const qLast = base + end - minSamplesLeaf;
    let q = q0 + 1;
    for (; q < qFirst && q <= qLast; q++) sl += wy[order[q - 1]];
    let v = values[q - 1];
    for (; q <= qLast; q++) {
      sl += wy[order[q - 1]];
      const next = values[q];
      const wl = q - q0;
      const wr = wTot - wl;
      const sr = sTot - sl;
      let proxy: number;
      if (friedman) {
        const diff = wr * sl - wl * sr;
        proxy = (diff * diff) / (wl * wr);
      } else proxy = (sl * sl) / wl + (sr * sr) / wr;
      // See BRANCH_FREE_TIES: the rare improvement pays for the tie and weight checks.
      if (proxy > bestProxy && next > v + FEATURE_THRESHOLD && wl >= minWeightLeaf && wr >= minWeightLeaf) {
        bestProxy = proxy;
        bestQ = q;
      }
      v = next;
    }
    if (bestQ >= 0) this.record(best, bestProxy, f, bestQ - base, values[bestQ - 1], values[bestQ]);
  }
}
