/**
 * Stable hashing: canonical JSON (keys sorted, typed arrays by content) and sha256 helpers. Cache keys,
 * artifact ids and data fingerprints are all built from these, so the same inputs hash the same on
 * every machine and every run.
 */
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level; typed arrays become `{"$typed": name, "data": [...]}`. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
    if (typeof value === 'bigint') return { $bigint: value.toString() };
    return value;
  }
  if (ArrayBuffer.isView(value)) {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return { $typed: value.constructor.name, sha256: sha256(bytes) };
  }
  if (Array.isArray(value)) return value.map(canonical);
  if (value instanceof Map) return { $map: [...value.entries()].map(([k, v]) => [canonical(k), canonical(v)]) };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = canonical(v);
  }
  return out;
}

/** Hex sha256 of a string or bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hex sha256 of the canonical JSON of any value. */
export function hashValue(value: unknown): string {
  return sha256(stableStringify(value));
}
