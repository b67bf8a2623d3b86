/**
 * The model registry on SQL (SQLite and PostgreSQL through the same driver as the tracking store).
 * Version numbers come from `registered_models.latest_version`, bumped with UPDATE … RETURNING, whose
 * row lock also serialises alias moves per model on PostgreSQL; SQLite's IMMEDIATE transactions do
 * the same. Alias moves and their audit events are written in one transaction.
 */
import { ConvoptError, formatValue } from '../core/errors.js';
import { ConstraintViolation, type SqlDriver, type SqlExecutor } from '../tracking/sql/driver.js';
import { toAliasEvent, toModelVersion, toRegisteredModel, num } from '../tracking/sql/rows.js';
import type { AliasAction, AliasEvent, AuditInfo, ModelVersion, NewModelVersion, RegisteredModel } from './entities.js';
import { DEFAULT_ALIAS, ModelRegistry, aliasStack, checkRegistryName, defaultActor } from './registry.js';

function modelNotFound(name: string): ConvoptError {
  return new ConvoptError('NOT_FOUND', `No registered model named ${formatValue(name)}.`, { value: name, hint: 'List models with `convopt models list`; models appear once a training run registers a version.' });
}

export class SqlModelRegistry extends ModelRegistry {
  constructor(private readonly driver: SqlDriver) {
    super();
  }

  private write<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    if (this.driver.readOnly) {
      return Promise.reject(new ConvoptError('STORE_READ_ONLY', 'The registry was opened read-only, so nothing was changed.', { file: this.driver.displayUri, hint: 'Open the store without mode=ro.' }));
    }
    return this.driver.transaction(fn);
  }

  async createRegisteredModel(name: string, options: { description?: string } = {}): Promise<RegisteredModel> {
    checkRegistryName('model name', name);
    try {
      await this.write((tx) => tx.run('INSERT INTO registered_models (name, description, created_at, latest_version) VALUES (?, ?, ?, 0)', [name, options.description ?? null, Date.now()]));
    } catch (err) {
      if (err instanceof ConstraintViolation) throw new ConvoptError('ALREADY_EXISTS', `A registered model named ${formatValue(name)} already exists.`, { value: name, hint: 'Register a new version of it instead (createModelVersion).' });
      throw err;
    }
    return this.getRegisteredModel(name);
  }

  async getRegisteredModel(name: string): Promise<RegisteredModel> {
    const row = await this.driver.get('SELECT * FROM registered_models WHERE name = ?', [name]);
    if (!row) throw modelNotFound(name);
    const aliases: Record<string, number> = {};
    for (const a of await this.driver.all<{ alias: string; version: unknown }>('SELECT alias, version FROM model_aliases WHERE name = ? ORDER BY alias', [name])) aliases[a.alias] = num(a.version);
    return toRegisteredModel(row, aliases);
  }

  async listRegisteredModels(): Promise<RegisteredModel[]> {
    const rows = await this.driver.all('SELECT * FROM registered_models ORDER BY name');
    const aliases = await this.driver.all<{ name: string; alias: string; version: unknown }>('SELECT name, alias, version FROM model_aliases ORDER BY alias');
    return rows.map((r) => {
      const mine: Record<string, number> = {};
      for (const a of aliases) if (a.name === r.name) mine[a.alias] = num(a.version);
      return toRegisteredModel(r, mine);
    });
  }

  async createModelVersion(input: NewModelVersion): Promise<ModelVersion> {
    checkRegistryName('model name', input.name);
    if (typeof input.artifactUri !== 'string' || !input.artifactUri) {
      throw new ConvoptError('INVALID_PARAMETER', 'A model version needs the URI of its saved model (artifactUri).', { path: 'artifactUri', value: input.artifactUri, hint: 'Save the ModelBundle to the artifact store first and pass its uri.' });
    }
    for (const [k, v] of Object.entries(input.metrics ?? {})) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConvoptError('INVALID_PARAMETER', `Metric "${k}" of the model version must be a finite number.`, { path: `metrics.${k}`, value: v });
    }
    let version: number;
    try {
      version = await this.write(async (tx) => {
        await tx.run('INSERT INTO registered_models (name, description, created_at, latest_version) VALUES (?, NULL, ?, 0) ON CONFLICT (name) DO NOTHING', [input.name, Date.now()]);
        const row = await tx.get<{ latest_version: unknown }>('UPDATE registered_models SET latest_version = latest_version + 1 WHERE name = ? RETURNING latest_version', [input.name]);
        const v = num(row!.latest_version);
        await tx.run('INSERT INTO model_versions (name, version, run_id, artifact_uri, metrics, data_hash, feature_set, model_kind, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
          input.name,
          v,
          input.runId ?? null,
          input.artifactUri,
          JSON.stringify(input.metrics ?? {}),
          input.dataHash ?? null,
          input.featureSet ?? null,
          input.modelKind ?? null,
          Date.now(),
        ]);
        return v;
      });
    } catch (err) {
      if (err instanceof ConstraintViolation && err.kind === 'foreign_key') {
        throw new ConvoptError('NOT_FOUND', `No run ${formatValue(input.runId)} to attach the model version to.`, { path: 'runId', value: input.runId, hint: 'Register versions from an existing run (or pass runId: null).' });
      }
      throw err;
    }
    return this.getModelVersion(input.name, version);
  }

  async getModelVersion(name: string, version: number): Promise<ModelVersion> {
    const row = await this.driver.get('SELECT * FROM model_versions WHERE name = ? AND version = ?', [name, version]);
    if (!row) {
      await this.getRegisteredModel(name);
      throw new ConvoptError('NOT_FOUND', `Model ${formatValue(name)} has no version ${formatValue(version)}.`, { value: version, hint: `List its versions with \`convopt models show ${name}\`.` });
    }
    const aliases = await this.driver.all<{ alias: string }>('SELECT alias FROM model_aliases WHERE name = ? AND version = ? ORDER BY alias', [name, version]);
    return toModelVersion(row, aliases.map((a) => a.alias));
  }

  async listModelVersions(name: string): Promise<ModelVersion[]> {
    await this.getRegisteredModel(name);
    const rows = await this.driver.all('SELECT * FROM model_versions WHERE name = ? ORDER BY version DESC', [name]);
    const aliases = await this.driver.all<{ alias: string; version: unknown }>('SELECT alias, version FROM model_aliases WHERE name = ? ORDER BY alias', [name]);
    return rows.map((r) => toModelVersion(r, aliases.filter((a) => num(a.version) === num(r.version)).map((a) => a.alias)));
  }

  /** Locks the model row for the rest of the transaction (PostgreSQL) and checks it exists. */
  private async lockModel(tx: SqlExecutor, name: string): Promise<void> {
    const n = await tx.run('UPDATE registered_models SET latest_version = latest_version WHERE name = ?', [name]);
    if (!n) throw modelNotFound(name);
  }

  private async appendEvent(tx: SqlExecutor, name: string, alias: string, action: AliasAction, from: number | null, to: number | null, audit: AuditInfo): Promise<AliasEvent> {
    const row = await tx.get('INSERT INTO alias_events (name, alias, action, from_version, to_version, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *', [
      name,
      alias,
      action,
      from,
      to,
      audit.actor ?? defaultActor(),
      audit.reason ?? null,
      Date.now(),
    ]);
    return toAliasEvent(row!);
  }

  private async currentAlias(tx: SqlExecutor, name: string, alias: string): Promise<number | null> {
    const row = await tx.get<{ version: unknown }>('SELECT version FROM model_aliases WHERE name = ? AND alias = ?', [name, alias]);
    return row ? num(row.version) : null;
  }

  private async moveAlias(tx: SqlExecutor, name: string, alias: string, version: number): Promise<void> {
    await tx.run('INSERT INTO model_aliases (name, alias, version) VALUES (?, ?, ?) ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version', [name, alias, version]);
  }

  async setAlias(name: string, alias: string, version: number, audit: AuditInfo = {}): Promise<AliasEvent> {
    checkRegistryName('alias', alias);
    return this.write(async (tx) => {
      await this.lockModel(tx, name);
      if (!(await tx.get('SELECT 1 AS ok FROM model_versions WHERE name = ? AND version = ?', [name, version]))) {
        throw new ConvoptError('NOT_FOUND', `Model ${formatValue(name)} has no version ${formatValue(version)} to promote.`, { value: version, hint: `List its versions with \`convopt models show ${name}\`.` });
      }
      const from = await this.currentAlias(tx, name, alias);
      await this.moveAlias(tx, name, alias, version);
      return this.appendEvent(tx, name, alias, 'promote', from, version, audit);
    });
  }

  async deleteAlias(name: string, alias: string, audit: AuditInfo = {}): Promise<AliasEvent> {
    return this.write(async (tx) => {
      await this.lockModel(tx, name);
      const from = await this.currentAlias(tx, name, alias);
      if (from === null) throw new ConvoptError('NOT_FOUND', `Model ${formatValue(name)} has no alias ${formatValue(alias)}.`, { value: alias, hint: `See its aliases with \`convopt models show ${name}\`.` });
      await tx.run('DELETE FROM model_aliases WHERE name = ? AND alias = ?', [name, alias]);
      return this.appendEvent(tx, name, alias, 'delete', from, null, audit);
    });
  }

  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    const row = await this.driver.get<{ version: unknown }>('SELECT version FROM model_aliases WHERE name = ? AND alias = ?', [name, alias]);
    if (!row) {
      await this.getRegisteredModel(name);
      throw new ConvoptError('NOT_FOUND', `Model ${formatValue(name)} has no version with alias ${formatValue(alias)}.`, {
        value: alias,
        hint: `Promote a version first: \`convopt models promote ${name} VERSION --alias ${alias}\`.`,
      });
    }
    return this.getModelVersion(name, num(row.version));
  }

  async rollback(name: string, alias: string = DEFAULT_ALIAS, audit: AuditInfo = {}): Promise<AliasEvent> {
    return this.write(async (tx) => {
      await this.lockModel(tx, name);
      const events = (await tx.all('SELECT * FROM alias_events WHERE name = ? AND alias = ? ORDER BY event_id', [name, alias])).map(toAliasEvent);
      const stack = aliasStack(events);
      const current = await this.currentAlias(tx, name, alias);
      if (stack.length < 2 || current === null) {
        throw new ConvoptError('CONFLICT', `Cannot roll back ${formatValue(alias)} of model ${formatValue(name)}: there is no earlier version in its promotion history.`, {
          value: alias,
          hint: `Promote a specific version instead: \`convopt models promote ${name} VERSION --alias ${alias}\`.`,
        });
      }
      const target = stack[stack.length - 2];
      await this.moveAlias(tx, name, alias, target);
      return this.appendEvent(tx, name, alias, 'rollback', current, target, audit);
    });
  }

  async aliasHistory(name: string, alias?: string): Promise<AliasEvent[]> {
    await this.getRegisteredModel(name);
    const rows =
      alias === undefined
        ? await this.driver.all('SELECT * FROM alias_events WHERE name = ? ORDER BY event_id', [name])
        : await this.driver.all('SELECT * FROM alias_events WHERE name = ? AND alias = ? ORDER BY event_id', [name, alias]);
    return rows.map(toAliasEvent);
  }
}
