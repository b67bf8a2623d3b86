/**
 * Honest accuracy of the planning response model: out-of-fold R² and mean Poisson deviance over a
 * fixed (repeated) fold assignment. Everything the model chooses — the effects, the spend scale κ —
 * is chosen inside each training fold; the held-out fold is only predicted.
 */
import { ConvoptError } from '../core/errors.js';
import { meanPoissonDeviance, r2 } from '../eval/metrics/index.js';
import type { History } from './plan.js';
import { DEFAULT_RESPONSE_PARAMS, ResponseModel, type AdKeys, type ResponseModelParams } from './response/model.js';

export interface OutOfFoldScores {
  readonly r2Mean: number;
  readonly r2Std: number;
  readonly poissonDevianceMean: number;
  readonly folds: number;
  /** κ chosen in each training fold. */
  readonly kappas: readonly number[];
}

function subsetKeys(k: AdKeys, rows: readonly number[]): AdKeys {
  return {
    campaign: rows.map((i) => k.campaign[i]),
    age: rows.map((i) => k.age[i]),
    gender: rows.map((i) => k.gender[i]),
    interest: rows.map((i) => k.interest[i]),
  };
}

/**
 * `foldOfRow[r][i]` is the test fold of row i in repeat r (the layout of the shared reference file).
 * Scores are averaged over every (repeat, fold) pair, as scikit-learn's cross_val_score would.
 */
export function evaluateResponseModel(history: History, foldOfRow: readonly (readonly number[])[], params: ResponseModelParams = DEFAULT_RESPONSE_PARAMS): OutOfFoldScores {
  const n = history.spend.length;
  const r2s: number[] = [];
  const devs: number[] = [];
  const kappas: number[] = [];
  for (const assignment of foldOfRow) {
    if (assignment.length !== n) {
      throw new ConvoptError('INVALID_ARGUMENT', `The fold assignment has ${assignment.length} rows; the data has ${n}.`, { hint: 'Use the fold file made for this dataset.' });
    }
    const nFolds = Math.max(...assignment) + 1;
    for (let f = 0; f < nFolds; f++) {
      const train: number[] = [];
      const test: number[] = [];
      for (let i = 0; i < n; i++) (assignment[i] === f ? test : train).push(i);
      const model = ResponseModel.fit(
        subsetKeys(history.keys, train),
        train.map((i) => history.spend[i]),
        train.map((i) => history.approved[i]),
        params,
      );
      kappas.push(model.kappa);
      const pred = model.predict(subsetKeys(history.keys, test), test.map((i) => history.spend[i]));
      const truth = test.map((i) => history.approved[i]);
      r2s.push(r2(truth, pred));
      devs.push(meanPoissonDeviance(truth, pred));
    }
  }
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const m = mean(r2s);
  return {
    r2Mean: m,
    r2Std: Math.sqrt(mean(r2s.map((v) => (v - m) ** 2))),
    poissonDevianceMean: mean(devs),
    folds: r2s.length,
    kappas,
  };
}
