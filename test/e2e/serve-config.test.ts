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
import { runCliInProcess } from '../helpers/in-process-cli.js';

test('serve takes host and port from the config file; bad values name the field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'convopt-serve-config-'));
  const saved = process.env.CONVOPT_TOKEN;
  delete process.env.CONVOPT_TOKEN;
  try {
    const config = join(dir, 'convopt.config.json');
    writeFileSync(config, JSON.stringify({ store: `sqlite:${join(dir, 'from-config.db')}`, serve: { host: '0.0.0.0', port: 0 } }));
    const refused = await runCliInProcess(['serve', '--config', config]);
    assert.equal(refused.code, 77);
    assert.match(refused.stderr, /0\.0\.0\.0/);
    assert.match(refused.stderr, /CONVOPT_TOKEN/);

    writeFileSync(config, JSON.stringify({ serve: { port: 70000 } }));
    const invalid = await runCliInProcess(['serve', '--config', config]);
    assert.equal(invalid.code, 78);
    assert.match(invalid.stderr, /serve\.port/);
  } finally {
    if (saved !== undefined) process.env.CONVOPT_TOKEN = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
