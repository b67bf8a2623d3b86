/**
 * `convopt serve` reads `serve.host` and `serve.port` from the config file. Checked through the bind
 * rule (a config that binds beyond loopback is refused without a token) and through validation (a bad
 * port names its field path), so no server has to be left running.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('serve takes host and port from the config file; bad values name the field', async () => {
  process.env.CONVOPT_NO_AUTORUN = '1';
  const dir = mkdtempSync(join(tmpdir(), 'convopt-serve-config-'));
  const saved = process.env.CONVOPT_TOKEN;
  delete process.env.CONVOPT_TOKEN;
  const { runCli } = await import('../../src/cli/main.js');
  const write = process.stderr.write.bind(process.stderr);
  let err = '';
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    const config = join(dir, 'convopt.config.json');
    writeFileSync(config, JSON.stringify({ store: `sqlite:${join(dir, 'from-config.db')}`, serve: { host: '0.0.0.0', port: 0 } }));
    assert.equal(await runCli(['serve', '--config', config]), 77);
    assert.match(err, /0\.0\.0\.0/);
    assert.match(err, /CONVOPT_TOKEN/);

    writeFileSync(config, JSON.stringify({ serve: { port: 70000 } }));
    err = '';
    assert.equal(await runCli(['serve', '--config', config]), 78);
    assert.match(err, /serve\.port/);
  } finally {
    process.stderr.write = write;
    if (saved !== undefined) process.env.CONVOPT_TOKEN = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
