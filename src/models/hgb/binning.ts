/**
 * `BinMapper`: maps real-valued features to small integer bins (≤ 255 non-missing bins plus one bin
 * for missing values), as scikit-learn's `_BinMapper`. Thresholds come from quantiles of a seeded
 * subsample, so binning 1M rows costs one sort of ≤ 200k values per feature.
 *
 * Bin `b` holds values `x <= binThresholds_[f][b]` (and `> binThresholds_[f][b-1]`); NaN goes to
 * `missingValuesBinIdx_`, which is always `maxBins` (the last bin), whether or not the feature had
 * missing values, so predictors and histograms can share one layout.
 */
import type { Matrix } from '../../core/arrays.js';
import type { Rng } from '../../core/rng.js';
import { type Allocator, PLAIN } from '../../core/arena.js';
import { ALMOST_INF } from './common.js';
import { radixSortFloat64 } from './radix-sort.js';
import { mapToBinsWasm } from './wasm-binning.js';

/** Binned data: one `Uint8Array` per feature, all views into one buffer (shareable with workers). */
export interface BinnedMatrix {
  readonly nRows: number;
  /** Feature-major: views of one allocation, column j at element j · nRows. */
  readonly columns: readonly Uint8Array[];
}

export class BinMapper {
  readonly maxBins: number;
  readonly subsample: number;
  /** Per feature, ascending thresholds (length = nBinsNonMissing_[f] - 1). */
  binThresholds_: Float64Array[] = [];
  nBinsNonMissing_: Uint16Array = new Uint16Array(0);
  /** Whether each feature had NaN in the data the mapper was fitted on. */
  hasMissingValues_: Uint8Array = new Uint8Array(0);
  missingValuesBinIdx_ = 0;

  constructor(maxBins = 255, subsample = 200_000) {
    this.maxBins = maxBins;
    this.subsample = subsample;
  }

  /** Learns thresholds from (a seeded subsample of) X. */
  fit(X: Matrix, rng: Rng): this {
    const rows = this.subsampleRows(X.nRows, rng);
    const fitted = X.columns.map((col) => fitFeature(col, X.nRows, rows, this.maxBins));
    return this.setFitted(
      fitted.map((f) => f.thresholds),
      fitted.map((f) => f.hasMissing),
    );
  }

  /** The rows whose values set the thresholds (sorted; null: all rows): the one draw `fit` makes from `rng`. */
  subsampleRows(n: number, rng: Rng): Uint32Array | null {
    return n > this.subsample ? Uint32Array.from(rng.sampleWithoutReplacement(n, this.subsample)).sort() : null;
  }

  /** Sets the fitted state from per-feature thresholds (see `fitFeature`), as `fit` does. */
  setFitted(thresholds: Float64Array[], hasMissing: readonly boolean[]): this {
    this.binThresholds_ = thresholds;
    this.nBinsNonMissing_ = Uint16Array.from(thresholds, (t) => t.length + 1);
    this.hasMissingValues_ = Uint8Array.from(hasMissing, (h) => (h ? 1 : 0));
    this.missingValuesBinIdx_ = this.maxBins;
    return this;
  }

  /**
   * Bins X into memory from `alloc` (shared or wasm memory for threaded fits, see arena.ts). With
   * `compact`, NaN of feature f gets the code `nBinsNonMissing_[f]` (right after its last bin, as the
   * fit's histograms lay bins out) instead of `missingValuesBinIdx_`.
   */
  transform(X: Matrix, alloc: Allocator = PLAIN, compact = false): BinnedMatrix {
    const n = X.nRows;
    const nFeatures = X.columns.length;
    const all = alloc.u8(n * nFeatures);
    const columns: Uint8Array[] = [];
    for (let j = 0; j < nFeatures; j++) {
      const out = all.subarray(j * n, (j + 1) * n);
      mapToBins(X.columns[j], this.binThresholds_[j], this.missingCode(j, compact), out);
      columns.push(out);
    }
    return { nRows: n, columns };
  }

  /** The bin code of NaN in feature j (see `transform`). */
  missingCode(j: number, compact: boolean): number {
    return compact ? this.nBinsNonMissing_[j] : this.missingValuesBinIdx_;
  }
}

/**
 * One feature's thresholds from the values of `rows` (null: all n rows), and whether the column has
 * any NaN. Shared by `BinMapper.fit` and the worker threads, which fit features in parallel.
 */
export function fitFeature(col: ArrayLike<number>, n: number, rows: Uint32Array | null, maxBins: number): { thresholds: Float64Array; hasMissing: boolean } {
  let hasMissing = false;
  for (let i = 0; i < n; i++) {
    if (col[i] !== col[i]) {
      hasMissing = true;
      break;
    }
  }
  const m = rows ? rows.length : n;
  const values = new Float64Array(m);
  let k = 0;
  for (let r = 0; r < m; r++) {
    const v = col[rows ? rows[r] : r];
    if (v === v) values[k++] = v;
  }
  return { thresholds: findThresholds(radixSortFloat64(values.subarray(0, k)), maxBins), hasMissing };
}

/**
 * The same bins row-major (`out[i * nFeatures + f]`): histogram kernels for non-root nodes read one
 * sample's bins from one cache line (see `buildHistogramRows`).
 */
export function toRowMajor(binned: BinnedMatrix, alloc: Allocator = PLAIN): Uint8Array {
  const { nRows, columns } = binned;
  const F = columns.length;
  const out = alloc.u8(nRows * F);
  for (let f = 0; f < F; f++) {
    const col = columns[f];
    for (let i = 0, o = f; i < nRows; i++, o += F) out[o] = col[i];
  }
  return out;
}

/**
 * Thresholds for one feature from its sorted non-missing values: midpoints between distinct values
 * when there are few enough, else the `maxBins - 1` inner quantiles (numpy's "midpoint" method).
 */
export function findThresholds(sorted: Float64Array, maxBins: number): Float64Array {
  const n = sorted.length;
  if (n === 0) return new Float64Array(0);
  const distinct: number[] = [sorted[0]];
  for (let i = 1; i < n && distinct.length <= maxBins; i++) if (sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  let out: Float64Array;
  if (distinct.length <= maxBins) {
    out = new Float64Array(distinct.length - 1);
    for (let i = 0; i < out.length; i++) out[i] = (distinct[i] + distinct[i + 1]) * 0.5;
  } else {
    out = new Float64Array(maxBins - 1);
    for (let q = 1; q < maxBins; q++) {
      const pos = (q / maxBins) * (n - 1);
      const lo = Math.floor(pos);
      const hi = Math.ceil(pos);
      out[q - 1] = (sorted[lo] + sorted[hi]) * 0.5;
    }
  }
  for (let i = 0; i < out.length; i++) if (out[i] > ALMOST_INF) out[i] = ALMOST_INF;
  return out;
}

/** Bin of each value: the number of thresholds strictly below it (binary search); NaN → missing bin. */
export function mapToBins(col: ArrayLike<number>, thresholds: Float64Array, missingBin: number, out: Uint8Array): void {
  const nT = thresholds.length;
  // The same search as WebAssembly (wasm-binning.ts) where available: the same bins.
  if (nT > 0 && mapToBinsWasm(col, thresholds, missingBin, out)) return;
  if (nT === 0) {
    for (let i = 0; i < col.length; i++) out[i] = col[i] !== col[i] ? missingBin : 0;
    return;
  }
  // Branch-free search: the number of halvings depends only on nT, and each step moves `base` by a
  // 0/1 comparison result instead of a branch. Values land left or right of a threshold at random,
  // so the branching search mispredicted about every other step (~4× slower on 800k × 20 values).
  // NaN compares false everywhere (bin 0) and is then swapped for the missing bin arithmetically.
  for (let i = 0; i < col.length; i++) {
    const x = col[i];
    let base = 0;
    for (let n = nT; n > 1; ) {
      const half = n >>> 1;
      base += half * +(thresholds[base + half] < x);
      n -= half;
    }
    const bin = base + +(thresholds[base] < x);
    out[i] = bin + +(x !== x) * (missingBin - bin);
  }
}

/** The plain branching binary search (tests check `mapToBins` against it). */
export function mapToBinsNaive(col: ArrayLike<number>, thresholds: Float64Array, missingBin: number, out: Uint8Array): void {
  const nT = thresholds.length;
  for (let i = 0; i < col.length; i++) {
    const x = col[i];
    if (x !== x) {
      out[i] = missingBin;
      continue;
    }
    let left = 0;
    let right = nT;
    while (left < right) {
      const mid = (left + right) >>> 1;
      if (x <= thresholds[mid]) right = mid;
      else left = mid + 1;
    }
    out[i] = left;
  }
}
