/**
 * `validate`: checks that the ingested table can train the requested models — the target column is
 * there and numeric with no missing values after ingest's row rules, it is not constant, and there
 * are enough rows for the CV folds — and fails with INVALID_DATA saying what to change. Row-level
 * rules (types, ranges, categories) were already applied by ingest; this is the training-level gate.
 */
import { ConvoptError } from '../../../core/errors.js';
import type { Frame } from '../../../data/frame.js';
import { DEFAULT_TARGET } from '../../../models/bundle.js';
import { defineStep } from '../../step.js';

export interface ValidateParams {
  readonly [key: string]: unknown;
  readonly folds: number;
  readonly target: string;
}

export const validateStep = defineStep<ValidateParams>({
  name: 'validate',
  version: '1',
  inputs: { table: 'table' },
  outputs: { report: 'json' },
  run(_ctx, inputs, params) {
    const frame = inputs.table as Frame;
    const target = params.target || DEFAULT_TARGET;
    if (!frame.has(target) || frame.column(target).kind !== 'numeric') {
      throw new ConvoptError('INVALID_DATA', `The training data has no numeric target column "${target}".`, { column: target, hint: `Add "${target}" or map your header to it with data.columns in convopt.config.json.` });
    }
    const y = frame.numeric(target);
    const minRows = Math.max(10, params.folds * 2);
    if (frame.nRows < minRows) {
      throw new ConvoptError('INVALID_DATA', `Only ${frame.nRows} valid rows remain; training with ${params.folds}-fold CV needs at least ${minRows}.`, { hint: 'Add rows, fix rejected rows, or lower cv.folds.' });
    }
    let missing = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < y.length; i++) {
      const v = y[i]!;
      if (Number.isNaN(v)) missing++;
      else {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    if (missing > 0) {
      throw new ConvoptError('INVALID_DATA', `${missing} rows have no ${target} value.`, { column: target, hint: 'Fill them or rerun with --on-invalid drop.' });
    }
    if (min === max) {
      throw new ConvoptError('INVALID_DATA', `${target} is ${min} in every row, so there is nothing to learn (R² is undefined).`, { column: target, value: min, hint: 'Train on data where the outcome varies.' });
    }
    return { report: { rows: frame.nRows, target, targetMin: min, targetMax: max, checks: ['target present and numeric', 'no missing target', `≥ ${minRows} rows`, 'target varies'] } };
  },
});
