/**
 * Batch prediction over a packed forest: every tree's nodes concatenated into one set of arrays,
 * walked block by block over the rows. Shared by the calling thread and the worker threads, so
 * threaded predictions equal single-threaded ones exactly (each row sums its trees in the same order,
 * the same order as `TreePredictor.addPredictions`).
 *
 * The packed layout exists for speed: the two children of a node are adjacent (`child`, `child + 1`),
 * so a step is `node = child[node] + goesRight` with `goesRight` computed from comparisons as a 0/1
 * number, not a branch. Whether a row goes left or right is a coin flip per node, so a branch
 * mispredicts about every other step; the branch-free step does not.
 */

export interface PackedForest {
  /** Split feature (0 for leaves). */
  readonly feature: Int32Array;
  /** `x <= threshold` goes left (+Infinity for leaves: nothing goes right). */
  readonly threshold: Float64Array;
  /** 1 when NaN goes right (0 for leaves). */
  readonly missingRight: Int32Array;
  /** Left child (absolute index); the right child is `child + 1`. A leaf is its own child. */
  readonly child: Int32Array;
  /** 1 for leaves. */
  readonly leaf: Int32Array;
  /** Leaf value (0 for internal nodes). */
  readonly value: Float64Array;
  /** Root node index of each tree. */
  readonly roots: Int32Array;
}

/** Rows per block (≈ 20 features × 2048 rows × 8 bytes = 320 KiB: about an L2 cache). */
export const PREDICT_BLOCK = 2048;

/** One block of rows, row-major (`block[r * nFeatures + f]`), reused across calls (one per thread). */
let blockScratch = new Float64Array(0);

/**
 * Adds every tree's output for rows [start, stop) to `out` (which holds the baseline). Each block of
 * rows is first copied row-major, so a row's features share cache lines while every tree walks it.
 */
export function predictRows(forest: PackedForest, columns: readonly ArrayLike<number>[], out: Float64Array, start: number, stop: number): void {
  const F = columns.length;
  if (blockScratch.length < PREDICT_BLOCK * F) blockScratch = new Float64Array(PREDICT_BLOCK * F);
  const block = blockScratch;
  for (let b0 = start; b0 < stop; b0 += PREDICT_BLOCK) {
    const n = Math.min(stop, b0 + PREDICT_BLOCK) - b0;
    for (let f = 0; f < F; f++) {
      const col = columns[f];
      for (let r = 0, o = f; r < n; r++, o += F) block[o] = col[b0 + r];
    }
    walkBlock(forest, block, F, out, b0, n);
  }
}

/**
 * Adds every tree's output for the `n` row-major rows of `block` to `out[at..at + n)`. Four rows walk
 * each tree together: their steps are independent, so the CPU overlaps four chains of dependent loads
 * instead of waiting on one. Leaves point to themselves (see `packForest`), so a row that reached its
 * leaf simply stays there until the other three have reached theirs.
 */
function walkBlock(forest: PackedForest, block: Float64Array, F: number, out: Float64Array, at: number, n: number): void {
  const { feature, threshold, missingRight, child, leaf, value, roots } = forest;
  for (let t = 0; t < roots.length; t++) {
    const root = roots[t];
    if (leaf[root] === 1) {
      const v = value[root];
      for (let r = 0; r < n; r++) out[at + r] += v;
      continue;
    }
    let r = 0;
    for (let base = 0; r + 3 < n; r += 4, base += 4 * F) {
      let n0 = root;
      let n1 = root;
      let n2 = root;
      let n3 = root;
      do {
        // NaN fails both comparisons: it goes right exactly when the node sends missing values right.
        const x0 = block[base + feature[n0]];
        const x1 = block[base + F + feature[n1]];
        const x2 = block[base + 2 * F + feature[n2]];
        const x3 = block[base + 3 * F + feature[n3]];
        n0 = child[n0] + (+(x0 > threshold[n0]) | (+(x0 !== x0) & missingRight[n0]));
        n1 = child[n1] + (+(x1 > threshold[n1]) | (+(x1 !== x1) & missingRight[n1]));
        n2 = child[n2] + (+(x2 > threshold[n2]) | (+(x2 !== x2) & missingRight[n2]));
        n3 = child[n3] + (+(x3 > threshold[n3]) | (+(x3 !== x3) & missingRight[n3]));
      } while ((leaf[n0] & leaf[n1] & leaf[n2] & leaf[n3]) === 0);
      out[at + r] += value[n0];
      out[at + r + 1] += value[n1];
      out[at + r + 2] += value[n2];
      out[at + r + 3] += value[n3];
    }
    for (; r < n; r++) {
      const base = r * F;
      let node = root;
      do {
        const x = block[base + feature[node]];
        node = child[node] + (+(x > threshold[node]) | (+(x !== x) & missingRight[node]));
      } while (leaf[node] === 0);
      out[at + r] += value[node];
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
    missingRight: new Int32Array(buf(total * 4)),
    child: new Int32Array(buf(total * 4)),
    leaf: new Int32Array(buf(total * 4)),
    value: new Float64Array(buf(total * 8)),
    roots: new Int32Array(buf(trees.length * 4)),
  };
  let off = 0;
  trees.forEach((t, k) => {
    f.roots[k] = off;
    // Breadth-first renumbering: a node's two children get consecutive slots.
    const order = [0];
    const slot = new Int32Array(t.feature.length);
    let next = off + 1;
    for (let q = 0; q < order.length; q++) {
      const i = order[q];
      const at = slot[i] + off;
      if (t.feature[i] < 0) {
        // A leaf is a fixed point of the step: feature 0 is readable, nothing exceeds +Infinity,
        // NaN stays left, and its left child is itself.
        f.threshold[at] = Infinity;
        f.child[at] = at;
        f.leaf[at] = 1;
        f.value[at] = t.value[i];
        continue;
      }
      f.feature[at] = t.feature[i];
      f.threshold[at] = t.threshold[i];
      f.missingRight[at] = t.missingGoToLeft[i] ? 0 : 1;
      f.child[at] = next;
      slot[t.left[i]] = next - off;
      slot[t.right[i]] = next + 1 - off;
      next += 2;
      order.push(t.left[i], t.right[i]);
    }
    off += t.feature.length;
  });
  return f;
}
