/**
 * The trees' partition (partition.ts) as WebAssembly, for the index-only layout: `partitionSegments`
 * and `compactSegments` with the same writes in the same order, so segments come out identical
 * (tested). The arrays must be views of one `Arena` memory (the tree `Workspace` allocates them
 * there); pointers are their byte offsets. Each call covers every feature of a node, so one call
 * per split.
 */
import { I32, type WasmFunction, type WasmMemory, assemble, compile, instantiateModule, op } from '../../core/wasm-asm.js';

type Code = number | readonly Code[];
const bytes = (code: Code): number[] => (typeof code === 'number' ? [code] : code.flatMap(bytes));
const { localGet: get, localSet: set, i32Const: i32, i32Add: add, i32Sub: sub, i32Mul: mul, i32Shl: shl } = op;
const at4 = (base: number, k: number) => [get(base), get(k), i32(2), shl, add];

/**
 * `for j in [from, to)` over the features a partition touches: not `skip`, and not flagged constant
 * (bit j of `constant` for 0 < j < 31, see SKIPPING_CONSTANT in partition.ts); `from` pushes the
 * first j; `body` runs with local `seg` = j · nSamples.
 */
function forFeatures(j: number, from: Code, to: number, skip: number, constant: number, nSamples: number, seg: number, body: Code): Code {
  return [
    from, set(j),
    op.block, op.loop,
      get(j), get(to), op.i32GeU, op.brIf(1),
      op.block,
        get(j), get(skip), op.i32Eq, op.brIf(0),
        // Constant: 0 < j < 31 and bit j set.
        get(j), i32(0), op.i32GtU, get(j), i32(31), op.i32LtU, op.i32And,
        get(constant), get(j), op.i32ShrU, i32(1), op.i32And, op.i32And, op.brIf(0),
        get(j), get(nSamples), mul, set(seg),
        body,
      op.end,
      get(j), i32(1), add, set(j),
      op.br(0),
    op.end, op.end,
  ]; // prettier-ignore
}

/** partition(order, nSamples, nFeatures, skip, start, end, goesLeft, scratch, constant): `partitionSegments` with values = null. */
function partition(): WasmFunction {
  const [order, nSamples, nFeatures, skip, start, end, goesLeft, scratch, constant] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [j, seg, p, stop, l, r, i, g, k] = [9, 10, 11, 12, 13, 14, 15, 16, 17];
  return {
    name: 'partition',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, I32, I32, I32, I32],
    body: [bytes(forFeatures(j, i32(0), nFeatures, skip, constant, nSamples, seg, [
      get(seg), get(start), add, set(p),
      get(seg), get(end), add, set(stop),
      get(p), set(l),
      i32(0), set(r),
      // Every row written to both sides, only its side's cursor moving (see partitionSegments).
      op.block, op.loop,
        get(p), get(stop), op.i32GeU, op.brIf(1),
        at4(order, p), op.i32Load(), set(i),
        get(goesLeft), get(i), add, op.i32Load8U(), set(g),
        at4(order, l), get(i), op.i32Store(),
        at4(scratch, r), get(i), op.i32Store(),
        get(l), get(g), add, set(l),
        get(r), i32(1), get(g), sub, add, set(r),
        get(p), i32(1), add, set(p),
        op.br(0),
      op.end, op.end,
      // The right rows follow the left ones.
      i32(0), set(k),
      op.block, op.loop,
        get(k), get(r), op.i32GeU, op.brIf(1),
        get(l), get(k), add, set(i),
        at4(order, i), at4(scratch, k), op.i32Load(), op.i32Store(),
        get(k), i32(1), add, set(k),
        op.br(0),
      op.end, op.end,
    ]))], // prettier-ignore
  };
}

/** compact(order, nSamples, from, nFeatures, skip, start, end, goesLeft, keepLeft, constant): `compactSegments` with values = null. */
function compact(): WasmFunction {
  const [order, nSamples, from, nFeatures, skip, start, end, goesLeft, keepLeft, constant] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [j, seg, p, lo, l, i] = [10, 11, 12, 13, 14, 15];
  return {
    name: 'compact',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, I32],
    body: [bytes(forFeatures(j, get(from), nFeatures, skip, constant, nSamples, seg, [
      get(keepLeft),
      op.if,
        // Left rows kept in order from the segment's start; a dropped row is written, then overwritten.
        get(seg), get(start), add, set(p),
        get(p), set(l),
        get(seg), get(end), add, set(lo), // here: the end
        op.block, op.loop,
          get(p), get(lo), op.i32GeU, op.brIf(1),
          at4(order, p), op.i32Load(), set(i),
          at4(order, l), get(i), op.i32Store(),
          get(l), get(goesLeft), get(i), add, op.i32Load8U(), add, set(l),
          get(p), i32(1), add, set(p),
          op.br(0),
        op.end, op.end,
      op.else,
        // Right rows kept in order up to the segment's end, walking down (the mirror).
        get(seg), get(end), add, set(l), // r
        get(seg), get(start), add, set(lo),
        get(l), set(p),
        op.block, op.loop,
          get(p), get(lo), op.i32LeU, op.brIf(1),
          get(p), i32(1), sub, set(p),
          at4(order, p), op.i32Load(), set(i),
          get(order), get(l), i32(1), sub, i32(2), shl, add, get(i), op.i32Store(),
          get(l), i32(1), get(goesLeft), get(i), add, op.i32Load8U(), sub, sub, set(l),
          op.br(0),
        op.end, op.end,
      op.end,
    ]))], // prettier-ignore
  };
}

interface Exports {
  partition(order: number, nSamples: number, nFeatures: number, skip: number, start: number, end: number, goesLeft: number, scratch: number, constant: number): void;
  compact(order: number, nSamples: number, from: number, nFeatures: number, skip: number, start: number, end: number, goesLeft: number, keepLeft: number, constant: number): void;
}

let module: object | null | undefined;

/** The partition kernels on `memory` (an arena's), or null where WebAssembly is unavailable. */
export function partitionKernels(memory: WasmMemory): PartitionKernels | null {
  if (module === undefined) {
    try {
      module = compile(assemble([partition(), compact()], { import: { pages: 1, shared: memory.buffer instanceof SharedArrayBuffer } }));
    } catch {
      module = null;
    }
  }
  return module ? new PartitionKernels(instantiateModule(module, memory) as unknown as Exports) : null;
}

export class PartitionKernels {
  constructor(private readonly exports: Exports) {}

  /** `partitionSegments(order, null, …)`; order, goesLeft and scratch must be views of the kernels' memory. */
  partitionSegments(order: Int32Array, nSamples: number, nFeatures: number, skipFeature: number, start: number, end: number, goesLeft: Uint8Array, scratch: Int32Array, constant: number): void {
    this.exports.partition(order.byteOffset, nSamples, nFeatures, skipFeature, start, end, goesLeft.byteOffset, scratch.byteOffset, constant);
  }

  /** `compactSegments(order, null, …)`; order and goesLeft must be views of the kernels' memory. */
  compactSegments(order: Int32Array, nSamples: number, from: number, nFeatures: number, skipFeature: number, start: number, end: number, goesLeft: Uint8Array, keepLeft: boolean, constant: number): void {
    this.exports.compact(order.byteOffset, nSamples, from, nFeatures, skipFeature, start, end, goesLeft.byteOffset, keepLeft ? 1 : 0, constant);
  }
}
