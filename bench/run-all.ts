/**
 * Runs every benchmark in sequence (each beside its Python peer, in the same process tree) and
 * rewrites BENCHMARKS.md from their markdown output. Never part of `npm test`.
 *
 *   node --import tsx bench/run-all.ts            # full sizes (tens of minutes)
 *   node --import tsx bench/run-all.ts --quick    # smoke sizes
 *   node --import tsx bench/run-all.ts hgb forest # only some
 *   … --no-build                                  # skip rebuilding dist/ before the train benchmark
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const ORDER = ['ingest', 'eda', 'fit-small', 'forest', 'hgb', 'train', 'tracking', 'serve', 'web', 'planning', 'optimize'];
const TIMEOUT_MS = 20 * 60 * 1000;
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.filter((a) => !a.startsWith('--'));
const names = ORDER.filter((n) => (only.length ? only.includes(n) : true) && existsSync(new URL(`./${n}.ts`, import.meta.url)));

mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
// These time the code as users run it (dist/; see bench/lib/built.ts), so dist must match the sources.
const TIMES_BUILD = ['fit-small', 'forest', 'hgb', 'train'];
if (names.some((n) => TIMES_BUILD.includes(n)) && !args.includes('--no-build')) {
  process.stderr.write('bench: npm run build (dist/, the code the benchmarks time)…\n');
  const built = spawnSync('npm', ['run', 'build'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (built.status !== 0) throw new Error('npm run build failed; fix the build or pass --no-build');
}
const sections: string[] = [];
for (const name of names) {
  process.stderr.write(`bench: ${name}${quick ? ' (quick)' : ''}…\n`);
  const t0 = Date.now();
  const res = spawnSync(process.execPath, ['--import', 'tsx', new URL(`./${name}.ts`, import.meta.url).pathname, ...(quick ? ['--quick'] : [])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
    timeout: TIMEOUT_MS,
  });
  const secs = ((Date.now() - t0) / 1000).toFixed(0);
  const body = res.status === 0 ? res.stdout.trim() : `**Failed** (${res.signal ? `stopped after ${TIMEOUT_MS / 60000} min` : `exit ${res.status}`}):\n\n\`\`\`\n${res.stdout.slice(-2000)}\n\`\`\``;
  writeFileSync(new URL(`./out/${name}.md`, import.meta.url), body + '\n');
  sections.push(`## ${name}\n\nReproduce: \`node --import tsx bench/${name}.ts${quick ? ' --quick' : ''}\` (took ${secs} s in this run)\n\n${body}\n`);
}

const pyVersions = spawnSync('/usr/bin/python3', ['-c', 'import sklearn, xgboost, pandas, sys; print(f"Python {sys.version.split()[0]}, scikit-learn {sklearn.__version__}, XGBoost {xgboost.__version__}, pandas {pandas.__version__}")'], { encoding: 'utf8' });
const header = `# Benchmarks

Measured side by side with the Python peers (Debian's packages) in the same run, on the same machine.
Ratios below 1 mean convopt is faster. Regenerate everything with \`npm run bench\` (full sizes) or
\`npm run bench -- --quick\` (smoke sizes); one benchmark with \`npm run bench -- NAME\`.

- Run: ${new Date().toISOString()}${quick ? ' (quick sizes — not the headline figures)' : ''}
- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}
- Peers: ${pyVersions.stdout.trim() || 'Python peers unavailable'}
`;
const target = new URL('../BENCHMARKS.md', import.meta.url);
const previous = existsSync(target) ? readFileSync(target, 'utf8') : '';
// Keep sections of benchmarks that were not re-run this time.
const kept = previous
  .split(/\n(?=## )/)
  .filter((s) => s.startsWith('## ') && !names.includes(s.slice(3).split('\n')[0].trim()));
// Sections in the canonical order, whichever were re-run.
const rank = (s: string): number => {
  const i = ORDER.indexOf(s.slice(3).split('\n')[0].trim());
  return i < 0 ? ORDER.length : i;
};
const all = [...sections, ...kept.map((s) => s.trimEnd() + '\n')].sort((a, b) => rank(a) - rank(b));
writeFileSync(target, [header, ...all].join('\n'));
process.stderr.write(`bench: wrote BENCHMARKS.md (${names.join(', ')})\n`);
