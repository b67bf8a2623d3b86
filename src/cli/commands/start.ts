/**
 * `convopt start`: the main job in one command — train on the data (every step served from cache when
 * nothing changed), register the best model and move the champion alias if it wins, then serve the
 * API and the web app. It runs exactly `convopt train` and then `convopt serve`, so each keeps its own
 * flags, progress display and errors.
 */
import type { Command } from 'commander';

interface StartOptions {
  data?: string;
  host?: string;
  port?: string;
  store?: string;
  train: boolean;
}

export function register(program: Command): void {
  program
    .command('start')
    .summary('train (cached when unchanged), register, then serve the API and web app')
    .description('Train on the data (cached when unchanged), register the champion, then serve the API and web app.')
    .option('--data <path|url>', 'training data (default: the bundled dataset)')
    .option('--store <uri>', 'tracking store (default <home>/convopt.db)')
    .option('--host <address>', 'address to bind (default 127.0.0.1)')
    .option('--port <n>', 'TCP port (default 8080)')
    .option('--no-train', 'skip training and serve the current champion')
    .addHelpText('after', '\nExample:\n  npm start            # = convopt start: train + register + serve on http://127.0.0.1:8080\n')
    .action(async (o: StartOptions) => {
      // Fresh programs per step: commander keeps parsed option values on its command objects.
      const { buildProgram } = await import('../program.js');
      const store = o.store ? ['--store', o.store] : [];
      if (o.train) {
        const train = ['train', ...(o.data ? ['--data', o.data] : []), ...store];
        await (await buildProgram(train)).parseAsync(train, { from: 'user' });
        if (typeof process.exitCode === 'number' && process.exitCode !== 0) {
          process.stderr.write('convopt start: training did not produce a new champion; serving the current one (if any).\n');
          process.exitCode = 0;
        }
      }
      const serve = ['serve', ...store, ...(o.host ? ['--host', o.host] : []), ...(o.port ? ['--port', o.port] : [])];
      await (await buildProgram(serve)).parseAsync(serve, { from: 'user' });
    });
}
