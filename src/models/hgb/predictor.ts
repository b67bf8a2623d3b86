/**
 * `TreePredictor`: one finished tree as flat record arrays (struct of arrays), the only form that is
 * used for prediction and saved. Walks raw float64 features (`x <= threshold`, NaN follows
 * `missingGoToLeft`) or binned data (`bin <= binThreshold`, the missing bin follows the same flag).
 */
import type { Matrix } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { decodeArray, encodeArray, type EncodedArray } from '../io/typed-codec.js';
import type { BinMapper } from './binning.js';
import type { TreeNode } from './grower.js';

export interface TreePredictorJSON {
  readonly value: EncodedArray;
  readonly feature: EncodedArray;
  readonly threshold: EncodedArray;
  readonly binThreshold: EncodedArray;
  readonly missingGoToLeft: EncodedArray;
  readonly left: EncodedArray;
  readonly right: EncodedArray;
  readonly count: EncodedArray;
  readonly gain: EncodedArray;
}

export class TreePredictor {
  constructor(
    /** Leaf value (after shrinkage); 0 for internal nodes. */
    readonly value: Float64Array,
    /** Split feature, or -1 for a leaf. */
    readonly feature: Int32Array,
    readonly threshold: Float64Array,
    readonly binThreshold: Uint8Array,
    readonly missingGoToLeft: Uint8Array,
    readonly left: Int32Array,
    readonly right: Int32Array,
    /** Training samples that reached the node. */
    readonly count: Uint32Array,
    readonly gain: Float64Array,
  ) {}

  get nNodes(): number {
    return this.value.length;
  }

  get nLeaves(): number {
    let n = 0;
    for (let i = 0; i < this.feature.length; i++) if (this.feature[i] < 0) n++;
    return n;
  }

  /** Largest depth of any leaf (root has depth 0). */
  get maxDepth(): number {
    let best = 0;
    const walk = (i: number, d: number): void => {
      if (this.feature[i] < 0) best = Math.max(best, d);
      else {
        walk(this.left[i], d + 1);
        walk(this.right[i], d + 1);
      }
    };
    walk(0, 0);
    return best;
  }

  /** Flattens a grown tree (depth-first, root at 0). */
  static fromRoot(root: TreeNode, nNodes: number, binMapper: BinMapper): TreePredictor {
    // One buffer for the nine arrays (float64s, then 32-bit, then bytes, so each is aligned): a fit
    // makes a predictor per iteration, and nine off-heap buffers per tree cost ~2 % of a 914-row fit.
    const n = nNodes;
    const buffer = new ArrayBuffer(n * (3 * 8 + 4 * 4 + 2));
    const t = new TreePredictor(
      new Float64Array(buffer, 0, n),
      new Int32Array(buffer, 24 * n, n),
      new Float64Array(buffer, 8 * n, n),
      new Uint8Array(buffer, 40 * n, n),
      new Uint8Array(buffer, 41 * n, n),
      new Int32Array(buffer, 28 * n, n),
      new Int32Array(buffer, 32 * n, n),
      new Uint32Array(buffer, 36 * n, n),
      new Float64Array(buffer, 16 * n, n),
    );
    let next = 0;
    const visit = (node: TreeNode): number => {
      const id = next++;
      t.count[id] = node.stop - node.start;
      if (node.isLeaf || !node.left || !node.right || !node.split) {
        t.value[id] = node.value;
        t.feature[id] = -1;
        t.left[id] = -1;
        t.right[id] = -1;
        return id;
      }
      const s = node.split;
      t.feature[id] = s.featureIdx;
      t.binThreshold[id] = s.binIdx;
      t.missingGoToLeft[id] = s.missingGoToLeft ? 1 : 0;
      t.gain[id] = s.gain;
      // Splitting on the last non-missing bin separates "any value" (left) from NaN (right).
      const thresholds = binMapper.binThresholds_[s.featureIdx];
      t.threshold[id] = s.binIdx >= thresholds.length ? Infinity : thresholds[s.binIdx];
      t.left[id] = visit(node.left);
      t.right[id] = visit(node.right);
      return id;
    };
    visit(root);
    return t;
  }

  /** Adds this tree's output for rows [start, stop) of X (default: all) to `out`. */
  addPredictions(X: Matrix, out: Float64Array, start = 0, stop = X.nRows): void {
    const { feature, threshold, missingGoToLeft, left, right, value } = this;
    const cols = X.columns;
    for (let i = start; i < stop; i++) {
      let node = 0;
      let f = feature[0];
      while (f >= 0) {
        const x = cols[f][i];
        if (x <= threshold[node]) node = left[node];
        else if (x !== x) node = missingGoToLeft[node] ? left[node] : right[node];
        else node = right[node];
        f = feature[node];
      }
      out[i] += value[node];
    }
  }

  /** Adds this tree's output for binned rows to `out` (used for early-stopping validation). */
  addPredictionsBinned(columns: readonly Uint8Array[], nRows: number, missingBin: number, out: Float64Array): void {
    const { feature, binThreshold, missingGoToLeft, left, right, value } = this;
    for (let i = 0; i < nRows; i++) {
      let node = 0;
      let f = feature[0];
      while (f >= 0) {
        const b = columns[f][i];
        if (b === missingBin) node = missingGoToLeft[node] ? left[node] : right[node];
        else node = b <= binThreshold[node] ? left[node] : right[node];
        f = feature[node];
      }
      out[i] += value[node];
    }
  }

  toJSON(): TreePredictorJSON {
    return {
      value: encodeArray(this.value),
      feature: encodeArray(this.feature),
      threshold: encodeArray(this.threshold),
      binThreshold: encodeArray(this.binThreshold),
      missingGoToLeft: encodeArray(this.missingGoToLeft),
      left: encodeArray(this.left),
      right: encodeArray(this.right),
      count: encodeArray(this.count),
      gain: encodeArray(this.gain),
    };
  }

  /** Rebuilds a tree and checks its structure, so a corrupted file cannot loop or read out of range. */
  static fromJSON(j: TreePredictorJSON, nFeatures: number): TreePredictor {
    const t = new TreePredictor(
      decodeArray(j.value, 'f64'),
      decodeArray(j.feature, 'i32'),
      decodeArray(j.threshold, 'f64'),
      decodeArray(j.binThreshold, 'u8'),
      decodeArray(j.missingGoToLeft, 'u8'),
      decodeArray(j.left, 'i32'),
      decodeArray(j.right, 'i32'),
      decodeArray(j.count, 'u32'),
      decodeArray(j.gain, 'f64'),
    );
    const n = t.value.length;
    const bad = (): never => {
      throw new ConvoptError('MODEL_FORMAT', 'HistGradientBoostingRegressor model file holds a malformed tree.', { hint: 'The model file is corrupted; retrain or restore it.' });
    };
    if (n === 0) bad();
    for (const a of [t.feature, t.threshold, t.binThreshold, t.missingGoToLeft, t.left, t.right, t.count, t.gain]) if (a.length !== n) bad();
    for (let i = 0; i < n; i++) {
      if (t.feature[i] >= nFeatures) bad();
      // Children always come after their parent in depth-first order, so walks terminate.
      if (t.feature[i] >= 0 && (t.left[i] <= i || t.right[i] <= i || t.left[i] >= n || t.right[i] >= n)) bad();
    }
    return t;
  }
}
