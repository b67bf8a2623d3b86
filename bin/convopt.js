#!/usr/bin/env node
// The `convopt` executable: runs the compiled CLI from dist/ (built by `npm ci` through `prepare`).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('convopt: the compiled CLI is missing (dist/cli/main.js).\nFix: run `npm ci` (or `npm run build`) in the convopt folder first.\n');
  process.exit(69);
}
process.env.CONVOPT_NO_AUTORUN = '1';
const { runCli } = await import(main.href);
process.exitCode = await runCli(process.argv.slice(2));
