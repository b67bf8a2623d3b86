/**
 * Where a fit keeps its large buffers. `Allocator` hands out typed arrays; three kinds exist: plain
 * memory, SharedArrayBuffers for worker threads, and an `Arena`: one WebAssembly memory (shared, so
 * worker threads can use it too) that our wasm kernels read and write directly (HGB's histogram
 * kernels, the trees' partition), so the arrays they work on live where they can reach them without
 * a copy.
 */
import { type WasmMemory, createMemory } from './wasm-asm.js';

export interface Allocator {
  u8(n: number): Uint8Array;
  u16(n: number): Uint16Array;
  u32(n: number): Uint32Array;
  i32(n: number): Int32Array;
  f32(n: number): Float32Array;
  f64(n: number): Float64Array;
}

/** Ordinary (thread-private) memory. */
export const PLAIN: Allocator = {
  u8: (n) => new Uint8Array(n),
  u16: (n) => new Uint16Array(n),
  u32: (n) => new Uint32Array(n),
  i32: (n) => new Int32Array(n),
  f32: (n) => new Float32Array(n),
  f64: (n) => new Float64Array(n),
};

/** One SharedArrayBuffer per array, for worker threads. */
export const SHARED: Allocator = {
  u8: (n) => new Uint8Array(new SharedArrayBuffer(n)),
  u16: (n) => new Uint16Array(new SharedArrayBuffer(2 * n)),
  u32: (n) => new Uint32Array(new SharedArrayBuffer(4 * n)),
  i32: (n) => new Int32Array(new SharedArrayBuffer(4 * n)),
  f32: (n) => new Float32Array(new SharedArrayBuffer(4 * n)),
  f64: (n) => new Float64Array(new SharedArrayBuffer(8 * n)),
};

const PAGE = 65_536;
/** Arrays start on 64-byte boundaries (a cache line), so no two arrays share a line between threads. */
const ALIGN = 64;

/**
 * A bump allocator over one WebAssembly memory of a fixed size (it never grows: growing would detach
 * the buffer, see ARCHITECTURE's no-detach rule). Arrays are never freed one by one; the arena is
 * dropped with the fit.
 */
export class Arena implements Allocator {
  private top = 0;

  private constructor(
    readonly memory: WasmMemory,
    readonly bytes: number,
  ) {}

  /** An arena of at least `bytes`, shared between threads or not; null when WebAssembly memory is unavailable or `bytes` exceeds what wasm32 addresses. */
  static create(bytes: number, shared: boolean): Arena | null {
    const pages = Math.ceil(bytes / PAGE) + 1;
    if (pages > 32_768) return null; // 2 GiB: leave the fit to plain memory
    try {
      return new Arena(createMemory(pages, shared), pages * PAGE);
    } catch {
      return null;
    }
  }

  /** Whether `a` is a view of this arena's memory (the wasm kernels can read it). */
  owns(a: ArrayBufferView): boolean {
    return a.buffer === this.memory.buffer;
  }

  private take(bytes: number): number {
    const at = this.top;
    const end = at + Math.ceil(bytes / ALIGN) * ALIGN;
    if (end > this.bytes) throw new RangeError(`HGB arena exhausted: ${end} of ${this.bytes} bytes`);
    this.top = end;
    return at;
  }

  // Fresh wasm memory is zeroed and the arena never reuses a region, so arrays start at zero like `new`.
  u8(n: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, this.take(n), n);
  }
  u16(n: number): Uint16Array {
    return new Uint16Array(this.memory.buffer, this.take(2 * n), n);
  }
  u32(n: number): Uint32Array {
    return new Uint32Array(this.memory.buffer, this.take(4 * n), n);
  }
  i32(n: number): Int32Array {
    return new Int32Array(this.memory.buffer, this.take(4 * n), n);
  }
  f32(n: number): Float32Array {
    return new Float32Array(this.memory.buffer, this.take(4 * n), n);
  }
  f64(n: number): Float64Array {
    return new Float64Array(this.memory.buffer, this.take(8 * n), n);
  }
}
