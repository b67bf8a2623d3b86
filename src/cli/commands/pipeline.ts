/** `convopt pipeline show RUN`: a run's step DAG with status, cache use, durations and artifacts. */
import type { Command } from 'commander';
import { describeRun, pipelineMermaid, pipelineText } from '../../pipeline/show.js';
import { openStore } from '../../tracking/from-uri.js';
import { resolveRun } from './runs.js';

export function register(program: Command): void {
  const pipeline = program.command('pipeline').summary('inspect the steps of pipeline runs (DAG as text or Mermaid)').description('Inspect pipeline runs.');
  pipeline
    .command('show <run>')
    .description('Show the steps of a run (by id, id prefix as `convopt runs list` shows it, or name): status, cached or not, duration, input and output artifacts (text, --mermaid or --json).')
    .option('--mermaid', 'print a Mermaid flowchart instead of text')
    .option('--json', 'print the steps and edges as JSON')
    .option('--store <uri>', 'tracking store (default $CONVOPT_HOME/convopt.db)')
    .action(async (runId: string, o: { mermaid?: boolean; json?: boolean; store?: string }) => {
      const store = await openStore(o.store, { readOnly: true });
      try {
        const p = await describeRun(store, (await resolveRun(store, runId)).runId);
        process.stdout.write(`${o.json ? JSON.stringify(p, null, 2) : o.mermaid ? pipelineMermaid(p) : pipelineText(p)}\n`);
      } finally {
        await store.close();
      }
    });
}
