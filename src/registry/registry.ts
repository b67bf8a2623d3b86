/**
 * The model registry contract (after MLflow's model-registry abstract store): registered models,
 * auto-numbered versions, aliases with an append-only audit trail, and rollback. Every method is
 * async; failures are ConvoptErrors: NOT_FOUND (unknown model/version/alias), ALREADY_EXISTS,
 * CONFLICT (nothing to roll back to), STORE_READ_ONLY / STORE_UNAVAILABLE / IO_ERROR (storage).
 * Each tracking store exposes one as `store.registry`, sharing its database.
 */
import { userInfo } from 'node:os';
import type { AliasEvent, AuditInfo, ModelVersion, NewModelVersion, RegisteredModel } from './entities.js';
import { invalidParameter } from '../core/errors.js';

export const DEFAULT_ALIAS = 'champion';

export abstract class ModelRegistry {
  /** Creates an empty registered model. ALREADY_EXISTS if the name is taken. */
  abstract createRegisteredModel(name: string, options?: { description?: string }): Promise<RegisteredModel>;

  /** The model with its latest version number and aliases. NOT_FOUND if unknown. */
  abstract getRegisteredModel(name: string): Promise<RegisteredModel>;

  /** All registered models, by name. */
  abstract listRegisteredModels(): Promise<RegisteredModel[]>;

  /**
   * Registers a new version of `input.name` (creating the registered model if needed) with the next
   * number for that name; concurrent callers get distinct numbers. NOT_FOUND if `runId` is unknown.
   */
  abstract createModelVersion(input: NewModelVersion): Promise<ModelVersion>;

  /** NOT_FOUND if the model or version does not exist. */
  abstract getModelVersion(name: string, version: number): Promise<ModelVersion>;

  /** Versions of one model, newest first. NOT_FOUND if the model does not exist. */
  abstract listModelVersions(name: string): Promise<ModelVersion[]>;

  /**
   * Points `alias` at `version` (a promotion) and appends an audit event. NOT_FOUND if the version
   * does not exist. Returns the audit event.
   */
  abstract setAlias(name: string, alias: string, version: number, audit?: AuditInfo): Promise<AliasEvent>;

  /** Removes the alias (audited). NOT_FOUND if it is not set. */
  abstract deleteAlias(name: string, alias: string, audit?: AuditInfo): Promise<AliasEvent>;

  /** The version the alias points at. NOT_FOUND if the model or alias does not exist. */
  abstract getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion>;

  /**
   * Moves the alias back to the version it pointed at before the current one, replaying the audit
   * trail as a stack (promotions push, rollbacks pop), so repeated rollbacks walk further back.
   * CONFLICT if there is no earlier version. Returns the audit event.
   */
  abstract rollback(name: string, alias?: string, audit?: AuditInfo): Promise<AliasEvent>;

  /** The audit trail of one model (optionally one alias), oldest first. */
  abstract aliasHistory(name: string, alias?: string): Promise<AliasEvent[]>;
}

/** The acting user recorded in audit events. */
export function defaultActor(): string {
  if (process.env.CONVOPT_USER) return process.env.CONVOPT_USER;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Model names and aliases: letters, digits, `_ . -`, up to 128 characters (URL- and shell-safe). */
export function checkRegistryName(kind: 'model name' | 'alias', value: string): void {
  if (typeof value !== 'string' || !NAME_RE.test(value)) {
    invalidParameter(kind, value, 'letters, digits, "_", "." or "-" (starting with a letter or digit, at most 128 characters)');
  }
  if (kind === 'alias' && /^v\d+$/.test(value)) invalidParameter(kind, value, 'not of the form v<number> (that reads as a version)');
}

/**
 * Replays the audit trail of one alias as a stack of versions: promote pushes, rollback pops,
 * delete clears. The top is the current version; the one below is where a rollback goes.
 */
export function aliasStack(events: readonly AliasEvent[]): number[] {
  const stack: number[] = [];
  for (const e of events) {
    if (e.action === 'promote' && e.toVersion !== null) {
      if (stack[stack.length - 1] !== e.toVersion) stack.push(e.toVersion);
    } else if (e.action === 'rollback') stack.pop();
    else if (e.action === 'delete') stack.length = 0;
  }
  return stack;
}
