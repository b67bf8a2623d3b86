/** Small helpers shared by the tree family's estimators (model-file checks, normalisation). */
import { ConvoptError } from '../../core/errors.js';

/** Scales `a` to sum 1 in place (left as zeros when the sum is 0). */
export function normalise(a: Float64Array): void {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  if (s > 0) for (let i = 0; i < a.length; i++) a[i] /= s;
}

/** Mean over trees of each tree's normalised impurity decrease per feature (ensembles' importances). */
export function meanImportances(trees: readonly { addImportances(out: Float64Array): void }[], nFeatures: number): Float64Array {
  const out = new Float64Array(nFeatures);
  const one = new Float64Array(nFeatures);
  for (const t of trees) {
    one.fill(0);
    t.addImportances(one);
    normalise(one);
    for (let j = 0; j < nFeatures; j++) out[j] += one[j];
  }
  normalise(out);
  return out;
}

/** Throws the standard "corrupted model file" error. */
export function malformed(why: string): never {
  throw new ConvoptError('MODEL_FORMAT', `Model file is malformed: ${why}.`, { hint: 'The file is corrupted or was edited; retrain or restore it.' });
}

/** `nFeatures` from a model file, checked. */
export function checkFeatureCount(n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) malformed(`nFeatures is ${JSON.stringify(n)}`);
  return n as number;
}

/** A finite number from a model file, checked. */
export function checkFinite(x: unknown, what: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) malformed(`${what} is ${JSON.stringify(x)}`);
  return x as number;
}

/** An array field from a model file, checked. */
export function checkArray<T>(a: unknown, what: string): T[] {
  if (!Array.isArray(a)) malformed(`${what} is not an array`);
  return a as T[];
}
