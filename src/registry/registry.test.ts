/**
 * Registry rules that need no database: the alias stack behind rollback, and name validation. The
 * stored behaviour of the registry is covered by the store contract suite on both backends.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConvoptError } from '../core/errors.js';
import type { AliasAction, AliasEvent } from './entities.js';
import { aliasStack, checkRegistryName } from './registry.js';

function ev(action: AliasAction, from: number | null, to: number | null, i: number): AliasEvent {
  return { eventId: i, name: 'm', alias: 'champion', action, fromVersion: from, toVersion: to, actor: 't', reason: null, at: i };
}

test('promotions push, rollbacks pop, delete clears: the top is current, the one below is the rollback target', () => {
  const events = [ev('promote', null, 1, 1), ev('promote', 1, 2, 2), ev('promote', 2, 3, 3)];
  assert.deepEqual(aliasStack(events), [1, 2, 3]);
  assert.deepEqual(aliasStack([...events, ev('rollback', 3, 2, 4)]), [1, 2]);
  assert.deepEqual(aliasStack([...events, ev('rollback', 3, 2, 4), ev('promote', 2, 4, 5)]), [1, 2, 4]);
  assert.deepEqual(aliasStack([...events, ev('promote', 3, 3, 4)]), [1, 2, 3], 're-promoting the current version is not a new step');
  assert.deepEqual(aliasStack([...events, ev('delete', 3, null, 4), ev('promote', null, 5, 5)]), [5]);
});

test('model names and aliases are URL- and shell-safe; v<number> aliases are refused', () => {
  checkRegistryName('model name', 'conversions-ridge_v2.1');
  for (const bad of ['', 'has space', '-lead', 'x'.repeat(129), 'a/b']) {
    assert.throws(() => checkRegistryName('model name', bad), (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_PARAMETER');
  }
  assert.throws(() => checkRegistryName('alias', 'v3'), /version/);
});
