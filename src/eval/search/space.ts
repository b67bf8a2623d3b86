/**
 * Hyperparameter spaces: a grid (every combination of listed values, as scikit-learn's ParameterGrid,
 * keys in sorted order so the enumeration is stable) and random distributions sampled with a seeded Rng
 * (as ParameterSampler): a list of choices, uniform, log-uniform or integer ranges.
 */
import { ConvoptError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';

export type ParamValue = number | string | boolean | null | readonly number[];
/** name → candidate values. A list of grids is searched one after the other. */
export type ParamGrid = Readonly<Record<string, readonly ParamValue[]>>;

export type ParamDistribution =
  | readonly ParamValue[]
  | { readonly type: 'uniform'; readonly low: number; readonly high: number }
  | { readonly type: 'loguniform'; readonly low: number; readonly high: number }
  | { readonly type: 'int'; readonly low: number; readonly high: number };

/** Every combination of the grid(s), in a stable order. */
export function expandGrid(grid: ParamGrid | readonly ParamGrid[]): Record<string, ParamValue>[] {
  const grids = Array.isArray(grid) ? (grid as readonly ParamGrid[]) : [grid as ParamGrid];
  const out: Record<string, ParamValue>[] = [];
  for (const g of grids) {
    const keys = Object.keys(g).sort();
    for (const k of keys) {
      if (!Array.isArray(g[k]) || g[k].length === 0) {
        throw new ConvoptError('INVALID_ARGUMENT', `Grid entry "${k}" must be a non-empty list of values.`, { path: k, value: g[k], hint: 'Write e.g. { alpha: [0.1, 1, 10] }.' });
      }
    }
    let combos: Record<string, ParamValue>[] = [{}];
    for (const k of keys) combos = combos.flatMap((c) => g[k].map((v) => ({ ...c, [k]: v })));
    out.push(...combos);
  }
  return out;
}

/** One draw from a distribution. */
export function sampleParam(name: string, d: ParamDistribution, rng: Rng): ParamValue {
  if (Array.isArray(d)) {
    if (d.length === 0) throw new ConvoptError('INVALID_ARGUMENT', `Distribution "${name}" is an empty list.`, { path: name });
    return d[rng.int(d.length)];
  }
  const r = d as Exclude<ParamDistribution, readonly ParamValue[]>;
  if (!(Number.isFinite(r.low) && Number.isFinite(r.high) && r.low <= r.high)) {
    throw new ConvoptError('INVALID_ARGUMENT', `Distribution "${name}" needs finite low ≤ high; got ${r.low}..${r.high}.`, { path: name });
  }
  switch (r.type) {
    case 'uniform':
      return r.low + (r.high - r.low) * rng.random();
    case 'loguniform':
      if (!(r.low > 0)) throw new ConvoptError('INVALID_ARGUMENT', `Log-uniform distribution "${name}" needs low > 0; got ${r.low}.`, { path: name });
      return Math.exp(Math.log(r.low) + (Math.log(r.high) - Math.log(r.low)) * rng.random());
    case 'int':
      return Math.ceil(r.low) + rng.int(Math.floor(r.high) - Math.ceil(r.low) + 1);
    default:
      throw new ConvoptError('INVALID_ARGUMENT', `Distribution "${name}" has unknown type.`, { path: name, hint: 'Use a list, or {type: "uniform" | "loguniform" | "int", low, high}.' });
  }
}

/** `nIter` parameter sets drawn independently (keys in sorted order, one Rng stream). */
export function sampleParams(space: Readonly<Record<string, ParamDistribution>>, nIter: number, rng: Rng): Record<string, ParamValue>[] {
  const keys = Object.keys(space).sort();
  return Array.from({ length: nIter }, () => Object.fromEntries(keys.map((k) => [k, sampleParam(k, space[k], rng)])));
}
