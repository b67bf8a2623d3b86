/**
 * `train_<Family>`: one model family, end to end — the holdout fit and score, k-fold CV (features
 * refit inside every fold), and the final fit on all cleaned rows that becomes the candidate model.
 * CPU-bound, so it runs in a worker thread when the runner has a worker pool (one family per worker,
 * families in parallel). Outputs: the fitted `ModelBundle` JSON, the scores, and the holdout and
 * out-of-fold predictions for the evaluation charts. The bundle carries a prediction interval
 * calibrated on the out-of-fold residuals; its coverage is measured on held-out folds and on the
 * holdout rows (calibrated there without them), never assumed.
 */
import type { Frame } from '../../../data/frame.js';
import { ConvoptError } from '../../../core/errors.js';
import { crossValidateBundle } from '../../../eval/cross-validate.js';
import { PredictionInterval, crossValidatedCoverage, intervalCoverage } from '../../../eval/interval.js';
import { METRICS } from '../../../eval/metrics/index.js';
import { foldsFromAssignment, holdoutSplit } from '../../../eval/split/index.js';
import type { FeatureSetName } from '../../../features/sets.js';
import { ModelBundle } from '../../../models/bundle.js';
import { resolveModelKind } from '../../../models/io/load.js';
import { defineStep } from '../../step.js';
import type { SplitPlan } from './split.js';

export interface TrainFamilyParams {
  readonly [key: string]: unknown;
  readonly name: string;
  readonly kind: string;
  readonly modelParams: Readonly<Record<string, unknown>>;
  readonly featureSet: FeatureSetName;
  readonly seed: number;
  /** Level of the prediction interval calibrated into the bundle (e.g. 0.8). */
  readonly intervalLevel: number;
}

/** Scores of one family, as stored in its `metrics` output. */
export interface FamilyScores {
  readonly name: string;
  readonly kind: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** The feature set the family was fitted on. */
  readonly featureSet: FeatureSetName;
  readonly holdout: { readonly r2: number; readonly rmse: number; readonly mae: number; readonly mse: number };
  readonly cv: { readonly folds: number; readonly r2Mean: number; readonly r2Std: number; readonly rmseMean: number; readonly maeMean: number; readonly mseMean: number; readonly r2PerFold: readonly number[] };
  /**
   * The prediction interval's measured coverage and mean width (conversions): across folds and on the
   * holdout. Null when the data is too small to calibrate one (the bundle then has none).
   */
  readonly interval: { readonly level: number; readonly cvCoverage: number; readonly cvMeanWidth: number; readonly holdoutCoverage: number; readonly holdoutMeanWidth: number } | null;
  /** Seconds for the final fit on all rows (the model that is registered). */
  readonly fitSeconds: number;
  /** Seconds for the whole step (holdout + CV + final fit). */
  readonly totalSeconds: number;
  readonly nTrainRows: number;
}

const METRIC_NAMES = ['r2', 'rmse', 'mae', 'mse'] as const;

export const trainFamilyStep = defineStep<TrainFamilyParams>({
  name: 'train-family',
  version: '2', // 2: bundles carry a calibrated prediction interval; scores report its coverage
  inputs: { table: 'table', plan: 'json', features: 'json' },
  outputs: { model: 'model', metrics: 'metrics', predictions: 'json' },
  executor: 'worker',
  moduleUrl: import.meta.url,
  exportName: 'trainFamilyStep',
  run(ctx, inputs, p) {
    const t0 = performance.now();
    const frame = inputs.table as Frame;
    const plan = inputs.plan as SplitPlan;
    const kind = resolveModelKind(p.kind);
    const make = (): ModelBundle => ModelBundle.create({ features: p.featureSet, model: kind, params: { ...p.modelParams } });
    const y = frame.numeric('Approved_Conversion');

    ctx.progress(0.05, 'holdout');
    const hold = holdoutSplit(frame.nRows, { testRows: plan.holdoutTest });
    const train = frame.take(hold.train);
    const test = frame.take(hold.test);
    const holdoutPred = make().fit(train, { seed: p.seed }).predict(test);
    const yTest = Float64Array.from(hold.test, (r) => y[r]!);
    const holdout = Object.fromEntries(METRIC_NAMES.map((m) => [m, METRICS[m].fn(yTest, holdoutPred)])) as FamilyScores['holdout'];

    ctx.progress(0.2, 'cross-validation');
    const cv = crossValidateBundle(make, frame, foldsFromAssignment(plan.foldOfRow), { metrics: [...METRIC_NAMES], seed: p.seed });

    ctx.progress(0.85, 'final fit');
    const tf = performance.now();
    const bundle = make().fit(frame, { seed: p.seed, metadata: { dataHash: plan.dataHash, evaluation: plan.scheme } });
    const fitSeconds = (performance.now() - tf) / 1000;
    const interval = calibrateInterval(bundle, y, cv.oofPredictions, plan.foldOfRow, hold.train, yTest, holdoutPred, p.intervalLevel);

    const scores: FamilyScores = {
      name: p.name,
      kind,
      params: p.modelParams,
      featureSet: p.featureSet,
      holdout,
      cv: {
        folds: cv.folds.length,
        r2Mean: cv.mean.r2!,
        r2Std: cv.std.r2!,
        rmseMean: cv.mean.rmse!,
        maeMean: cv.mean.mae!,
        mseMean: cv.mean.mse!,
        r2PerFold: cv.folds.map((f) => f.test.r2!),
      },
      interval,
      fitSeconds,
      totalSeconds: (performance.now() - t0) / 1000,
      nTrainRows: frame.nRows,
    };
    ctx.progress(1, 'done');
    return {
      model: bundle.toJSON(),
      metrics: scores,
      predictions: {
        name: p.name,
        holdout: { row: Array.from(hold.test), actual: Array.from(yTest), predicted: Array.from(holdoutPred) },
        oof: { actual: Array.from(y), predicted: Array.from(cv.oofPredictions) },
      },
    };
  },
});

/**
 * Attaches to `bundle` an interval calibrated on every out-of-fold residual and measures intervals
 * calibrated without the rows judged: per fold, and on the holdout rows (from the other rows'
 * residuals). Too few rows to calibrate (a handful of ads): no interval, and null.
 */
function calibrateInterval(bundle: ModelBundle, y: ArrayLike<number>, oof: Float64Array, foldOfRow: ArrayLike<number>, trainRows: ArrayLike<number>, yTest: Float64Array, holdoutPred: Float64Array, level: number): FamilyScores['interval'] {
  try {
    bundle.withInterval(PredictionInterval.calibrate(y, oof, level));
    const cv = crossValidatedCoverage(y, oof, foldOfRow, level);
    const hold = intervalCoverage(PredictionInterval.calibrate(y, oof, level, trainRows), yTest, holdoutPred);
    return { level, cvCoverage: cv.coverage, cvMeanWidth: cv.meanWidth, holdoutCoverage: hold.coverage, holdoutMeanWidth: hold.meanWidth };
  } catch (err) {
    if (!(err instanceof ConvoptError) || err.code !== 'INVALID_DATA') throw err;
    bundle.withInterval(null);
    return null;
  }
}
