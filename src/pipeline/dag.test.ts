import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDag } from './dag.js';
import { defineStep } from './step.js';
import { ConvoptError } from '../core/errors.js';

const source = defineStep({ name: 'source', version: '1', inputs: {}, outputs: { t: 'table', j: 'json' }, run: () => ({ t: null, j: 1 }) });
const useJson = defineStep({ name: 'use', version: '1', inputs: { x: 'json' }, outputs: { y: 'json' }, run: (_c, i) => ({ y: i.x }) });

function configError(fn: () => unknown, re: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof ConvoptError && e.code === 'INVALID_CONFIG' && re.test(e.message), re.source);
}

test('buildDag orders nodes topologically regardless of declaration order', () => {
  const dag = buildDag('p', [
    { id: 'b', step: useJson, bind: { x: 'a.y' } },
    { id: 'a', step: useJson, bind: { x: 's.j' } },
    { id: 's', step: source },
  ]);
  assert.deepEqual(dag.nodes.map((n) => n.id), ['s', 'a', 'b']);
  assert.deepEqual(dag.deps.get('b'), ['a']);
});

test('buildDag rejects unbound inputs, unknown steps/outputs, type mismatches, duplicates and cycles, naming the steps', () => {
  configError(() => buildDag('p', [{ id: 'u', step: useJson }]), /"u" input "x" is not bound/);
  configError(() => buildDag('p', [{ id: 'u', step: useJson, bind: { x: 'ghost.j' } }]), /unknown step "ghost"/);
  configError(() => buildDag('p', [{ id: 's', step: source }, { id: 'u', step: useJson, bind: { x: 's.nope' } }]), /no output "nope"/);
  configError(() => buildDag('p', [{ id: 's', step: source }, { id: 'u', step: useJson, bind: { x: 's.t' } }]), /expects json, but "s.t" produces table/);
  configError(() => buildDag('p', [{ id: 's', step: source }, { id: 's', step: source }]), /two steps with id "s"/);
  configError(() => buildDag('p', [{ id: 's', step: source }, { id: 'u', step: useJson, bind: { x: 's.j', extra: 's.j' } }]), /unknown input "extra"/);
  configError(
    () => buildDag('p', [{ id: 'a', step: useJson, bind: { x: 'b.y' } }, { id: 'b', step: useJson, bind: { x: 'a.y' } }]),
    /cycle among steps: a → b/,
  );
  configError(() => buildDag('p', [{ id: 'u', step: useJson, bind: { x: 'nodot' } }]), /not of the form/);
});
