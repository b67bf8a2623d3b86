/**
 * Child process used by the reliability tests (not part of the library): opens a store and either
 * writes `count` runs with params and metrics (concurrency test) or starts one run, reports its id on
 * stdout and waits to be killed (liveness test).
 *
 *   node --import tsx src/tracking/testing/writer-child.ts write URI EXPERIMENT LABEL COUNT
 *   node --import tsx src/tracking/testing/writer-child.ts hang URI EXPERIMENT
 */
import { openStore } from '../from-uri.js';

const [mode, uri, experiment, label, count] = process.argv.slice(2);
const store = await openStore(uri);
const exp = await store.getOrCreateExperiment(experiment);
if (mode === 'write') {
  const n = Number(count);
  for (let i = 0; i < n; i++) {
    const run = await store.createRun({ experimentId: exp.experimentId, name: `${label}-${i}` });
    await store.logBatch(run.runId, { params: { writer: label, i }, metrics: { r2: i / n, step_metric: i }, tags: { writer: label } });
    await store.registry.createModelVersion({ name: 'shared-model', runId: run.runId, artifactUri: `mem://${label}/${i}` });
    await store.endRun(run.runId);
  }
  await store.close();
  process.stdout.write(`done ${label}\n`);
} else if (mode === 'hang') {
  const run = await store.createRun({ experimentId: exp.experimentId, name: 'doomed' });
  await store.logMetric(run.runId, 'progress', 0.5);
  process.stdout.write(`${run.runId}\n`);
  // Stay alive until SIGKILLed by the test.
  setInterval(() => undefined, 1000);
} else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
