/**
 * The artifact store: immutable, content-addressed files under `<home>/artifacts`.
 *
 * An artifact's id is the sha256 of its bytes, so the same content is stored once and a uri can never
 * point at different bytes later. Writes are atomic (temp file in the same folder → fsync → rename →
 * fsync of the folder), so a reader never sees a half-written artifact, even if the writer is killed
 * with SIGKILL mid-write: it leaves at most an orphan `tmp/` file, which is never addressable.
 *
 * Uris look like `artifact://sha256/<64 hex>`; `path(uri)` accepts nothing else and re-checks that
 * the resolved file lies inside the store, so a crafted uri cannot read outside it.
 */
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { convoptHome } from '../../core/home.js';
import { ConvoptError } from '../../core/errors.js';
import { sha256 } from '../../core/hash.js';

/** The uri prefix of every artifact. */
export const ARTIFACT_URI_PREFIX = 'artifact://sha256/';
const URI_RE = /^artifact:\/\/sha256\/([0-9a-f]{64})$/;

/** What kind of thing an artifact holds; recorded in its metadata sidecar and in the tracking store. */
export type ArtifactKind = 'table' | 'model' | 'report' | 'metrics' | 'chart' | 'json' | 'predictions' | 'other';

/** Metadata given when an artifact is written. */
export interface ArtifactMeta {
  readonly kind: ArtifactKind | string;
  /** Human name (e.g. the step output), for listings only; it is not part of the address. */
  readonly name?: string;
  /** Media type, e.g. `application/json`, `application/vnd.apache.parquet`. */
  readonly mediaType?: string;
}

/** The result of `put`: where the bytes live and their fingerprint. */
export interface ArtifactRef {
  readonly uri: string;
  readonly sha256: string;
  readonly size: number;
}

/**
 * Content-addressed artifact store.
 * @example
 * const store = new ArtifactStore();            // <CONVOPT_HOME>/artifacts
 * const { uri } = await store.put('{"a":1}', { kind: 'metrics', name: 'cv' });
 * const bytes = await store.get(uri);
 */
export class ArtifactStore {
  /** Absolute folder holding the artifacts. */
  readonly root: string;

  constructor(root?: string) {
    this.root = resolve(root ?? join(convoptHome(), 'artifacts'));
  }

  /** Write bytes (once per content) and return their uri. Safe under concurrent writers of the same content. */
  async put(data: Buffer | Uint8Array | string, meta: ArtifactMeta): Promise<ArtifactRef> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const hex = sha256(bytes);
    const uri = ARTIFACT_URI_PREFIX + hex;
    const file = this.fileOf(hex);
    const ref: ArtifactRef = { uri, sha256: hex, size: bytes.byteLength };
    try {
      if (!existsSync(file)) {
        await mkdir(join(this.root, hex.slice(0, 2)), { recursive: true });
        await this.atomicWrite(file, bytes);
      }
      const metaFile = `${file}.meta.json`;
      if (!existsSync(metaFile)) {
        const sidecar = JSON.stringify({ ...meta, sha256: hex, size: bytes.byteLength, createdAt: new Date().toISOString() });
        await this.atomicWrite(metaFile, Buffer.from(sidecar, 'utf8'));
      }
    } catch (err) {
      throw new ConvoptError('IO_ERROR', `Cannot write artifact ${meta.name ?? hex} to the artifact store: ${(err as Error).message}`, {
        file: this.root,
        cause: err,
        hint: 'Check free disk space and that CONVOPT_HOME points to a writable folder.',
      });
    }
    return ref;
  }

  /** Read an artifact's bytes; NOT_FOUND if the uri is well formed but absent. */
  async get(uri: string): Promise<Buffer> {
    const file = this.path(uri);
    try {
      return await readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new ConvoptError('NOT_FOUND', `Artifact ${uri} is not in the artifact store.`, {
          file: this.root,
          value: uri,
          hint: 'The store folder may have been moved or pruned; re-run `convopt train --no-cache` to rebuild it, or set CONVOPT_HOME to the right folder.',
        });
      }
      throw new ConvoptError('IO_ERROR', `Cannot read artifact ${uri}: ${(err as Error).message}`, { file, cause: err });
    }
  }

  /** Read and parse a JSON artifact. */
  async getJSON<T = unknown>(uri: string): Promise<T> {
    const text = (await this.get(uri)).toString('utf8');
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new ConvoptError('MODEL_FORMAT', `Artifact ${uri} is not valid JSON.`, { value: uri, cause: err, hint: 'The artifact is corrupt; re-run with --no-cache.' });
    }
  }

  /** The metadata sidecar written by `put`, or undefined if missing. */
  async meta(uri: string): Promise<(ArtifactMeta & { sha256: string; size: number; createdAt: string }) | undefined> {
    try {
      return JSON.parse(await readFile(`${this.path(uri)}.meta.json`, 'utf8')) as ArtifactMeta & { sha256: string; size: number; createdAt: string };
    } catch {
      return undefined;
    }
  }

  /** True if the artifact exists (and the uri is valid). */
  async exists(uri: string): Promise<boolean> {
    try {
      const s = await stat(this.path(uri));
      return s.isFile();
    } catch (err) {
      if (err instanceof ConvoptError) throw err;
      return false;
    }
  }

  /**
   * Absolute file path of an artifact. Refuses (INVALID_ARGUMENT) anything that is not exactly
   * `artifact://sha256/<64 lowercase hex>` or that would resolve outside the store.
   */
  path(uri: string): string {
    const m = typeof uri === 'string' ? URI_RE.exec(uri) : null;
    if (!m) {
      throw new ConvoptError('INVALID_ARGUMENT', `Not an artifact uri: it must be ${ARTIFACT_URI_PREFIX}<64 hex digits>.`, {
        value: uri,
        hint: 'Use a uri returned by the artifact store (see `convopt pipeline show RUN`).',
      });
    }
    const file = this.fileOf(m[1]!);
    if (!file.startsWith(this.root + sep)) {
      throw new ConvoptError('INVALID_ARGUMENT', 'Artifact uri resolves outside the artifact store.', { value: uri });
    }
    return file;
  }

  private fileOf(hex: string): string {
    return resolve(this.root, hex.slice(0, 2), hex);
  }

  /** temp file in the target folder (same filesystem) → fsync → rename → fsync folder. */
  private async atomicWrite(file: string, bytes: Buffer): Promise<void> {
    const dir = resolve(file, '..');
    const tmp = join(dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await rename(tmp, file);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    const dh = await open(dir, 'r').catch(() => undefined);
    if (dh) {
      await dh.sync().catch(() => undefined);
      await dh.close();
    }
  }
}
