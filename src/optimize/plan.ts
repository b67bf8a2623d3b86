/**
 * `planBudget`: the optimiser's front door. Fits the planning response model on historic ads, builds
 * one concave response curve per audience segment, solves the chosen objective exactly
 * (`allocate.ts`), and attaches bootstrap intervals and the uplift over spending the same budget the
 * way the history did. Pure: the same frame, request and seed give the same plan.
 */
import { ConvoptError } from '../core/errors.js';
import { quantileSorted } from '../core/quantile.js';
import { Rng } from '../core/rng.js';
import type { Frame } from '../data/frame.js';
import { allocateBudget, maxConversionsUnderCpa, minSpendForTarget, type Allocation, type SpendBounds } from './allocate.js';
import { totalValue, type ResponseCurve } from './curve.js';
import { adKeys, DEFAULT_RESPONSE_PARAMS, KEY_FIELDS, ResponseModel, type AdKeys, type KeyField, type ResponseModelParams } from './response/model.js';
import { groupSegments, segmentCurve, type Segment } from './segments.js';

export type Objective = 'max-conversions' | 'min-spend' | 'max-under-cpa';

export interface PlanRequest {
  /** Total budget (money). Required except for `min-spend`, where it is the reference for --max-change. */
  readonly budget?: number;
  readonly objective?: Objective;
  /** Target approved conversions (`min-spend`). */
  readonly targetConversions?: number;
  /** Cost-per-approved-conversion ceiling (`max-under-cpa`). */
  readonly targetCpa?: number;
  /** Fields that define a segment (default campaign, age, gender, interest). */
  readonly segments?: readonly KeyField[];
  /** Only these levels may receive budget, per field (e.g. {age: ['30-34']}). */
  readonly allow?: Readonly<Partial<Record<KeyField, readonly string[]>>>;
  /** Max relative change vs the historic allocation of the same budget (0.3 = ±30%). */
  readonly maxChange?: number;
  /** Per-segment minimum and maximum spend. */
  readonly minSpend?: number;
  readonly maxSpend?: number;
  /**
   * Allow a segment more spend per ad than any ad of its campaign got in the history. Off by default:
   * beyond the observed range the curve is extrapolation, and a plan resting on it is not trustworthy.
   */
  readonly allowExtrapolation?: boolean;
  /** Bootstrap replicates for intervals (default 100; 0 disables intervals). */
  readonly bootstrap?: number;
  /** Central interval probability (default 0.8). */
  readonly intervalLevel?: number;
  readonly seed?: number;
  readonly model?: Partial<ResponseModelParams>;
  /** Response curves to return for charts: the top N segments by planned spend (default 6). */
  readonly curveSegments?: number;
}

export interface CurvePoint {
  readonly spend: number;
  readonly conversions: number;
  readonly low: number | null;
  readonly high: number | null;
}

export interface SegmentCurveData {
  readonly key: string;
  readonly plannedSpend: number;
  readonly historicMixSpend: number;
  readonly points: readonly CurvePoint[];
}

export interface Interval {
  readonly low: number;
  readonly high: number;
}

export interface SegmentPlan {
  readonly key: string;
  readonly labels: Readonly<Partial<Record<KeyField, string>>>;
  readonly ads: number;
  readonly historicSpend: number;
  readonly historicApproved: number;
  /** The historic allocation of the same budget (spend share × budget). */
  readonly historicMixSpend: number;
  readonly spend: number;
  readonly expectedConversions: number;
  readonly interval: Interval | null;
  /** Spend per expected approved conversion (null when the segment gets no spend or no conversions). */
  readonly costPerConversion: number | null;
  /** Extra conversions per extra unit of money at this spend. */
  readonly marginalReturn: number;
}

export interface Plan {
  readonly objective: Objective;
  readonly budget: number | null;
  readonly segmentFields: readonly KeyField[];
  readonly model: { readonly kappa: number; readonly alpha: number; readonly gammas: Readonly<Record<string, number>>; readonly trainingAds: number };
  readonly segments: readonly SegmentPlan[];
  readonly totals: {
    readonly spend: number;
    readonly expectedConversions: number;
    readonly interval: Interval | null;
    readonly costPerConversion: number | null;
    /**
     * Conversions the model expects at zero spend in every segment: ads with next to no spend still
     * convert in the history (207 of the bundled ads spent 0 and brought 76 approved conversions).
     * Part of `expectedConversions` whatever the allocation.
     */
    readonly baselineConversions: number;
    /** Spend per conversion above the baseline (what the budget buys); null when there is none. */
    readonly costPerIncrementalConversion: number | null;
    /** Same budget, historic mix. */
    readonly historicMixConversions: number;
    readonly uplift: number;
    readonly upliftInterval: Interval | null;
    readonly upliftPercent: number | null;
  };
  readonly intervalLevel: number;
  readonly bootstrapReplicates: number;
  /** Response curves (with the interval band) of the top segments, for charts. */
  readonly curves: readonly SegmentCurveData[];
  readonly notes: readonly string[];
}

const CURVE_POINTS = 25;

/** What the optimiser needs from history: audience keys, spend and approved conversions per ad. */
export interface History {
  readonly keys: AdKeys;
  readonly spend: Float64Array;
  readonly approved: Float64Array;
}

export function historyFromFrame(frame: Frame): History {
  return { keys: adKeys(frame), spend: Float64Array.from(frame.numeric('Spent')), approved: Float64Array.from(frame.numeric('Approved_Conversion')) };
}

function checkRequest(req: PlanRequest, objective: Objective): void {
  const positive = (name: string, v: number | undefined, required: boolean) => {
    if (v === undefined) {
      if (required) throw new ConvoptError('INVALID_ARGUMENT', `The ${objective} objective needs ${name}.`, { path: name, hint: `Pass --${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.` });
      return;
    }
    if (!Number.isFinite(v) || v <= 0) throw new ConvoptError('INVALID_ARGUMENT', `${name} must be a positive number; got ${v}.`, { path: name, value: v });
  };
  positive('budget', req.budget, objective !== 'min-spend');
  positive('targetConversions', req.targetConversions, objective === 'min-spend');
  positive('targetCpa', req.targetCpa, objective === 'max-under-cpa');
  if (req.maxChange !== undefined && !(req.maxChange >= 0 && Number.isFinite(req.maxChange))) {
    throw new ConvoptError('INVALID_ARGUMENT', `maxChange must be ≥ 0 (0.3 means ±30% of the historic allocation); got ${req.maxChange}.`, { path: 'maxChange', value: req.maxChange });
  }
  for (const [name, v] of [['minSpend', req.minSpend], ['maxSpend', req.maxSpend]] as const) {
    if (v !== undefined && !(v >= 0 && Number.isFinite(v))) throw new ConvoptError('INVALID_ARGUMENT', `${name} must be ≥ 0; got ${v}.`, { path: name, value: v });
  }
  if (req.minSpend !== undefined && req.maxSpend !== undefined && req.minSpend > req.maxSpend) {
    throw new ConvoptError('INFEASIBLE', `minSpend ${req.minSpend} is above maxSpend ${req.maxSpend}.`, { hint: 'Make the per-segment minimum ≤ the maximum.' });
  }
  const level = req.intervalLevel ?? 0.8;
  if (!(level > 0 && level < 1)) throw new ConvoptError('INVALID_ARGUMENT', `intervalLevel must be in (0, 1); got ${level}.`, { path: 'intervalLevel', value: level });
  const b = req.bootstrap ?? 100;
  if (!Number.isInteger(b) || b < 0 || b > 10000) throw new ConvoptError('INVALID_ARGUMENT', `bootstrap must be an integer in [0, 10000]; got ${b}.`, { path: 'bootstrap', value: b });
}

function selectSegments(all: Segment[], req: PlanRequest, dims: readonly KeyField[]): Segment[] {
  const allow = req.allow ?? {};
  for (const [field, levels] of Object.entries(allow) as [KeyField, readonly string[]][]) {
    if (!KEY_FIELDS.includes(field)) throw new ConvoptError('INVALID_ARGUMENT', `Unknown segment field "${field}".`, { path: `allow.${field}`, hint: `Use one of ${KEY_FIELDS.join(', ')}.` });
    if (!dims.includes(field)) throw new ConvoptError('INVALID_ARGUMENT', `Cannot restrict ${field}: it is not one of the segment fields (${dims.join(', ')}).`, { path: `allow.${field}`, hint: `Add ${field} to --segments.` });
    const known = new Set(all.map((s) => s.labels[field]));
    for (const l of levels) {
      if (!known.has(l)) {
        throw new ConvoptError('INVALID_ARGUMENT', `Unknown ${field} "${l}": no historic ads have it.`, { path: `allow.${field}`, value: l, hint: `Known values: ${[...known].sort().join(', ')}.` });
      }
    }
  }
  const chosen = all.filter((s) => Object.entries(allow).every(([f, levels]) => (levels as readonly string[]).includes(s.labels[f as KeyField] ?? '')));
  if (chosen.length === 0) throw new ConvoptError('INFEASIBLE', 'No segment is allowed by the filters.', { hint: 'Loosen the segment filters.' });
  return chosen;
}

function intervalOf(samples: number[], level: number): Interval {
  const s = [...samples].sort((a, b) => a - b);
  return { low: quantileSorted(s, (1 - level) / 2), high: quantileSorted(s, (1 + level) / 2) };
}

/** Fits the response model on the history and returns the optimal plan for the request. */
export function planBudget(history: History, request: PlanRequest): Plan {
  const objective = request.objective ?? 'max-conversions';
  checkRequest(request, objective);
  const dims = request.segments?.length ? [...request.segments] : [...KEY_FIELDS];
  for (const d of dims) {
    if (!KEY_FIELDS.includes(d)) throw new ConvoptError('INVALID_ARGUMENT', `Unknown segment field "${d}".`, { path: 'segments', value: d, hint: `Use a comma-separated subset of ${KEY_FIELDS.join(',')}.` });
  }
  const { keys, spend, approved } = history;
  const params = { ...DEFAULT_RESPONSE_PARAMS, ...request.model };
  const model = ResponseModel.fit(keys, spend, approved, params);
  const segments = selectSegments(groupSegments(keys, dims, spend, approved), request, dims);
  const notes: string[] = [];

  const curvesFor = (m: ResponseModel): ResponseCurve[] => {
    const bases = m.baseAtZeroSpend(keys);
    return segments.map((s) => segmentCurve(m, keys, s, bases));
  };
  const curves = curvesFor(model);
  const names = segments.map((s) => s.key);

  const historicTotal = segments.reduce((t, s) => t + s.historicSpend, 0);
  const referenceBudget = request.budget ?? historicTotal;
  const historicMix = Float64Array.from(segments, (s) => (historicTotal > 0 ? (referenceBudget * s.historicSpend) / historicTotal : referenceBudget / segments.length));
  const lo = new Float64Array(segments.length);
  const hi = new Float64Array(segments.length).fill(Infinity);
  for (let g = 0; g < segments.length; g++) {
    if (request.maxChange !== undefined) {
      lo[g] = Math.max(0, historicMix[g] * (1 - request.maxChange));
      hi[g] = historicMix[g] * (1 + request.maxChange);
    }
    if (request.minSpend !== undefined) lo[g] = Math.max(lo[g], request.minSpend);
    if (request.maxSpend !== undefined) hi[g] = Math.min(hi[g], request.maxSpend);
    if (lo[g] > hi[g]) {
      throw new ConvoptError('INFEASIBLE', `Segment ${segments[g].key}: the minimum spend ${lo[g].toFixed(2)} exceeds its maximum ${hi[g].toFixed(2)} (--min-spend conflicts with --max-change/--max-spend).`, {
        hint: 'Lower --min-spend or loosen --max-change / --max-spend.',
      });
    }
  }
  if (!request.allowExtrapolation) {
    const maxPerAd = new Map<string, number>();
    for (let i = 0; i < spend.length; i++) maxPerAd.set(keys.campaign[i], Math.max(maxPerAd.get(keys.campaign[i]) ?? 0, spend[i]));
    let capped = 0;
    for (let g = 0; g < segments.length; g++) {
      const capacity = segments[g].rows.reduce((t, i) => t + (maxPerAd.get(keys.campaign[i]) ?? 0), 0);
      if (capacity < hi[g]) {
        hi[g] = capacity;
        capped++;
      }
      if (lo[g] > hi[g]) {
        throw new ConvoptError('INFEASIBLE', `Segment ${segments[g].key} must get at least ${lo[g].toFixed(2)}, beyond the ${hi[g].toFixed(2)} its ads could absorb at the highest spend per ad seen in the history.`, {
          hint: 'Lower the minimum spend, or allow extrapolation (--allow-extrapolation; allowExtrapolation in the API) to trust the curves beyond the observed spend range.',
        });
      }
    }
    if (capped > 0) notes.push(`Spend per ad is capped at the highest seen in each campaign's history (${[...maxPerAd.entries()].map(([c, v]) => `${c}: ${v.toFixed(2)}`).join(', ')}); allow extrapolation to lift it (--allow-extrapolation in the CLI, allowExtrapolation in the API, the checkbox in the web app).`);
  }
  const bounds: SpendBounds = { lo, hi };
  let allocation: Allocation;
  if (objective === 'max-conversions') allocation = allocateBudget(curves, request.budget!, bounds, names);
  else if (objective === 'min-spend') allocation = minSpendForTarget(curves, request.targetConversions!, bounds, names);
  else allocation = maxConversionsUnderCpa(curves, request.budget!, request.targetCpa!, bounds, names);
  if (objective === 'max-conversions' && allocation.totalSpend < request.budget! - 1e-6) {
    notes.push(`The per-segment maximums allow only ${allocation.totalSpend.toFixed(2)} of the ${request.budget} budget to be spent.`);
  }

  // The historic mix, scaled to the plan's total spend: what the same money would buy spent as before.
  const mixScale = historicMix.reduce((t, v) => t + v, 0) > 0 ? allocation.totalSpend / historicMix.reduce((t, v) => t + v, 0) : 0;
  const historicAtSameSpend = Float64Array.from(historicMix, (v) => v * mixScale);
  const historicConversions = totalValue(curves, historicAtSameSpend);

  const level = request.intervalLevel ?? 0.8;
  const replicates = request.bootstrap ?? 100;
  const curveIdx = [...segments.keys()].sort((a, b) => allocation.spend[b] - allocation.spend[a] || a - b).slice(0, request.curveSegments ?? 6);
  const grids = curveIdx.map((g) => {
    const top = Math.max(allocation.spend[g], historicAtSameSpend[g], 1) * 1.5;
    const end = Number.isFinite(hi[g]) ? Math.min(top, Math.max(hi[g], allocation.spend[g])) : top;
    return Float64Array.from({ length: CURVE_POINTS }, (_, i) => (end * i) / (CURVE_POINTS - 1));
  });
  const curveSamples = curveIdx.map(() => Array.from({ length: CURVE_POINTS }, () => [] as number[]));
  const perSegmentSamples: number[][] = segments.map(() => []);
  const totalSamples: number[] = [];
  const upliftSamples: number[] = [];
  if (replicates > 0) {
    const rng = new Rng(request.seed ?? 0);
    for (let b = 0; b < replicates; b++) {
      const counts = rng.child(b).bootstrapCounts(spend.length);
      const mb = model.refit(keys, spend, approved, counts);
      const cb = curvesFor(mb);
      let total = 0;
      for (let g = 0; g < segments.length; g++) {
        const v = cb[g].value(allocation.spend[g]);
        perSegmentSamples[g].push(v);
        total += v;
      }
      totalSamples.push(total);
      curveIdx.forEach((g, c) => grids[c].forEach((x, i) => curveSamples[c][i].push(cb[g].value(x))));
      upliftSamples.push(total - totalValue(cb, historicAtSameSpend));
    }
  } else {
    notes.push('Intervals were not computed (bootstrap = 0).');
  }

  const gammas: Record<string, number> = {};
  for (const c of model.state.slopeLevels) gammas[c] = model.gamma(c);
  const segmentPlans: SegmentPlan[] = segments.map((s, g) => {
    const conv = curves[g].value(allocation.spend[g]);
    return {
      key: s.key,
      labels: s.labels,
      ads: s.rows.length,
      historicSpend: s.historicSpend,
      historicApproved: s.historicApproved,
      historicMixSpend: historicMix[g],
      spend: allocation.spend[g],
      expectedConversions: conv,
      interval: replicates > 0 ? intervalOf(perSegmentSamples[g], level) : null,
      // A segment that gets no money has no cost per conversion (its baseline conversions are free).
      costPerConversion: allocation.spend[g] > 0 && conv > 0 ? allocation.spend[g] / conv : null,
      marginalReturn: curves[g].derivative(allocation.spend[g]),
    };
  });
  const uplift = allocation.conversions - historicConversions;
  let baseline = 0;
  for (const c of curves) baseline += c.value(0);
  const incremental = allocation.conversions - baseline;
  return {
    objective,
    budget: request.budget ?? null,
    segmentFields: dims,
    model: { kappa: model.kappa, alpha: model.state.alpha, gammas, trainingAds: spend.length },
    segments: segmentPlans,
    totals: {
      spend: allocation.totalSpend,
      expectedConversions: allocation.conversions,
      interval: replicates > 0 ? intervalOf(totalSamples, level) : null,
      costPerConversion: allocation.conversions > 0 ? allocation.totalSpend / allocation.conversions : null,
      baselineConversions: baseline,
      costPerIncrementalConversion: incremental > 0 && allocation.totalSpend > 0 ? allocation.totalSpend / incremental : null,
      historicMixConversions: historicConversions,
      uplift,
      upliftInterval: replicates > 0 ? intervalOf(upliftSamples, level) : null,
      upliftPercent: historicConversions > 0 ? (100 * uplift) / historicConversions : null,
    },
    intervalLevel: level,
    bootstrapReplicates: replicates,
    curves: curveIdx.map((g, c) => ({
      key: segments[g].key,
      plannedSpend: allocation.spend[g],
      historicMixSpend: historicAtSameSpend[g],
      points: Array.from(grids[c], (x, i) => {
        const band = replicates > 0 ? intervalOf(curveSamples[c][i], level) : null;
        return { spend: x, conversions: curves[g].value(x), low: band?.low ?? null, high: band?.high ?? null };
      }),
    })),
    notes,
  };
}
