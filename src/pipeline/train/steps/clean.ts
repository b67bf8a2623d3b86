/**
 * `clean`: the data module's `cleanFrame` with its defaults (drop exact duplicates and reused ad ids,
 * fill or drop missing values by column policy, flag IQR outliers without capping them), then the
 * data hash of the cleaned table, which the split, the registry and the champion rule compare.
 * Consumes the validation report only to run after `validate`.
 */
import { cleanFrame } from '../../../data/clean.js';
import type { Frame } from '../../../data/frame.js';
import { frameHash } from '../../../data/frame-hash.js';
import { defineStep } from '../../step.js';

export const cleanStep = defineStep({
  name: 'clean',
  version: '1',
  inputs: { table: 'table', validation: 'json' },
  outputs: { table: 'table', report: 'json' },
  run(ctx, inputs) {
    const { frame, report } = cleanFrame(inputs.table as Frame);
    ctx.annotate('rowsOut', report.rowsOut);
    return { table: frame, report: { ...report, dataHash: frameHash(frame) } };
  },
});
