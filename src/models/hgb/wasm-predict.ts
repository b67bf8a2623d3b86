/**
 * `walkBlock` of predict-kernel.ts as WebAssembly: every tree of a packed forest walked by a block of
 * rows, four rows at a time, each row adding its leaf values in tree order, exactly as the JS walk
 * (so predictions are bit-identical; tested). The forest is copied once into this thread's arena
 * (again only when a different forest comes), and a block's rows and running sums live there too.
 * What wasm saves here is the bounds checks of the walk's dependent loads.
 */
import { Arena } from '../../core/arena.js';
import { type Code, F64, I32, KernelModule, type WasmFunction, bytes, elementAddress, forLoop, op } from '../../core/wasm-asm.js';
import type { PackedForest } from './predict-kernel.js';

const { localGet: get, localSet: set, i32Const: i32, i32Add: add, i32Mul: mul } = op;

/** walk(feature, threshold, child, leaf, value, roots, nTrees, block, W, acc, n): acc[r] += every tree's leaf value for row r < n of block (W float64s a row). */
function walk(): WasmFunction {
  const [feature, threshold, child, leaf, value, roots, nTrees, block, W, acc, n] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [t, root, r, row, rowBytes] = [11, 12, 13, 14, 15];
  const nodes = [16, 17, 18, 19];
  const [v] = [20];
  const i32At = (base: number, k: number): Code => [elementAddress(base, k, 2), op.i32Load()];
  const f64At = (base: number, k: number): Code => [elementAddress(base, k, 3), op.f64Load()];
  // node = child[node] + (x > threshold[node]), x = the row's value at feature[node] (row at byte `rowAt`).
  const step = (node: number, rowAt: Code): Code => [
    i32At(child, node),
    rowAt, i32At(feature, node), i32(3), op.i32Shl, add, op.f64Load(),
    f64At(threshold, node), op.f64Gt,
    add, set(node),
  ]; // prettier-ignore
  const addLeaf = (node: number, k: Code): Code => [get(acc), k, i32(3), op.i32Shl, add, get(acc), k, i32(3), op.i32Shl, add, op.f64Load(), f64At(value, node), op.f64Add, op.f64Store()];
  return {
    name: 'walk',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, I32, I32, I32, I32, F64],
    body: [bytes([
      get(W), i32(3), op.i32Shl, set(rowBytes),
      forLoop(t, i32(0), get(nTrees), [
        i32At(roots, t), set(root),
        i32At(leaf, root),
        op.if,
          // A one-leaf tree adds its value to every row.
          f64At(value, root), set(v),
          i32(0), set(r),
          op.block, op.loop,
            get(r), get(n), op.i32GeS, op.brIf(1),
            elementAddress(acc, r, 3), elementAddress(acc, r, 3), op.f64Load(), get(v), op.f64Add, op.f64Store(),
            get(r), i32(1), add, set(r),
            op.br(0),
          op.end, op.end,
        op.else,
          i32(0), set(r),
          get(block), set(row),
          // Four rows at a time while r + 3 < n.
          op.block, op.loop,
            get(r), i32(3), add, get(n), op.i32GeS, op.brIf(1),
            nodes.map((m) => [get(root), set(m)]),
            op.loop,
              nodes.map((m, j) => step(m, [get(row), get(rowBytes), i32(j), mul, add])),
              i32At(leaf, nodes[0]), i32At(leaf, nodes[1]), op.i32And, i32At(leaf, nodes[2]), op.i32And, i32At(leaf, nodes[3]), op.i32And,
              op.i32Eqz, op.brIf(0),
            op.end,
            nodes.map((m, j) => addLeaf(m, [get(r), i32(j), add])),
            get(r), i32(4), add, set(r),
            get(row), get(rowBytes), i32(4), mul, add, set(row),
            op.br(0),
          op.end, op.end,
          // The last rows one at a time.
          op.block, op.loop,
            get(r), get(n), op.i32GeS, op.brIf(1),
            get(root), set(nodes[0]),
            op.loop,
              step(nodes[0], get(row)),
              i32At(leaf, nodes[0]), op.i32Eqz, op.brIf(0),
            op.end,
            addLeaf(nodes[0], get(r)),
            get(r), i32(1), add, set(r),
            get(row), get(rowBytes), add, set(row),
            op.br(0),
          op.end, op.end,
        op.end,
      ]),
    ])], // prettier-ignore
  };
}

interface Exports {
  walk(feature: number, threshold: number, child: number, leaf: number, value: number, roots: number, nTrees: number, block: number, W: number, acc: number, n: number): void;
}

const kernels = new KernelModule<Exports>(() => [walk()]);

/** This thread's walker: its arena, the forest last copied in (by identity) and the views of that copy. */
let current: { arena: Arena; exports: Exports; source: PackedForest; forest: PackedForest; block: Float64Array; acc: Float64Array } | null = null;

/** Test hook and fallback switch: false makes `wasmWalker` return null (the JS walk runs). */
let enabled = true;
export function useWasmPredict(on: boolean): void {
  enabled = on;
}

/**
 * The wasm walk for `forest` with room for `blockRows` rows of W float64s: the forest's copy in this
 * thread's arena, a block and its sums. Null where WebAssembly is unavailable (the JS walk then runs).
 */
export function wasmWalker(forest: PackedForest, blockRows: number, W: number): { walk: (n: number) => void; block: Float64Array; acc: Float64Array } | null {
  if (!enabled) return null;
  if (!current || current.source !== forest || current.block.length < blockRows * W) {
    const nodes = forest.feature.length;
    const bytes = nodes * 28 + forest.roots.length * 4 + blockRows * (W + 1) * 8 + 16 * 64;
    let arena = current && current.arena.bytes >= bytes ? current.arena : null;
    if (arena) arena.reset();
    else {
      current?.arena.release();
      current = null;
      arena = Arena.acquire(bytes);
      if (!arena) return null;
    }
    const exports = kernels.on(arena.memory);
    if (!exports) {
      arena.release();
      return null;
    }
    const copy = <T extends Int32Array | Float64Array>(src: T, make: (n: number) => T): T => {
      const dst = make(src.length);
      dst.set(src);
      return dst;
    };
    const a = arena;
    const forestCopy: PackedForest = {
      nFeatures: forest.nFeatures,
      feature: copy(forest.feature, (k) => a.i32(k)),
      threshold: copy(forest.threshold, (k) => a.f64(k)),
      child: copy(forest.child, (k) => a.i32(k)),
      leaf: copy(forest.leaf, (k) => a.i32(k)),
      value: copy(forest.value, (k) => a.f64(k)),
      roots: copy(forest.roots, (k) => a.i32(k)),
    };
    current = { arena, exports, source: forest, forest: forestCopy, block: arena.f64(blockRows * W), acc: arena.f64(blockRows) };
  }
  const c = current;
  const f = c.forest;
  return {
    block: c.block,
    acc: c.acc,
    walk: (n) => c.exports.walk(f.feature.byteOffset, f.threshold.byteOffset, f.child.byteOffset, f.leaf.byteOffset, f.value.byteOffset, f.roots.byteOffset, f.roots.length, c.block.byteOffset, W, c.acc.byteOffset, n),
  };
}
