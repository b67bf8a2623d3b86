/**
 * `HistGradientBoostingRegressor`: gradient boosting over binned features (scikit-learn's
 * `gradient_boosting.py`). `fit` bins X once, then each iteration computes gradients, grows one tree
 * on the bins (`TreeGrower`) and adds its leaves to the raw predictions without re-walking the tree
 * (every leaf knows its samples). Early stopping scores a held-out validation split on the loss.
 * Handles NaN natively, supports monotonic constraints and sample weights.
 */
import { type Matrix, takeRows, take } from '../../core/arrays.js';
import { ConvoptError } from '../../core/errors.js';
import { threadBudget } from '../../core/threads.js';
import { asRng } from '../../core/rng.js';
import { checkFitInput, checkPredictInput, fitted } from '../base/check-input.js';
import { validateParams } from '../base/constraints.js';
import type { FitOptions, ModelJSON, Regressor } from '../base/estimator.js';
import { MODEL_FORMAT_VERSION, checkModelJSON } from '../io/format.js';
import { type Allocator, Arena, PLAIN, SHARED } from '../../core/arena.js';
import { BinMapper, toRowMajor, type BinnedMatrix } from './binning.js';
import { histogramLayout } from './common.js';
import { TreeGrower } from './grower.js';
import { HistogramBuilder } from './histogram.js';
import { countBins } from './histogram-kernels.js';
import { makeLoss, type HgbLoss } from './loss/index.js';
import { HGB_CONSTRAINTS, HGB_DEFAULTS, type HistGradientBoostingParams } from './params.js';
import { TreePredictor, type TreePredictorJSON } from './predictor.js';
import type { SplitterOptions } from './splitting.js';
import { acquireTeam, chooseThreads, fitBinWithTeam, predictWithTeam, type TeamWasm } from './threads.js';
import { HgbKernels, KERNEL_SCRATCH, featureBins, featureBinsBytes } from './wasm-kernels.js';
import { PREDICT_BLOCK, packForest, predictRows, type PackedForest } from './predict-kernel.js';
import { setLeaves, type RawUpdateBuffers } from './raw-update.js';

export type { HistGradientBoostingParams } from './params.js';

const KIND = 'HistGradientBoostingRegressor';
/** Trees with more leaves than this update their raw predictions on the calling thread. */
const TEAM_UPDATE_MAX_LEAVES = 4096;

/** Most leaves a tree of this fit can have (leaf numbers are 16-bit). */
function maxLeaves(p: HistGradientBoostingParams, n: number): number {
  return Math.min(0xffff, p.maxLeafNodes ?? Math.floor(n / p.minSamplesLeaf) + 1);
}

/** Bytes of a fit's arena: everything `fit` allocates from it, with the histogram store at its largest (256 bins a feature) and alignment slack. */
function arenaBytes(n: number, nFeatures: number, slots: number, threads: number, leaves: number): number {
  const bins = 2 * n * nFeatures; // feature-major and row-major
  const perRow = 6 * 4 * n; // gradients, hessians, ordered copies, indices, partition scratch
  const histograms = (slots + 1) * nFeatures * (256 * 2 * 8 + 32); // store, root counts, used-bin bitmaps
  const update = 18 * n + 12 * (Math.max(TEAM_UPDATE_MAX_LEAVES, leaves) + 1); // raw, y, leaf numbers and values
  const kernels = 4 * nFeatures + featureBinsBytes(nFeatures) + threads * KERNEL_SCRATCH * 8;
  return bins + perRow + histograms + update + kernels + 64 * 64;
}

/** The wasm kernels over `arena` for this thread, and what a team's workers need to run their own (see `TeamWasm`). */
function arenaKernels(arena: Arena, binOffset: Int32Array, threads: number, mapper: BinMapper): { kernels: HgbKernels | null; team: TeamWasm } {
  const nFeatures = binOffset.length - 1;
  const binOffsetBytes = arena.i32(nFeatures);
  for (let f = 0; f < nFeatures; f++) binOffsetBytes[f] = 16 * binOffset[f];
  const scratch = Array.from({ length: threads }, () => arena.f64(KERNEL_SCRATCH));
  const features = featureBins(arena, mapper.nBinsNonMissing_, mapper.hasMissingValues_);
  return { kernels: HgbKernels.create(arena.memory, binOffsetBytes, scratch[0], features), team: { arena, binOffsetBytes, scratch } };
}
/** Threaded prediction from this many row × tree walks (≈ 10 ms single-threaded): below, hand-offs cost more. */
const PREDICT_THREAD_MIN = 2_000_000;

export type HistGradientBoostingState = {
  readonly nFeatures: number;
  readonly baseline: number;
  readonly nIter: number;
  readonly trainScore: number[];
  readonly validationScore: number[];
  readonly trees: TreePredictorJSON[];
};

export class HistGradientBoostingRegressor implements Regressor<HistGradientBoostingParams> {
  readonly kind = KIND;
  readonly params: HistGradientBoostingParams;

  private baseline?: number;
  private predictors?: TreePredictor[];
  private nFeatures?: number;
  private trainScores: number[] = [];
  private validationScores: number[] = [];
  private threadsUsed = 1;
  /** Packed forms of the trees for batch prediction, built on first use. */
  private forest?: PackedForest;
  private sharedForest?: PackedForest;

  constructor(params: Partial<HistGradientBoostingParams> = {}) {
    // The constructor only stores; fit validates (so params can be set freely before fitting).
    this.params = { ...HGB_DEFAULTS, ...params };
  }

  getParams(): HistGradientBoostingParams {
    return { ...this.params, monotonicCst: this.params.monotonicCst ? [...this.params.monotonicCst] : null };
  }

  get nFeaturesIn_(): number {
    return fitted(KIND, this.nFeatures);
  }
  /** The fitted trees, one per iteration. */
  get predictors_(): readonly TreePredictor[] {
    return fitted(KIND, this.predictors);
  }
  /** Number of boosting iterations actually run (fewer than maxIter after early stopping). */
  get nIter_(): number {
    return this.predictors_.length;
  }
  /** The constant raw prediction the trees start from. */
  get baseline_(): number {
    return fitted(KIND, this.baseline);
  }
  /** Threads that built histograms in the last fit (1 when workers were not ready or not worth it). */
  get nThreadsUsed_(): number {
    fitted(KIND, this.predictors);
    return this.threadsUsed;
  }
  /** −loss on the training data per iteration (index 0 = baseline); filled when early stopping is on. */
  get trainScore_(): readonly number[] {
    fitted(KIND, this.predictors);
    return this.trainScores;
  }
  /** −loss on the validation split per iteration (index 0 = baseline); filled when early stopping is on. */
  get validationScore_(): readonly number[] {
    fitted(KIND, this.predictors);
    return this.validationScores;
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    const p = this.params;
    validateParams(KIND, p, HGB_CONSTRAINTS);
    checkFitInput(KIND, X, y, options.sampleWeight, { allowNaN: true, minRows: 2 });
    const nFeatures = X.columns.length;
    const monotonicCst = checkMonotonic(p.monotonicCst, nFeatures);
    const weights = options.sampleWeight ?? null;
    if (p.loss === 'quantile' && p.quantile === null) {
      throw new ConvoptError('INVALID_ARGUMENT', `${KIND}: loss "quantile" needs the quantile to estimate; quantile is null.`, { path: 'quantile', value: null, hint: 'Set quantile in (0, 1), e.g. 0.9 for the upper end of an 80 % band.' });
    }
    const loss = makeLoss(p.loss, weights !== null, p.alpha, p.quantile ?? undefined);
    loss.checkTarget(y);
    const rng = asRng(options.seed ?? p.randomState ?? 0);

    // Refitting discards earlier state.
    this.predictors = undefined;
    this.forest = undefined;
    this.sharedForest = undefined;
    this.baseline = undefined;
    this.nFeatures = undefined;
    this.trainScores = [];
    this.validationScores = [];

    const n = X.nRows;
    const earlyStopping = p.earlyStopping === 'auto' ? n > 10_000 : p.earlyStopping;
    let Xtr = X;
    let ytr = y;
    let wtr = weights;
    let val: { X: Matrix; y: Float64Array; w: Float64Array | null } | null = null;
    if (earlyStopping) {
      // Same sizes as scikit-learn's train_test_split: ceil(fraction · n) validation rows.
      const nVal = Math.ceil(p.validationFraction * n);
      if (nVal < 1 || n - nVal < 2) {
        throw new ConvoptError('INVALID_DATA', `${KIND}: early stopping needs at least 2 training rows and 1 validation row; ${n} rows with validationFraction ${p.validationFraction} leave ${n - nVal} and ${nVal}.`, {
          path: 'earlyStopping',
          hint: 'Set earlyStopping: false for small data, or provide more rows.',
        });
      }
      const perm = rng.child(1).permutation(n);
      const valRows = Uint32Array.from(perm.subarray(0, nVal)).sort();
      const trRows = Uint32Array.from(perm.subarray(nVal)).sort();
      Xtr = takeRows(X, trRows);
      ytr = take(y, trRows);
      wtr = weights ? take(weights, trRows) : null;
      val = { X: takeRows(X, valRows), y: take(y, valRows), w: weights ? take(weights, valRows) : null };
    }

    const nThreads = chooseThreads(p.nThreads, Xtr.nRows, nFeatures);
    const team = nThreads > 1 ? acquireTeam(nThreads) : null;
    const shared = team !== null;
    this.threadsUsed = team ? nThreads : 1;
    const nTr = Xtr.nRows;
    // Live histograms never exceed the splittable leaves plus the two children being built.
    const slots = Math.min((p.maxLeafNodes ?? 64) + 3, Math.floor(nTr / p.minSamplesLeaf) + 3);
    // The wasm kernels cover constant hessians (stride 2) with row-major bins (more than one feature):
    // then every large buffer goes into one wasm memory they can read (see core/arena.ts). A team
    // shares a new shared memory; one thread takes a private one from the pool and gives it back at
    // the end (a pooled memory costs nothing to make, and TypedArray fill on shared memory is ~8×
    // slower, which small fits, zeroing a histogram per node, felt).
    const bytes = arenaBytes(nTr, nFeatures, slots, this.threadsUsed, maxLeaves(p, nTr));
    const arena = loss.constantHessian && nFeatures > 1 ? (shared ? Arena.create(bytes, true) : Arena.acquire(bytes)) : null;
    const alloc: Allocator = arena ?? (shared ? SHARED : PLAIN);
    const binMapper = new BinMapper(p.maxBins);
    // Compact missing codes (see HistogramLayout); with a team, workers fit and bin part of the
    // features (the same thresholds and bytes).
    const binned = (team && fitBinWithTeam(nThreads, Xtr, binMapper, rng.child(0), alloc)) || binMapper.fit(Xtr, rng.child(0)).transform(Xtr, alloc, true);
    const valBinned = val ? binMapper.transform(val.X) : null;

    const layout = histogramLayout(binMapper.nBinsNonMissing_, binMapper.hasMissingValues_, loss.constantHessian);
    const nBinsTotal = layout.binOffset[nFeatures];
    const gradients = alloc.f32(nTr);
    const hessians = alloc.f32(nTr);
    const orderedG = alloc.f32(nTr);
    const orderedH = alloc.f32(nTr);
    const indices = alloc.u32(nTr);
    const scratch = alloc.u32(nTr);
    const rowBins = nFeatures > 1 ? toRowMajor(binned, alloc) : null;
    const rootCounts = countBins(binned.columns, layout.binOffset, alloc.f64(nBinsTotal));
    const { stride, binOffset } = layout;
    const wasm = arena && stride === 2 ? arenaKernels(arena, binOffset, this.threadsUsed, binMapper) : null;
    const ctx = { nRows: nTr, nFeatures, stride, binOffset, columns: binned.columns, rowBins, gradients, hessians, orderedG, orderedH, indices, scratch, constantHessian: loss.constantHessian, rootCounts, kernels: wasm?.kernels ?? null };
    const store = alloc.f64(slots * layout.size);
    const baseline = loss.baseline(ytr, wtr);
    // With a team and a fused update (unweighted squared error), the raw-prediction update after
    // each tree is shared too: its buffers live in shared memory (see raw-update.ts).
    const update: RawUpdateBuffers | null =
      team && loss.addLeafValuesAndGradients && wtr === null
        ? { raw: alloc.f64(nTr), y: alloc.f64(nTr), leafOf: alloc.u16(nTr), values: alloc.f64(TEAM_UPDATE_MAX_LEAVES), bounds: alloc.i32(TEAM_UPDATE_MAX_LEAVES + 1) }
        : null;
    if (update) update.y.set(ytr);
    const session = team ? team.begin(ctx, store, update, wasm?.kernels ? wasm.team : null) : null;
    const builder = new HistogramBuilder(ctx, store, session, alloc);

    const splitter: SplitterOptions = {
      binOffset,
      stride,
      nBinsNonMissing: binMapper.nBinsNonMissing_,
      hasMissingValues: binMapper.hasMissingValues_,
      l2Regularization: p.l2Regularization,
      minSamplesLeaf: p.minSamplesLeaf,
      minHessianToSplit: 1e-3,
      minGainToSplit: 0,
      monotonicCst,
      constantHessian: loss.constantHessian ? 1 : null,
      kernels: ctx.kernels,
    };
    const growerOptions = { maxLeafNodes: p.maxLeafNodes, maxDepth: p.maxDepth, minSamplesLeaf: p.minSamplesLeaf, shrinkage: p.learningRate };

    const leafOf = update ? update.leafOf : alloc.u16(nTr);
    const raw = (update ? update.raw : alloc.f64(nTr)).fill(baseline);
    // One thread with the wasm kernels and a fused update (unweighted squared error): the update runs
    // as the kernels' updateRows and sum (the same arithmetic), reading y and the leaf values from the arena.
    const k = ctx.kernels;
    const wasmUpdate = !update && k && loss.addLeafValuesAndGradients && wtr === null ? { y: alloc.f64(nTr), values: alloc.f64(maxLeaves(p, nTr)) } : null;
    wasmUpdate?.y.set(ytr);
    const valRaw = val ? new Float64Array(val.y.length).fill(baseline) : null;
    const predictors: TreePredictor[] = [];
    if (val && valRaw) this.recordScores(loss, ytr, raw, wtr, val, valRaw);
    // The gradients' row-order sum when the last update pass also wrote the gradients (see
    // HgbLoss.addLeafValuesAndGradients); undefined: compute gradients (and the grower its sums).
    let rootSum: number | undefined;
    try {
      for (let it = 0; it < p.maxIter; it++) {
        if (rootSum === undefined) loss.gradients(ytr, raw, wtr, gradients, hessians);
        const grower = new TreeGrower(builder, splitter, growerOptions, scratch, rootSum).grow();
        if (loss.leafValue) {
          for (const leaf of grower.leaves) leaf.value = p.learningRate * loss.leafValue(ytr, raw, wtr, indices.subarray(leaf.start, leaf.stop));
        }
        // Each leaf owns its samples' slice of `indices`: update raw predictions without a tree walk.
        const nLeaves = update && session ? setLeaves(grower.leaves, update) : -1;
        const values = nLeaves >= 0 ? null : leafNumbers(grower.leaves, indices, leafOf, wasmUpdate?.values, ctx.kernels);
        if (nLeaves >= 0 && session) {
          rootSum = session.addLeafValues(nLeaves);
        } else if (values === null) {
          for (const leaf of grower.leaves) for (let k = leaf.start; k < leaf.stop; k++) raw[indices[k]] += leaf.value;
          rootSum = undefined;
        } else if (k && wasmUpdate && k.owns(values, leafOf, raw, gradients, indices)) {
          k.updateRows(raw, wasmUpdate.y, leafOf, values, gradients, indices, 0, nTr);
          rootSum = k.sum(gradients);
        } else if (loss.addLeafValuesAndGradients && wtr === null) {
          rootSum = loss.addLeafValuesAndGradients(ytr, raw, leafOf, values, gradients, indices);
        } else {
          for (let i = 0; i < raw.length; i++) raw[i] += values[leafOf[i]];
          rootSum = undefined;
        }
        const predictor = grower.makePredictor(binMapper);
        predictors.push(predictor);
        if (val && valRaw && valBinned) {
          predictor.addPredictionsBinned(valBinned.columns, valBinned.nRows, binMapper.missingValuesBinIdx_, valRaw);
          this.recordScores(loss, ytr, raw, wtr, val, valRaw);
          if (shouldStop(this.validationScores, p.nIterNoChange, p.tol)) break;
        }
      }
    } finally {
      session?.end();
      // Nothing fitted keeps a view of the arena (predictors copy what they need).
      arena?.release();
    }
    this.baseline = baseline;
    this.predictors = predictors;
    this.nFeatures = nFeatures;
    return this;
  }

  private recordScores(loss: HgbLoss, y: Float64Array, raw: Float64Array, w: Float64Array | null, val: { y: Float64Array; w: Float64Array | null }, valRaw: Float64Array): void {
    this.trainScores.push(-loss.loss(y, raw, w));
    this.validationScores.push(-loss.loss(val.y, valRaw, val.w));
  }

  /** Raw (link-space) predictions: baseline plus every tree. */
  predictRaw(X: Matrix): Float64Array {
    const predictors = this.predictors_;
    checkPredictInput(KIND, X, this.nFeaturesIn_, { allowNaN: true });
    const n = X.nRows;
    const threads = this.params.nThreads ?? Math.min(threadBudget(), 8);
    if (threads > 1 && n * predictors.length >= PREDICT_THREAD_MIN && n >= 2 * PREDICT_BLOCK) {
      // Workers need the forest, the rows and the output in shared memory; copying X is one pass,
      // cheap next to walking every tree.
      this.sharedForest ??= packForest(predictors, this.nFeaturesIn_, true);
      const columns = X.columns.map((c) => {
        const s = new Float64Array(new SharedArrayBuffer(n * 8));
        s.set(c);
        return s;
      });
      const out = new Float64Array(new SharedArrayBuffer(n * 8)).fill(this.baseline_);
      if (predictWithTeam(Math.min(threads, Math.floor(n / PREDICT_BLOCK)), this.sharedForest, columns, out)) return Float64Array.from(out);
    }
    this.forest ??= packForest(predictors, this.nFeaturesIn_, false);
    const out = new Float64Array(n).fill(this.baseline_);
    predictRows(this.forest, X.columns, out, 0, n);
    return out;
  }

  predict(X: Matrix): Float64Array {
    const raw = this.predictRaw(X);
    if (this.params.loss === 'poisson') for (let i = 0; i < raw.length; i++) raw[i] = Math.exp(raw[i]);
    return raw;
  }

  toJSON(): ModelJSON<HistGradientBoostingParams, HistGradientBoostingState> {
    const predictors = this.predictors_;
    return {
      format: 'convopt-model',
      formatVersion: MODEL_FORMAT_VERSION,
      kind: KIND,
      params: this.getParams(),
      state: {
        nFeatures: this.nFeaturesIn_,
        baseline: this.baseline_,
        nIter: predictors.length,
        trainScore: [...this.trainScores],
        validationScore: [...this.validationScores],
        trees: predictors.map((t) => t.toJSON()),
      },
    };
  }

  static fromJSON(doc: unknown): HistGradientBoostingRegressor {
    const j = checkModelJSON(doc, KIND) as unknown as ModelJSON<HistGradientBoostingParams, HistGradientBoostingState>;
    const s = j.state;
    if (!Number.isInteger(s.nFeatures) || s.nFeatures < 1 || typeof s.baseline !== 'number' || !Array.isArray(s.trees)) {
      throw new ConvoptError('MODEL_FORMAT', `${KIND} model file has a malformed state.`, { hint: 'The model file is corrupted; retrain or restore it.' });
    }
    const m = new HistGradientBoostingRegressor(j.params);
    validateParams(KIND, m.params, HGB_CONSTRAINTS);
    m.predictors = s.trees.map((t) => TreePredictor.fromJSON(t, s.nFeatures));
    m.baseline = s.baseline;
    m.nFeatures = s.nFeatures;
    m.trainScores = Array.isArray(s.trainScore) ? [...s.trainScore] : [];
    m.validationScores = Array.isArray(s.validationScore) ? [...s.validationScore] : [];
    return m;
  }
}

function checkMonotonic(cst: number[] | null, nFeatures: number): Int8Array | null {
  if (!cst) return null;
  if (cst.length !== nFeatures) {
    throw new ConvoptError('INVALID_PARAMETER', `${KIND} parameter "monotonicCst" has ${cst.length} entries but X has ${nFeatures} features.`, {
      path: 'monotonicCst',
      value: cst,
      hint: 'Give one constraint per feature: 1 (increasing), -1 (decreasing) or 0 (free).',
    });
  }
  const out = new Int8Array(nFeatures);
  for (let j = 0; j < nFeatures; j++) {
    const c = cst[j];
    if (c !== -1 && c !== 0 && c !== 1) {
      throw new ConvoptError('INVALID_PARAMETER', `${KIND} parameter "monotonicCst[${j}]" must be -1, 0 or 1; got ${c}.`, { path: `monotonicCst[${j}]`, value: c });
    }
    out[j] = c;
  }
  return out.some((c) => c !== 0) ? out : null;
}

/**
 * Writes each row's leaf number (its position in `leaves`) to `leafOf` and returns the leaves'
 * values, or null past 65,535 leaves. Leaves' samples are spread over all rows, so adding values leaf
 * by leaf jumps around `raw`; with the leaf numbers, the caller adds in one sequential pass over
 * `raw` (~2× faster at 800k rows). Every row still gets exactly its leaf's value added once.
 */
function leafNumbers(leaves: readonly { value: number; start: number; stop: number }[], indices: Uint32Array, leafOf: Uint16Array, buffer?: Float64Array, kernels?: HgbKernels | null): Float64Array | null {
  if (leaves.length > 0xffff) return null;
  const values = buffer && buffer.length >= leaves.length ? buffer.subarray(0, leaves.length) : new Float64Array(leaves.length);
  const wasm = kernels && kernels.owns(indices, leafOf) ? kernels : null;
  leaves.forEach((leaf, j) => {
    values[j] = leaf.value;
    if (wasm) wasm.setLeaf(indices, leafOf, leaf.start, leaf.stop, j);
    else for (let k = leaf.start; k < leaf.stop; k++) leafOf[indices[k]] = j;
  });
  return values;
}

/** scikit-learn's rule: stop when none of the last `nIterNoChange` scores beats the one before them by more than `tol`. */
export function shouldStop(scores: readonly number[], nIterNoChange: number, tol: number): boolean {
  const ref = nIterNoChange + 1;
  if (scores.length < ref) return false;
  const reference = scores[scores.length - ref] + tol;
  for (let i = scores.length - ref + 1; i < scores.length; i++) if (scores[i] > reference) return false;
  return true;
}

export type { BinnedMatrix };
