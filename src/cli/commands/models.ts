/**
 * `convopt models list|show|promote|rollback`: the model registry from the command line. Versions are
 * registered by training runs; people promote a version to an alias (`champion` is what `serve`
 * loads) and roll back, each move recorded with who, when and why.
 */
import type { Command } from 'commander';
import { ConvoptError } from '../../core/errors.js';
import { DEFAULT_ALIAS, defaultActor } from '../../registry/registry.js';
import type { AliasEvent, ModelVersion } from '../../registry/entities.js';
import { renderTable, type Cell } from '../format/table.js';
import { addStoreOption, formatTime, printJson, withStore, type StoreCliOptions } from './runs.js';

interface MoveOptions extends StoreCliOptions {
  alias: string;
  reason?: string;
  actor?: string;
}

function parseVersion(v: string, what = 'VERSION'): number {
  const n = Number(v.replace(/^v/i, ''));
  if (!Number.isInteger(n) || n < 1) throw new ConvoptError('INVALID_ARGUMENT', `${what} must be a version number like 3 (or v3); got "${v}".`, { value: v, hint: 'See the versions with `convopt models show NAME`.' });
  return n;
}

/** A version's headline scores (a training run's CV and holdout R², its interval's coverage), else its first metrics. */
function metricsText(m: Readonly<Record<string, number>>, max = 3): string {
  const num = (v: number): string => (Number.isInteger(v) ? String(v) : v.toPrecision(4));
  const parts: string[] = [];
  for (const k of ['cv_r2_mean', 'holdout_r2']) if (m[k] !== undefined) parts.push(`${k}=${num(m[k])}`);
  if (m.interval_level !== undefined && m.interval_cv_coverage !== undefined && m.interval_cv_width !== undefined) {
    parts.push(`${Math.round(m.interval_level * 100)}% interval: covers ${Math.round(m.interval_cv_coverage * 100)}% (CV), ${m.interval_cv_width.toFixed(2)} wide`);
  }
  if (parts.length) return parts.join('  ');
  const entries = Object.entries(m).slice(0, max);
  return entries.length ? entries.map(([k, v]) => `${k}=${num(v)}`).join(' ') : '–';
}

function eventRows(events: readonly AliasEvent[]): Cell[][] {
  return events.map((e) => [formatTime(e.at), e.alias, e.action, e.fromVersion === null ? '–' : `v${e.fromVersion}`, e.toVersion === null ? '–' : `v${e.toVersion}`, e.actor, e.reason ?? '']);
}

const EVENT_HEADER = ['WHEN (UTC)', 'ALIAS', 'ACTION', 'FROM', 'TO', 'WHO', 'REASON'];

function versionDetail(v: ModelVersion): string {
  return [
    `Model ${v.name} version ${v.version}${v.aliases.length ? `  [${v.aliases.join(', ')}]` : ''}`,
    `  created      ${formatTime(v.createdAt)} UTC`,
    `  run          ${v.runId ?? '–'}`,
    `  artifact     ${v.artifactUri}`,
    `  model kind   ${v.modelKind ?? '–'}`,
    `  feature set  ${v.featureSet ?? '–'}`,
    `  data hash    ${v.dataHash ?? '–'}`,
    '',
    'Metrics',
    Object.keys(v.metrics).length ? renderTable(['KEY', 'VALUE'], Object.entries(v.metrics)) : '  (none)',
  ].join('\n');
}

export function register(program: Command): void {
  const models = addStoreOption(
    program
      .command('models')
      .summary('registered models: versions, aliases (champion), promote and roll back')
      .description('The model registry: every training run can register a numbered version of a model; an alias such as `champion` marks the version to serve. Promotions and rollbacks are audited.'),
  );
  models
    .command('list')
    .summary('registered models with their latest version and aliases')
    .option('--json', 'print as JSON')
    .action(async (o: StoreCliOptions, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals<StoreCliOptions>(), ...o };
      await withStore(opts, async (store) => {
        const list = await store.registry.listRegisteredModels();
        if (opts.json) return printJson({ models: list });
        if (!list.length) return void process.stdout.write('No registered models yet. `convopt train` registers a version of the model it trains.\n');
        const rows: Cell[][] = list.map((m) => [m.name, m.latestVersion, Object.entries(m.aliases).map(([a, v]) => `${a}→v${v}`).join(' ') || '–', formatTime(m.createdAt)]);
        process.stdout.write(`${renderTable(['NAME', 'LATEST', 'ALIASES', 'CREATED (UTC)'], rows)}\n`);
      });
    });
  models
    .command('show')
    .argument('<model>', 'NAME (all versions and the audit trail), NAME@VERSION, or NAME@ALIAS (e.g. conversions@champion)')
    .summary('versions, aliases and promotion history of a model, or one version in detail')
    .option('--json', 'print as JSON')
    .action(async (ref: string, o: StoreCliOptions, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals<StoreCliOptions>(), ...o };
      const at = ref.lastIndexOf('@');
      const name = at >= 0 ? ref.slice(0, at) : ref;
      const which = at >= 0 ? ref.slice(at + 1) : undefined;
      await withStore(opts, async (store) => {
        const reg = store.registry;
        if (which !== undefined) {
          const v = /^v?\d+$/i.test(which) ? await reg.getModelVersion(name, parseVersion(which)) : await reg.getModelVersionByAlias(name, which);
          if (opts.json) return printJson({ version: v });
          return void process.stdout.write(`${versionDetail(v)}\n`);
        }
        const [model, versions, history] = await Promise.all([reg.getRegisteredModel(name), reg.listModelVersions(name), reg.aliasHistory(name)]);
        if (opts.json) return printJson({ model, versions, history });
        const out = [`Model ${model.name}  (${model.latestVersion} version${model.latestVersion === 1 ? '' : 's'}; ${Object.entries(model.aliases).map(([a, v]) => `${a} → v${v}`).join(', ') || 'no aliases'})`, ''];
        out.push(renderTable(['VERSION', 'ALIASES', 'CREATED (UTC)', 'KIND', 'FEATURES', 'METRICS', 'RUN'], versions.map((v) => [`v${v.version}`, v.aliases.join(',') || '', formatTime(v.createdAt), v.modelKind ?? '–', v.featureSet ?? '–', metricsText(v.metrics), v.runId?.slice(0, 12) ?? '–']), { alignRight: [] }));
        out.push('', 'Alias history');
        out.push(history.length ? renderTable(EVENT_HEADER, eventRows(history), { alignRight: [] }) : '  (no promotions yet)');
        process.stdout.write(`${out.join('\n')}\n`);
      });
    });
  models
    .command('promote')
    .argument('<name>', 'registered model name')
    .argument('<version>', 'version number to promote (3 or v3)')
    .summary('point an alias (default champion) at a version, with an audited reason')
    .option('--alias <alias>', 'alias to move', DEFAULT_ALIAS)
    .option('--reason <text>', 'why (recorded in the audit trail)')
    .option('--actor <name>', 'who (default: $CONVOPT_USER or the OS user)')
    .option('--json', 'print the audit event as JSON')
    .addHelpText('after', '\nExamples:\n  convopt models promote conversions 4 --reason "r2 0.83 vs 0.79 on holdout"\n  convopt models promote conversions 5 --alias staging')
    .action(async (name: string, version: string, o: MoveOptions, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals<MoveOptions>(), ...o };
      await withStore(opts, async (store) => {
        const event = await store.registry.setAlias(name, opts.alias, parseVersion(version), { actor: opts.actor ?? defaultActor(), ...(opts.reason ? { reason: opts.reason } : {}) });
        if (opts.json) return printJson({ event });
        process.stdout.write(`${name}@${event.alias}: ${event.fromVersion === null ? '(unset)' : `v${event.fromVersion}`} → v${event.toVersion}  (by ${event.actor})\n`);
      });
    });
  models
    .command('rollback')
    .argument('<name>', 'registered model name')
    .summary('move an alias back to the version it pointed at before (walks back one step per call)')
    .option('--alias <alias>', 'alias to roll back', DEFAULT_ALIAS)
    .option('--reason <text>', 'why (recorded in the audit trail)')
    .option('--actor <name>', 'who (default: $CONVOPT_USER or the OS user)')
    .option('--json', 'print the audit event as JSON')
    .action(async (name: string, o: MoveOptions, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals<MoveOptions>(), ...o };
      await withStore(opts, async (store) => {
        const event = await store.registry.rollback(name, opts.alias, { actor: opts.actor ?? defaultActor(), ...(opts.reason ? { reason: opts.reason } : {}) });
        if (opts.json) return printJson({ event });
        process.stdout.write(`${name}@${event.alias} rolled back: v${event.fromVersion} → v${event.toVersion}  (by ${event.actor})\n`);
      });
    });
}
