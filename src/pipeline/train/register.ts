/**
 * Registration and the champion rule, run after the training DAG (they change shared registry state,
 * so they are never "cached"). Registration is idempotent per model artifact: the same bytes (same
 * data, config and seed) map to the existing version instead of a duplicate. `champion` moves only
 * when the new version beats the current champion on the same data (equal data hash) under the same
 * evaluation scheme (equal `cv_scheme` run param); otherwise the decision says why it did not move.
 */
import { ConvoptError } from '../../core/errors.js';
import { DEFAULT_ALIAS } from '../../registry/registry.js';
import type { ModelVersion } from '../../registry/entities.js';
import type { TrackingStore } from '../../tracking/store.js';

/** What to register. */
export interface RegisterInput {
  readonly modelName: string;
  readonly runId: string;
  readonly artifactUri: string;
  readonly metrics: Readonly<Record<string, number>>;
  readonly dataHash: string;
  readonly featureSet: string;
  readonly modelKind: string;
  /** Evaluation scheme id, e.g. `reference` or `kfold:5:seed=42`; also logged as run param `cv_scheme`. */
  readonly scheme: string;
}

export interface ChampionDecision {
  readonly moved: boolean;
  readonly previous: number | null;
  readonly current: number | null;
  readonly reason: string;
}

export interface Registration {
  readonly name: string;
  readonly version: number;
  /** False when an identical model artifact was already registered (that version is reused). */
  readonly created: boolean;
  readonly champion: ChampionDecision;
}

async function findByArtifact(store: TrackingStore, name: string, uri: string): Promise<ModelVersion | null> {
  try {
    return (await store.registry.listModelVersions(name)).find((v) => v.artifactUri === uri) ?? null;
  } catch (err) {
    if (err instanceof ConvoptError && err.code === 'NOT_FOUND') return null;
    throw err;
  }
}

async function currentChampion(store: TrackingStore, name: string): Promise<ModelVersion | null> {
  try {
    return await store.registry.getModelVersionByAlias(name, DEFAULT_ALIAS);
  } catch (err) {
    if (err instanceof ConvoptError && err.code === 'NOT_FOUND') return null;
    throw err;
  }
}

const short = (h: string | null): string => (h ? h.slice(0, 12) : 'unknown');

/** Decides whether `candidate` should replace `champion` (pure except for reading the champion's run). */
export async function championDecision(store: TrackingStore, candidate: ModelVersion, scheme: string, champion: ModelVersion | null): Promise<ChampionDecision & { promote: boolean }> {
  if (!champion) return { promote: true, moved: true, previous: null, current: candidate.version, reason: `no ${DEFAULT_ALIAS} yet; v${candidate.version} becomes ${DEFAULT_ALIAS}` };
  if (champion.version === candidate.version) return { promote: false, moved: false, previous: champion.version, current: champion.version, reason: `v${candidate.version} is already ${DEFAULT_ALIAS}` };
  if (champion.dataHash !== candidate.dataHash) {
    return {
      promote: false,
      moved: false,
      previous: champion.version,
      current: champion.version,
      reason: `${DEFAULT_ALIAS} v${champion.version} was trained on different data (hash ${short(champion.dataHash)} vs ${short(candidate.dataHash)}), so the scores are not comparable; promote by hand (convopt models promote) if intended`,
    };
  }
  let championScheme: string | undefined;
  if (champion.runId) {
    try {
      championScheme = (await store.getRun(champion.runId)).params.cv_scheme;
    } catch {
      championScheme = undefined;
    }
  }
  if (championScheme !== scheme) {
    return {
      promote: false,
      moved: false,
      previous: champion.version,
      current: champion.version,
      reason: `${DEFAULT_ALIAS} v${champion.version} was evaluated with a different CV scheme (${championScheme ?? 'unknown'} vs ${scheme}); scores are not comparable`,
    };
  }
  const a = candidate.metrics.cv_r2_mean;
  const b = champion.metrics.cv_r2_mean;
  if (a === undefined || b === undefined || !(a > b)) {
    return { promote: false, moved: false, previous: champion.version, current: champion.version, reason: `v${candidate.version} CV R² ${a?.toFixed(4) ?? '?'} does not beat ${DEFAULT_ALIAS} v${champion.version} (${b?.toFixed(4) ?? '?'})` };
  }
  return { promote: true, moved: true, previous: champion.version, current: candidate.version, reason: `v${candidate.version} CV R² ${a.toFixed(4)} beats ${DEFAULT_ALIAS} v${champion.version} (${b.toFixed(4)}) on the same data and CV scheme` };
}

/**
 * Registers the model (or finds its identical version) and applies the champion rule.
 * @example await registerAndPromote(store, { modelName: 'convopt', runId, artifactUri, metrics: { cv_r2_mean: 0.73 }, dataHash, featureSet: 'seed', modelKind: 'Ridge', scheme: 'reference' })
 */
export async function registerAndPromote(store: TrackingStore, input: RegisterInput): Promise<Registration> {
  const existing = await findByArtifact(store, input.modelName, input.artifactUri);
  const version =
    existing ??
    (await store.registry.createModelVersion({
      name: input.modelName,
      artifactUri: input.artifactUri,
      runId: input.runId,
      metrics: input.metrics,
      dataHash: input.dataHash,
      featureSet: input.featureSet,
      modelKind: input.modelKind,
    }));
  const champion = await currentChampion(store, input.modelName);
  const d = await championDecision(store, version, input.scheme, champion);
  if (d.promote) await store.registry.setAlias(input.modelName, DEFAULT_ALIAS, version.version, { reason: `convopt train run ${input.runId}: ${d.reason}` });
  return { name: input.modelName, version: version.version, created: existing === null, champion: { moved: d.moved, previous: d.previous, current: d.current, reason: d.reason } };
}
