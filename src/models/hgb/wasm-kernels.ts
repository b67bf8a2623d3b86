/**
 * The two hottest histogram kernels of a large fit as WebAssembly, assembled at load time from the
 * source below (`core/wasm-asm.ts`): `buildHistogramRowsIndexed` (a node's samples, row-major bins,
 * gradients read by sample index) and `buildHistogramRootGradientsPair` (the root, two features per
 * pass into four sub-histograms each). Each does exactly the JS kernel's additions in the JS
 * kernel's order per bin, so histograms are bit-identical with or without wasm (tested); wasm only
 * drops the bounds checks and index arithmetic V8 cannot remove from the JS loops (1M-row
 * benchmark: see BENCHMARKS.md).
 *
 * The kernels read and write the fit's `Arena` (its WebAssembly memory): every array passed in must
 * be a view of that memory, and pointers are the views' byte offsets.
 */
import type { Allocator } from '../../core/arena.js';
import { type Code, F64, I32, KernelModule, V128, type WasmFunction, bytes, elementAddress, forLoop, type WasmMemory, op } from '../../core/wasm-asm.js';


const { localGet: get, localSet: set, i32Const: i32, i32Add: add, i32Mul: mul, i32Shl: shl } = op;

const addShifted = elementAddress;

/** Samples the node kernel carries through the feature loop together (as the JS kernel). */
const LANES = 8;

/**
 * rowsIndexed(out, rowBins, F, off, f0, f1, idx, start, stop, grad): for k in [start, stop), sample
 * i = idx[k] adds grad[i] and 1 to bin rowBins[i·F + f] of each feature f in [f0, f1), whose bins
 * start at byte off[f] of out (stride 2 float64s: gradient sum, count). Eight samples go through the
 * feature loop together, as in `buildHistogramRowsIndexed`: deep nodes' samples are scattered, and
 * eight independent rows in flight hide their cache misses (one at a time ran slower than the JS).
 * Per bin, values still arrive in sample order.
 */
function rowsIndexed(): WasmFunction {
  const [out, rowBins, F, off, f0, f1, idx, start, stop, grad] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [k, f, a, o, end8, i] = [10, 11, 12, 13, 14, 15];
  const rows = Array.from({ length: LANES }, (_, j) => 16 + j); // i32: row j's first bin address
  const gs = Array.from({ length: LANES }, (_, j) => 16 + LANES + j); // v128: (its gradient, 1)
  // Sample i: g = (grad[i], 1), r = rowBins + i·F.
  const load = (r: number, g: number) => [
    op.f64Const(1), op.f64x2Splat, addShifted(grad, i, 2), op.f32Load(), op.f64PromoteF32, op.f64x2ReplaceLane(0), set(g),
    get(rowBins), get(i), get(F), mul, add, set(r),
  ]; // prettier-ignore
  // Bin of row r in feature f (o = out + off[f]): (gradient sum, count) += (g, 1), both lanes in one
  // add (the same two additions as scalar ones, in half the loads and stores).
  const bump = (r: number, g: number) => [
    get(o), get(r), get(f), add, op.i32Load8U(), i32(4), shl, add, set(a),
    get(a), get(a), op.v128Load(), get(g), op.f64x2Add, op.v128Store(),
  ]; // prettier-ignore
  const featureLoop = (lanes: number) => [
    forLoop(f, get(f0), get(f1), [
      get(out), addShifted(off, f, 2), op.i32Load(), add, set(o),
      Array.from({ length: lanes }, (_, j) => bump(rows[j], gs[j])),
    ], op.i32GeU),
  ]; // prettier-ignore
  return {
    name: 'rowsIndexed',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, I32, ...rows.map(() => I32), ...gs.map(() => V128)],
    body: [bytes([
      get(start), set(k),
      get(stop), i32(LANES - 1), op.i32Sub, set(end8),
      // Blocks of eight while k + 7 < stop, i.e. k < stop − 7 (signed: stop may be below 7).
      op.block, op.loop,
        get(k), get(end8), op.i32GeS, op.brIf(1),
        rows.map((r, j) => [addShifted(idx, k, 2), op.i32Load(4 * j), set(i), load(r, gs[j])]),
        featureLoop(LANES),
        get(k), i32(LANES), add, set(k),
        op.br(0),
      op.end, op.end,
      // The rest one at a time.
      op.block, op.loop,
        get(k), get(stop), op.i32GeU, op.brIf(1),
        addShifted(idx, k, 2), op.i32Load(), set(i), load(rows[0], gs[0]),
        featureLoop(1),
        get(k), i32(1), add, set(k),
        op.br(0),
      op.end, op.end,
    ])], // prettier-ignore
  };
}

/** Bytes between sub-histograms in the root kernel's scratch (256 float64s each; A uses 0–3, B 4–7). */
const PART = 2048;

/**
 * rootPair(out, offA, binsA, widthA, offB, binsB, widthB, n, grad, scr, wmax): the root gradient sums
 * of features A and B (see `buildHistogramRootGradientsPair`): row i goes to sub-histogram i mod 4 of
 * each feature in `scr` (8 × 256 float64s, first `wmax` of each zeroed here), then each feature's
 * bins get (s0 + s1) + (s2 + s3) added at byte offA / offB of out, skipping exact zeros.
 */
function rootPair(): WasmFunction {
  const [out, offA, binsA, widthA, offB, binsB, widthB, n, grad, scr, wmax] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [i, b, end4, a, g0, g1, g2, g3, v, r] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  const gs = [g0, g1, g2, g3];
  // scr[part][bins[i + lane]] += g: the part is a static offset.
  const bump = (bins: number, lane: number, part: number, g: number) => [
    get(scr), get(bins), get(i), add, op.i32Load8U(lane), i32(3), shl, add, set(a),
    get(a), get(a), op.f64Load(part * PART), get(g), op.f64Add, op.f64Store(part * PART),
  ]; // prettier-ignore
  const combine = (width: number, offset: number, first: number) => [
    forLoop(b, i32(0), get(width), [
      addShifted(scr, b, 3), set(a),
      get(a), op.f64Load(first * PART), get(a), op.f64Load((first + 1) * PART), op.f64Add,
      get(a), op.f64Load((first + 2) * PART), get(a), op.f64Load((first + 3) * PART), op.f64Add,
      op.f64Add, set(v),
      get(v), op.f64Const(0), op.f64Ne,
      op.if,
        get(out), get(offset), add, get(b), i32(4), shl, add, set(a),
        get(a), get(a), op.f64Load(0), get(v), op.f64Add, op.f64Store(0),
      op.end,
    ], op.i32GeU),
  ]; // prettier-ignore
  return {
    name: 'rootPair',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, F64, F64, F64, F64, F64, I32],
    body: [bytes([
      // Zero the first wmax entries of the 8 sub-histograms.
      forLoop(b, i32(0), get(wmax), [
        addShifted(scr, b, 3), set(a),
        ...[0, 1, 2, 3, 4, 5, 6, 7].map((p) => [get(a), op.f64Const(0), op.f64Store(p * PART)]),
      ], op.i32GeU),
      get(n), i32(-4), op.i32And, set(end4),
      i32(0), set(i),
      op.block, op.loop,
        get(i), get(end4), op.i32GeU, op.brIf(1),
        ...gs.map((g, lane) => [addShifted(grad, i, 2), op.f32Load(4 * lane), op.f64PromoteF32, set(g)]),
        ...gs.map((g, lane) => [bump(binsA, lane, lane, g), bump(binsB, lane, 4 + lane, g)]),
        get(i), i32(4), add, set(i),
        op.br(0),
      op.end, op.end,
      // The last n mod 4 rows: row end4 + k into sub-histogram k.
      i32(0), set(r),
      op.block, op.loop,
        get(i), get(n), op.i32GeU, op.brIf(1),
        addShifted(grad, i, 2), op.f32Load(), op.f64PromoteF32, set(g0),
        get(scr), get(r), add, get(binsA), get(i), add, op.i32Load8U(), i32(3), shl, add, set(a),
        get(a), get(a), op.f64Load(0), get(g0), op.f64Add, op.f64Store(0),
        get(scr), get(r), add, get(binsB), get(i), add, op.i32Load8U(), i32(3), shl, add, set(a),
        get(a), get(a), op.f64Load(4 * PART), get(g0), op.f64Add, op.f64Store(4 * PART),
        get(i), i32(1), add, set(i),
        get(r), i32(PART), add, set(r),
        op.br(0),
      op.end, op.end,
      combine(widthA, offA, 0),
      combine(widthB, offB, 4),
    ])], // prettier-ignore
  };
}

/**
 * partition(bins, binIdx, leftBin, idx, start, stop, scr, at): `partitionRange` (see there): samples
 * idx[start..stop) whose bin goes left (bin ≤ binIdx, or bin = leftBin: the missing-value bin when
 * missing values go left, else −1) stay in idx from start on, the others go to scr from `at` on, both
 * in order; returns the left count. Branch-free, four samples at a time. (A 256-byte "goes left"
 * table filled per call cost more than the partition itself on small nodes: 256 stores a call,
 * against ~4,500 samples partitioned over a whole 914-row tree of 30 splits.)
 */
function partition(): WasmFunction {
  const [bins, binIdx, leftBin, idx, start, stop, scr, at] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [l, r, k, end4, v] = [8, 9, 10, 11, 12];
  const is = [13, 14, 15, 16];
  const as = [17, 18, 19, 20];
  // Sample i goes left (a = 1) or right (a = 0): written to both sides, only its side's cursor moves.
  const place = (i: number, a: number) => [
    addShifted(idx, l, 2), get(i), op.i32Store(),
    addShifted(scr, r, 2), get(i), op.i32Store(),
    get(l), get(a), add, set(l),
    get(r), i32(1), get(a), op.i32Sub, add, set(r),
  ]; // prettier-ignore
  const goesLeft = (i: number, a: number) => [
    get(bins), get(i), add, op.i32Load8U(), set(v),
    get(v), get(binIdx), op.i32LeU, get(v), get(leftBin), op.i32Eq, op.i32Or, set(a),
  ]; // prettier-ignore
  return {
    name: 'partition',
    params: [I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32],
    results: [I32],
    body: [bytes([
      get(start), set(l),
      get(at), set(r),
      get(start), set(k),
      get(stop), i32(3), op.i32Sub, set(end4),
      op.block, op.loop,
        get(k), get(end4), op.i32GeS, op.brIf(1),
        is.map((i, j) => [addShifted(idx, k, 2), op.i32Load(4 * j), set(i)]),
        is.map((i, j) => goesLeft(i, as[j])),
        is.map((i, j) => place(i, as[j])),
        get(k), i32(4), add, set(k),
        op.br(0),
      op.end, op.end,
      op.block, op.loop,
        get(k), get(stop), op.i32GeU, op.brIf(1),
        addShifted(idx, k, 2), op.i32Load(), set(is[0]),
        goesLeft(is[0], as[0]),
        place(is[0], as[0]),
        get(k), i32(1), add, set(k),
        op.br(0),
      op.end, op.end,
      get(l), get(start), op.i32Sub,
    ])], // prettier-ignore
  };
}

/**
 * updateRows(raw, y, leafOf, values, grad, idx, lo, hi): `updateRows` of raw-update.ts: for rows i in
 * [lo, hi), raw[i] += values[leafOf[i]], grad[i] = float32(raw[i] − y[i]), idx[i] = i.
 */
function updateRows(): WasmFunction {
  const [raw, y, leafOf, values, grad, idx, lo, hi] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [i, a, r] = [8, 9, 10];
  return {
    name: 'updateRows',
    params: [I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, F64],
    body: [bytes([
      forLoop(i, get(lo), get(hi), [
        addShifted(raw, i, 3), set(a),
        get(a), op.f64Load(),
        get(values), addShifted(leafOf, i, 1), op.i32Load16U(), i32(3), shl, add, op.f64Load(),
        op.f64Add, set(r),
        get(a), get(r), op.f64Store(),
        addShifted(grad, i, 2), get(r), addShifted(y, i, 3), op.f64Load(), op.f64Sub, op.f32DemoteF64, op.f32Store(),
        addShifted(idx, i, 2), get(i), op.i32Store(),
      ], op.i32GeU),
    ])], // prettier-ignore
  };
}

/** sumF32(ptr, n): the float32s ptr[0..n) summed in order as float64s (one running sum, as the JS loops). */
function sumF32(): WasmFunction {
  const [ptr, n] = [0, 1];
  const [i, s] = [2, 3];
  return {
    name: 'sumF32',
    params: [I32, I32],
    locals: [I32, F64],
    results: [F64],
    body: [bytes([
      forLoop(i, i32(0), get(n), [
        get(s), addShifted(ptr, i, 2), op.f32Load(), op.f64PromoteF32, op.f64Add, set(s),
      ], op.i32GeU),
      get(s),
    ])], // prettier-ignore
  };
}

/** subtract(parent, sibling, n): parent[k] −= sibling[k] for the n float64s (n even), two per f64x2 (the same IEEE subtraction per lane). */
function subtract(): WasmFunction {
  const [parent, sibling, n] = [0, 1, 2];
  const [k, end] = [3, 4];
  return {
    name: 'subtract',
    params: [I32, I32, I32],
    locals: [I32, I32],
    body: [bytes([
      i32(0), set(k),
      get(n), i32(3), shl, set(end),
      op.block, op.loop,
        get(k), get(end), op.i32GeU, op.brIf(1),
        get(parent), get(k), add,
        get(parent), get(k), add, op.v128Load(),
        get(sibling), get(k), add, op.v128Load(),
        op.f64x2Sub, op.v128Store(),
        get(k), i32(16), add, set(k),
        op.br(0),
      op.end, op.end,
    ])], // prettier-ignore
  };
}

/**
 * scanUnit(hist, P, pairs, off, nbnm, hasMissing, F, nSamples, sumG, lossCurrent, minSamplesLeaf,
 * floor, res, cand) → found: the dense split scans of a whole node for unit hessians, no l2 and no
 * constraints (splitting.ts: `scanLeftToRightUnit`, then `scanRightToLeftUnit` for features with
 * missing values), one call per node (a call per feature pays V8's JS-to-wasm wrapper each time).
 * Feature f's bins start at byte off[f] of hist; nbnm[f] (i32s) non-missing bins, hasMissing[f] (bytes).
 *
 * WHY PAIRS: a scan's running gradient sum is one chain of dependent additions (the order fixes the
 * bits), and that chain, not the gain arithmetic, bounded the one-feature loop. The left-to-right
 * scans therefore run two features at once, one per f64x2 lane (`pairs`: P pairs of feature numbers,
 * −1 for none, see `featureBins`), so two chains overlap; each lane does the JS loop's operations on
 * its own sums, bin by bin. Once the shorter feature's bins end, its lane adds zeros, which leave its
 * sums, and so its gains, as they were. Each scan's winner (the first bin with the largest gain
 * above `floor`) goes to cand (4 float64s per feature and direction: gain, bin, the
 * scanned side's gradient sum and count; gain = floor when nothing beat it), and the candidates are
 * merged in the JS order (feature by feature, left-to-right before right-to-left, strictly larger
 * gains only): the winner a single running best would find, to the bit. Writes it to res (float64s:
 * gain, feature, bin, missing-left flag, scanned side's gradient sum and count) and returns 1, or 0
 * when nothing beat `floor`.
 */
function scanUnit(tiny: boolean): WasmFunction {
  const [hist, P, pairs, off, nbnm, hasMissing, F, nSamples, sumG, lossCurrent, minSamplesLeaf, floor, res, cand] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const [p, fa, fb, oA, oB, endA, endB, b, bin, f, c, k, found] = [14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26];
  const [gA, nA, nB, gB, gain, fl, gBest, nBest] = [27, 28, 29, 30, 31, 32, 33, 34];
  const [G, N, NB, GB, vGain, ok, floorV, nSv, sV, lossV, minV, epsV, hit, vA, vB, zeroV] = [35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50];
  const [BV, oneV, bestB, bestG, bestN] = [51, 52, 53, 54, 55];
  /** Where a feature's scan ends (exclusive): nbnm − 1, + 1 with missing values (they go right). */
  const scanEnd = (feature: number): Code => [addShifted(nbnm, feature, 2), op.i32Load(), i32(1), op.i32Sub, get(hasMissing), get(feature), add, op.i32Load8U(), add];
  const splat = (x: Code): Code => [x, op.f64x2Splat];
  /*
   * GAIN: the JS computes lossCurrent − gL·(−gL / (nL + 1e-15)) − gR·(−gR / (nR + 1e-15)). Here it is
   * (lossCurrent + gL·(gL / nL')) + gR·(gR / nR'), the same number: round-to-nearest is symmetric in
   * sign, so −g/n = −(g/n), g·(−q) = −(g·q) and a − (−b) = a + b. nL' = nL + 1e-15, or nL itself
   * when minSamplesLeaf ≥ 16 (`tiny` false): 1e-15 is under half an ulp of any count ≥ 16, so the
   * addition is exact there, and lanes with fewer samples are never scored.
   */
  const vectorTerm = (g: number, n: number): Code => [get(g), get(g), get(n), tiny ? [get(epsV), op.f64x2Add] : [], op.f64x2Div, op.f64x2Mul, op.f64x2Add];
  const scalarTerm = (g: number, n: number): Code => [get(g), get(g), get(n), tiny ? [op.f64Const(1e-15), op.f64Add] : [], op.f64Div, op.f64Mul, op.f64Add];
  // The low float64s of two bins (gradient sums), and the high ones (counts).
  const LOW = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
  const HIGH = [8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31];
  /** Stores lane `lane`'s winner as feature `feature`'s left-to-right candidate. */
  const storeLane = (feature: number, lane: number): Code => [
    get(cand), get(feature), i32(6), shl, add, set(c),
    get(c), get(floorV), op.f64x2ExtractLane(lane), op.f64Store(0),
    get(c), get(bestB), op.f64x2ExtractLane(lane), op.f64Store(8),
    get(c), get(bestG), op.f64x2ExtractLane(lane), op.f64Store(16),
    get(c), get(bestN), op.f64x2ExtractLane(lane), op.f64Store(24),
  ]; // prettier-ignore
  /** Stores a scan's winner as feature `feature`'s candidate at byte `at` of its 64. */
  const storeCandidate = (feature: number, at: number, best: Code, bin: number, g: number, n: number): Code => [
    get(cand), get(feature), i32(6), shl, add, i32(at), add, set(c),
    get(c), best, op.f64Store(0),
    get(c), get(bin), op.f64ConvertI32S, op.f64Store(8),
    get(c), get(g), op.f64Store(16),
    get(c), get(n), op.f64Store(24),
  ]; // prettier-ignore
  /**
   * One bin of the two-lane scan: lane 0 adds `binA` (a v128: gradient sum, count), lane 1 `binB`.
   * `exit`: the depth of the block that ends the pair's scan, seen from inside the step.
   */
  const pairStep = (binA: Code, binB: Code, exit: number): Code => [
    binA, set(vA),
    binB, set(vB),
    get(G), get(vA), get(vB), op.i8x16Shuffle(LOW), op.f64x2Add, set(G),
    get(N), get(vA), get(vB), op.i8x16Shuffle(HIGH), op.f64x2Add, set(N),
    get(nSv), get(N), op.f64x2Sub, set(NB),
    // The scans end once the unscanned side is under minSamplesLeaf in both lanes (it only shrinks).
    get(NB), get(minV), op.f64x2Ge, set(ok),
    get(ok), op.i64x2Bitmask, op.i32Eqz, op.brIf(exit),
    get(ok), get(N), get(minV), op.f64x2Ge, op.v128And, set(ok),
    get(sV), get(G), op.f64x2Sub, set(GB),
    get(lossV), vectorTerm(G, N), vectorTerm(GB, NB), set(vGain),
    // A lane's new best, kept without a branch: gains rise over long runs of bins on real data (71
    // new bests a node scan on the seed data), and a branch on each measured slower in fits (3.9
    // against 3.6 µs a scan).
    get(vGain), get(floorV), op.f64x2Gt, get(ok), op.v128And, set(hit),
    get(vGain), get(floorV), get(hit), op.v128Bitselect, set(floorV),
    get(BV), get(bestB), get(hit), op.v128Bitselect, set(bestB),
    get(G), get(bestG), get(hit), op.v128Bitselect, set(bestG),
    get(N), get(bestN), get(hit), op.v128Bitselect, set(bestN),
    get(BV), get(oneV), op.f64x2Add, set(BV),
  ]; // prettier-ignore
  const binOf = (o: number): Code => [get(o), get(b), i32(4), shl, add, op.v128Load()];
  // Both features' bins while both last, then the longer one's with zeros in the other lane (zero
  // bins leave a lane's sums, and so its gains, as they were).
  const bothLast = [get(endA), get(endB), get(endA), get(endB), op.i32LtS, op.select];
  // The leading bins, where neither lane's scanned side holds minSamplesLeaf yet (a third of the
  // bins on the seed data), only add up: no position there can be scored. Stops before the bin that
  // would bring either lane there, which the full steps then add.
  const lead = forLoop(b, i32(0), bothLast, [
    binOf(oA), set(vA),
    binOf(oB), set(vB),
    get(N), get(vA), get(vB), op.i8x16Shuffle(HIGH), op.f64x2Add, set(NB),
    get(NB), get(minV), op.f64x2Ge, op.i64x2Bitmask, op.brIf(1),
    get(NB), set(N),
    get(G), get(vA), get(vB), op.i8x16Shuffle(LOW), op.f64x2Add, set(G),
  ]); // prettier-ignore
  const pairScan = [
    lead,
    get(b), op.f64ConvertI32S, op.f64x2Splat, set(BV),
    op.block,
      forLoop(b, get(b), bothLast, pairStep(binOf(oA), binOf(oB), 2)),
      get(endA), get(endB), op.i32LtS,
      op.if, forLoop(b, get(b), get(endB), pairStep(get(zeroV), binOf(oB), 3)),
      op.else, forLoop(b, get(b), get(endA), pairStep(binOf(oA), get(zeroV), 3)),
      op.end,
    op.end,
  ]; // prettier-ignore
  // Right to left (features with missing values), one feature at a time: bins nbnm − 1 down to 1 go
  // right in turn (gA / nA: the right side); splitting below bin b puts missing values left.
  const rightToLeft = [
    get(floor), set(fl),
    op.f64Const(0), set(gA), op.f64Const(0), set(nA),
    get(hist), addShifted(off, f, 2), op.i32Load(), add, set(oA),
    addShifted(nbnm, f, 2), op.i32Load(), i32(1), op.i32Sub, set(b),
    op.block, op.loop,
      get(b), i32(1), op.i32LtS, op.brIf(1),
      get(gA), get(oA), get(b), i32(4), shl, add, op.f64Load(0), op.f64Add, set(gA),
      get(nA), get(oA), get(b), i32(4), shl, add, op.f64Load(8), op.f64Add, set(nA),
      op.block,
        get(nA), get(minSamplesLeaf), op.f64Lt, op.brIf(0),
        get(nSamples), get(nA), op.f64Sub, set(nB),
        get(nB), get(minSamplesLeaf), op.f64Lt, op.brIf(2),
        get(sumG), get(gA), op.f64Sub, set(gB),
        get(lossCurrent), scalarTerm(gB, nB), scalarTerm(gA, nA), set(gain),
        get(gain), get(fl), op.f64Gt,
        op.if,
          get(gain), set(fl),
          get(b), i32(1), op.i32Sub, set(bin),
          get(gA), set(gBest),
          get(nA), set(nBest),
        op.end,
      op.end,
      get(b), i32(1), op.i32Sub, set(b),
      op.br(0),
    op.end, op.end,
    storeCandidate(f, 32, get(fl), bin, gBest, nBest),
  ]; // prettier-ignore
  return {
    name: tiny ? 'scanUnitTiny' : 'scanUnit',
    params: [I32, I32, I32, I32, I32, I32, I32, F64, F64, F64, F64, F64, I32, I32],
    locals: [...Array<number>(13).fill(I32), ...Array<number>(8).fill(F64), ...Array<number>(21).fill(V128)],
    results: [I32],
    body: [bytes([
      splat(op.f64Const(0)), set(zeroV),
      splat(op.f64Const(1)), set(oneV),
      splat(get(nSamples)), set(nSv), splat(get(sumG)), set(sV), splat(get(lossCurrent)), set(lossV),
      splat(get(minSamplesLeaf)), set(minV), tiny ? [splat(op.f64Const(1e-15)), set(epsV)] : [],
      forLoop(p, i32(0), get(P), [
        addShifted(pairs, p, 3), op.i32Load(0), set(fa),
        addShifted(pairs, p, 3), op.i32Load(4), set(fb),
        get(hist), addShifted(off, fa, 2), op.i32Load(), add, set(oA),
        scanEnd(fa), set(endA),
        get(zeroV), set(G),
        get(fb), i32(0), op.i32GeS,
        op.if,
          get(hist), addShifted(off, fb, 2), op.i32Load(), add, set(oB),
          scanEnd(fb), set(endB),
          get(zeroV), set(N),
        op.else,
          // No second feature: its lane reads zeros and, with an infinite count, never qualifies.
          i32(0), set(endB),
          get(zeroV), op.f64Const(Infinity), op.f64x2ReplaceLane(1), set(N),
        op.end,
        splat(get(floor)), set(floorV),
        pairScan,
        storeLane(fa, 0),
        get(fb), i32(0), op.i32GeS,
        op.if, storeLane(fb, 1), op.end,
      ]),
      forLoop(f, i32(0), get(F), [
        get(hasMissing), get(f), add, op.i32Load8U(),
        op.if, rightToLeft,
        op.else, get(cand), get(f), i32(6), shl, add, get(floor), op.f64Store(32),
        op.end,
      ]),
      // The merge, in the order of the JS scans: strictly larger gains only, so ties keep the first.
      get(floor), set(fl),
      i32(0), set(found),
      forLoop(k, i32(0), [get(F), i32(1), shl], [
        get(cand), get(k), i32(5), shl, add, set(c),
        get(c), op.f64Load(0), get(fl), op.f64Gt,
        op.if,
          get(c), op.f64Load(0), set(fl),
          get(res), get(fl), op.f64Store(0),
          get(res), get(k), i32(1), op.i32ShrU, op.f64ConvertI32S, op.f64Store(8),
          get(res), get(c), op.f64Load(8), op.f64Store(16),
          get(res), get(k), i32(1), op.i32And, op.f64ConvertI32S, op.f64Store(24),
          get(res), get(c), op.f64Load(16), op.f64Store(32),
          get(res), get(c), op.f64Load(24), op.f64Store(40),
          i32(1), set(found),
        op.end,
      ]),
      get(found),
    ])], // prettier-ignore
  };
}

/** setLeaf(idx, leafOf, start, stop, j): leafOf[idx[k]] = j (16-bit) for k in [start, stop): one leaf's rows get its number (see `leafNumbers`, `scatterLeafNumbers`). */
function setLeaf(): WasmFunction {
  const [idx, leafOf, start, stop, j] = [0, 1, 2, 3, 4];
  const [k] = [5];
  return {
    name: 'setLeaf',
    params: [I32, I32, I32, I32, I32],
    locals: [I32],
    body: [bytes([
      forLoop(k, get(start), get(stop), [
        get(leafOf), addShifted(idx, k, 2), op.i32Load(), i32(1), shl, add, get(j), op.i32Store16(),
      ], op.i32GeU),
    ])], // prettier-ignore
  };
}

/**
 * markSparse(out, rowBins, F, off, idx, start, stop, used): the first pass of
 * `buildHistogramRowsSparse` for stride 2: each sample's bin of every feature is marked in the
 * used-bin bitmap (bit b & 31 of word f·8 + (b >> 5)) and its two float64s zeroed.
 */
function markSparse(): WasmFunction {
  const [out, rowBins, F, off, idx, start, stop, used] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [k, r, f, b, w] = [8, 9, 10, 11, 12];
  return {
    name: 'markSparse',
    params: [I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32],
    body: [bytes([
      forLoop(k, get(start), get(stop), [
        get(rowBins), addShifted(idx, k, 2), op.i32Load(), get(F), mul, add, set(r),
        i32(0), set(f),
        op.block, op.loop,
          get(f), get(F), op.i32GeU, op.brIf(1),
          get(r), get(f), add, op.i32Load8U(), set(b),
          // used[f·8 + (b >> 5)] |= 1 << (b & 31)
          get(used), get(f), i32(3), shl, get(b), i32(5), op.i32ShrU, add, i32(2), shl, add, set(w),
          get(w), get(w), op.i32Load(), i32(1), get(b), shl, op.i32Or, op.i32Store(),
          get(out), addShifted(off, f, 2), op.i32Load(), add, get(b), i32(4), shl, add, set(w),
          get(w), op.f64Const(0), op.f64Store(0),
          get(w), op.f64Const(0), op.f64Store(8),
          get(f), i32(1), add, set(f),
          op.br(0),
        op.end, op.end,
      ], op.i32GeU),
    ])], // prettier-ignore
  };
}

/**
 * subtractMarked(parent, sibling, used, F, off): `parent −= sibling` over the bins marked in the
 * sibling's used-bin bitmap (histogram.ts's `subtractMarkedBins` for stride 2: the same bins in the
 * same ascending order, each bin's two float64s subtracted in f64x2 lanes, the same differences).
 */
/** histogram-kernels.ts's USED_WORDS (bitmap words per feature), repeated so this module imports no JS. */
const USED_WORDS = 8;

function subtractMarked(): WasmFunction {
  const [parent, sibling, used, F, off] = [0, 1, 2, 3, 4];
  const [f, w, bits, o] = [5, 6, 7, 8];
  return {
    name: 'subtractMarked',
    params: [I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32],
    body: [bytes([
      forLoop(f, i32(0), get(F), forLoop(w, i32(0), i32(USED_WORDS), [
        get(used), get(f), i32(USED_WORDS), mul, get(w), add, i32(2), shl, add, op.i32Load(), set(bits),
        op.block, op.loop,
          get(bits), op.i32Eqz, op.brIf(1),
          // The lowest marked bin: off[f] + 16·(32·w + ctz(bits)) bytes into each histogram.
          addShifted(off, f, 2), op.i32Load(), get(w), i32(5), shl, get(bits), op.i32Ctz, add, i32(4), shl, add, set(o),
          get(parent), get(o), add,
          get(parent), get(o), add, op.v128Load(),
          get(sibling), get(o), add, op.v128Load(),
          op.f64x2Sub, op.v128Store(),
          get(bits), get(bits), i32(1), op.i32Sub, op.i32And, set(bits),
          op.br(0),
        op.end, op.end,
      ])),
    ])], // prettier-ignore
  };
}

/** copy(dst, src, bytes): memory.copy. TypedArray copies into shared memory go element by element (relaxed atomics); this is one memmove. */
function copy(): WasmFunction {
  return { name: 'copy', params: [I32, I32, I32], locals: [], body: [bytes([get(0), get(1), get(2), op.memoryCopy])] };
}

type ScanUnitFn = (hist: number, P: number, pairs: number, off: number, nbnm: number, hasMissing: number, F: number, nSamples: number, sumG: number, lossCurrent: number, minSamplesLeaf: number, floor: number, res: number, cand: number) => number;

interface Exports {
  rowsIndexed(out: number, rowBins: number, F: number, off: number, f0: number, f1: number, idx: number, start: number, stop: number, grad: number): void;
  rootPair(out: number, offA: number, binsA: number, widthA: number, offB: number, binsB: number, widthB: number, n: number, grad: number, scr: number, wmax: number): void;
  partition(bins: number, binIdx: number, leftBin: number, idx: number, start: number, stop: number, scr: number, at: number): number;
  updateRows(raw: number, y: number, leafOf: number, values: number, grad: number, idx: number, lo: number, hi: number): void;
  sumF32(ptr: number, n: number): number;
  subtract(parent: number, sibling: number, n: number): void;
  setLeaf(idx: number, leafOf: number, start: number, stop: number, j: number): void;
  copy(dst: number, src: number, bytes: number): void;
  markSparse(out: number, rowBins: number, F: number, off: number, idx: number, start: number, stop: number, used: number): void;
  subtractMarked(parent: number, sibling: number, used: number, F: number, off: number): void;
  scanUnit: ScanUnitFn;
  scanUnitTiny: ScanUnitFn;
}

const kernels = new KernelModule<Exports>(() => [rowsIndexed(), rootPair(), partition(), updateRows(), sumF32(), subtract(), scanUnit(false), setLeaf(), copy(), markSparse(), subtractMarked(), scanUnit(true)]);

/**
 * What the split scan reads and writes, in the arena: per feature the non-missing bin count (i32s)
 * and missing-value flag (bytes); the features paired for the two-lane scans (i32 pairs, −1 for
 * none); the scans' candidates (8 float64s a feature); the 6-float64 result.
 */
export interface FeatureBins {
  readonly nBinsNonMissing: Int32Array;
  readonly hasMissingValues: Uint8Array;
  readonly pairs: Int32Array;
  readonly candidates: Float64Array;
  readonly result: Float64Array;
}

/** Bytes `featureBins` allocates for `nFeatures` (without alignment). */
export function featureBinsBytes(nFeatures: number): number {
  return nFeatures * (4 + 1 + 4 + 64) + 4 + 48;
}

/**
 * The scan's `FeatureBins` for these bin counts, allocated from `alloc` (the arena). Features are
 * paired by scan length, longest first, so a pair's lanes run about as long (the pair's loop runs
 * to the longer one): 2,282 bins cost 1,223 lane-pair steps on the seed data, against 1,565 for
 * neighbours.
 */
export function featureBins(alloc: Allocator, nBinsNonMissing: ArrayLike<number>, hasMissingValues: ArrayLike<number>): FeatureBins {
  const F = nBinsNonMissing.length;
  const bins: FeatureBins = {
    nBinsNonMissing: alloc.i32(F),
    hasMissingValues: alloc.u8(F),
    pairs: alloc.i32(2 * Math.ceil(F / 2)),
    candidates: alloc.f64(8 * F),
    result: alloc.f64(6),
  };
  bins.nBinsNonMissing.set(nBinsNonMissing);
  bins.hasMissingValues.set(hasMissingValues);
  const byLength = Array.from({ length: F }, (_, f) => f).sort((a, b) => nBinsNonMissing[b] + hasMissingValues[b] - (nBinsNonMissing[a] + hasMissingValues[a]) || a - b);
  bins.pairs.fill(-1);
  bins.pairs.set(byLength);
  return bins;
}

/** Views `HgbKernels.isView` compares by identity before its WeakSet. */
const RECENT_VIEWS = 8;

/** Float64s of one thread's kernel scratch: the root kernel's 8 × 256 sub-histogram entries. */
export const KERNEL_SCRATCH = 8 * 256;

/**
 * The kernels bound to one arena memory, for one thread: `binOffsetBytes[f]` = byte offset of feature
 * f's first bin in a histogram (stride-2 layout), and `scratch` this thread's `KERNEL_SCRATCH`
 * float64s, both views of the same memory.
 */
export class HgbKernels {
  private constructor(
    private readonly exports: Exports,
    readonly memory: WasmMemory,
    binOffsetBytes: Int32Array,
    scratch: Float64Array,
    private readonly features: FeatureBins | null,
  ) {
    this.buffer = memory.buffer;
    this.offBytes = binOffsetBytes.byteOffset;
    this.scratchBytes = scratch.byteOffset;
    this.scan = features && {
      F: features.nBinsNonMissing.length,
      P: features.pairs.length / 2,
      pairs: features.pairs.byteOffset,
      nbnm: features.nBinsNonMissing.byteOffset,
      hasMissing: features.hasMissingValues.byteOffset,
      result: features.result.byteOffset,
      candidates: features.candidates.byteOffset,
    };
  }

  /*
   * VIEW_FACTS: `buffer` and `byteOffset` of a typed array over wasm memory are slow getters here
   * (~30 ns a `.buffer`, measured), and they ran before every kernel call (`owns` alone was ~4 % of
   * a 914-row fit). The memory never grows, so its buffer and the fixed arrays' offsets are read
   * once, and an array found to be a view of this memory is remembered.
   */
  private readonly buffer: ArrayBuffer | SharedArrayBuffer;
  private readonly offBytes: number;
  private readonly scratchBytes: number;
  private readonly scan: { readonly F: number; readonly P: number; readonly pairs: number; readonly nbnm: number; readonly hasMissing: number; readonly result: number; readonly candidates: number } | null;
  private readonly views = new WeakSet<ArrayBufferView>();
  private readonly recent: (ArrayBufferView | null)[] = Array<ArrayBufferView | null>(RECENT_VIEWS).fill(null);
  private recentNext = 0;

  /** Null where WebAssembly is unavailable. `features`: what the split scan needs (the caller's thread only). */
  static create(memory: WasmMemory, binOffsetBytes: Int32Array, scratch: Float64Array, features: FeatureBins | null = null): HgbKernels | null {
    const exports = kernels.on(memory);
    return exports && new HgbKernels(exports, memory, binOffsetBytes, scratch, features);
  }

  /**
   * The node's dense unit-hessian split scans (see `scanUnit`; the caller checks that the node
   * qualifies): true when a split beat `floor`, described by `splitResult` (gain, feature, bin,
   * missing-left flag, the scanned side's gradient sum and count). Needs the `features` given at creation.
   */
  scanUnit(hist: Float64Array, nSamples: number, sumGradients: number, lossCurrent: number, minSamplesLeaf: number, floor: number): boolean {
    const sc = this.scan!;
    const scan = minSamplesLeaf >= 16 ? this.exports.scanUnit : this.exports.scanUnitTiny;
    return scan(hist.byteOffset, sc.P, sc.pairs, this.offBytes, sc.nbnm, sc.hasMissing, sc.F, nSamples, sumGradients, lossCurrent, minSamplesLeaf, floor, sc.result, sc.candidates) === 1;
  }

  /** Where `scanUnit` describes its split. */
  get splitResult(): Float64Array {
    return this.features!.result;
  }

  /** Whether `scanUnit` can run (the kernels were made with the features' bin counts). */
  get scans(): boolean {
    return this.features !== null;
  }

  /** Whether every array is a view of this memory (else the caller runs the JS kernel). */
  owns(a: ArrayBufferView, b: ArrayBufferView = a, c: ArrayBufferView = a, d: ArrayBufferView = a, e: ArrayBufferView = a, f: ArrayBufferView = a): boolean {
    // Fixed arity, no rest array: this runs before every kernel call (a rest parameter's array cost ~2 % of a small fit).
    return this.isView(a) && this.isView(b) && this.isView(c) && this.isView(d) && this.isView(e) && this.isView(f);
  }

  /**
   * See VIEW_FACTS. The last few views found are compared first: a fit passes the same few arrays
   * (indices, bins, gradients, a handful of histogram slots) thousands of times, and `WeakSet.has`
   * took ~2 % of a 914-row fit.
   */
  private isView(a: ArrayBufferView): boolean {
    const recent = this.recent;
    for (let k = 0; k < RECENT_VIEWS; k++) if (recent[k] === a) return true;
    if (!this.views.has(a)) {
      if (a.buffer !== this.buffer) return false;
      this.views.add(a);
    }
    recent[this.recentNext] = a;
    this.recentNext = (this.recentNext + 1) % RECENT_VIEWS;
    return true;
  }

  /** `buildHistogramRowsIndexed` with stride 2 (see there); arrays must be views of this memory. */
  rowsIndexed(out: Float64Array, rowBins: Uint8Array, nFeatures: number, f0: number, f1: number, indices: Uint32Array, start: number, stop: number, gradients: Float32Array): void {
    this.exports.rowsIndexed(out.byteOffset, rowBins.byteOffset, nFeatures, this.offBytes, f0, f1, indices.byteOffset, start, stop, gradients.byteOffset);
  }

  /** `partitionRange` (see there); arrays must be views of this memory. Returns the left count. */
  partition(bins: Uint8Array, binIdx: number, missingGoToLeft: boolean, missingBin: number, indices: Uint32Array, start: number, stop: number, scratch: Uint32Array, at: number): number {
    return this.exports.partition(bins.byteOffset, binIdx, missingGoToLeft ? missingBin : -1, indices.byteOffset, start, stop, scratch.byteOffset, at);
  }

  /** `updateRows` of raw-update.ts (same arithmetic); arrays must be views of this memory. */
  updateRows(raw: Float64Array, y: Float64Array, leafOf: Uint16Array, values: Float64Array, grad: Float32Array, indices: Uint32Array, lo: number, hi: number): void {
    this.exports.updateRows(raw.byteOffset, y.byteOffset, leafOf.byteOffset, values.byteOffset, grad.byteOffset, indices.byteOffset, lo, hi);
  }

  /** `subtractHistograms(parent, sibling, parent)` (same result); both views of this memory, of an even length. */
  subtract(parent: Float64Array, sibling: Float64Array): void {
    this.exports.subtract(parent.byteOffset, sibling.byteOffset, parent.length);
  }

  /** `parent −= sibling` over the bins marked in `used` (histogram.ts's `subtractMarkedBins`, stride 2); all views of this memory. */
  subtractMarked(parent: Float64Array, sibling: Float64Array, used: Uint32Array, nFeatures: number): void {
    this.exports.subtractMarked(parent.byteOffset, sibling.byteOffset, used.byteOffset, nFeatures, this.offBytes);
  }

  /** The marking pass of `buildHistogramRowsSparse` (stride 2); all arrays views of this memory. */
  markSparse(out: Float64Array, rowBins: Uint8Array, nFeatures: number, indices: Uint32Array, start: number, stop: number, used: Uint32Array): void {
    this.exports.markSparse(out.byteOffset, rowBins.byteOffset, nFeatures, this.offBytes, indices.byteOffset, start, stop, used.byteOffset);
  }

  /** `to.set(from.subarray(fromAt, fromAt + count), toAt)` for index arrays of this memory (overlap allowed, as copyWithin). */
  copyIndices(to: Uint32Array, toAt: number, from: Uint32Array, fromAt: number, count: number): void {
    if (count > 0) this.exports.copy(to.byteOffset + 4 * toAt, from.byteOffset + 4 * fromAt, 4 * count);
  }

  /** leafOf[indices[k]] = leaf for k in [start, stop); both views of this memory. */
  setLeaf(indices: Uint32Array, leafOf: Uint16Array, start: number, stop: number, leaf: number): void {
    this.exports.setLeaf(indices.byteOffset, leafOf.byteOffset, start, stop, leaf);
  }

  /** Σ a[i] in order (float64 running sum); `a` must be a view of this memory. */
  sum(a: Float32Array): number {
    return this.exports.sumF32(a.byteOffset, a.length);
  }

  /** `buildHistogramRootGradientsPair` (offsets in float64s, as there); arrays must be views of this memory. */
  rootPair(out: Float64Array, offsetA: number, binsA: Uint8Array, widthA: number, offsetB: number, binsB: Uint8Array, widthB: number, n: number, gradients: Float32Array): void {
    const base = out.byteOffset;
    this.exports.rootPair(base, 8 * offsetA, binsA.byteOffset, widthA, 8 * offsetB, binsB.byteOffset, widthB, n, gradients.byteOffset, this.scratchBytes, Math.max(widthA, widthB));
  }
}
