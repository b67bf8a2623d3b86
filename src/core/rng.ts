/**
 * `Rng`: a small, fast, seeded pseudo-random generator (xoshiro128**), passed explicitly to every
 * algorithm that needs randomness. There is no module-level generator: the same seed always yields
 * the same stream, so the same seed gives the same model bytes.
 *
 * Child streams (`rng.child(i)`) are derived by hashing (seed, stream index), so tree 17 of a forest
 * draws the same numbers whether it is grown first, last, or on another worker thread.
 */

/** SplitMix32-style mixer: turns any 32-bit integer into a well-scrambled one. */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Normalises any finite number (including large or negative seeds) to a 32-bit unsigned seed. */
function seedToUint32(seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`Rng seed must be a finite number; got ${seed}.`);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  return (mix32(lo) ^ Math.imul(mix32(hi), 0x27d4eb2f)) >>> 0;
}

export class Rng {
  /** The seed this generator was created from (for reports and child derivation). */
  readonly seed: number;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    this.seed = seed;
    let z = seedToUint32(seed);
    this.s0 = z = mix32(z);
    this.s1 = z = mix32(z);
    this.s2 = z = mix32(z);
    this.s3 = mix32(z);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n) without modulo bias. */
  int(n: number): number {
    if (!(n >= 1) || n > 4294967296) throw new RangeError(`Rng.int bound must be in [1, 2^32]; got ${n}.`);
    if (n === 1) return 0;
    // Rejection sampling on the top of the range removes the bias of `x % n`.
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Standard normal draw (Box–Muller, one value per call for simplicity of state). */
  normal(): number {
    let u = this.random();
    while (u === 0) u = this.random();
    const v = this.random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * A Poisson(mean) count by inversion (one uniform per draw): simple and exact for the small means of
   * conversion counts; means above 700 are refused (e^−mean would underflow).
   */
  poisson(mean: number): number {
    if (!(mean >= 0 && mean <= 700)) throw new RangeError(`Poisson mean must be in [0, 700]; got ${mean}.`);
    let k = 0;
    let p = Math.exp(-mean);
    let cdf = p;
    const u = this.random();
    // p > 0: should rounding leave the sum a hair below u, the loop still ends once the terms vanish.
    while (u > cdf && p > 0) {
      k++;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }

  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return a;
  }

  /** A permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** `k` distinct indices from 0..n-1, in random order (partial Fisher–Yates). */
  sampleWithoutReplacement(n: number, k: number): Int32Array {
    if (k > n) throw new RangeError(`Cannot sample ${k} distinct items from ${n}.`);
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p.slice(0, k);
  }

  /** Counts of each index drawn `n` times with replacement (bootstrap weights). */
  bootstrapCounts(n: number, draws: number = n): Uint32Array {
    const counts = new Uint32Array(n);
    for (let i = 0; i < draws; i++) counts[this.int(n)]++;
    return counts;
  }

  /** An independent generator for stream `index` (a tree, a fold, a worker). Pure in (seed, index). */
  child(index: number): Rng {
    const base = seedToUint32(this.seed);
    const derived = mix32(base ^ Math.imul(mix32(index >>> 0) + 0x632be5ab, 0x85ebca6b));
    return new Rng(derived * 4096 + (index & 0xfff));
  }

  /** A fresh 31-bit integer seed drawn from this stream, for APIs that take a number. */
  nextSeed(): number {
    return this.nextUint32() >>> 1;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Accepts either an `Rng` or a seed (default 0) and returns an `Rng`. */
export function asRng(seedOrRng: number | Rng | undefined, fallbackSeed = 0): Rng {
  if (seedOrRng instanceof Rng) return seedOrRng;
  return new Rng(seedOrRng ?? fallbackSeed);
}
