/**
 * K-fold splitters, as scikit-learn's `KFold` / `RepeatedKFold`: the first `n % k` folds get one extra
 * row; with `shuffle` the row order is permuted by a seeded `Rng` first. Also `foldsFromAssignment` to
 * replay fixed folds (e.g. the reference's `cv5_fold_of_row`).
 */
import { ConvoptError, invalidParameter } from '../../core/errors.js';
import { Rng, asRng } from '../../core/rng.js';
import { type Fold, foldFromMask } from './fold.js';

export interface KFoldOptions {
  /** Number of folds (≥ 2; default 5). */
  readonly nSplits?: number;
  /** Permute rows before cutting folds (default false). */
  readonly shuffle?: boolean;
  /** Seed or generator for the shuffle (default 0). */
  readonly seed?: number | Rng;
}

function checkSplits(nSplits: number, n: number): void {
  if (!Number.isInteger(nSplits) || nSplits < 2) invalidParameter('nSplits', nSplits, 'an integer ≥ 2');
  if (n < nSplits) {
    throw new ConvoptError('INVALID_DATA', `Cannot make ${nSplits} folds from ${n} rows.`, { path: 'nSplits', value: nSplits, hint: `Use at most ${n} folds or add rows.` });
  }
}

/**
 * `nSplits` folds over `n` rows; each row is in exactly one test fold.
 * @example kFold(10, { nSplits: 5, shuffle: true, seed: 42 }).map((f) => f.test.length) // [2,2,2,2,2]
 */
export function kFold(n: number, options: KFoldOptions = {}): Fold[] {
  const nSplits = options.nSplits ?? 5;
  checkSplits(nSplits, n);
  const order = options.shuffle ? asRng(options.seed).permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
  const foldOfRow = new Int32Array(n);
  const base = Math.floor(n / nSplits);
  const extra = n % nSplits;
  let start = 0;
  for (let k = 0; k < nSplits; k++) {
    const size = base + (k < extra ? 1 : 0);
    for (let i = start; i < start + size; i++) foldOfRow[order[i]] = k;
    start += size;
  }
  return foldsFromAssignment(foldOfRow);
}

/** Class form, for callers that want sklearn's `KFold(...).split(n)` shape. */
export class KFold {
  constructor(readonly options: KFoldOptions = {}) {}
  split(n: number): Fold[] {
    return kFold(n, this.options);
  }
}

export interface RepeatedKFoldOptions {
  readonly nSplits?: number;
  /** Number of repeats (≥ 1; default 10 as sklearn). */
  readonly nRepeats?: number;
  readonly seed?: number | Rng;
}

/**
 * `nRepeats` shuffled k-fold partitions, each from an independent child stream of the seed.
 * Returns `nSplits × nRepeats` folds, repeat by repeat.
 */
export function repeatedKFold(n: number, options: RepeatedKFoldOptions = {}): Fold[] {
  const nRepeats = options.nRepeats ?? 10;
  if (!Number.isInteger(nRepeats) || nRepeats < 1) invalidParameter('nRepeats', nRepeats, 'an integer ≥ 1');
  const rng = asRng(options.seed);
  const out: Fold[] = [];
  for (let r = 0; r < nRepeats; r++) out.push(...kFold(n, { nSplits: options.nSplits ?? 5, shuffle: true, seed: rng.child(r) }));
  return out;
}

/** Class form of `repeatedKFold`. */
export class RepeatedKFold {
  constructor(readonly options: RepeatedKFoldOptions = {}) {}
  split(n: number): Fold[] {
    return repeatedKFold(n, this.options);
  }
}

/**
 * Folds from a fixed assignment: row i is in the test set of fold `foldOfRow[i]` (0-based). Folds are
 * returned in order 0..max; every fold number in between must occur.
 * @example foldsFromAssignment([0, 1, 0, 1]) // [{train:[1,3], test:[0,2]}, {train:[0,2], test:[1,3]}]
 */
export function foldsFromAssignment(foldOfRow: ArrayLike<number>): Fold[] {
  let max = -1;
  for (let i = 0; i < foldOfRow.length; i++) {
    const f = foldOfRow[i];
    if (!Number.isInteger(f) || f < 0) {
      throw new ConvoptError('INVALID_ARGUMENT', `Fold assignment at row ${i + 1} is ${f}; fold numbers are integers ≥ 0.`, { row: i + 1, value: f });
    }
    if (f > max) max = f;
  }
  const folds: Fold[] = [];
  for (let k = 0; k <= max; k++) {
    const mask = new Uint8Array(foldOfRow.length);
    let any = false;
    for (let i = 0; i < foldOfRow.length; i++) {
      if (foldOfRow[i] === k) {
        mask[i] = 1;
        any = true;
      }
    }
    if (!any) throw new ConvoptError('INVALID_ARGUMENT', `Fold assignment has no row in fold ${k} (folds go up to ${max}).`, { hint: 'Number folds 0..k-1 without gaps.' });
    folds.push(foldFromMask(mask));
  }
  return folds;
}
