/**
 * Partitioning a node's samples after a split. Every feature's segment `[start, end)` holds the same
 * rows sorted by that feature; a stable partition of each segment into "goes left" then "goes right"
 * keeps every child segment sorted, so no node ever sorts again.
 */

/*
 * SKIPPING_CONSTANT: `constant` flags features (bit j, 0 < j < 31) that are constant in the node being
 * split. Their segments are left as they are: the node's range of such a segment holds only rows
 * with that one value, so any child's sub-range still reads as constant, which is all the splitter
 * asks of it (it never scans a constant feature). Feature 0 is always partitioned: node statistics
 * and leaves read their rows from its segment.
 */

/**
 * Splits every feature segment of `order` (and of `values`, laid out alike, when the layout keeps
 * them) at the rows flagged in `goesLeft` (1 = left). The scratch arrays must hold at least
 * `end − start` entries. Returns nothing: children are `[start, mid)` and `[mid, end)` in every
 * segment, where `mid = start + number of left rows`.
 */
export function partitionSegments(order: Int32Array, values: Float64Array | null, nSamples: number, nFeatures: number, skipFeature: number, start: number, end: number, goesLeft: Uint8Array, scratch: Int32Array, scratchValues: Float64Array | null, constant = 0): void {
  for (let j = 0; j < nFeatures; j++) {
    if (j === skipFeature) continue; // already ordered: its left rows are exactly the prefix
    if (j > 0 && j < 31 && (constant >>> j) & 1) continue; // see SKIPPING_CONSTANT
    const base = j * nSamples;
    let l = base + start;
    let r = 0;
    if (values && scratchValues) {
      for (let p = base + start; p < base + end; p++) {
        const i = order[p];
        const v = values[p];
        if (goesLeft[i] === 1) {
          order[l] = i;
          values[l++] = v;
        } else {
          scratch[r] = i;
          scratchValues[r++] = v;
        }
      }
      for (let k = 0; k < r; k++) {
        order[l + k] = scratch[k];
        values[l + k] = scratchValues[k];
      }
      continue;
    }
    // Branch-free: write the row to both sides and advance one. Which side a row goes is data, so a
    // branch here mispredicts about once per balanced pair (~a third of a small fit's time went there).
    // Writing order[l] is safe: l ≤ p, and order[p] was read first.
    for (let p = base + start; p < base + end; p++) {
      const i = order[p];
      const g = goesLeft[i];
      order[l] = i;
      scratch[r] = i;
      l += g;
      r += 1 - g;
    }
    for (let k = 0; k < r; k++) order[l + k] = scratch[k];
  }
}

/**
 * The partition when one child is certainly a leaf: leaves never read a segment other than feature
 * 0's (node statistics), so in features `from..nFeatures−1` only the other child's rows need their
 * sorted run, and they are compacted in place (stable, no scratch copy-back); the leaf's part of
 * those segments is left stale. `keepLeft`: the left child is the one split further (its rows are
 * flagged in `goesLeft`). The keep/drop branch follows the usually lopsided split, so it mostly
 * predicts well, where the full partition's left/right branch does not.
 */
export function compactSegments(order: Int32Array, values: Float64Array | null, nSamples: number, from: number, nFeatures: number, skipFeature: number, start: number, end: number, goesLeft: Uint8Array, keepLeft: boolean, constant = 0): void {
  for (let j = from; j < nFeatures; j++) {
    if (j === skipFeature) continue;
    if (j > 0 && j < 31 && (constant >>> j) & 1) continue; // see SKIPPING_CONSTANT
    const base = j * nSamples;
    if (keepLeft) {
      let l = base + start;
      if (values) {
        for (let p = base + start; p < base + end; p++) {
          const i = order[p];
          if (goesLeft[i] === 1) {
            values[l] = values[p];
            order[l++] = i;
          }
        }
      } else {
        // Branch-free (see partitionSegments): a dropped row is written and then overwritten.
        for (let p = base + start; p < base + end; p++) {
          const i = order[p];
          order[l] = i;
          l += goesLeft[i];
        }
      }
    } else {
      let r = base + end;
      if (values) {
        for (let p = base + end - 1; p >= base + start; p--) {
          const i = order[p];
          if (goesLeft[i] === 0) {
            values[--r] = values[p];
            order[r] = i;
          }
        }
      } else {
        // Branch-free mirror: slot r − 1 ≥ p is free (already read), so a dropped row's write is harmless.
        for (let p = base + end - 1; p >= base + start; p--) {
          const i = order[p];
          order[r - 1] = i;
          r -= 1 - goesLeft[i];
        }
      }
    }
  }
}
