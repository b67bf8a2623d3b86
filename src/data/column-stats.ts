/**
 * One pass over a numeric column for what validation and cleaning would otherwise each scan for:
 * missing count, range, whether every value is an integer, whether values strictly increase.
 * Integer columns with a small range (clicks, conversions) then get their quantiles from a
 * histogram — one counting pass, no copy, no selection — with exactly the order statistics a sort
 * would give, so results are bit-identical to `quantilesInPlace`.
 */

/** Facts about a numeric column, from one pass (a reader's, while copying, or `scanColumn`). */
export interface ColumnSummary {
  readonly nan: number;
  /** Smallest / largest present value (NaN when none is present). */
  readonly min: number;
  readonly max: number;
  /** Every present value is an integer (-0 included: `countingQuantiles` checks for it). */
  readonly integral: boolean;
  /** No value is missing and each is larger than the one before (so no value repeats). */
  readonly increasing: boolean;
}

export interface ColumnScan extends ColumnSummary {
  /** The scanned array (a scan is only reused for this exact array). */
  readonly values: ArrayLike<number>;
}

/**
 * A running `ColumnSummary` over consecutive ranges of one array: a reader summarises each chunk
 * right after copying it in, while it is still in cache, so later passes can be skipped.
 */
export class SummaryAccumulator {
  private nan = 0;
  private min = Infinity;
  private max = -Infinity;
  private integral = true;
  private increasing = true;
  private last = NaN; // no value yet
  private count = 0;

  add(values: ArrayLike<number>, from: number, to: number): void {
    // Locals in the loop (fields would be loaded and stored on every value).
    let nan = this.nan;
    let min = this.min;
    let max = this.max;
    let integral = this.integral;
    let increasing = this.increasing;
    let last = this.last;
    for (let i = from; i < to; i++) {
      const x = values[i];
      if (x !== x) {
        nan++;
        increasing = false;
        continue;
      }
      if (x < min) min = x;
      if (x > max) max = x;
      // Int32 values pass the first test; others are checked exactly (±Infinity - ±Infinity is
      // NaN, so infinities count as non-integral). Once false, nothing more to check.
      if (integral && (x | 0) !== x && x - Math.trunc(x) !== 0) integral = false;
      if (increasing && last === last && !(x > last)) increasing = false;
      last = x;
    }
    this.nan = nan;
    this.min = min;
    this.max = max;
    this.integral = integral;
    this.increasing = increasing;
    this.last = last;
    this.count += to - from;
  }

  /** Values summarised so far. */
  get length(): number {
    return this.count;
  }

  finish(): ColumnSummary {
    if (this.nan === this.count) return { nan: this.nan, min: NaN, max: NaN, integral: false, increasing: this.count === 0 };
    return { nan: this.nan, min: this.min, max: this.max, integral: this.integral, increasing: this.increasing };
  }
}

export function scanColumn(values: ArrayLike<number>): ColumnScan {
  const acc = new SummaryAccumulator();
  acc.add(values, 0, values.length);
  return { ...acc.finish(), values };
}

/** The histogram is worth it (and small) when the range is at most this or a quarter of the rows. */
const MAX_BINS = 1 << 16;

/**
 * The q-quantiles (ascending `qs`) of the present values by counting, when the scan says the
 * column is integral with a small enough range; undefined otherwise (use selection). Same
 * definition as `quantilesInPlace`: linear interpolation at h = (m − 1)·q over the m present values.
 */
export function countingQuantiles(scan: ColumnScan, qs: readonly number[]): number[] | undefined {
  const m = scan.values.length - scan.nan;
  if (!scan.integral || m === 0) return undefined;
  const bins = scan.max - scan.min + 1;
  if (bins > Math.max(MAX_BINS, m >> 2)) return undefined;
  const counts = new Int32Array(bins);
  const v = scan.values;
  const min = scan.min;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x !== x) continue;
    // A -0 would come back as 0 (selection keeps the sign): leave such a column to selection.
    if (x === 0 && Object.is(x, -0)) return undefined;
    counts[x - min]++;
  }
  // Walks the cumulative counts once, upwards, for every order statistic asked for.
  let bin = 0;
  let below = 0; // values in bins before `bin`
  const orderStat = (k: number): number => {
    if (k < below) bin = below = 0; // a lower statistic after a higher one: start over
    while (below + counts[bin] <= k) below += counts[bin++];
    return min + bin;
  };
  const out: number[] = [];
  let prev = -Infinity;
  for (const q of qs) {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0, 1]; got ${q}.`);
    if (q < prev) throw new RangeError('quantiles must be requested in ascending order.');
    prev = q;
    const h = (m - 1) * q;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, m - 1);
    const a = orderStat(lo);
    const b = orderStat(hi);
    // Written as a + frac·(b − a) like quantilesInPlace, so results are bit-identical.
    out.push(a + (h - lo) * (b - a));
  }
  return out;
}
