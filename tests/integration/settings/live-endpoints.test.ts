// Sub-centre endpoints changed while the console runs (issue 9): the FeedManager follows at once, the
// runtime keeps the config file's sub-centres fixed and adds the saved ones, tokens never leave the host,
// and saving a first endpoint in demo mode leaves the demo (its data removed) for good.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSubcentreServer } from '../../../src-main/subcentre/server.ts';
import type { RunningSubcentre } from '../../../src-main/subcentre/types.ts';
import { FeedManager } from '../../../src-main/feed/feed-manager.ts';
import { startConsoleRuntime } from '../../../src-main/runtime/console-runtime.ts';
import { listAudit } from '../../../src-main/store/accounts.ts';
import { openStore } from '../../../src-main/store/store.ts';
import { parseConsoleConfig } from '../../../src-main/config.ts';
import { incident } from '../../unit/subcentre/fixtures.ts';

const TOKEN_A = 'token-of-longdong-0001';
const TOKEN_B = 'token-of-jiefanglu-0002';
const LONGDONG = { id: '370102012', name: '龙洞街道', districtId: '370102' };
const JIEFANGLU = { id: '370102001', name: '解放路街道', districtId: '370102' };
const FAST = { baseMs: 20, maxMs: 200 };

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function twoServers(dir: string): Promise<{ a: RunningSubcentre; b: RunningSubcentre; close(): Promise<void> }> {
  const a = await startSubcentreServer({ subcentre: LONGDONG, dbFile: path.join(dir, 'a.sqlite'), port: 0, tokens: [TOKEN_A], statusIntervalMs: 200 });
  const b = await startSubcentreServer({ subcentre: JIEFANGLU, dbFile: path.join(dir, 'b.sqlite'), port: 0, tokens: [TOKEN_B], statusIntervalMs: 200 });
  return { a, b, close: async () => void (await Promise.all([a.close(), b.close()])) };
}

test('FeedManager.setEndpoints: adding connects at once, a changed token reconnects, disabling and removing close the link', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-live-'));
  const store = openStore(path.join(dir, 'console.db'));
  const servers = await twoServers(dir);
  const feed = new FeedManager({ store, consoleId: 'c1', endpoints: [], backoff: FAST });
  const state = (id: string) => feed.links().find((l) => l.subcentreId === id);
  try {
    feed.start();
    assert.deepEqual(feed.links(), []);
    const a = { id: LONGDONG.id, url: servers.a.url, token: TOKEN_A };
    await feed.setEndpoints([a]);
    await waitFor('A connected', () => state(LONGDONG.id)?.state === 'connected' && servers.a.connectedClients() === 1);

    await feed.setEndpoints([{ ...a, token: 'not-the-token' }]);
    await waitFor('A refused', () => state(LONGDONG.id)?.lastError === 'unauthorized');
    assert.equal(servers.a.connectedClients(), 0);

    const b = { id: JIEFANGLU.id, url: servers.b.url, token: TOKEN_B };
    await feed.setEndpoints([a, b]);
    await waitFor('A and B connected', () => state(LONGDONG.id)?.state === 'connected' && state(JIEFANGLU.id)?.state === 'connected');
    const connectedSinceB = state(JIEFANGLU.id)!.connectedSince;

    // Disabling A closes its link; B is not touched (same connection).
    await feed.setEndpoints([{ ...a, enabled: false }, b]);
    assert.equal(state(LONGDONG.id)?.state, 'disabled');
    await waitFor('A closed on the server', () => servers.a.connectedClients() === 0);
    assert.equal(state(JIEFANGLU.id)?.connectedSince, connectedSinceB);

    await feed.setEndpoints([b]);
    assert.deepEqual(feed.links().map((l) => l.subcentreId), [JIEFANGLU.id]);
    await assert.rejects(feed.setEndpoints([b, b]), /configured twice/);
  } finally {
    await feed.stop();
    await servers.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('runtime with a config file: its sub-centres are fixed, saved ones join live, tokens never leave the host', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-live-'));
  const servers = await twoServers(path.join(dir));
  const config = parseConsoleConfig({ consoleId: 'wall-01', subcentres: [{ id: LONGDONG.id, url: servers.a.url, token: TOKEN_A }] });
  const runtime = await startConsoleRuntime({ dataDir: path.join(dir, 'console'), transport: 'web', config, log: () => undefined });
  const api = runtime.api;
  try {
    await waitFor('A connected', async () => (await api.getLinks()).some((l) => l.subcentreId === LONGDONG.id && l.state === 'connected'));
    await assert.rejects(api.saveEndpoint({ subcentreId: LONGDONG.id, url: servers.a.url, token: 'x', enabled: false }), { name: 'Forbidden', message: /config file/ });
    await assert.rejects(api.saveEndpoint({ subcentreId: JIEFANGLU.id, url: servers.b.url, enabled: true }), { name: 'BadRequest', message: /token/ });
    await assert.rejects(api.saveEndpoint({ subcentreId: JIEFANGLU.id, url: 'http://user:pw@10.0.0.1:7312', token: 'x', enabled: true }), { name: 'BadRequest', message: /user name/ });

    const list = await api.saveEndpoint({ subcentreId: JIEFANGLU.id, name: '解放路', url: servers.b.url, token: TOKEN_B, enabled: true });
    assert.deepEqual(
      list.endpoints.map((e) => [e.subcentreId, e.origin, e.tokenSet]),
      [
        [LONGDONG.id, 'config-file', true],
        [JIEFANGLU.id, 'app', true],
      ],
    );
    assert.equal(list.demo, false);
    await waitFor('B connected', () => servers.b.connectedClients() === 1);

    // Saved token kept on a change of name; a new address needs the token again.
    await api.saveEndpoint({ subcentreId: JIEFANGLU.id, name: '解放路街道', url: servers.b.url, enabled: true });
    await assert.rejects(api.saveEndpoint({ subcentreId: JIEFANGLU.id, url: 'http://127.0.0.2:1', enabled: true }), /type the token again/);
    assert.equal((await api.testEndpoint({ subcentreId: JIEFANGLU.id })).outcome, 'ok');
    await assert.rejects(api.testEndpoint({ subcentreId: JIEFANGLU.id, url: 'http://127.0.0.2:1' }), /type the token/);

    // Disabled: closed; removed: gone from the feed.
    await api.saveEndpoint({ subcentreId: JIEFANGLU.id, url: servers.b.url, enabled: false });
    await waitFor('B closed', () => servers.b.connectedClients() === 0);
    assert.equal((await api.getLinks()).find((l) => l.subcentreId === JIEFANGLU.id)?.state, 'disabled');
    await api.removeEndpoint({ subcentreId: JIEFANGLU.id });
    assert.deepEqual((await api.getLinks()).map((l) => l.subcentreId), [LONGDONG.id]);
    await assert.rejects(api.removeEndpoint({ subcentreId: LONGDONG.id }), { name: 'Forbidden' });

    // Nothing the renderer or the audit log gets carries a token.
    const everything = JSON.stringify([await api.listEndpoints(), await api.getLinks(), await api.listAuditLog({ limit: 500 })]);
    for (const token of [TOKEN_A, TOKEN_B]) assert.ok(!everything.includes(token), `${token} leaked`);
    assert.ok((await api.listAuditLog({ limit: 500 })).some((e) => e.action === 'endpoint.added' && (e.detail as { tokenChanged?: boolean }).tokenChanged === true));
  } finally {
    await runtime.stop();
    await servers.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('demo mode: saving a first endpoint leaves the demo (demo data removed), and the next start begins on the saved endpoints', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-live-demo-'));
  const servers = await twoServers(dir);
  servers.a.publisher.publish('incident.upsert', incident('370102012-real-0001'));
  const dataDir = path.join(dir, 'console');
  let runtime = await startConsoleRuntime({ dataDir, transport: 'web', demo: { speed: 60, seed: 3 }, preferSavedEndpoints: true, log: () => undefined });
  try {
    const api = runtime.api;
    assert.equal(runtime.info.demo, true);
    await waitFor('demo data', async () => (await api.getKpis()).open > 0);
    const before = await api.listEndpoints();
    assert.equal(before.demo, true);
    assert.equal(before.endpoints.length, 13);
    assert.ok(before.endpoints.every((e) => e.origin === 'demo'));

    const after = await api.saveEndpoint({ subcentreId: LONGDONG.id, url: servers.a.url, token: TOKEN_A, enabled: true });
    assert.equal(after.demo, false);
    assert.deepEqual(after.endpoints.map((e) => [e.subcentreId, e.origin]), [[LONGDONG.id, 'app']]);
    assert.equal((await api.getInfo()).demo, false);
    assert.equal(runtime.demo, null);
    await waitFor('the real incident only', async () => {
      const rows = await api.listIncidents({ limit: 1000 });
      return rows.length === 1 && rows[0]!.incidentId === '370102012-real-0001';
    });
    assert.ok((await api.listAuditLog({ limit: 1000 })).some((e) => e.action === 'demo.left'));
    // Real time again (the demo ran 60× faster).
    assert.ok(Math.abs((await api.getInfo()).serverTime - Date.now()) < 5_000);
  } finally {
    await runtime.stop();
  }
  runtime = await startConsoleRuntime({ dataDir, transport: 'web', demo: {}, preferSavedEndpoints: true, log: () => undefined });
  try {
    assert.equal(runtime.info.demo, false);
    assert.deepEqual(runtime.endpoints.map((e) => e.id), [LONGDONG.id]);
    assert.match(runtime.info.consoleId, /^superbrain-/);
    await waitFor('connected after restart', async () => (await runtime.api.getLinks())[0]?.state === 'connected');
    await runtime.api.removeEndpoint({ subcentreId: LONGDONG.id });
    assert.deepEqual(await runtime.api.getLinks(), []);
  } finally {
    await runtime.stop();
  }
  // With every saved sub-centre removed, the cache (real data) still does not go back to the demo by itself.
  runtime = await startConsoleRuntime({ dataDir, transport: 'web', demo: {}, preferSavedEndpoints: true, log: () => undefined });
  try {
    assert.equal(runtime.info.demo, false);
    assert.equal(runtime.endpoints.length, 0);
    assert.equal((await runtime.api.listIncidents({ limit: 10 }))[0]?.incidentId, '370102012-real-0001');
  } finally {
    await runtime.stop();
    await servers.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
