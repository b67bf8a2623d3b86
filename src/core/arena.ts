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
/** This thread's released arenas (see `Arena.acquire`), smallest first, at most POOL_SIZE and POOL_BYTES. */
const pool: Arena[] = [];
const POOL_SIZE = 4;
const POOL_BYTES = 64 * 2 ** 20;
/** Arrays start on 64-byte boundaries (a cache line), so no two arrays share a line between threads. */
const ALIGN = 64;

/**
 * A bump allocator over one WebAssembly memory of a fixed size (it never grows: growing would detach
 * the buffer, see ARCHITECTURE's no-detach rule). Arrays are never freed one by one; the arena is
 * dropped with the fit.
 */
export class Arena implements Allocator {
  private top = 0;
  /** Bytes below this may hold data of an earlier use (a pooled arena): allocations there are zeroed. */
  private dirty = 0;

  private constructor(
    readonly memory: WasmMemory,
    readonly bytes: number,
    private readonly pooled = false,
  ) {
    this.buffer = memory.buffer;
  }

  /** `memory.buffer`, read once (an API getter; the memory never grows, so it never changes). */
  private readonly buffer: ArrayBuffer | SharedArrayBuffer;

  /**
   * A private (unshared) arena of at least `bytes` from this thread's pool, or a new one; give it
   * back with `release()` once no array of it is used any more. Reuse spares what a fresh memory
   * costs, which a single small fit (a 914-row decision tree) feels: making the memory and the
   * kernels' instance, and the page faults of first touching it (~8 % of such a fit together).
   * Null as `create`.
   */
  static acquire(bytes: number): Arena | null {
    const k = pool.findIndex((a) => a.bytes >= bytes);
    if (k >= 0) return pool.splice(k, 1)[0];
    return Arena.make(bytes, false, true);
  }

  /** Starts handing out from the beginning again (earlier arrays must no longer be used; new ones are zeroed). */
  reset(): void {
    this.dirty = Math.max(this.dirty, this.top);
    this.top = 0;
  }

  /** Returns an `acquire`d arena to the pool (its arrays must no longer be used); no-op for others. */
  release(): void {
    if (!this.pooled || pool.includes(this)) return;
    this.reset();
    pool.push(this);
    pool.sort((a, b) => a.bytes - b.bytes);
    // Keep a few, small ones first: they serve the many small fits.
    while (pool.length > POOL_SIZE || pool.reduce((t, a) => t + a.bytes, 0) > POOL_BYTES) pool.pop();
  }

  /** An arena of at least `bytes`, shared between threads or not; null when WebAssembly memory is unavailable or `bytes` exceeds what wasm32 addresses. */
  static create(bytes: number, shared: boolean): Arena | null {
    return Arena.make(bytes, shared, false);
  }

  private static make(bytes: number, shared: boolean, pooled: boolean): Arena | null {
    const pages = Math.ceil(bytes / PAGE) + 1;
    if (pages > 32_768) return null; // 2 GiB: leave the fit to plain memory
    try {
      return new Arena(createMemory(pages, shared), pages * PAGE, pooled);
    } catch {
      return null;
    }
  }


  private take(bytes: number): number {
    const at = this.top;
    const end = at + Math.ceil(bytes / ALIGN) * ALIGN;
    if (end > this.bytes) throw new RangeError(`arena exhausted: ${end} of ${this.bytes} bytes`);
    this.top = end;
    if (at < this.dirty) new Uint8Array(this.buffer, at, Math.min(end, this.dirty) - at).fill(0);
    return at;
  }

  // Fresh wasm memory is zeroed and reused regions are zeroed in take(), so arrays start at zero like `new`.
  u8(n: number): Uint8Array {
    return new Uint8Array(this.buffer, this.take(n), n);
  }
  u16(n: number): Uint16Array {
    return new Uint16Array(this.buffer, this.take(2 * n), n);
  }
  u32(n: number): Uint32Array {
    return new Uint32Array(this.buffer, this.take(4 * n), n);
  }
  i32(n: number): Int32Array {
    return new Int32Array(this.buffer, this.take(4 * n), n);
  }
  f32(n: number): Float32Array {
    return new Float32Array(this.buffer, this.take(4 * n), n);
  }
  f64(n: number): Float64Array {
    return new Float64Array(this.buffer, this.take(8 * n), n);
  }
}
