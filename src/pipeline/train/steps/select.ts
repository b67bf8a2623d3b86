/**
 * `select`: the best family by mean CV R² (the leaderboard's first row), and `gate`: the deployment
 * gate — the best CV R² must reach `minR2`. A failed gate is a result, not an error: the step
 * completes with `passed: false` and the reason, and nothing is registered.
 */
import { ConvoptError } from '../../../core/errors.js';
import { defineStep } from '../../step.js';
import type { Leaderboard, LeaderboardRow } from '../leaderboard.js';

export type Selection = LeaderboardRow & { readonly scheme: string };

export const selectStep = defineStep({
  name: 'select',
  version: '1',
  inputs: { leaderboard: 'metrics' },
  outputs: { best: 'json' },
  run(_ctx, inputs) {
    const board = inputs.leaderboard as Leaderboard;
    const best = board.rows[0];
    if (!best || !Number.isFinite(best.cvR2Mean)) {
      throw new ConvoptError('INVALID_DATA', 'No model produced a finite cross-validated R².', { hint: 'Check the data (is the target constant within folds?) and the model parameters.' });
    }
    return { best: { ...best, scheme: board.scheme } satisfies Selection };
  },
});

export interface GateParams {
  readonly [key: string]: unknown;
  readonly minR2: number;
}

/** The gate decision as stored. */
export interface GateDecision {
  readonly passed: boolean;
  readonly minR2: number;
  readonly score: number;
  readonly model: string;
  readonly reason: string;
}

export const gateStep = defineStep<GateParams>({
  name: 'gate',
  version: '1',
  inputs: { best: 'json' },
  outputs: { decision: 'json' },
  run(_ctx, inputs, params) {
    const best = inputs.best as Selection;
    const passed = best.cvR2Mean >= params.minR2;
    const decision: GateDecision = {
      passed,
      minR2: params.minR2,
      score: best.cvR2Mean,
      model: best.name,
      reason: passed
        ? `${best.name} CV R² ${best.cvR2Mean.toFixed(4)} ≥ ${params.minR2}`
        : `best model ${best.name} has CV R² ${best.cvR2Mean.toFixed(4)} < the gate's ${params.minR2}`,
    };
    return { decision };
  },
});
