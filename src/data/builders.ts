/**
 * Growable column builders shared by every reader: numbers go into a Float64Array (NaN = missing),
 * text is dictionary-encoded on the fly, and columns of unknown type (extra columns) become numeric
 * when every present value parses as a number, categorical otherwise. No row objects anywhere.
 */
import { SummaryAccumulator } from './column-stats.js';
import type { Series } from './frame.js';

export class NumericBuilder {
  private data: Float64Array;
  length = 0;
  private summary: SummaryAccumulator | undefined;
  /** A summarised value was overwritten afterwards: the summary no longer holds. */
  private stale = false;

  constructor(capacity = 1024) {
    this.data = new Float64Array(Math.max(capacity, 16));
  }

  push(v: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = v;
  }

  /** Appends the first `n` values of `src` (one typed-array copy). */
  pushAll(src: Float64Array, n: number): void {
    while (this.length + n > this.data.length) this.grow();
    this.data.set(n === src.length ? src : src.subarray(0, n), this.length);
    this.length += n;
  }

  /** Makes room for `n` more values, counted as pushed: returns the array and the index to write them at. */
  extend(n: number): [Float64Array, number] {
    while (this.length + n > this.data.length) this.grow();
    const at = this.length;
    this.length += n;
    return [this.data, at];
  }

  /**
   * Adds values [from, to) to the column summary: call right after a chunk is copied in (while it
   * is in cache), on consecutive ranges from 0; the summary is kept only if it covers every value.
   */
  summarise(from: number, to: number): void {
    this.summary ??= new SummaryAccumulator();
    if (from !== this.summary.length) this.stale = true;
    this.summary.add(this.data, from, to);
  }

  /** True when a summarised value is ±Infinity. */
  hasInfinity(): boolean {
    const s = this.summary?.finish();
    return s !== undefined && (s.max === Infinity || s.min === -Infinity);
  }

  /** Overwrites an already pushed value. */
  set(i: number, v: number): void {
    this.data[i] = v;
    if (this.summary && i < this.summary.length) this.stale = true;
  }

  private grow(): void {
    const next = new Float64Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }

  finish(): Series {
    const values = fitted(this.data, this.length);
    if (this.summary && !this.stale && this.summary.length === this.length) return { kind: 'numeric', values, summary: this.summary.finish() };
    return { kind: 'numeric', values };
  }
}

/**
 * The first `length` items of a builder's array: the array itself when full, a view when the unused
 * tail is small (a capacity estimated from the file size; pages never written cost no memory), a
 * copy otherwise.
 */
export function fitted<T extends Float64Array | Int32Array>(data: T, length: number): T {
  if (length === data.length) return data;
  return (data.length - length <= data.length >> 4 ? data.subarray(0, length) : data.slice(0, length)) as T;
}

export class CategoricalBuilder {
  private codes: Int32Array;
  private readonly index = new Map<string, number>();
  private readonly levels: string[] = [];
  length = 0;

  constructor(capacity = 1024) {
    this.codes = new Int32Array(Math.max(capacity, 16));
  }

  push(v: string | null): void {
    if (this.length === this.codes.length) {
      const next = new Int32Array(this.codes.length * 2);
      next.set(this.codes);
      this.codes = next;
    }
    if (v === null) {
      this.codes[this.length++] = -1;
      return;
    }
    let c = this.index.get(v);
    if (c === undefined) {
      c = this.levels.length;
      this.index.set(v, c);
      this.levels.push(v);
    }
    this.codes[this.length++] = c;
  }

  /** Levels sorted (deterministic encoding, same as `categoricalFrom`), codes remapped. */
  finish(): Series {
    const sorted = [...this.levels].sort();
    const remap = new Int32Array(this.levels.length);
    sorted.forEach((l, i) => (remap[this.index.get(l)!] = i));
    const codes = this.codes.slice(0, this.length);
    for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) codes[i] = remap[codes[i]];
    return { kind: 'categorical', codes, levels: sorted };
  }
}

/** Strict number parse for text cells: trims, accepts plain decimals/exponents, nothing else. */
export function parseNumber(s: string): number {
  const t = s.trim();
  if (t === '') return NaN;
  // Number('') is 0 and Number('0x1A') is 26: neither is data we want to accept silently.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return NaN;
  return Number(t);
}

/** Extra (non-canonical) columns: values kept as given, typed when finished. */
export class ExtraBuilder {
  private readonly values: (string | number | null)[] = [];

  push(v: string | number | null): void {
    this.values.push(typeof v === 'string' && v.trim() === '' ? null : v);
  }

  get length(): number {
    return this.values.length;
  }

  finish(): Series {
    const nums = new Float64Array(this.values.length);
    let numeric = true;
    for (let i = 0; i < this.values.length && numeric; i++) {
      const v = this.values[i];
      if (v === null) nums[i] = NaN;
      else if (typeof v === 'number') nums[i] = v;
      else {
        const n = parseNumber(v);
        if (Number.isNaN(n)) numeric = false;
        else nums[i] = n;
      }
    }
    if (numeric) return { kind: 'numeric', values: nums };
    const b = new CategoricalBuilder(this.values.length);
    for (const v of this.values) b.push(v === null ? null : String(v));
    return b.finish();
  }
}
