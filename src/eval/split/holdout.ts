/**
 * Holdout (train/test) split, as scikit-learn's `train_test_split`: `testSize` as a fraction (test rows
 * = ceil(fraction·n)) or a count; seeded shuffle; or an explicit list of test rows (the reference's
 * `test_row_indices`).
 */
import { ConvoptError, invalidParameter } from '../../core/errors.js';
import { Rng, asRng } from '../../core/rng.js';
import { type Fold, foldFromMask } from './fold.js';

export interface HoldoutOptions {
  /** Fraction in (0, 1) or a row count ≥ 1 (default 0.25 as sklearn). */
  readonly testSize?: number;
  /** Shuffle before splitting (default true). Without shuffle the last rows are the test set. */
  readonly shuffle?: boolean;
  readonly seed?: number | Rng;
  /** Exact test rows (0-based); overrides testSize/shuffle. */
  readonly testRows?: ArrayLike<number>;
}

/**
 * One train/test split of `n` rows.
 * @example holdoutSplit(1143, { testSize: 0.2, seed: 42 }).test.length // 229
 */
export function holdoutSplit(n: number, options: HoldoutOptions = {}): Fold {
  const mask = new Uint8Array(n);
  if (options.testRows) {
    for (let i = 0; i < options.testRows.length; i++) {
      const r = options.testRows[i];
      if (!Number.isInteger(r) || r < 0 || r >= n) {
        throw new ConvoptError('INVALID_ARGUMENT', `Test row ${r} (entry ${i + 1}) is outside 0..${n - 1}.`, { path: 'testRows', value: r, hint: 'Test rows are 0-based data row numbers.' });
      }
      mask[r] = 1;
    }
  } else {
    const size = options.testSize ?? 0.25;
    let nTest: number;
    if (size > 0 && size < 1) nTest = Math.ceil(size * n);
    else if (Number.isInteger(size) && size >= 1) nTest = size;
    else return invalidParameter('testSize', size, 'a fraction in (0, 1) or an integer row count ≥ 1');
    if (nTest >= n) {
      throw new ConvoptError('INVALID_DATA', `A test set of ${nTest} rows leaves no training rows out of ${n}.`, { path: 'testSize', value: size, hint: 'Lower testSize or add rows.' });
    }
    if (options.shuffle === false) for (let i = n - nTest; i < n; i++) mask[i] = 1;
    else {
      const pick = asRng(options.seed).sampleWithoutReplacement(n, nTest);
      for (const r of pick) mask[r] = 1;
    }
  }
  const fold = foldFromMask(mask);
  if (fold.train.length === 0 || fold.test.length === 0) {
    throw new ConvoptError('INVALID_DATA', `Holdout split of ${n} rows has an empty ${fold.train.length === 0 ? 'training' : 'test'} set.`, { hint: 'Use a smaller test set or more rows.' });
  }
  return fold;
}
