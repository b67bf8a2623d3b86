/**
 * Model registry entities: registered models, their numbered versions, aliases (`champion`) and the
 * append-only audit trail of alias moves. Plain readonly objects; times are epoch milliseconds.
 */

export interface RegisteredModel {
  readonly name: string;
  readonly description: string | null;
  readonly createdAt: number;
  /** Highest version number created so far (0 when none). */
  readonly latestVersion: number;
  /** alias → version, e.g. `{ champion: 3 }`. */
  readonly aliases: Readonly<Record<string, number>>;
}

export interface ModelVersion {
  readonly name: string;
  /** 1, 2, 3… per model name, assigned by the store. */
  readonly version: number;
  readonly runId: string | null;
  /** Where the serialized `ModelBundle` lives (an artifact-store URI or a file path). */
  readonly artifactUri: string;
  readonly metrics: Readonly<Record<string, number>>;
  /** sha256 of the training data (IngestReport.dataHash). */
  readonly dataHash: string | null;
  /** Feature set name ('seed' | 'planning' | …). */
  readonly featureSet: string | null;
  readonly modelKind: string | null;
  readonly createdAt: number;
  /** Aliases currently pointing at this version. */
  readonly aliases: readonly string[];
}

export type AliasAction = 'promote' | 'rollback' | 'delete';

/** One line of the audit trail: who moved which alias from which version to which, when and why. */
export interface AliasEvent {
  readonly eventId: number;
  readonly name: string;
  readonly alias: string;
  readonly action: AliasAction;
  readonly fromVersion: number | null;
  readonly toVersion: number | null;
  readonly actor: string;
  readonly reason: string | null;
  readonly at: number;
}

export interface NewModelVersion {
  readonly name: string;
  readonly artifactUri: string;
  readonly runId?: string | null;
  readonly metrics?: Readonly<Record<string, number>>;
  readonly dataHash?: string | null;
  readonly featureSet?: string | null;
  readonly modelKind?: string | null;
}

/** Who and why, recorded with every alias move. `actor` defaults to CONVOPT_USER or the OS user. */
export interface AuditInfo {
  readonly actor?: string;
  readonly reason?: string;
}
