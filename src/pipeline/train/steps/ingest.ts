/**
 * `ingest`: reads the ad table (file or PostgreSQL) with the data module's `loadAds`, which maps
 * headers, validates every row and applies the invalid-row policy. It has no inputs, so its cache key
 * depends on its params alone: the caller passes a `fingerprint` of the source (the file's sha256, or
 * a fresh nonce for database sources, which are never cached) so a changed file is re-read.
 */
import type { Frame } from '../../../data/frame.js';
import { loadAds, type LoadOptions } from '../../../data/load.js';
import { defineStep } from '../../step.js';

export interface IngestParams {
  readonly [key: string]: unknown;
  readonly data: string | null;
  readonly sheet: string | null;
  readonly query: string | null;
  readonly columns: Readonly<Record<string, string>>;
  readonly onInvalid: 'fail' | 'drop' | 'quarantine';
  readonly quarantine: string | null;
  readonly purpose: 'train' | 'predict';
  /** Content fingerprint of the source (cache-key ingredient only). */
  readonly fingerprint: string;
}

/** Load options from step params. */
export function loadOptionsOf(p: IngestParams): LoadOptions {
  return {
    ...(p.data ? { data: p.data } : {}),
    ...(p.sheet ? { sheet: p.sheet } : {}),
    ...(p.query ? { query: p.query } : {}),
    ...(Object.keys(p.columns).length ? { columnMapping: { ...p.columns } } : {}),
    onInvalid: p.onInvalid,
    ...(p.quarantine ? { quarantinePath: p.quarantine } : {}),
    purpose: p.purpose,
  };
}

export const ingestStep = defineStep<IngestParams>({
  name: 'ingest',
  version: '1',
  inputs: {},
  outputs: { table: 'table', report: 'json' },
  async run(ctx, _inputs, params) {
    const { frame, report } = await loadAds(loadOptionsOf(params));
    ctx.annotate('rows', report.rowsKept);
    const table: Frame = frame;
    return { table, report: { ...report, durationMs: undefined } };
  },
});
