/**
 * What `--model` can name: a registry alias (`champion`, or `NAME@champion`), a pinned version
 * (`NAME@3`), or a bundle file (`file:path/model.json`, or any path ending in `.json`).
 */
import { ConvoptError } from '../../core/errors.js';
import { DEFAULT_ALIAS } from '../../registry/index.js';

export type ModelSpec =
  | { readonly kind: 'alias'; readonly name: string | undefined; readonly alias: string }
  | { readonly kind: 'version'; readonly name: string; readonly version: number }
  | { readonly kind: 'file'; readonly path: string };

export function parseModelSpec(text: string | undefined): ModelSpec {
  const s = (text ?? DEFAULT_ALIAS).trim();
  if (s.startsWith('file:')) return { kind: 'file', path: s.slice(5) };
  if (/\.json$/i.test(s) || s.includes('/')) return { kind: 'file', path: s };
  const at = s.lastIndexOf('@');
  if (at < 0) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(s)) throw badSpec(s);
    return { kind: 'alias', name: undefined, alias: s };
  }
  const name = s.slice(0, at);
  const ref = s.slice(at + 1);
  if (!name || !ref || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) throw badSpec(s);
  if (/^v?\d+$/.test(ref)) return { kind: 'version', name, version: Number(ref.replace(/^v/, '')) };
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(ref)) throw badSpec(s);
  return { kind: 'alias', name, alias: ref };
}

function badSpec(s: string): ConvoptError {
  return new ConvoptError('INVALID_ARGUMENT', `Cannot read the model reference ${JSON.stringify(s)}.`, {
    path: '--model',
    value: s,
    hint: 'Use an alias (champion), NAME@ALIAS, NAME@VERSION (e.g. convopt@3) or a bundle file (file:model.json).',
  });
}

/** `NAME@VERSION`, `NAME@alias` or the file path, for logs and responses. */
export function formatSpec(spec: ModelSpec): string {
  if (spec.kind === 'file') return `file:${spec.path}`;
  if (spec.kind === 'version') return `${spec.name}@${spec.version}`;
  return spec.name ? `${spec.name}@${spec.alias}` : spec.alias;
}
