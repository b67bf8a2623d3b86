/**
 * Reading the config file: `--config F`, else `convopt.config.json`, `.yaml` or `.yml` in the working
 * directory, else defaults. Parse and schema errors are INVALID_CONFIG naming the file and the field
 * path (`cv.folds`), the offending value and the rule.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type * as Yaml from 'yaml';
import type { z } from 'zod';
import { ConvoptError } from '../core/errors.js';
import { configSchema, type ConvoptConfigFile } from './schema.js';

// The YAML parser loads only for a YAML file (~60 ms of start-up otherwise spent on every command).
const parseYaml = (text: string): unknown => (createRequire(import.meta.url)('yaml') as typeof Yaml).parse(text);

/** File names looked for in the working directory, in order. */
export const CONFIG_FILE_NAMES = ['convopt.config.json', 'convopt.config.yaml', 'convopt.config.yml'] as const;

/** The config file that applies (explicit path, else the first default name present), or null. */
export function findConfigFile(explicit?: string, cwd = process.cwd()): string | null {
  if (explicit) return resolve(cwd, explicit);
  for (const name of CONFIG_FILE_NAMES) {
    const p = resolve(cwd, name);
    if (existsSync(p)) return p;
  }
  return null;
}

function valueAt(doc: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = doc;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

type Issue = z.core.$ZodIssue;

/**
 * A union that matched no branch reports only "Invalid input" at its own path. When exactly one branch
 * accepted the value's type (a model spec written as an object, say), its issues say what is wrong,
 * at their full paths (`models.0.features`), so they replace the union's.
 */
function explainUnions(issues: readonly Issue[]): Issue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union') return [issue];
    const typed = issue.errors.filter((branch) => !branch.some((b) => b.code === 'invalid_type' && b.path.length === 0));
    if (typed.length !== 1) return [issue];
    return explainUnions(typed[0]!.map((b) => ({ ...b, path: [...issue.path, ...b.path] })));
  });
}

/** Validates a parsed config document. */
export function parseConfig(doc: unknown, file = '<config>'): ConvoptConfigFile {
  const r = configSchema.safeParse(doc ?? {});
  if (r.success) return r.data;
  const issues = explainUnions(r.error.issues);
  const lines = issues.map((i) => {
    const path = i.path.map(String).join('.') || '(top level)';
    const keys = i.code === 'unrecognized_keys' ? ` ${i.keys.map((k) => JSON.stringify(k)).join(', ')}` : '';
    return `${path}: ${i.message}${keys}`;
  });
  const first = issues[0]!;
  const path = first.path.map(String).join('.');
  const value = valueAt(doc, first.path);
  throw new ConvoptError('INVALID_CONFIG', `The configuration is invalid:\n  - ${lines.join('\n  - ')}`, {
    file,
    ...(path ? { path } : {}),
    ...(value !== undefined && typeof value !== 'object' ? { value } : {}),
    details: issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    hint: 'Fix the listed fields (see convopt.config.example.json for every field and its default).',
  });
}

/** Reads and validates the config file; `{}` when there is none. */
export function loadConfigFile(explicit?: string, cwd = process.cwd()): { file: string | null; config: ConvoptConfigFile } {
  const file = findConfigFile(explicit, cwd);
  if (!file) return { file: null, config: {} };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConvoptError('UNREADABLE_FILE', `Cannot read the config file: ${(err as Error).message}`, { file, cause: err, hint: 'Check the --config path.' });
  }
  let doc: unknown;
  try {
    doc = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new ConvoptError('INVALID_CONFIG', `The config file is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(err as Error).message}`, { file, cause: err, hint: 'Fix the syntax (a JSON or YAML linter points at the line).' });
  }
  return { file, config: parseConfig(doc, file) };
}
