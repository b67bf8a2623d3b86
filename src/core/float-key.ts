/**
 * Order-preserving unsigned keys for float64 values, for sorts that compare integers instead of
 * numbers (the HGB binning's radix sort, the trees' packed argsort). A float64 is handled as its two
 * uint32 halves; flipping every bit of a negative value and only the sign bit of the rest makes the
 * 64-bit pattern (hi, lo) compare as unsigned integers exactly as the values compare (−0 just below
 * +0). Branch-free: the sign of arbitrary data is unpredictable.
 */

/** The flip mask for a value whose high half is `hi`: all ones for negatives, else 0. */
function negMask(hi: number): number {
  return -(hi >>> 31) >>> 0;
}

/** High half of the key of the value whose halves are (`hi`, ·). */
export function keyHi(hi: number): number {
  return (hi ^ (negMask(hi) | 0x80000000)) >>> 0;
}

/** Low half of the key of the value whose halves are (`hi`, `lo`). */
export function keyLo(hi: number, lo: number): number {
  return (lo ^ negMask(hi)) >>> 0;
}

/** The value's high half back from a key's high half (keys with the top bit set were non-negative). */
export function valueHi(kHi: number): number {
  return (kHi ^ ((kHi >>> 31 ? 0 : 0xffffffff) | 0x80000000)) >>> 0;
}

/** The value's low half back from a key's halves. */
export function valueLo(kHi: number, kLo: number): number {
  return (kLo ^ (kHi >>> 31 ? 0 : 0xffffffff)) >>> 0;
}
