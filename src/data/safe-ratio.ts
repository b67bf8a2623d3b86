/**
 * `safeRatio`: element-wise num/den with every division-by-zero case decided explicitly instead of
 * leaking Infinity into models. Defaults: 0/0 → 0 (no activity is a rate of zero, e.g. CTR of an
 * ad with no impressions and no clicks); x/0 with x ≠ 0 → NaN (undefined: marked missing so the
 * caller imputes it — the feature pipeline fills it with the training mean); a missing input → NaN.
 */
export interface SafeRatioOptions {
  /** Result of 0/0 (default 0). */
  readonly zeroOverZero?: number;
  /** Result of x/0 for x ≠ 0 (default NaN). */
  readonly nonZeroOverZero?: number;
}

export function safeRatio(num: ArrayLike<number>, den: ArrayLike<number>, opts: SafeRatioOptions = {}): Float64Array {
  if (num.length !== den.length) throw new RangeError(`safeRatio: ${num.length} numerators but ${den.length} denominators.`);
  const zz = opts.zeroOverZero ?? 0;
  const xz = opts.nonZeroOverZero ?? NaN;
  const out = new Float64Array(num.length);
  for (let i = 0; i < num.length; i++) {
    const a = num[i];
    const b = den[i];
    if (Number.isNaN(a) || Number.isNaN(b)) out[i] = NaN;
    else if (b === 0) out[i] = a === 0 ? zz : xz;
    else out[i] = a / b;
  }
  return out;
}
