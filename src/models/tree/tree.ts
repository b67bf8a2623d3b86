/**
 * `Tree`: the flat, immutable predictor a fit produces and the only tree form that is saved. Node k is
 * a leaf when `feature[k] = −1`; otherwise rows with `x[feature] ≤ threshold` go to `left[k]`, the rest
 * to `right[k]`. Node 0 is the root; nodes are numbered depth-first, left child first (as scikit-learn).
 */
import type { Matrix } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { decodeArray, type EncodedArray, encodeArray } from '../io/typed-codec.js';

export interface TreeArrays {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  /** Node impurity under the fit's criterion (for feature importances). */
  readonly impurity: Float64Array;
  readonly nNodeSamples: Int32Array;
  readonly weightedNNodeSamples: Float64Array;
}

export type TreeJSON = {
  readonly nodeCount: number;
  readonly feature: EncodedArray;
  readonly threshold: EncodedArray;
  readonly left: EncodedArray;
  readonly right: EncodedArray;
  readonly value: EncodedArray;
  readonly impurity: EncodedArray;
  readonly nNodeSamples: EncodedArray;
  readonly weightedNNodeSamples: EncodedArray;
};

export class Tree implements TreeArrays {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Leaf predictions; boosting rewrites leaf values after growth (absolute/huber loss). */
  readonly value: Float64Array;
  readonly impurity: Float64Array;
  readonly nNodeSamples: Int32Array;
  readonly weightedNNodeSamples: Float64Array;

  constructor(a: TreeArrays) {
    this.feature = a.feature;
    this.threshold = a.threshold;
    this.left = a.left;
    this.right = a.right;
    this.value = a.value;
    this.impurity = a.impurity;
    this.nNodeSamples = a.nNodeSamples;
    this.weightedNNodeSamples = a.weightedNNodeSamples;
  }

  get nodeCount(): number {
    return this.feature.length;
  }

  get nLeaves(): number {
    let n = 0;
    for (let k = 0; k < this.feature.length; k++) if (this.feature[k] < 0) n++;
    return n;
  }

  /** Depth of the deepest leaf (a lone root has depth 0). */
  get maxDepth(): number {
    const depth = new Int32Array(this.nodeCount);
    let max = 0;
    // Preorder numbering: a parent always precedes its children.
    for (let k = 0; k < this.nodeCount; k++) {
      if (this.feature[k] >= 0) {
        depth[this.left[k]] = depth[k] + 1;
        depth[this.right[k]] = depth[k] + 1;
      } else if (depth[k] > max) max = depth[k];
    }
    return max;
  }

  /** Leaf index reached by row i. */
  leafOf(columns: Matrix['columns'], i: number): number {
    const { feature, threshold, left, right } = this;
    let k = 0;
    let f = feature[0];
    while (f >= 0) {
      k = columns[f][i] <= threshold[k] ? left[k] : right[k];
      f = feature[k];
    }
    return k;
  }

  /** Leaf index of every row. */
  apply(X: Matrix): Int32Array {
    const out = new Int32Array(X.nRows);
    for (let i = 0; i < X.nRows; i++) out[i] = this.leafOf(X.columns, i);
    return out;
  }

  /** Adds `scale ×` this tree's prediction to `out` (out may hold earlier trees' sum). */
  addPredictions(X: Matrix, out: Float64Array, scale = 1): void {
    const { value } = this;
    for (let i = 0; i < X.nRows; i++) out[i] += scale * value[this.leafOf(X.columns, i)];
  }

  predict(X: Matrix): Float64Array {
    const out = new Float64Array(X.nRows);
    for (let i = 0; i < X.nRows; i++) out[i] = this.value[this.leafOf(X.columns, i)];
    return out;
  }

  /** Unnormalised weighted impurity decrease per feature. */
  addImportances(out: Float64Array): void {
    const { feature, left, right, impurity, weightedNNodeSamples: w } = this;
    for (let k = 0; k < feature.length; k++) {
      const f = feature[k];
      if (f < 0) continue;
      out[f] += w[k] * impurity[k] - w[left[k]] * impurity[left[k]] - w[right[k]] * impurity[right[k]];
    }
  }

  toJSON(): TreeJSON {
    return {
      nodeCount: this.nodeCount,
      feature: encodeArray(this.feature),
      threshold: encodeArray(this.threshold),
      left: encodeArray(this.left),
      right: encodeArray(this.right),
      value: encodeArray(this.value),
      impurity: encodeArray(this.impurity),
      nNodeSamples: encodeArray(this.nNodeSamples),
      weightedNNodeSamples: encodeArray(this.weightedNNodeSamples),
    };
  }

  /** Decodes and checks structure, so a corrupted file fails here, not as a hang or crash in predict. */
  static fromJSON(doc: TreeJSON, nFeatures: number): Tree {
    if (!doc || typeof doc !== 'object' || !Number.isInteger(doc.nodeCount) || doc.nodeCount < 1) {
      throw new ConvoptError('MODEL_FORMAT', 'Model file holds a malformed tree (missing or invalid nodeCount).', { hint: 'The file is corrupted; retrain or restore it.' });
    }
    const t = new Tree({
      feature: decodeArray(doc.feature, 'i32'),
      threshold: decodeArray(doc.threshold, 'f64'),
      left: decodeArray(doc.left, 'i32'),
      right: decodeArray(doc.right, 'i32'),
      value: decodeArray(doc.value, 'f64'),
      impurity: decodeArray(doc.impurity, 'f64'),
      nNodeSamples: decodeArray(doc.nNodeSamples, 'i32'),
      weightedNNodeSamples: decodeArray(doc.weightedNNodeSamples, 'f64'),
    });
    t.validate(doc.nodeCount, nFeatures);
    return t;
  }

  /** Structural checks: array lengths, feature range, and children strictly after parents (no cycles). */
  validate(nodeCount: number, nFeatures: number): void {
    const bad = (why: string): never => {
      throw new ConvoptError('MODEL_FORMAT', `Model file holds a malformed tree: ${why}.`, { hint: 'The file is corrupted; retrain or restore it.' });
    };
    for (const a of [this.feature, this.threshold, this.left, this.right, this.value, this.impurity, this.nNodeSamples, this.weightedNNodeSamples]) {
      if (a.length !== nodeCount) bad(`an array has ${a.length} entries for ${nodeCount} nodes`);
    }
    for (let k = 0; k < nodeCount; k++) {
      const f = this.feature[k];
      if (f >= nFeatures || f < -1) bad(`node ${k} splits on feature ${f} of ${nFeatures}`);
      if (f >= 0) {
        const l = this.left[k];
        const r = this.right[k];
        if (!(l > k && l < nodeCount && r > k && r < nodeCount)) bad(`node ${k} has children ${l}, ${r}`);
        if (Number.isNaN(this.threshold[k])) bad(`node ${k} has a NaN threshold`);
      } else if (!Number.isFinite(this.value[k])) bad(`leaf ${k} has value ${this.value[k]}`);
    }
  }
}
