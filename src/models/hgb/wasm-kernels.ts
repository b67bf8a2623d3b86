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
import { type Code, F64, I32, KernelModule, type WasmFunction, bytes, elementAddress, forLoop, type WasmMemory, op } from '../../core/wasm-asm.js';


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
  const gs = Array.from({ length: LANES }, (_, j) => 16 + LANES + j); // f64: its gradient
  // Sample i: g = grad[i], r = rowBins + i·F.
  const load = (r: number, g: number) => [
    addShifted(grad, i, 2), op.f32Load(), op.f64PromoteF32, set(g),
    get(rowBins), get(i), get(F), mul, add, set(r),
  ]; // prettier-ignore
  // Bin of row r in feature f (o = out + off[f]): += g and += 1.
  const bump = (r: number, g: number) => [
    get(o), get(r), get(f), add, op.i32Load8U(), i32(4), shl, add, set(a),
    get(a), get(a), op.f64Load(0), get(g), op.f64Add, op.f64Store(0),
    get(a), get(a), op.f64Load(8), op.f64Const(1), op.f64Add, op.f64Store(8),
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
    locals: [I32, I32, I32, I32, I32, I32, ...rows.map(() => I32), ...gs.map(() => F64)],
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
 * partition(bins, binIdx, missingLeft, missingBin, idx, start, stop, scr, at, table): `partitionRange`
 * (see there): samples idx[start..stop) whose bin goes left stay in idx from start on, the others go
 * to scr from `at` on, both in order; returns the left count. Branch-free through a 256-byte "goes
 * left" table (at `table`, filled here), four samples at a time.
 */
function partition(): WasmFunction {
  const [bins, binIdx, missingLeft, missingBin, idx, start, stop, scr, at, table] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [b, l, r, k, end4] = [10, 11, 12, 13, 14];
  const is = [15, 16, 17, 18];
  const as = [19, 20, 21, 22];
  // Sample i goes left (a = 1) or right (a = 0): written to both sides, only its side's cursor moves.
  const place = (i: number, a: number) => [
    addShifted(idx, l, 2), get(i), op.i32Store(),
    addShifted(scr, r, 2), get(i), op.i32Store(),
    get(l), get(a), add, set(l),
    get(r), i32(1), get(a), op.i32Sub, add, set(r),
  ]; // prettier-ignore
  return {
    name: 'partition',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32],
    results: [I32],
    body: [bytes([
      forLoop(b, i32(0), i32(256), [
        get(table), get(b), add,
        get(b), get(binIdx), op.i32LeU, get(missingLeft), get(b), get(missingBin), op.i32Eq, op.i32And, op.i32Or,
        op.i32Store8(),
      ], op.i32GeU),
      get(start), set(l),
      get(at), set(r),
      get(start), set(k),
      get(stop), i32(3), op.i32Sub, set(end4),
      op.block, op.loop,
        get(k), get(end4), op.i32GeS, op.brIf(1),
        is.map((i, j) => [addShifted(idx, k, 2), op.i32Load(4 * j), set(i)]),
        is.map((i, j) => [get(table), get(bins), get(i), add, op.i32Load8U(), add, op.i32Load8U(), set(as[j])]),
        is.map((i, j) => place(i, as[j])),
        get(k), i32(4), add, set(k),
        op.br(0),
      op.end, op.end,
      op.block, op.loop,
        get(k), get(stop), op.i32GeU, op.brIf(1),
        addShifted(idx, k, 2), op.i32Load(), set(is[0]),
        get(table), get(bins), get(is[0]), add, op.i32Load8U(), add, op.i32Load8U(), set(as[0]),
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
 * scanUnit(hist, F, off, nbnm, hasMissing, nSamples, sumG, lossCurrent, minSamplesLeaf, floor, res)
 * → found: the dense split scans of a whole node for unit hessians, no l2 and no constraints
 * (splitting.ts: `scanLeftToRightUnit`, then `scanRightToLeftUnit` for features with missing
 * values, feature by feature, one running best). Per feature f: bins at byte off[f] of hist, nbnm[f]
 * (i32s) non-missing bins, hasMissing[f] (bytes). Same operations in the same order as the JS loops,
 * so the same gains and the same winner. Writes the winner to res (float64s: gain, feature, bin,
 * missing-left flag, the scanned side's gradient sum and count) and returns 1, or 0 when nothing beat
 * `floor`. One call per node (a call per feature pays V8's JS-to-wasm wrapper each time).
 */
function scanUnit(): WasmFunction {
  const [hist, F, off, nbnm, hasMissing, nSamples, sumG, lossCurrent, minSamplesLeaf, floor, res] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [f, o, b, end, found, bestF, bestB, bestDir] = [11, 12, 13, 14, 15, 16, 17, 18];
  const [gA, nA, nB, gB, gain, bestG, bestN] = [19, 20, 21, 22, 23, 24, 25];
  // gain = lossCurrent − gA·(−gA / (nA + 1e-15)) − gB·(−gB / (nB + 1e-15)), as the JS expression groups it.
  const gainOf = (g1: number, n1: number, g2: number, n2: number) => [
    get(lossCurrent),
    get(g1), get(g1), op.f64Neg, get(n1), op.f64Const(1e-15), op.f64Add, op.f64Div, op.f64Mul, op.f64Sub,
    get(g2), get(g2), op.f64Neg, get(n2), op.f64Const(1e-15), op.f64Add, op.f64Div, op.f64Mul, op.f64Sub,
    set(gain),
  ]; // prettier-ignore
  const keep = (bin: Code, dir: number) => [
    get(gain), get(floor), op.f64Gt,
    op.if,
      get(gain), set(floor),
      get(f), set(bestF),
      bin, set(bestB),
      i32(dir), set(bestDir),
      get(gA), set(bestG),
      get(nA), set(bestN),
      i32(1), set(found),
    op.end,
  ]; // prettier-ignore
  // One position of a scan (gA, nA: the side scanned so far, left when `leftFirst`): skipped while that
  // side is under minSamplesLeaf, the scan ends once the other side is (br 2 leaves the bin loop).
  const tryPosition = (leftFirst: boolean, bin: Code, dir: number) => [
    op.block,
      get(nA), get(minSamplesLeaf), op.f64Lt, op.brIf(0),
      get(nSamples), get(nA), op.f64Sub, set(nB),
      get(nB), get(minSamplesLeaf), op.f64Lt, op.brIf(2),
      get(sumG), get(gA), op.f64Sub, set(gB),
      leftFirst ? gainOf(gA, nA, gB, nB) : gainOf(gB, nB, gA, nA),
      keep(bin, dir),
    op.end,
  ]; // prettier-ignore
  // Adds bin b's gradient sum and count (o = the feature's first bin) to gA / nA.
  const addBin = [
    get(gA), get(o), get(b), i32(4), shl, add, op.f64Load(0), op.f64Add, set(gA),
    get(nA), get(o), get(b), i32(4), shl, add, op.f64Load(8), op.f64Add, set(nA),
  ]; // prettier-ignore
  return {
    name: 'scanUnit',
    params: [I32, I32, I32, I32, I32, F64, F64, F64, F64, F64, I32],
    locals: [I32, I32, I32, I32, I32, I32, I32, I32, F64, F64, F64, F64, F64, F64, F64],
    results: [I32],
    body: [bytes([
      forLoop(f, i32(0), get(F), [
        get(hist), addShifted(off, f, 2), op.i32Load(), add, set(o),
        // Left to right over bins [0, end): end = nbnm − 1, + 1 with missing values (they go right).
        addShifted(nbnm, f, 2), op.i32Load(), i32(1), op.i32Sub, get(hasMissing), get(f), add, op.i32Load8U(), add, set(end),
        op.f64Const(0), set(gA), op.f64Const(0), set(nA),
        i32(0), set(b),
        op.block, op.loop,
          get(b), get(end), op.i32GeS, op.brIf(1),
          addBin,
          tryPosition(true, get(b), 0),
          get(b), i32(1), add, set(b),
          op.br(0),
        op.end, op.end,
        // Right to left (features with missing values): bins nbnm − 1 down to 1 go right in turn.
        get(hasMissing), get(f), add, op.i32Load8U(),
        op.if,
          op.f64Const(0), set(gA), op.f64Const(0), set(nA),
          addShifted(nbnm, f, 2), op.i32Load(), i32(1), op.i32Sub, set(b),
          op.block, op.loop,
            get(b), i32(1), op.i32LtS, op.brIf(1),
            addBin,
            tryPosition(false, [get(b), i32(1), op.i32Sub], 1),
            get(b), i32(1), op.i32Sub, set(b),
            op.br(0),
          op.end, op.end,
        op.end,
      ]),
      get(found),
      op.if,
        get(res), get(floor), op.f64Store(0),
        get(res), get(bestF), op.f64ConvertI32S, op.f64Store(8),
        get(res), get(bestB), op.f64ConvertI32S, op.f64Store(16),
        get(res), get(bestDir), op.f64ConvertI32S, op.f64Store(24),
        get(res), get(bestG), op.f64Store(32),
        get(res), get(bestN), op.f64Store(40),
      op.end,
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

interface Exports {
  rowsIndexed(out: number, rowBins: number, F: number, off: number, f0: number, f1: number, idx: number, start: number, stop: number, grad: number): void;
  rootPair(out: number, offA: number, binsA: number, widthA: number, offB: number, binsB: number, widthB: number, n: number, grad: number, scr: number, wmax: number): void;
  partition(bins: number, binIdx: number, missingLeft: number, missingBin: number, idx: number, start: number, stop: number, scr: number, at: number, table: number): number;
  updateRows(raw: number, y: number, leafOf: number, values: number, grad: number, idx: number, lo: number, hi: number): void;
  sumF32(ptr: number, n: number): number;
  subtract(parent: number, sibling: number, n: number): void;
  setLeaf(idx: number, leafOf: number, start: number, stop: number, j: number): void;
  copy(dst: number, src: number, bytes: number): void;
  markSparse(out: number, rowBins: number, F: number, off: number, idx: number, start: number, stop: number, used: number): void;
  subtractMarked(parent: number, sibling: number, used: number, F: number, off: number): void;
  scanUnit(hist: number, F: number, off: number, nbnm: number, hasMissing: number, nSamples: number, sumG: number, lossCurrent: number, minSamplesLeaf: number, floor: number, res: number): number;
}

const kernels = new KernelModule<Exports>(() => [rowsIndexed(), rootPair(), partition(), updateRows(), sumF32(), subtract(), scanUnit(), setLeaf(), copy(), markSparse(), subtractMarked()]);

/** Per-feature bin facts the split scan reads, in the arena: non-missing bin counts (i32), missing-value flags (bytes), and a 6-float64 result. */
export interface FeatureBins {
  readonly nBinsNonMissing: Int32Array;
  readonly hasMissingValues: Uint8Array;
  readonly result: Float64Array;
}

/** Float64s of one thread's kernel scratch: the root kernel's 8 × 256 sub-histogram entries, then the partition's 256-byte table. */
export const KERNEL_SCRATCH = 8 * 256 + 32;

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
    this.scan = features && { F: features.nBinsNonMissing.length, nbnm: features.nBinsNonMissing.byteOffset, hasMissing: features.hasMissingValues.byteOffset, result: features.result.byteOffset };
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
  private readonly scan: { readonly F: number; readonly nbnm: number; readonly hasMissing: number; readonly result: number } | null;
  private readonly views = new WeakSet<ArrayBufferView>();

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
    return this.exports.scanUnit(hist.byteOffset, sc.F, this.offBytes, sc.nbnm, sc.hasMissing, nSamples, sumGradients, lossCurrent, minSamplesLeaf, floor, sc.result) === 1;
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

  /** See VIEW_FACTS. */
  private isView(a: ArrayBufferView): boolean {
    if (this.views.has(a)) return true;
    if (a.buffer !== this.buffer) return false;
    this.views.add(a);
    return true;
  }

  /** `buildHistogramRowsIndexed` with stride 2 (see there); arrays must be views of this memory. */
  rowsIndexed(out: Float64Array, rowBins: Uint8Array, nFeatures: number, f0: number, f1: number, indices: Uint32Array, start: number, stop: number, gradients: Float32Array): void {
    this.exports.rowsIndexed(out.byteOffset, rowBins.byteOffset, nFeatures, this.offBytes, f0, f1, indices.byteOffset, start, stop, gradients.byteOffset);
  }

  /** `partitionRange` (see there); arrays must be views of this memory. Returns the left count. */
  partition(bins: Uint8Array, binIdx: number, missingGoToLeft: boolean, missingBin: number, indices: Uint32Array, start: number, stop: number, scratch: Uint32Array, at: number): number {
    const table = this.scratchBytes + 8 * 8 * 256;
    return this.exports.partition(bins.byteOffset, binIdx, missingGoToLeft ? 1 : 0, missingBin, indices.byteOffset, start, stop, scratch.byteOffset, at, table);
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
