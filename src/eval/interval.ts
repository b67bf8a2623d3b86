/**
 * Prediction intervals calibrated on cross-validated residuals (split conformal prediction, with the
 * out-of-fold predictions standing in for a held-out calibration set, as in CV+).
 *
 * Conversions are counts, whose spread grows with their level, so residuals are scored relative to a
 * Poisson-like scale: s = (y − ŷ) / √(max(ŷ, 0) + 1). The interval at level 1 − α is
 * [ŷ + s_lo·σ(ŷ), ŷ + s_hi·σ(ŷ)], σ(ŷ) = √(max(ŷ, 0) + 1), where s_lo and s_hi are the ⌊(n + 1)·α/2⌋-th
 * and ⌈(n + 1)·(1 − α/2)⌉-th smallest of the n calibration scores (the finite-sample conformal ranks);
 * the lower end is floored at 0, as counts are. Intervals widen with the prediction instead of being
 * one width everywhere, and their coverage is measured, never assumed (`intervalCoverage`).
 */
import { ConvoptError } from '../core/errors.js';

export interface PredictionIntervalJSON {
  readonly method: 'cv-conformal-scaled';
  /** Share of outcomes the interval is meant to contain, e.g. 0.8. */
  readonly level: number;
  /** Calibration scores' lower and upper conformal quantiles (see the module comment). */
  readonly lowScore: number;
  readonly highScore: number;
  /** Number of calibration residuals. */
  readonly nCalibration: number;
}

/** σ(ŷ): the residual scale at a prediction (see the module comment). */
function scaleAt(prediction: number): number {
  return Math.sqrt(Math.max(prediction, 0) + 1);
}

export class PredictionInterval {
  private constructor(
    readonly level: number,
    readonly lowScore: number,
    readonly highScore: number,
    readonly nCalibration: number,
  ) {}

  /**
   * Calibrates from outcomes `y` and their out-of-fold predictions `oof` (rows where either is NaN
   * are skipped; `rows` restricts the calibration set). Needs enough rows that both conformal ranks
   * exist: at least 2/α − 1 (9 at level 0.8).
   */
  static calibrate(y: ArrayLike<number>, oof: ArrayLike<number>, level: number, rows?: ArrayLike<number>): PredictionInterval {
    if (!(level > 0 && level < 1)) throw new ConvoptError('INVALID_ARGUMENT', `Prediction interval level must be in (0, 1); got ${level}.`, { path: 'level', value: level, hint: 'Use e.g. 0.8 for an 80 % interval.' });
    const scores: number[] = [];
    const n0 = rows ? rows.length : y.length;
    for (let k = 0; k < n0; k++) {
      const i = rows ? rows[k]! : k;
      const yi = y[i]!;
      const pi = oof[i]!;
      if (Number.isFinite(yi) && Number.isFinite(pi)) scores.push((yi - pi) / scaleAt(pi));
    }
    const n = scores.length;
    const alpha = 1 - level;
    // The tolerance keeps 1 − 0.8 = 0.19999999999999996 from costing a rank (10 · 0.1 must be 1).
    const lowRank = Math.floor((n + 1) * (alpha / 2) + 1e-9);
    const highRank = Math.ceil((n + 1) * (1 - alpha / 2) - 1e-9);
    if (lowRank < 1 || highRank > n) {
      throw new ConvoptError('INVALID_DATA', `A ${Math.round(level * 100)} % prediction interval needs at least ${Math.ceil(2 / alpha - 1 - 1e-9)} cross-validated residuals; got ${n}.`, { path: 'level', value: level, hint: 'Train on more rows, or lower the interval level.' });
    }
    scores.sort((a, b) => a - b);
    return new PredictionInterval(level, scores[lowRank - 1]!, scores[highRank - 1]!, n);
  }

  /** Lower end of the interval around `prediction` (NaN for a NaN prediction). */
  low(prediction: number): number {
    return Number.isFinite(prediction) ? Math.max(0, prediction + this.lowScore * scaleAt(prediction)) : NaN;
  }

  /** Upper end of the interval around `prediction` (NaN for a NaN prediction). */
  high(prediction: number): number {
    return Number.isFinite(prediction) ? prediction + this.highScore * scaleAt(prediction) : NaN;
  }

  /** The interval around one prediction. */
  bounds(prediction: number): [low: number, high: number] {
    return [this.low(prediction), this.high(prediction)];
  }

  /** Bounds for many predictions at once (no per-row allocation: files of a million ads go through here). */
  boundsOf(predictions: ArrayLike<number>): { low: Float64Array; high: Float64Array } {
    const low = new Float64Array(predictions.length);
    const high = new Float64Array(predictions.length);
    for (let i = 0; i < predictions.length; i++) {
      low[i] = this.low(predictions[i]!);
      high[i] = this.high(predictions[i]!);
    }
    return { low, high };
  }

  toJSON(): PredictionIntervalJSON {
    return { method: 'cv-conformal-scaled', level: this.level, lowScore: this.lowScore, highScore: this.highScore, nCalibration: this.nCalibration };
  }

  static fromJSON(doc: unknown): PredictionInterval {
    const d = doc as Partial<PredictionIntervalJSON> | null;
    const bad = (what: string) => new ConvoptError('MODEL_FORMAT', `The model's prediction interval is malformed: ${what}.`, { path: 'interval', hint: 'Retrain the model (convopt train) or restore the file from the registry.' });
    if (!d || typeof d !== 'object' || d.method !== 'cv-conformal-scaled') throw bad('unknown method');
    const { level, lowScore, highScore, nCalibration } = d;
    if (typeof level !== 'number' || !(level > 0 && level < 1)) throw bad('level must be in (0, 1)');
    if (typeof lowScore !== 'number' || typeof highScore !== 'number' || !Number.isFinite(lowScore) || !Number.isFinite(highScore) || lowScore > highScore) throw bad('scores must be finite with low ≤ high');
    if (typeof nCalibration !== 'number' || !Number.isInteger(nCalibration) || nCalibration < 1) throw bad('nCalibration must be a positive integer');
    return new PredictionInterval(level, lowScore, highScore, nCalibration);
  }
}

export interface IntervalCoverage {
  readonly level: number;
  /** Share of the evaluated outcomes inside their interval. */
  readonly coverage: number;
  /** Mean width (high − low) of the evaluated intervals. */
  readonly meanWidth: number;
  readonly n: number;
}

/** Coverage and width of `interval` on outcomes `y` and predictions `pred` (over `rows`, or all). */
export function intervalCoverage(interval: PredictionInterval, y: ArrayLike<number>, pred: ArrayLike<number>, rows?: ArrayLike<number>): IntervalCoverage {
  let inside = 0;
  let width = 0;
  let n = 0;
  const n0 = rows ? rows.length : y.length;
  for (let k = 0; k < n0; k++) {
    const i = rows ? rows[k]! : k;
    if (!Number.isFinite(y[i]!) || !Number.isFinite(pred[i]!)) continue;
    const [lo, hi] = interval.bounds(pred[i]!);
    if (y[i]! >= lo && y[i]! <= hi) inside++;
    width += hi - lo;
    n++;
  }
  return { level: interval.level, coverage: n ? inside / n : NaN, meanWidth: n ? width / n : NaN, n };
}

/**
 * Honest cross-validated coverage: for each fold, calibrate on the other folds' out-of-fold
 * predictions and measure on this fold's; pooled over all folds. `foldOfRow[i]` is row i's fold
 * (negative: in no fold).
 */
export function crossValidatedCoverage(y: ArrayLike<number>, oof: ArrayLike<number>, foldOfRow: ArrayLike<number>, level: number): IntervalCoverage {
  let k = 0;
  for (let i = 0; i < foldOfRow.length; i++) k = Math.max(k, foldOfRow[i]! + 1);
  let inside = 0;
  let width = 0;
  let n = 0;
  for (let f = 0; f < k; f++) {
    const cal: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < foldOfRow.length; i++) {
      if (foldOfRow[i]! < 0) continue;
      (foldOfRow[i] === f ? test : cal).push(i);
    }
    if (test.length === 0) continue;
    const c = intervalCoverage(PredictionInterval.calibrate(y, oof, level, cal), y, oof, test);
    inside += c.coverage * c.n;
    width += c.meanWidth * c.n;
    n += c.n;
  }
  return { level, coverage: n ? inside / n : NaN, meanWidth: n ? width / n : NaN, n };
}
