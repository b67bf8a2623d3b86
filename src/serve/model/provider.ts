/**
 * The model provider: owns the model being served. It resolves `--model` through the registry
 * (aliases followed), loads the bundle from the artifact store (or a file), and keeps watching the
 * alias: by polling and when told (`refresh()`, e.g. right after a promotion). A new version is
 * loaded in the background and swapped in with one reference assignment, so a request that already
 * took `current()` finishes on the model it started with and no request ever sees a half-loaded one.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConvoptError, toConvoptError } from '../../core/errors.js';
import { ModelBundle } from '../../models/bundle.js';
import { ArtifactStore, ARTIFACT_URI_PREFIX } from '../../pipeline/artifacts/store.js';
import type { ModelVersion } from '../../registry/index.js';
import type { TrackingStore } from '../../tracking/index.js';
import { requiredInputs } from '../scoring/inputs.js';
import { formatSpec, type ModelSpec } from './spec.js';

/** One loaded, immutable serving model. */
export interface LoadedModel {
  readonly bundle: ModelBundle;
  /** Registered model name (file stem for file models). */
  readonly name: string;
  /** Registry version, or null for a file model. */
  readonly version: number | null;
  /** `name@version` (or the file path). */
  readonly label: string;
  /** Canonical input columns the model needs. */
  readonly required: readonly string[];
  readonly featureSet: string;
  readonly modelKind: string;
  readonly loadedAt: number;
}

export interface ProviderOptions {
  readonly spec: ModelSpec;
  readonly store?: TrackingStore;
  readonly artifacts?: ArtifactStore;
  /** Alias polling period in ms (0 = no polling). Default 1,000. */
  readonly pollMs?: number;
  /** Called on every swap and every failed check (for logs). */
  readonly onEvent?: (event: ProviderEvent) => void;
}

export type ProviderEvent = { readonly type: 'loaded'; readonly model: LoadedModel; readonly previous: string | null } | { readonly type: 'error'; readonly error: ConvoptError };

export class ModelProvider {
  private model: LoadedModel | undefined;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<boolean> | undefined;
  private lastError: ConvoptError | undefined;
  private readonly artifacts: ArtifactStore;

  constructor(private readonly options: ProviderOptions) {
    this.artifacts = options.artifacts ?? new ArtifactStore();
  }

  /** The model to use for one request; take it once per request. Undefined until the first load. */
  current(): LoadedModel | undefined {
    return this.model;
  }

  /** Why the last load or check failed (cleared by a successful load). */
  get error(): ConvoptError | undefined {
    return this.lastError;
  }

  get specText(): string {
    return formatSpec(this.options.spec);
  }

  /** First load (errors are kept, not thrown, so the server can start and report 503), then polling. */
  async start(): Promise<void> {
    await this.refresh();
    const every = this.options.pollMs ?? 1000;
    if (every > 0 && this.options.spec.kind === 'alias') {
      this.timer = setInterval(() => void this.refresh(), every);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Re-resolves the spec and swaps in a new version if it changed. Concurrent calls share one
   * check. Resolves true when a new model was swapped in.
   */
  refresh(): Promise<boolean> {
    if (!this.checking) {
      this.checking = this.check().finally(() => {
        this.checking = undefined;
      });
    }
    return this.checking;
  }

  /** Loads and swaps in now, throwing on failure (used by the CLI to fail fast). */
  async loadOrThrow(): Promise<LoadedModel> {
    await this.refresh();
    if (!this.model) throw this.lastError ?? new ConvoptError('NOT_FOUND', 'No model could be loaded.');
    return this.model;
  }

  private async check(): Promise<boolean> {
    try {
      const spec = this.options.spec;
      if (spec.kind === 'file') {
        if (this.model) return false;
        const file = resolve(spec.path);
        const bundle = ModelBundle.fromJSON(JSON.parse(await readText(file)));
        this.swap(describeModel(bundle, file.replace(/^.*[\\/]/, '').replace(/\.json$/i, ''), null, file));
        return true;
      }
      const mv = await this.resolveVersion(spec);
      if (this.model && this.model.name === mv.name && this.model.version === mv.version) {
        this.lastError = undefined;
        return false;
      }
      const bundle = await this.loadBundle(mv.artifactUri);
      this.swap(describeModel(bundle, mv.name, mv.version, `${mv.name}@${mv.version}`));
      return true;
    } catch (err) {
      const e = toConvoptError(err);
      this.lastError = e;
      this.options.onEvent?.({ type: 'error', error: e });
      return false;
    }
  }

  private swap(next: LoadedModel): void {
    const previous = this.model?.label ?? null;
    this.model = next;
    this.lastError = undefined;
    this.options.onEvent?.({ type: 'loaded', model: next, previous });
  }

  private async resolveVersion(spec: Exclude<ModelSpec, { kind: 'file' }>): Promise<ModelVersion> {
    const store = this.options.store;
    if (!store) throw new ConvoptError('STORE_UNAVAILABLE', `No tracking store to resolve ${formatSpec(spec)}.`, { hint: 'Pass --store URI, or serve a file with --model file:model.json.' });
    const reg = store.registry;
    if (spec.kind === 'version') return reg.getModelVersion(spec.name, spec.version);
    if (spec.name) return reg.getModelVersionByAlias(spec.name, spec.alias);
    const owners = (await reg.listRegisteredModels()).filter((m) => m.aliases[spec.alias] !== undefined);
    if (owners.length === 0) {
      throw new ConvoptError('NOT_FOUND', `No registered model has the alias "${spec.alias}".`, { value: spec.alias, hint: 'Train and promote a model first (convopt train; convopt models promote NAME VERSION), or pass --model NAME@VERSION.' });
    }
    if (owners.length > 1) {
      throw new ConvoptError('CONFLICT', `Several registered models have the alias "${spec.alias}": ${owners.map((m) => m.name).join(', ')}.`, { value: spec.alias, hint: `Name one: --model ${owners[0]!.name}@${spec.alias}.` });
    }
    return reg.getModelVersionByAlias(owners[0]!.name, spec.alias);
  }

  private async loadBundle(uri: string): Promise<ModelBundle> {
    const json: unknown = uri.startsWith(ARTIFACT_URI_PREFIX) ? await this.artifacts.getJSON(uri) : JSON.parse(await readText(uri.replace(/^file:(\/\/)?/, '')));
    return ModelBundle.fromJSON(json);
  }
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new ConvoptError('NOT_FOUND', `Cannot read the model file: ${(err as Error).message}`, { file, hint: 'Check the path given to --model.' });
  }
}

/** Wraps a bundle with the facts the server reports about it. */
export function describeModel(bundle: ModelBundle, name: string, version: number | null, label: string): LoadedModel {
  return {
    bundle,
    name,
    version,
    label,
    required: requiredInputs(bundle),
    featureSet: bundle.features.name,
    modelKind: bundle.model.kind,
    loadedAt: Date.now(),
  };
}
