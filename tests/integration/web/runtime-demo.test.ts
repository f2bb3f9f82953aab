// The runtime on the embedded demo: 13 sub-centres on free loopback ports under <dataDir>/demo, all
// linked, the cache filling, and stop() closing everything so the process can exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_CONSOLE_ID, startConsoleRuntime } from '../../../src-main/runtime/console-runtime.ts';

test('runs the Lixia demo: 13 linked sub-centres feeding the cache, all closed by stop()', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-runtime-demo-'));
  const runtime = await startConsoleRuntime({ dataDir: dir, transport: 'web', demo: { speed: 60, seed: 7 }, log: () => undefined });
  try {
    assert.equal(runtime.info.consoleId, DEMO_CONSOLE_ID);
    assert.equal(runtime.info.demo, true);
    assert.deepEqual(runtime.info.district, { id: '370102', name: '历下区' });
    assert.equal(runtime.endpoints.length, 13);
    assert.ok(runtime.endpoints.every((e) => /^http:\/\/127\.0\.0\.1:\d+/.test(e.url)));
    assert.ok(existsSync(path.join(dir, 'console.db')));
    assert.ok(readdirSync(path.join(dir, 'demo')).length >= 13, 'the demo logs live under <dataDir>/demo');
    const end = Date.now() + 30_000;
    for (;;) {
      const links = await runtime.api.getLinks();
      if (links.filter((l) => l.state === 'connected').length === 13 && (await runtime.api.getKpis()).open > 0) break;
      if (Date.now() > end) throw new Error(`links not all connected: ${links.map((l) => `${l.subcentreId}=${l.state}`).join(' ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal((await runtime.api.getBoundaries()).streets.length, 13);
  } finally {
    await runtime.stop();
    await runtime.stop(); // idempotent
    rmSync(dir, { recursive: true, force: true });
  }
  await assert.rejects(runtime.api.getKpis(), /shutting down/);
});

test('refuses to start with neither a configuration nor the demo', async () => {
  await assert.rejects(startConsoleRuntime({ dataDir: os.tmpdir(), transport: 'web' }), /needs a configuration/);
});

test('a start that fails half-way closes what it had opened and says why', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-runtime-fail-'));
  try {
    const endpoint = { id: '370102012', url: 'http://127.0.0.1:9', token: 't', enabled: true };
    const config = { consoleId: 'x', district: { id: '370102', name: '历下区' }, subcentres: [endpoint, endpoint], staleAfterSeconds: 30 };
    await assert.rejects(startConsoleRuntime({ dataDir: dir, transport: 'web', config, log: () => undefined }), /configured twice/);
    // The store was closed again: the same file opens and closes cleanly at once.
    const again = await startConsoleRuntime({ dataDir: dir, transport: 'web', config: { ...config, subcentres: [endpoint] }, log: () => undefined });
    await again.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
