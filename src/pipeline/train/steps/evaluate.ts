/**
 * `evaluate`: gathers every family's scores and predictions into the leaderboard (sorted by CV R²,
 * best first), the chart specs (predicted vs actual and residuals on the holdout rows, per family,
 * from `src/charts/`) and a self-contained HTML report. Its inputs depend on which families run, so
 * the step is made per pipeline by `makeEvaluateStep(names)`.
 */
import { predictedVsActualSpec } from '../../../charts/predicted-vs-actual.js';
import { residualPlotSpec } from '../../../charts/residuals.js';
import { defineStep, type PortType, type Step, type StepParams } from '../../step.js';
import { renderTrainingReport } from '../report.js';
import type { Leaderboard } from '../leaderboard.js';
import type { SplitPlan } from './split.js';
import type { FamilyScores } from './train-family.js';

interface Predictions {
  readonly holdout: { readonly actual: number[]; readonly predicted: number[] };
}

/** Sorts by CV R² (NaN last), ties by declaration order. */
export function leaderboardOf(scores: readonly FamilyScores[], plan: SplitPlan): Leaderboard {
  const order = scores.map((s, i) => ({ s, i })).sort((a, b) => {
    const x = Number.isFinite(a.s.cv.r2Mean) ? a.s.cv.r2Mean : -Infinity;
    const y = Number.isFinite(b.s.cv.r2Mean) ? b.s.cv.r2Mean : -Infinity;
    return y - x || a.i - b.i;
  });
  return {
    scheme: plan.scheme,
    description: plan.description,
    rows: order.map(({ s }, k) => ({
      rank: k + 1,
      name: s.name,
      kind: s.kind,
      featureSet: s.featureSet,
      cvR2Mean: s.cv.r2Mean,
      cvR2Std: s.cv.r2Std,
      cvRmseMean: s.cv.rmseMean,
      cvMaeMean: s.cv.maeMean,
      holdoutR2: s.holdout.r2,
      holdoutRmse: s.holdout.rmse,
      holdoutMae: s.holdout.mae,
      holdoutMse: s.holdout.mse,
      ...(s.interval ? { interval: s.interval } : {}),
      fitSeconds: s.fitSeconds,
      totalSeconds: s.totalSeconds,
    })),
  };
}

/** The evaluate step for these family names (inputs `metrics_<name>`, `predictions_<name>`, `plan`). */
export function makeEvaluateStep(names: readonly string[]): Step<StepParams> {
  const inputs: Record<string, PortType> = { plan: 'json' };
  for (const n of names) {
    inputs[`metrics_${n}`] = 'metrics';
    inputs[`predictions_${n}`] = 'json';
  }
  return defineStep({
    name: 'evaluate',
    version: '1',
    inputs,
    outputs: { leaderboard: 'metrics', charts: 'json', report: 'report' },
    run(_ctx, values) {
      const plan = values.plan as SplitPlan;
      const scores = names.map((n) => values[`metrics_${n}`] as FamilyScores);
      const board = leaderboardOf(scores, plan);
      const charts: Record<string, { predictedVsActual: unknown; residuals: unknown }> = {};
      for (const n of names) {
        const p = values[`predictions_${n}`] as Predictions;
        charts[n] = {
          predictedVsActual: predictedVsActualSpec(p.holdout.actual, p.holdout.predicted, { title: `${n}: predicted vs actual (holdout)` }),
          residuals: residualPlotSpec(p.holdout.actual, p.holdout.predicted, { title: `${n}: residuals (holdout)` }),
        };
      }
      return { leaderboard: board, charts, report: renderTrainingReport(board, charts) };
    },
  });
}
