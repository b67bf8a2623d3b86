/**
 * Growing a forest's trees, one at a time and independently. Tree t draws its bootstrap and its feature
 * order from `Rng(rootSeed).child(t)` only, so it is the same tree whichever thread grows it, in
 * whatever order: this is what makes results identical for every `nJobs`.
 */
import { Rng } from '../../core/rng.js';
import { type ResolvedTreeParams, type TreeData, buildTree } from '../tree/builder.js';
import type { Tree } from '../tree/tree.js';

/** Everything a thread needs to grow any tree of one fit. */
export interface ForestJob {
  readonly data: TreeData;
  readonly y: Float64Array;
  /** User sample weights (all ones when none were given). */
  readonly sampleWeight: Float64Array;
  readonly tree: ResolvedTreeParams;
  readonly rootSeed: number;
  readonly bootstrap: boolean;
  /** Rows drawn per bootstrap. */
  readonly nDraws: number;
}

/** The generator of tree t (its bootstrap first, then its split search). */
export function treeRng(rootSeed: number, t: number): Rng {
  return new Rng(rootSeed).child(t);
}

/** Bootstrap counts of tree t (row i drawn counts[i] times), drawn from a fresh `treeRng`. */
export function bootstrapCounts(rootSeed: number, t: number, nRows: number, nDraws: number): Uint32Array {
  return treeRng(rootSeed, t).bootstrapCounts(nRows, nDraws);
}

/** Grows tree t. A bootstrap sample enters as integer weights: k copies of a row = weight k. */
export function growTree(job: ForestJob, t: number): Tree {
  const rng = treeRng(job.rootSeed, t);
  let w = job.sampleWeight;
  if (job.bootstrap) {
    const n = job.y.length;
    const counts = rng.bootstrapCounts(n, job.nDraws);
    w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i] = counts[i] * job.sampleWeight[i];
  }
  return buildTree(job.data, job.y, w, job.tree, rng);
}
