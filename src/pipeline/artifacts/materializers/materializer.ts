/**
 * The materializer contract: how one kind of step output becomes bytes in the artifact store and
 * back. A materializer's name and version are cache-key ingredients, so changing a format (bumping
 * `version`) invalidates every cached output written with the old one.
 */
import type { ArtifactKind } from '../store.js';

/** Turns values of one type into bytes and back, losslessly. */
export interface Materializer<T> {
  /** Type tag that step inputs/outputs declare, e.g. `table`, `model`, `json`. */
  readonly type: string;
  /** Format version; part of every cache key. */
  readonly version: number;
  readonly kind: ArtifactKind;
  readonly mediaType: string;
  save(value: T): Buffer;
  load(bytes: Buffer): T;
}
