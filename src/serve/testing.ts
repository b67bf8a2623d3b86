/**
 * Test and benchmark helpers for the server: fitted bundles on the bundled data, and a scratch
 * tracking store + artifact store with registered versions. Not used by the server itself.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from '../data/frame.js';
import { loadAds } from '../data/load.js';
import { ModelBundle } from '../models/bundle.js';
import type { FeatureSetName } from '../features/sets.js';
import { ArtifactStore } from '../pipeline/artifacts/store.js';
import { openStore, type TrackingStore } from '../tracking/index.js';
import type { ModelVersion } from '../registry/index.js';

let cached: Frame | undefined;

/** The bundled dataset as a Frame (loaded once per process). */
export async function bundledFrame(): Promise<Frame> {
  cached ??= (await loadAds({})).frame;
  return cached;
}

/** A fitted bundle of `kind` on the bundled data. */
export async function fittedBundle(kind = 'LinearRegression', params: Record<string, unknown> = {}, features: FeatureSetName = 'seed'): Promise<ModelBundle> {
  const frame = await bundledFrame();
  return ModelBundle.create({ features, model: kind, params }).fit(frame, { seed: 0 });
}

export interface ScratchRegistry {
  readonly dir: string;
  readonly store: TrackingStore;
  readonly artifacts: ArtifactStore;
  /** Saves the bundle as an artifact and registers it as the next version of `name`. */
  register(name: string, bundle: ModelBundle): Promise<ModelVersion>;
}

/** A fresh SQLite store and artifact folder under the OS temp dir. */
export async function scratchRegistry(): Promise<ScratchRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'convopt-serve-'));
  const store = await openStore(`sqlite:${join(dir, 'convopt.db')}`);
  const artifacts = new ArtifactStore(join(dir, 'artifacts'));
  return {
    dir,
    store,
    artifacts,
    async register(name, bundle) {
      const ref = await artifacts.put(JSON.stringify(bundle.toJSON()), { kind: 'model', name: `${name}.json`, mediaType: 'application/json' });
      return store.registry.createModelVersion({ name, artifactUri: ref.uri, featureSet: bundle.features.name, modelKind: bundle.model.kind });
    },
  };
}
