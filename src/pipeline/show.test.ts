import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../tracking/index.js';
import { ArtifactStore } from './artifacts/store.js';
import { buildDag } from './dag.js';
import { trackingRecorder } from './lineage.js';
import { runPipeline } from './runner.js';
import { describeRun, pipelineMermaid, pipelineText } from './show.js';
import { defineStep } from './step.js';

const a = defineStep({ name: 'a', version: '1', inputs: {}, outputs: { x: 'json' }, run: () => ({ x: [1, 2] }) });
const b = defineStep({ name: 'b', version: '1', inputs: { x: 'json' }, outputs: { y: 'metrics' }, run: (_c, i) => ({ y: { n: (i.x as number[]).length } }) });

test('pipeline show rebuilds the DAG from tracked lineage, with cache flags, as text and Mermaid', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'convopt-show-'));
  const store = await openStore(join(dir, 'convopt.db'));
  try {
    const exp = await store.getOrCreateExperiment('default');
    const artifacts = new ArtifactStore(join(dir, 'artifacts'));
    const dag = buildDag('t', [{ id: 'a', step: a }, { id: 'b', step: b, bind: { x: 'a.x' } }]);
    const run1 = await store.createRun({ experimentId: exp.experimentId });
    await runPipeline(dag, { artifacts, recorder: trackingRecorder(store, run1.runId) });
    const run2 = await store.createRun({ experimentId: exp.experimentId });
    const r = await runPipeline(dag, { artifacts, recorder: trackingRecorder(store, run2.runId) });
    assert.deepEqual(r.nodes.map((n) => n.status), ['cached', 'cached']);

    const shown = await describeRun(store, run2.runId);
    assert.deepEqual(shown.steps.map((s) => [s.step, s.status, s.cached]), [['a', 'CACHED', true], ['b', 'CACHED', true]]);
    assert.deepEqual(shown.edges, [{ from: 'a', to: 'b', artifact: 'a.x' }]);
    const text = pipelineText(shown);
    assert.match(text, /^ {2}b {2}cached/m);
    assert.match(text, /← a\.x\n/);
    assert.match(text, /→ y {2}\d+ B {2}artifact:\/\/sha256\/[0-9a-f]{64}/);
    const mm = pipelineMermaid(shown);
    assert.match(mm, /^flowchart TD\n {2}a\["a<br\/>cached · \d+ ms"\]/);
    assert.match(mm, / {2}a -->\|x\| b/);
    assert.match(mm, /class a,b cached/);
  } finally {
    await store.close();
  }
});
