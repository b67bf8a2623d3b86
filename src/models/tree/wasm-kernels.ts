/**
 * The trees' hot loops as WebAssembly, for the index-only layout: the partition (partition.ts:
 * `partitionSegments` and `compactSegments`, the same writes in the same order, so segments come out
 * identical; one call per split covers every feature) and the split scans (splitter.ts: `scanUnit`
 * and `scanFast`, each with the squared-error or Friedman proxy; the squared-error ones two features
 * at a time; the same float64 operations in the same order, so the same proxies and the same chosen
 * position). Tested against the JS loops. The arrays must be views of one `Arena` memory (the tree `Workspace`
 * allocates them there); pointers are their byte offsets.
 */
import { type Code, F64, I32, KernelModule, V128, type WasmFunction, bytes, elementAddress, type WasmMemory, forLoop, op } from '../../core/wasm-asm.js';

const { localGet: get, localSet: set, i32Const: i32, i32Add: add, i32Sub: sub, i32Mul: mul, i32Shl: shl } = op;
const at4 = (base: number, k: number) => elementAddress(base, k, 2);
/** float64 k of the array at local `base`. */
const f64At = (base: number, k: number): Code => [elementAddress(base, k, 3), op.f64Load()];

/**
 * `for j in [from, to)` over the features a partition touches: not `skip`, and not flagged constant
 * (bit j of `constant` for 0 < j < 31, see SKIPPING_CONSTANT in partition.ts); `from` pushes the
 * first j; `body` runs with local `seg` = j · nSamples.
 */
function forFeatures(j: number, from: Code, to: number, skip: number, constant: number, nSamples: number, seg: number, body: Code): Code {
  return [
    forLoop(j, from, get(to), [
      op.block,
        get(j), get(skip), op.i32Eq, op.brIf(0),
        // Constant: 0 < j < 31 and bit j set.
        get(j), i32(0), op.i32GtU, get(j), i32(31), op.i32LtU, op.i32And,
        get(constant), get(j), op.i32ShrU, i32(1), op.i32And, op.i32And, op.brIf(0),
        get(j), get(nSamples), mul, set(seg),
        body,
      op.end,
    ], op.i32GeU),
  ]; // prettier-ignore
}

/** Into locals `from` and `to`: the byte addresses of order[seg + start] and order[seg + end] (a node's rows in one feature's segment). */
function segmentBounds(order: number, seg: number, start: number, end: number, from: number, to: number): Code {
  return [get(seg), get(start), add, set(from), at4(order, from), set(from), get(seg), get(end), add, set(to), at4(order, to), set(to)];
}

/** goesLeft[order[p]] = value for p in [from, to) (p: a local, walked as a byte address). */
function markRows(order: number, goesLeft: number, from: number, to: number, value: number, p: number, stop: number): Code {
  return [
    at4(order, from), set(p),
    at4(order, to), set(stop),
    op.block, op.loop,
      get(p), get(stop), op.i32GeU, op.brIf(1),
      get(goesLeft), get(p), op.i32Load(), add, i32(value), op.i32Store8(),
      get(p), i32(4), add, set(p),
      op.br(0),
    op.end, op.end,
  ]; // prettier-ignore
}

/**
 * partition(order, nSamples, nFeatures, skip, start, end, goesLeft, scratch, constant, markFrom,
 * markTo, unmark): `partitionSegments` with values = null, the rows at order[markFrom, markTo)
 * flagged in goesLeft first (the split feature's left rows; it is the skipped segment, so they stay
 * put) and, with `unmark`, cleared after (else `compact` clears them).
 */
function partition(): WasmFunction {
  const [order, nSamples, nFeatures, skip, start, end, goesLeft, scratch, constant, markFrom, markTo, unmark] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const [j, seg, p, stop, l, r, i, g] = [12, 13, 14, 15, 16, 17, 18, 19];
  return {
    name: 'partition',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, I32, I32, I32],
    body: [bytes([markRows(order, goesLeft, markFrom, markTo, 1, p, stop), forFeatures(j, i32(0), nFeatures, skip, constant, nSamples, seg, [
      // Byte addresses: p reads the segment, l writes its left rows, r the right ones into scratch.
      segmentBounds(order, seg, start, end, p, stop),
      get(p), set(l),
      get(scratch), set(r),
      // Every row written to both sides, only its side's cursor moving (see partitionSegments).
      op.block, op.loop,
        get(p), get(stop), op.i32GeU, op.brIf(1),
        get(p), op.i32Load(), set(i),
        get(goesLeft), get(i), add, op.i32Load8U(), i32(2), shl, set(g),
        get(l), get(i), op.i32Store(),
        get(r), get(i), op.i32Store(),
        get(l), get(g), add, set(l),
        get(r), i32(4), get(g), sub, add, set(r),
        get(p), i32(4), add, set(p),
        op.br(0),
      op.end, op.end,
      // The right rows follow the left ones (one memmove).
      get(l), get(scratch), get(r), get(scratch), sub, op.memoryCopy,
    ]), get(unmark), op.if, markRows(order, goesLeft, markFrom, markTo, 0, p, stop), op.end])], // prettier-ignore
  };
}

/**
 * compact(order, nSamples, from, nFeatures, skip, start, end, goesLeft, keepLeft, constant,
 * markFrom, markTo): `compactSegments` with values = null, then the flags of the rows at
 * order[markFrom, markTo) cleared (see `partition`).
 */
function compact(): WasmFunction {
  const [order, nSamples, from, nFeatures, skip, start, end, goesLeft, keepLeft, constant, markFrom, markTo] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const [j, seg, p, lo, l, i] = [12, 13, 14, 15, 16, 17];
  return {
    name: 'compact',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, I32],
    body: [bytes([forFeatures(j, get(from), nFeatures, skip, constant, nSamples, seg, [
      // Byte addresses (p reads, l writes): the segment's start and end.
      segmentBounds(order, seg, start, end, p, lo),
      get(keepLeft),
      op.if,
        // Left rows kept in order from the segment's start; a dropped row is written, then overwritten.
        get(p), set(l),
        op.block, op.loop,
          get(p), get(lo), op.i32GeU, op.brIf(1),
          get(p), op.i32Load(), set(i),
          get(l), get(i), op.i32Store(),
          get(l), get(goesLeft), get(i), add, op.i32Load8U(), i32(2), shl, add, set(l),
          get(p), i32(4), add, set(p),
          op.br(0),
        op.end, op.end,
      op.else,
        // Right rows kept in order up to the segment's end, walking down (the mirror): l one past
        // the next slot to write, p one past the next row to read.
        get(p), get(lo), set(p), set(lo), // now p = the end, lo = the start
        get(p), set(l),
        op.block, op.loop,
          get(p), get(lo), op.i32LeU, op.brIf(1),
          get(p), i32(4), sub, set(p),
          get(p), op.i32Load(), set(i),
          get(l), i32(4), sub, get(i), op.i32Store(),
          get(l), i32(4), get(goesLeft), get(i), add, op.i32Load8U(), i32(2), shl, sub, sub, set(l),
          op.br(0),
        op.end, op.end,
      op.end,
    ]), markRows(order, goesLeft, markFrom, markTo, 0, p, lo)])], // prettier-ignore
  };
}

/** splitter.ts's FEATURE_THRESHOLD (values closer than this are equal); repeated so this module imports no JS. */
const FEATURE_THRESHOLD = 1e-7;

/**
 * scanNode(order, cols, nRows, nSamples, features, count, wy, w, start, end, minSamplesLeaf, wTot,
 * sTot, minWeightLeaf, bestProxy, res) → bestQ: the fast split scans of one node with the Friedman
 * proxy (see `Splitter.scanUnit` / `scanFast`; the squared-error proxy scans in pairs,
 * `scanNodePairs`) over the `count` features listed at `features` (i32s, in the
 * node's visiting order). Feature f's rows are order[f·nSamples + start .. + end) and its column
 * starts at cols + 8·f·nRows. Per feature, rows before the first allowed position are only summed,
 * then every position up to the last allowed is tried, keeping the first strictly best proxy at a
 * valid position (a value step, both sides heavy enough), across features in list order. Returns
 * the winner's absolute position q (−1: none beat `bestProxy`), its proxy in res[0] and its feature
 * in res[1] (float64s). One call per node: a call per feature cost more in V8's JS-to-wasm wrapper
 * than the scan saved. `unit`: every weight is 1 (the left weight is the row count, w unread).
 */
function scanNode(name: string, unit: boolean): WasmFunction {
  const [order, cols, nRows, nSamples, features, count, wy, w, start, end, minSamplesLeaf, wTot, sTot, minWeightLeaf, bestProxy, res] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  const [q, i, bestQ, sl, wl, v, next, wr, sr, proxy, diff, k, f, col, q0, qFirst, qLast, bestF] = [16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33];
  const addRow = [
    unit ? [] : [get(wl), f64At(w, i), op.f64Add, set(wl)],
    get(sl), f64At(wy, i), op.f64Add, set(sl),
  ]; // prettier-ignore
  // Friedman's proxy: (wr·sl − wl·sr)² / (wl·wr).
  const proxyCode = [get(wr), get(sl), op.f64Mul, get(wl), get(sr), op.f64Mul, op.f64Sub, set(diff), get(diff), get(diff), op.f64Mul, get(wl), get(wr), op.f64Mul, op.f64Div];
  const scanFeature = [
    // q0 = f·nSamples + start; qFirst = q0 + max(1, minSamplesLeaf); qLast = f·nSamples + end − minSamplesLeaf.
    get(f), get(nSamples), mul, get(start), add, set(q0),
    get(q0), get(minSamplesLeaf), i32(1), get(minSamplesLeaf), i32(1), op.i32GtS, op.select, add, set(qFirst),
    get(f), get(nSamples), mul, get(end), add, get(minSamplesLeaf), sub, set(qLast),
    get(cols), get(f), get(nRows), mul, i32(3), shl, add, set(col),
    op.f64Const(0), set(sl),
    op.f64Const(0), set(wl),
    forLoop(q, [get(q0), i32(1), add], get(qFirst), [
      get(q), get(qLast), op.i32GtS, op.brIf(1),
      at4(order, q), i32(4), sub, op.i32Load(), set(i),
      addRow,
    ]),
    at4(order, q), i32(4), sub, op.i32Load(), set(i),
    f64At(col, i), set(v),
    op.block, op.loop,
      get(q), get(qLast), op.i32GtS, op.brIf(1),
      addRow,
      at4(order, q), op.i32Load(), set(i),
      f64At(col, i), set(next),
      unit ? [get(q), get(q0), sub, op.f64ConvertI32S, set(wl)] : [],
      get(wTot), get(wl), op.f64Sub, set(wr),
      get(sTot), get(sl), op.f64Sub, set(sr),
      proxyCode, set(proxy),
      // The rare improvement pays for the tie and weight checks (BRANCH_FREE_TIES in splitter.ts).
      get(proxy), get(bestProxy), op.f64Gt,
      op.if,
        get(next), get(v), op.f64Const(FEATURE_THRESHOLD), op.f64Add, op.f64Gt,
        get(wl), get(minWeightLeaf), op.f64Ge, op.i32And,
        get(wr), get(minWeightLeaf), op.f64Ge, op.i32And,
        op.if,
          get(proxy), set(bestProxy),
          get(q), set(bestQ),
          get(f), set(bestF),
        op.end,
      op.end,
      get(next), set(v),
      get(q), i32(1), add, set(q),
      op.br(0),
    op.end, op.end,
  ]; // prettier-ignore
  return {
    name,
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, F64, F64, F64, F64, I32],
    locals: [I32, I32, I32, F64, F64, F64, F64, F64, F64, F64, F64, I32, I32, I32, I32, I32, I32, I32],
    results: [I32],
    body: [bytes([
      i32(-1), set(bestQ),
      i32(-1), set(bestF),
      forLoop(k, i32(0), get(count), [
        at4(features, k), op.i32Load(), set(f),
        scanFeature,
      ]),
      get(res), get(bestProxy), op.f64Store(),
      get(res), get(bestF), op.f64ConvertI32S, op.f64Store(8),
      get(bestQ),
    ])], // prettier-ignore
  };
}

/**
 * scanMsePairs / scanUnitMsePairs: `scanNode` with the squared-error proxy (the default trees' and
 * forests' scan), two listed features at a time, one per f64x2 lane (an odd last one is paired with
 * itself). Both features of a node have the same positions; each lane does the one-feature loop's
 * operations on its own sums (left weight and target sums; with unit weights the left weight is
 * the position, the same in both lanes), so the same proxies. That loop was bound by its chains of
 * left-sum additions more than by the divider, and two chains overlap here. Each lane keeps its
 * first strictly best valid position above the best so far; the pair's winners are then taken in
 * list order, strictly larger only: the single scan's winner. The features listed may include ones
 * constant in the node (findBest leaves that test here when it visits every feature): they are
 * found as findBest would (last value ≤ first + FEATURE_THRESHOLD), reported as bits (f < 31) in
 * res[2], and never win (every position is a tie); a pair of them is not scanned.
 */
function scanNodePairs(unit: boolean): WasmFunction {
  const [order, cols, nRows, nSamples, features, count, wy, w, start, end, minSamplesLeaf, wTot, sTot, minWeightLeaf, bestProxy, res] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  const [k, fA, fB, q0A, q0B, t, tFirst, tLast, iA, iB, colA, colB, bestQA, bestQB, bestQ, bestF, bits, pA, pB] = [16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34];
  const [vA, vB, nextA, nextB] = [35, 36, 37, 38];
  const [SL, SR, PROXY, FLOOR, STOT, WL, WR, WTOT, OK, ONE] = [39, 40, 41, 42, 43, 44, 45, 46, 47, 48];
  const [constant, varies, pLast] = [49, 50, 51];
  /** (base[iA], base[iB]) as one f64x2, loaded straight into its lanes (iA, iB are byte offsets, row · 8). */
  const pairOf = (base: number): Code => [get(base), get(iB), add, get(base), get(iA), add, op.v128Load64Splat(), op.v128Load64Lane(1)];
  /** The float64 at byte offset `i` of the array at `base`. */
  const f64Near = (base: number, i: number): Code => [get(base), get(i), add, op.f64Load()];
  /** The row at byte address `at` (+ offset), as its byte offset in the float64 arrays. */
  const rowOffset = (at: number, offset: number): Code => [get(at), op.i32Load(offset), i32(3), shl];
  /** WL += (w[iA], w[iB]) (weighted), then SL += (wy[iA], wy[iB]), as the one-feature loop adds. */
  const addRows = [unit ? [] : [get(WL), pairOf(w), op.f64x2Add, set(WL)], get(SL), pairOf(wy), op.f64x2Add, set(SL)];
  /** Lane `lane` improved (bit set, a value step, both sides heavy enough: `bits` has the weight checks): its floor and position. */
  const recordLane = (lane: number, next: number, v: number, at: number, bestQL: number): Code => [
    get(bits), i32(lane), op.i32ShrU, i32(1), op.i32And,
    get(next), get(v), op.f64Const(FEATURE_THRESHOLD), op.f64Add, op.f64Gt, op.i32And,
    op.if,
      get(FLOOR), get(PROXY), op.f64x2ExtractLane(lane), op.f64x2ReplaceLane(lane), set(FLOOR),
      // The position q0 + t, from the lane's pointer (at order[q0 + t − 1]).
      get(at), get(order), sub, i32(2), op.i32ShrU, i32(1), add, set(bestQL),
    op.end,
  ]; // prettier-ignore
  /** The lane's winner, if any, against the best so far (list order, strictly larger). */
  const mergeLane = (lane: number, bestQL: number, f: number): Code => [
    get(bestQL), i32(0), op.i32GeS,
    get(FLOOR), op.f64x2ExtractLane(lane), get(bestProxy), op.f64Gt, op.i32And,
    op.if,
      get(FLOOR), op.f64x2ExtractLane(lane), set(bestProxy),
      get(bestQL), set(bestQ),
      get(f), set(bestF),
    op.end,
  ]; // prettier-ignore
  /**
   * Whether feature f's values vary in the node (its last value above its first by more than
   * FEATURE_THRESHOLD, as findBest tests); if not, bit f (f < 31) joins `constant`.
   */
  const checkVaries = (f: number, q0: number, col: number): Code => [
    get(col), get(order), get(q0), get(end), get(start), sub, i32(1), sub, add, i32(2), shl, add, op.i32Load(), i32(3), shl, add, op.f64Load(),
    get(col), get(order), get(q0), i32(2), shl, add, op.i32Load(), i32(3), shl, add, op.f64Load(),
    op.f64Const(FEATURE_THRESHOLD), op.f64Add, op.f64Gt,
    op.if,
      i32(1), set(varies),
    op.else,
      get(f), i32(31), op.i32LtU,
      op.if, get(constant), i32(1), get(f), shl, op.i32Or, set(constant), op.end,
    op.end,
  ]; // prettier-ignore
  const scanPair = [
    get(fA), get(nSamples), mul, get(start), add, set(q0A),
    get(fB), get(nSamples), mul, get(start), add, set(q0B),
    get(cols), get(fA), get(nRows), mul, i32(3), shl, add, set(colA),
    get(cols), get(fB), get(nRows), mul, i32(3), shl, add, set(colB),
    // A feature constant in the node is scanned only beside one that is not (its positions are all
    // ties, so it never wins); a pair of constant ones is skipped.
    i32(0), set(varies),
    checkVaries(fA, q0A, colA),
    checkVaries(fB, q0B, colB),
    get(varies), op.i32Eqz, op.brIf(0),
    op.f64Const(0), op.f64x2Splat, set(SL),
    unit ? [] : [op.f64Const(0), op.f64x2Splat, set(WL)],
    get(bestProxy), op.f64x2Splat, set(FLOOR),
    i32(-1), set(bestQA),
    i32(-1), set(bestQB),
    // pA, pB: the byte addresses of order[q0 + t − 1], the next rows to add, walking on by 4.
    at4(order, q0A), set(pA),
    at4(order, q0B), set(pB),
    // Rows before the first allowed position are only summed.
    forLoop(t, i32(1), get(tFirst), [
      get(t), get(tLast), op.i32GtS, op.brIf(1),
      rowOffset(pA, 0), set(iA),
      rowOffset(pB, 0), set(iB),
      addRows,
      get(pA), i32(4), add, set(pA),
      get(pB), i32(4), add, set(pB),
    ]),
    rowOffset(pA, 0), set(iA),
    rowOffset(pB, 0), set(iB),
    f64Near(colA, iA), set(vA),
    f64Near(colB, iB), set(vB),
    // The loop runs while t ≤ tLast, i.e. pA ≤ pLast.
    get(order), get(q0A), get(tLast), add, i32(1), sub, i32(2), shl, add, set(pLast),
    // Unit weights: the left weight at position t is t (integers: each + 1 exact), kept as a vector.
    unit ? [get(t), i32(1), sub, op.f64ConvertI32S, op.f64x2Splat, set(WL)] : [],
    op.block, op.loop,
      get(pA), get(pLast), op.i32GtS, op.brIf(1),
      addRows,
      rowOffset(pA, 4), set(iA),
      rowOffset(pB, 4), set(iB),
      f64Near(colA, iA), set(nextA),
      f64Near(colB, iB), set(nextB),
      unit ? [get(WL), get(ONE), op.f64x2Add, set(WL)] : [],
      get(WTOT), get(WL), op.f64x2Sub, set(WR),
      get(STOT), get(SL), op.f64x2Sub, set(SR),
      // proxy = SL² / WL + SR² / WR, lane by lane: the one-feature loop's quotients, added in its order.
      get(SL), get(SL), op.f64x2Mul, get(WL), op.f64x2Div,
      get(SR), get(SR), op.f64x2Mul, get(WR), op.f64x2Div,
      op.f64x2Add, set(PROXY),
      get(PROXY), get(FLOOR), op.f64x2Gt, op.i64x2Bitmask, set(bits),
      // The rare improvement pays for the tie and weight checks (BRANCH_FREE_TIES in splitter.ts).
      get(bits),
      op.if,
        // Lanes whose both sides are heavy enough, as bits.
        get(WL), get(minWeightLeaf), op.f64x2Splat, op.f64x2Ge, get(WR), get(minWeightLeaf), op.f64x2Splat, op.f64x2Ge, op.v128And, set(OK),
        get(bits), get(OK), op.i64x2Bitmask, op.i32And, set(bits),
        recordLane(0, nextA, vA, pA, bestQA),
        recordLane(1, nextB, vB, pB, bestQB),
      op.end,
      get(nextA), set(vA),
      get(nextB), set(vB),
      get(pA), i32(4), add, set(pA),
      get(pB), i32(4), add, set(pB),
      op.br(0),
    op.end, op.end,
    mergeLane(0, bestQA, fA),
    mergeLane(1, bestQB, fB),
  ]; // prettier-ignore
  return {
    name: unit ? 'scanUnitMsePairs' : 'scanMsePairs',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, F64, F64, F64, F64, I32],
    locals: [...Array<number>(19).fill(I32), ...Array<number>(4).fill(F64), ...Array<number>(10).fill(V128), I32, I32, I32],
    results: [I32],
    body: [bytes([
      i32(-1), set(bestQ),
      i32(-1), set(bestF),
      get(sTot), op.f64x2Splat, set(STOT),
      get(wTot), op.f64x2Splat, set(WTOT),
      op.f64Const(1), op.f64x2Splat, set(ONE),
      // tFirst = max(1, minSamplesLeaf); tLast = (end − start) − minSamplesLeaf.
      get(minSamplesLeaf), i32(1), get(minSamplesLeaf), i32(1), op.i32GtS, op.select, set(tFirst),
      get(end), get(start), sub, get(minSamplesLeaf), sub, set(tLast),
      forLoop(k, i32(0), get(count), [
        at4(features, k), op.i32Load(), set(fA),
        // The odd last feature pairs with itself: its second lane ties its first and never wins.
        get(k), i32(1), add, get(count), op.i32LtS,
        op.if, at4(features, k), op.i32Load(4), set(fB),
        op.else, get(fA), set(fB),
        op.end,
        op.block, scanPair, op.end,
        get(k), i32(1), add, set(k),
      ]),
      get(res), get(bestProxy), op.f64Store(),
      get(res), get(bestF), op.f64ConvertI32S, op.f64Store(8),
      get(res), get(constant), op.f64ConvertI32S, op.f64Store(16),
      get(bestQ),
    ])], // prettier-ignore
  };
}

/** The one-feature (Friedman) scans, by unit weights. */
const SCANS = [
  ['scanFriedman', false],
  ['scanUnitFriedman', true],
] as const;

type ScanFn = (order: number, cols: number, nRows: number, nSamples: number, features: number, count: number, wy: number, w: number, start: number, end: number, minSamplesLeaf: number, wTot: number, sTot: number, minWeightLeaf: number, bestProxy: number, res: number) => number;

interface Exports {
  partition(order: number, nSamples: number, nFeatures: number, skip: number, start: number, end: number, goesLeft: number, scratch: number, constant: number, markFrom: number, markTo: number, unmark: number): void;
  compact(order: number, nSamples: number, from: number, nFeatures: number, skip: number, start: number, end: number, goesLeft: number, keepLeft: number, constant: number, markFrom: number, markTo: number): void;
  scanMsePairs: ScanFn;
  scanFriedman: ScanFn;
  scanUnitFriedman: ScanFn;
  scanUnitMsePairs: ScanFn;
}

// One instance per memory (KernelModule): pooled arenas come back fit after fit, and instantiating took ~2 % of a small tree fit.
const kernels = new KernelModule<Exports>(() => [partition(), compact(), ...SCANS.map(([name, unit]) => scanNode(name, unit)), scanNodePairs(false), scanNodePairs(true)]);
let enabled = true;

/** Test hook: workspaces made while off use the JS loops (the kernels' twins) even where WebAssembly works. */
export function useTreeKernels(on: boolean): void {
  enabled = on;
}

/** Whether the tree kernels are on (the `useTreeKernels` test hook). */
export function treeKernelsEnabled(): boolean {
  return enabled;
}

/** The tree kernels on `memory` (an arena's), or null where WebAssembly is unavailable (or turned off for tests). */
export function treeKernels(memory: WasmMemory): TreeKernels | null {
  const exports = enabled ? kernels.on(memory) : null;
  return exports && new TreeKernels(exports);
}

export class TreeKernels {
  constructor(private readonly exports: Exports) {}

  /**
   * `partitionSegments(order, null, …)`; order, goesLeft and scratch must be views of the kernels'
   * memory. [markFrom, markTo): positions in order whose rows are flagged in goesLeft first (the
   * skipped segment's); `unmark`: clear them after (else `compactSegments` must, given the same range).
   */
  partitionSegments(order: Int32Array, nSamples: number, nFeatures: number, skipFeature: number, start: number, end: number, goesLeft: Uint8Array, scratch: Int32Array, constant: number, markFrom = 0, markTo = 0, unmark = false): void {
    this.exports.partition(order.byteOffset, nSamples, nFeatures, skipFeature, start, end, goesLeft.byteOffset, scratch.byteOffset, constant, markFrom, markTo, unmark ? 1 : 0);
  }

  /**
   * The fast scans of one node over `count` features listed in `features` (in visiting order; see
   * `scanNode`): returns the best absolute position (−1: none beat `bestProxy`), leaving its proxy
   * in `result[0]` and its feature in `result[1]`; the squared-error scans also leave the listed
   * features they found constant in the node in `result[2]` (bit f, f < 31; see `scanNodePairs`). Arrays must be views of the kernels' memory;
   * `columns` holds the features one after another, `nRows` each.
   */
  scanNode(unit: boolean, friedman: boolean, order: Int32Array, columns: Float64Array, nRows: number, nSamples: number, features: Int32Array, count: number, wy: Float64Array, w: Float64Array, start: number, end: number, minSamplesLeaf: number, wTot: number, sTot: number, minWeightLeaf: number, bestProxy: number, result: Float64Array): number {
    const e = this.exports;
    const [o, c, l, a, b, r] = [order.byteOffset, columns.byteOffset, features.byteOffset, wy.byteOffset, w.byteOffset, result.byteOffset];
    // One call site per variant, each always reaching the same wasm function.
    if (unit) {
      if (friedman) return e.scanUnitFriedman(o, c, nRows, nSamples, l, count, a, b, start, end, minSamplesLeaf, wTot, sTot, minWeightLeaf, bestProxy, r);
      return e.scanUnitMsePairs(o, c, nRows, nSamples, l, count, a, b, start, end, minSamplesLeaf, wTot, sTot, minWeightLeaf, bestProxy, r);
    }
    if (friedman) return e.scanFriedman(o, c, nRows, nSamples, l, count, a, b, start, end, minSamplesLeaf, wTot, sTot, minWeightLeaf, bestProxy, r);
    return e.scanMsePairs(o, c, nRows, nSamples, l, count, a, b, start, end, minSamplesLeaf, wTot, sTot, minWeightLeaf, bestProxy, r);
  }

  /** `compactSegments(order, null, …)`, then the rows at order[unmarkFrom, unmarkTo) unflagged; order and goesLeft must be views of the kernels' memory. */
  compactSegments(order: Int32Array, nSamples: number, from: number, nFeatures: number, skipFeature: number, start: number, end: number, goesLeft: Uint8Array, keepLeft: boolean, constant: number, unmarkFrom = 0, unmarkTo = 0): void {
    this.exports.compact(order.byteOffset, nSamples, from, nFeatures, skipFeature, start, end, goesLeft.byteOffset, keepLeft ? 1 : 0, constant, unmarkFrom, unmarkTo);
  }
}
