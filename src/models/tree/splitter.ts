/**
 * Best-split search over presorted features (scikit-learn's `BestSplitter` without the per-node
 * sort). Features are visited in a random order drawn from the fit's Rng; the search stops once
 * `maxFeatures` non-constant features were examined. Thresholds are midpoints between consecutive
 * distinct values (rows with `x ≤ threshold` go left), and ties between splits keep the first found.
 */
import type { NumericColumn } from '../../core/arrays.js';
import type { Rng } from '../../core/rng.js';
import type { Criterion } from './criterion/index.js';

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

export class Splitter {
  private readonly features: Int32Array;
  private readonly childImp = new Float64Array(2);

  constructor(
    private readonly columns: readonly NumericColumn[],
    private readonly criterion: Criterion,
    private readonly limits: SplitLimits,
    private readonly rng: Rng,
  ) {
    this.features = new Int32Array(columns.length);
    for (let j = 0; j < columns.length; j++) this.features[j] = j;
  }

  /** Searches `order`'s segments `[start, end)` (feature j's at offset j·nSamples) and fills `best`. */
  findBest(order: Int32Array, nSamples: number, start: number, end: number, best: SplitRecord): void {
    const { columns, criterion, limits, features, rng } = this;
    const { minSamplesLeaf, minWeightLeaf } = limits;
    const d = columns.length;
    best.feature = -1;
    best.pos = -1;
    best.proxy = -Infinity;
    let visited = 0;
    for (let k = 0; k < d && visited < limits.maxFeatures; k++) {
      // Partial Fisher–Yates: feature k of this node's random visiting order.
      const r = k + rng.int(d - k);
      const f = features[r];
      features[r] = features[k];
      features[k] = f;
      const col = columns[f];
      const base = f * nSamples;
      if (col[order[base + end - 1]] <= col[order[base + start]] + FEATURE_THRESHOLD) continue; // constant here
      visited++;
      criterion.reset();
      let prev = start;
      for (let p = start + 1; p < end; p++) {
        const v = col[order[base + p - 1]];
        const next = col[order[base + p]];
        if (next <= v + FEATURE_THRESHOLD) continue;
        const nLeft = p - start;
        if (nLeft < minSamplesLeaf) continue;
        if (end - p < minSamplesLeaf) break;
        criterion.update(order, base + prev, base + p);
        prev = p;
        if (criterion.weightLeft < minWeightLeaf || criterion.weightRight < minWeightLeaf) continue;
        const proxy = criterion.proxyImprovement();
        if (proxy > best.proxy) {
          best.proxy = proxy;
          best.feature = f;
          best.pos = p;
          let t = v / 2 + next / 2;
          if (t === next || !Number.isFinite(t)) t = v;
          best.threshold = t;
        }
      }
    }
    if (best.pos < 0) return;
    // Recompute the children's statistics at the chosen position.
    // Re-initialising on the chosen feature's segment lets criteria that re-read samples (Poisson)
    // see the children as contiguous ranges.
    const base = best.feature * nSamples;
    criterion.init(order, base + start, base + end);
    criterion.update(order, base + start, base + best.pos);
    criterion.childrenImpurity(this.childImp);
    best.impurityLeft = this.childImp[0];
    best.impurityRight = this.childImp[1];
    best.weightLeft = criterion.weightLeft;
    best.weightRight = criterion.weightRight;
  }
}
