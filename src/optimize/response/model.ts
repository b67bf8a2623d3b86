/**
 * `ResponseModel`: the planning model behind the optimiser. It predicts an ad's expected approved
 * conversions from what is known before the ad runs (campaign, age, gender, interest, spend):
 *
 *   log E[y] = b + campaign + age + gender + interest + campaign×age + campaign×gender + age×gender
 *              + γ_campaign · log(1 + spend/κ)
 *
 * a Poisson GLM whose effects are shrunk towards zero by an L2 penalty (partial pooling: a thin cell
 * such as one interest code in one campaign borrows strength from its parents; an unseen level falls
 * back to them entirely). Spend enters through `(1 + spend/κ)^γ`, which is increasing and concave
 * when 0 ≤ γ ≤ 1: diminishing returns. κ (the spend scale where returns start to bend) is chosen
 * from a grid by training deviance among the fits whose every γ is ≤ 1, so the curves handed to the
 * optimiser are concave by construction.
 */
import { ConvoptError } from '../../core/errors.js';
import type { Frame } from '../../data/frame.js';
import { fitPoissonGlm, type PoissonFit } from './poisson-glm.js';
import type { SparseDesign } from './sparse-design.js';
import { linearPredictor } from './sparse-design.js';

/** The audience fields of every ad, as strings (campaign and interest ids are labels, not amounts). */
export interface AdKeys {
  readonly campaign: readonly string[];
  readonly age: readonly string[];
  readonly gender: readonly string[];
  readonly interest: readonly string[];
}

export type KeyField = keyof AdKeys;
export const KEY_FIELDS: readonly KeyField[] = ['campaign', 'age', 'gender', 'interest'];

/** Categorical terms of the linear predictor: main effects, then pairwise interactions. */
const TERMS: readonly (readonly KeyField[])[] = [['campaign'], ['age'], ['gender'], ['interest'], ['campaign', 'age'], ['campaign', 'gender'], ['age', 'gender']];

export interface ResponseModelParams {
  /** L2 penalty strength (scikit-learn's `alpha` scaling). */
  readonly alpha: number;
  /** Candidate spend scales κ. */
  readonly kappaGrid: readonly number[];
}

export const DEFAULT_RESPONSE_PARAMS: ResponseModelParams = { alpha: 0.01, kappaGrid: [2, 5, 10, 20, 30, 50] };

export interface ResponseModelState {
  readonly kappa: number;
  readonly alpha: number;
  /** Levels of each term, in column order. */
  readonly termLevels: readonly (readonly string[])[];
  /** Campaigns with their own spend elasticity γ (column order after the terms). */
  readonly slopeLevels: readonly string[];
  readonly intercept: number;
  readonly coef: readonly number[];
}

/** Reads the four audience fields from a canonical ad Frame. */
export function adKeys(frame: Frame): AdKeys {
  const asLabels = (name: string): string[] => {
    const s = frame.column(name);
    if (s.kind === 'categorical') return Array.from(s.codes, (c) => (c < 0 ? '' : s.levels[c]));
    return Array.from(s.values, (v) => (Number.isNaN(v) ? '' : String(v)));
  };
  return { campaign: asLabels('xyz_campaign_id'), age: asLabels('age'), gender: asLabels('gender'), interest: asLabels('interest') };
}

function termKey(keys: AdKeys, term: readonly KeyField[], i: number): string {
  return term.length === 1 ? keys[term[0]][i] : term.map((f) => keys[f][i]).join('×');
}

/** The sparse design for given levels: one entry per term (if its level is known) + the spend slope. */
function buildDesign(keys: AdKeys, spend: ArrayLike<number>, termLevels: readonly (readonly string[])[], slopeLevels: readonly string[], kappa: number): SparseDesign {
  const n = spend.length;
  const k = TERMS.length + 1;
  const index = new Int32Array(n * k).fill(-1);
  const value = new Float64Array(n * k);
  const lookups = termLevels.map((levels) => new Map(levels.map((l, j) => [l, j])));
  const offsets: number[] = [];
  let nCols = 0;
  for (const levels of termLevels) {
    offsets.push(nCols);
    nCols += levels.length;
  }
  const slopeOffset = nCols;
  const slopeLookup = new Map(slopeLevels.map((l, j) => [l, j]));
  nCols += slopeLevels.length;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < TERMS.length; t++) {
      const j = lookups[t].get(termKey(keys, TERMS[t], i));
      if (j !== undefined) {
        index[i * k + t] = offsets[t] + j;
        value[i * k + t] = 1;
      }
    }
    const sj = slopeLookup.get(keys.campaign[i]);
    if (sj !== undefined) {
      index[i * k + TERMS.length] = slopeOffset + sj;
      value[i * k + TERMS.length] = Math.log1p(spend[i] / kappa);
    }
  }
  return { nRows: n, nCols, k, index, value };
}

function levelsOf(keys: AdKeys, term: readonly KeyField[]): string[] {
  const set = new Set<string>();
  for (let i = 0; i < keys.campaign.length; i++) set.add(termKey(keys, term, i));
  return [...set].sort();
}

export class ResponseModel {
  constructor(readonly state: ResponseModelState) {}

  /** Fits on ads (keys, spend, approved conversions), choosing κ among concave fits. */
  static fit(keys: AdKeys, spend: ArrayLike<number>, y: ArrayLike<number>, params: ResponseModelParams = DEFAULT_RESPONSE_PARAMS, sampleWeight?: ArrayLike<number>): ResponseModel {
    const n = spend.length;
    if (n < 2) throw new ConvoptError('INVALID_DATA', `The planning model needs at least 2 ads; got ${n}.`);
    for (let i = 0; i < n; i++) {
      if (!(spend[i] >= 0)) throw new ConvoptError('INVALID_DATA', `Spent must be ≥ 0 for the planning model; row ${i + 1} has ${spend[i]}.`, { row: i + 1, column: 'Spent', value: spend[i] });
    }
    const termLevels = TERMS.map((t) => levelsOf(keys, t));
    const slopeLevels = levelsOf(keys, ['campaign']);
    let best: { fit: PoissonFit; kappa: number } | undefined;
    let fallback: { fit: PoissonFit; kappa: number } | undefined;
    for (const kappa of params.kappaGrid) {
      const X = buildDesign(keys, spend, termLevels, slopeLevels, kappa);
      const fit = fitPoissonGlm(X, y, { alpha: params.alpha, ...(sampleWeight ? { sampleWeight } : {}) });
      const gammas = fit.coef.subarray(X.nCols - slopeLevels.length);
      const concave = gammas.every((g) => g <= 1);
      if (concave && (!best || fit.objective < best.fit.objective)) best = { fit, kappa };
      if (!fallback || kappa < fallback.kappa) fallback = { fit, kappa };
    }
    const chosen = best ?? fallback!;
    return new ResponseModel({
      kappa: chosen.kappa,
      alpha: params.alpha,
      termLevels,
      slopeLevels,
      intercept: chosen.fit.intercept,
      coef: Array.from(chosen.fit.coef),
    });
  }

  /** Refits with κ and the levels fixed (bootstrap replicates: same curve family, new weights). */
  refit(keys: AdKeys, spend: ArrayLike<number>, y: ArrayLike<number>, sampleWeight: ArrayLike<number>): ResponseModel {
    const s = this.state;
    const X = buildDesign(keys, spend, s.termLevels, s.slopeLevels, s.kappa);
    const fit = fitPoissonGlm(X, y, { alpha: s.alpha, sampleWeight, init: { intercept: s.intercept, coef: Float64Array.from(s.coef) } });
    return new ResponseModel({ ...s, intercept: fit.intercept, coef: Array.from(fit.coef) });
  }

  /** Expected approved conversions of each ad at its spend. */
  predict(keys: AdKeys, spend: ArrayLike<number>): Float64Array {
    const s = this.state;
    const X = buildDesign(keys, spend, s.termLevels, s.slopeLevels, s.kappa);
    const eta = linearPredictor(X, s.intercept, Float64Array.from(s.coef));
    for (let i = 0; i < eta.length; i++) eta[i] = Math.exp(eta[i]);
    return eta;
  }

  /** Expected conversions of each ad at zero spend (its `base`) — the curve's intercept. */
  baseAtZeroSpend(keys: AdKeys): Float64Array {
    return this.predict(keys, new Float64Array(keys.campaign.length));
  }

  /** Spend elasticity γ of a campaign, clamped to [0, 1] (0 for a campaign never seen in training). */
  gamma(campaign: string): number {
    const s = this.state;
    const j = s.slopeLevels.indexOf(campaign);
    if (j < 0) return 0;
    const g = s.coef[s.coef.length - s.slopeLevels.length + j];
    return Math.min(1, Math.max(0, g));
  }

  get kappa(): number {
    return this.state.kappa;
  }

  toJSON(): ResponseModelState {
    return this.state;
  }
}
