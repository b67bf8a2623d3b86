/**
 * `split`: the evaluation scheme — one holdout split and a k-fold assignment over the cleaned rows.
 * `auto` replays scikit-learn's reference split (`reference-split.ts`) when the cleaned table is the
 * bundled dataset (same data hash) and features are `seed`, so scores compare with the reference;
 * otherwise (and with `kfold`) a seeded shuffled k-fold and a seeded holdout. `reference` forces the
 * reference scheme and fails if the data is not the bundled dataset.
 */
import { ConvoptError } from '../../../core/errors.js';
import type { Frame } from '../../../data/frame.js';
import { frameHash } from '../../../data/frame-hash.js';
import { holdoutSplit, kFold } from '../../../eval/split/index.js';
import { defineStep } from '../../step.js';
import { REFERENCE_CV5_FOLD_OF_ROW, REFERENCE_DATA_HASH, REFERENCE_N_ROWS, REFERENCE_TEST_ROWS } from '../reference-split.js';

export interface SplitParams {
  readonly [key: string]: unknown;
  readonly scheme: 'auto' | 'kfold' | 'reference';
  readonly folds: number;
  readonly seed: number;
  readonly testSize: number;
  readonly featureSet: string;
}

/** The evaluation scheme, as stored (plain arrays so it is JSON). */
export interface SplitPlan {
  readonly scheme: 'reference' | 'kfold';
  /** Human description, e.g. `scikit-learn reference folds (5) + holdout (229 rows)`. */
  readonly description: string;
  readonly folds: number;
  readonly seed: number | null;
  readonly nRows: number;
  readonly dataHash: string;
  readonly holdoutTest: readonly number[];
  readonly foldOfRow: readonly number[];
}

export const splitStep = defineStep<SplitParams>({
  name: 'split',
  version: '1',
  inputs: { table: 'table' },
  outputs: { plan: 'json' },
  run(_ctx, inputs, params) {
    const frame = inputs.table as Frame;
    const hash = frameHash(frame);
    const isReferenceData = hash === REFERENCE_DATA_HASH && frame.nRows === REFERENCE_N_ROWS;
    if (params.scheme === 'reference' && !isReferenceData) {
      throw new ConvoptError('INVALID_CONFIG', 'cv.scheme "reference" replays scikit-learn\'s folds of the bundled dataset, but the training data is different.', {
        path: 'cv.scheme',
        value: 'reference',
        hint: 'Use cv.scheme "auto" or "kfold" for your own data.',
      });
    }
    const useReference = params.scheme === 'reference' || (params.scheme === 'auto' && isReferenceData && params.featureSet === 'seed');
    let plan: SplitPlan;
    if (useReference) {
      plan = {
        scheme: 'reference',
        description: `scikit-learn reference folds (5) + holdout (${REFERENCE_TEST_ROWS.length} rows)`,
        folds: 5,
        seed: null,
        nRows: frame.nRows,
        dataHash: hash,
        holdoutTest: [...REFERENCE_TEST_ROWS],
        foldOfRow: [...REFERENCE_CV5_FOLD_OF_ROW],
      };
    } else {
      const folds = kFold(frame.nRows, { nSplits: params.folds, shuffle: true, seed: params.seed });
      const foldOfRow = new Array<number>(frame.nRows).fill(0);
      folds.forEach((f, k) => f.test.forEach((r) => (foldOfRow[r] = k)));
      const holdout = holdoutSplit(frame.nRows, { testSize: params.testSize, seed: params.seed });
      plan = {
        scheme: 'kfold',
        description: `seeded ${params.folds}-fold CV (seed ${params.seed}) + holdout (${holdout.test.length} rows)`,
        folds: params.folds,
        seed: params.seed,
        nRows: frame.nRows,
        dataHash: hash,
        holdoutTest: Array.from(holdout.test),
        foldOfRow,
      };
    }
    return { plan };
  },
});
