// The whole chain in web mode: a real SFP/1 sub-centre server → the console runtime (feed, store, API)
// → the web host → the renderer's WebSocket client. What an operator does in the browser reaches the
// sub-centre, and what the sub-centre publishes reaches the browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { parseConsoleConfig } from '../../../src-main/config.ts';
import { startConsoleRuntime } from '../../../src-main/runtime/console-runtime.ts';
import { startSubcentreServer } from '../../../src-main/subcentre/server.ts';
import { startWebHost } from '../../../src-main/web/web-host.ts';
import { createWebSocketApi, type SocketLike } from '../../../src-renderer/api/ws-client.ts';
import type { ChangeNotice } from '../../../src-shared/api.ts';
import { incident } from '../../unit/store/fixtures.ts';

const STREET = { id: '370102012', name: '龙洞街道', districtId: '370102' };

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('a browser client sees the sub-centre live and its commands reach the sub-centre', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-chain-'));
  const token = 'chain-test-token';
  const server = await startSubcentreServer({ subcentre: STREET, dbFile: path.join(dir, 'subcentre.sqlite'), port: 0, tokens: [token], statusIntervalMs: 500 });
  server.publisher.publish('incident.upsert', incident('370102012-20261123-0001', { severity: 'red' }));
  const runtime = await startConsoleRuntime({
    dataDir: path.join(dir, 'console'),
    transport: 'web',
    config: parseConsoleConfig({ consoleId: 'chain-test', subcentres: [{ id: STREET.id, name: STREET.name, url: server.url, token }] }),
    log: () => undefined,
  });
  const host = await startWebHost({ api: runtime.api, port: 0, rendererDir: path.join(dir, 'no-renderer') });
  const client = createWebSocketApi({ url: `ws://127.0.0.1:${host.port}/api?token=${host.token}`, createSocket: (u) => new WebSocket(u) as unknown as SocketLike });
  try {
    await client.ready;
    const api = client.api;
    const info = await api.getInfo();
    assert.equal(info.transport, 'web');
    assert.equal(info.demo, false);
    assert.equal(info.consoleId, 'chain-test');
    assert.equal((await api.getBoundaries()).streets.length, 13);

    await until('the link to connect', async () => (await api.getLinks())[0]?.state === 'connected');
    await until('the first incident', async () => (await api.listIncidents({})).length === 1);
    const first = await api.getIncidentColumns({});
    assert.deepEqual(first.ids, ['370102012-20261123-0001']);

    const notices: ChangeNotice[] = [];
    api.onChanges((n) => notices.push(n));
    server.publisher.publish('incident.upsert', incident('370102012-20261123-0002'));
    const notice = await until('a change notice', async () => notices.find((n) => n.kinds.includes('incident')));
    assert.ok(notice.activity.some((a) => a.entityId === '370102012-20261123-0002'));
    const more = await api.getIncidentColumns({ afterVersion: first.version });
    assert.deepEqual(more.ids, ['370102012-20261123-0002']);

    // issue 5: commands need a signed-in operator; a fresh configured console takes its first account without one.
    const accept = { type: 'incident.accept', target: { incidentId: '370102012-20261123-0001', rev: 1 }, args: {} } as const;
    await assert.rejects(api.issueCommand(accept), /sign in first/);
    assert.equal((await api.whoAmI()).accountsExist, false);
    await api.createAccount({ name: 'zhangwei', displayName: '张伟', role: 'duty-officer', password: 'chain-test-pw' });
    const me = await api.signIn({ name: 'zhangwei', password: 'chain-test-pw' });
    assert.equal((await api.whoAmI()).account?.accountId, me.accountId);
    const entry = await api.issueCommand(accept);
    assert.equal(entry.subcentreId, STREET.id);
    await until('the sub-centre to accept the incident', async () => (await api.getIncident({ incidentId: '370102012-20261123-0001' }))?.status === 'accepted');
    await until('the outbox entry to be acknowledged', async () => (await api.listOutbox({}))[0]?.state === 'acked');
    assert.equal(server.publisher.getIncident('370102012-20261123-0001')?.status, 'accepted');
    // The sub-centre's history names the signed-in operator.
    assert.deepEqual(server.publisher.getIncident('370102012-20261123-0001')?.history.at(-1)?.by, { id: me.accountId, name: '张伟' });
    await assert.rejects(api.issueCommand({ type: 'incident.accept', target: { incidentId: 'unknown-incident', rev: 1 }, args: {} }), /unknown incident/);
  } finally {
    client.close();
    await host.close();
    await runtime.stop();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
