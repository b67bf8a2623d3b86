/**
 * Batch prediction over a packed forest: every tree's nodes concatenated into one set of arrays
 * (children as absolute indices), walked block by block over the rows. Shared by the calling thread
 * and the worker threads, so threaded predictions equal single-threaded ones exactly (each row sums
 * its trees in the same order).
 */

export interface PackedForest {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly missingGoToLeft: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  /** Root node index of each tree. */
  readonly roots: Int32Array;
}

/** Rows per block (≈ 20 features × 2048 rows × 8 bytes = 320 KiB: about an L2 cache). */
export const PREDICT_BLOCK = 2048;

/**
 * Adds every tree's output for rows [start, stop) to `out` (which holds the baseline). Row blocks keep
 * one block's feature values in cache while all trees walk them.
 */
export function predictRows(forest: PackedForest, columns: readonly ArrayLike<number>[], out: Float64Array, start: number, stop: number): void {
  const { feature, threshold, missingGoToLeft, left, right, value, roots } = forest;
  for (let b0 = start; b0 < stop; b0 += PREDICT_BLOCK) {
    const b1 = Math.min(stop, b0 + PREDICT_BLOCK);
    for (let t = 0; t < roots.length; t++) {
      const root = roots[t];
      const f0 = feature[root];
      for (let i = b0; i < b1; i++) {
        let node = root;
        let f = f0;
        while (f >= 0) {
          const x = columns[f][i];
          if (x <= threshold[node]) node = left[node];
          else if (x !== x) node = missingGoToLeft[node] ? left[node] : right[node];
          else node = right[node];
          f = feature[node];
        }
        out[i] += value[node];
      }
    }
  }
}

/** Concatenates trees into one packed forest (optionally in SharedArrayBuffers for workers). */
export function packForest(
  trees: readonly { feature: Int32Array; threshold: Float64Array; missingGoToLeft: Uint8Array; left: Int32Array; right: Int32Array; value: Float64Array }[],
  shared: boolean,
): PackedForest {
  let total = 0;
  for (const t of trees) total += t.feature.length;
  const buf = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const f: PackedForest = {
    feature: new Int32Array(buf(total * 4)),
    threshold: new Float64Array(buf(total * 8)),
    missingGoToLeft: new Uint8Array(buf(total)),
    left: new Int32Array(buf(total * 4)),
    right: new Int32Array(buf(total * 4)),
    value: new Float64Array(buf(total * 8)),
    roots: new Int32Array(buf(trees.length * 4)),
  };
  let off = 0;
  trees.forEach((t, k) => {
    f.roots[k] = off;
    f.feature.set(t.feature, off);
    f.threshold.set(t.threshold, off);
    f.missingGoToLeft.set(t.missingGoToLeft, off);
    f.value.set(t.value, off);
    for (let i = 0; i < t.left.length; i++) {
      f.left[off + i] = t.left[i] < 0 ? -1 : t.left[i] + off;
      f.right[off + i] = t.right[i] < 0 ? -1 : t.right[i] + off;
    }
    off += t.feature.length;
  });
  return f;
}
