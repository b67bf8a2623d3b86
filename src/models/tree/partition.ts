/**
 * Partitioning a node's samples after a split. Every feature's segment `[start, end)` holds the same
 * rows sorted by that feature; a stable partition of each segment into "goes left" then "goes right"
 * keeps every child segment sorted, so no node ever sorts again.
 */

/**
 * Splits every feature segment of `order` (and of `values`, laid out alike, when the layout keeps
 * them) at the rows flagged in `goesLeft` (1 = left). The scratch arrays must hold at least
 * `end − start` entries. Returns nothing: children are `[start, mid)` and `[mid, end)` in every
 * segment, where `mid = start + number of left rows`.
 */
export function partitionSegments(order: Int32Array, values: Float64Array | null, nSamples: number, nFeatures: number, skipFeature: number, start: number, end: number, goesLeft: Uint8Array, scratch: Int32Array, scratchValues: Float64Array | null): void {
  for (let j = 0; j < nFeatures; j++) {
    if (j === skipFeature) continue; // already ordered: its left rows are exactly the prefix
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
    for (let p = base + start; p < base + end; p++) {
      const i = order[p];
      if (goesLeft[i] === 1) order[l++] = i;
      else scratch[r++] = i;
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
export function compactSegments(order: Int32Array, values: Float64Array | null, nSamples: number, from: number, nFeatures: number, skipFeature: number, start: number, end: number, goesLeft: Uint8Array, keepLeft: boolean): void {
  for (let j = from; j < nFeatures; j++) {
    if (j === skipFeature) continue;
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
        for (let p = base + start; p < base + end; p++) {
          const i = order[p];
          if (goesLeft[i] === 1) order[l++] = i;
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
        for (let p = base + end - 1; p >= base + start; p--) {
          const i = order[p];
          if (goesLeft[i] === 0) order[--r] = i;
        }
      }
    }
  }
}
