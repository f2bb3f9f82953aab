// The renderer's web client (src-renderer/api/ws-client.ts) against the real web host, with the `ws`
// package's WebSocket standing in for the browser's (same interface).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { startWebHost, type WebHost } from '../../../src-main/web/web-host.ts';
import { createWebSocketApi, type ConnectionStatus, type SocketLike, type WebSocketApi } from '../../../src-renderer/api/ws-client.ts';
import type { ChangeNotice } from '../../../src-shared/api.ts';
import { incident } from '../../unit/store/fixtures.ts';
import { setupApi } from '../../unit/api/fixtures.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, pred: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function client(host: WebHost, options: { token?: string; callTimeoutMs?: number } = {}): WebSocketApi {
  return createWebSocketApi({
    url: `ws://127.0.0.1:${host.port}/api?token=${options.token ?? host.token}`,
    createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    backoff: { initialMs: 20, maxMs: 100 },
    ...(options.callTimeoutMs ? { callTimeoutMs: options.callTimeoutMs } : {}),
  });
}

function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-wsc-'));
  const api = setupApi({ changeIntervalMs: 20 });
  return {
    api,
    dir,
    start: (port = 0, token?: string) => startWebHost({ api: api.api, port, rendererDir: dir, ...(token ? { token } : {}) }),
    cleanup() {
      api.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test('calls resolve with the host answer and reject with the host error name', async () => {
  const s = setup();
  const host = await s.start();
  const c = client(host);
  try {
    await c.ready;
    assert.equal(c.status().connected, true);
    s.api.apply([['incident.upsert', incident('i-1', { severity: 'red' })]]);
    assert.equal((await c.api.getKpis()).red, 1);
    assert.equal((await c.api.listIncidents({ severity: ['red'] }))[0]!.incidentId, 'i-1');
    await assert.rejects(c.api.listIncidents({ limit: -5 }), (err: Error) => err.name === 'BadRequest' && /limit/.test(err.message));
  } finally {
    c.close();
    await host.close();
    s.cleanup();
  }
});

test('delivers change notices to its listeners until they are disposed', async () => {
  const s = setup();
  const host = await s.start();
  const c = client(host);
  try {
    await c.ready;
    const seen: ChangeNotice[] = [];
    const sub = c.api.onChanges((n) => seen.push(n));
    await until('the host to subscribe', () => host.connections() === 1);
    s.api.apply([['incident.upsert', incident('i-1')]]);
    await until('a notice', () => seen.length === 1);
    assert.deepEqual(seen[0]!.kinds, ['incident']);
    sub.dispose();
    s.api.apply([['incident.upsert', incident('i-2')]]);
    await sleep(100);
    assert.equal(seen.length, 1);
  } finally {
    c.close();
    await host.close();
    s.cleanup();
  }
});

test('reports the lost host, reconnects with backoff, answers queued calls and resyncs its listeners', async () => {
  const s = setup();
  let host = await s.start();
  const { port, token } = host;
  const c = client(host);
  try {
    await c.ready;
    const statuses: ConnectionStatus[] = [];
    c.onDidChangeConnection((st) => statuses.push(st));
    const notices: ChangeNotice[] = [];
    c.api.onChanges((n) => notices.push(n));

    await host.close();
    await until('the loss to be reported', () => statuses.some((st) => !st.connected));
    const lost = statuses.find((st) => !st.connected)!;
    assert.equal(lost.attempt, 1);
    assert.match(lost.lastError ?? '', /lost/);
    assert.ok(lost.nextAttemptAt !== null);

    // A call made while the host is away waits for it instead of failing.
    const queued = c.api.getLinks();
    await sleep(150);
    host = await s.start(port, token);
    const links = await queued;
    assert.equal(links[0]!.subcentreId, '370102012');
    await until('connected again', () => c.status().connected);
    await until('the resync notice', () => notices.length >= 1);
    assert.deepEqual(notices[0]!.kinds, ['incident', 'alert', 'camera', 'station', 'org', 'grid', 'indicator', 'outbox', 'settings', 'boundaries']);
    assert.ok(Array.isArray(notices[0]!.links));
  } finally {
    c.close();
    await host.close();
    s.cleanup();
  }
});

test('a call in flight when the connection drops is rejected, not re-sent', async () => {
  const s = setup();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const api = Object.assign(Object.create(s.api.api) as typeof s.api.api, {
    issueCommand: async () => {
      await gate;
      throw new Error('must not run');
    },
  });
  const host = await startWebHost({ api, port: 0, rendererDir: s.dir });
  const c = client(host);
  try {
    await c.ready;
    const call = c.api.issueCommand({ type: 'incident.accept', target: { incidentId: 'i-1', rev: 1 }, args: {} });
    await sleep(50);
    const closing = host.close();
    await assert.rejects(call, (err: Error) => err.name === 'ConnectionLost');
    release();
    await closing;
  } finally {
    c.close();
    s.cleanup();
  }
});

test('fails at once with a clear error when the first connection is refused (wrong token)', async () => {
  const s = setup();
  const host = await s.start();
  const c = client(host, { token: '0'.repeat(32) });
  try {
    await assert.rejects(c.ready, (err: Error) => err.name === 'ConnectionFailed' && /token/.test(err.message));
    await assert.rejects(c.api.getKpis(), (err: Error) => err.name === 'ConnectionClosed');
    assert.equal(c.status().connected, false);
  } finally {
    c.close();
    await host.close();
    s.cleanup();
  }
});

test('a call the host never answers times out; close() rejects what is pending and stops reconnecting', async () => {
  const s = setup();
  const never = new Promise<never>(() => undefined);
  const api = Object.assign(Object.create(s.api.api) as typeof s.api.api, { getKpis: () => never });
  const host = await startWebHost({ api, port: 0, rendererDir: s.dir });
  const c = client(host, { callTimeoutMs: 100 });
  try {
    await c.ready;
    await assert.rejects(c.api.getKpis(), (err: Error) => err.name === 'Timeout');
    const pending = c.api.getKpis();
    c.close();
    await assert.rejects(pending, (err: Error) => err.name === 'ConnectionClosed');
    await sleep(100);
    assert.equal(host.connections(), 0);
  } finally {
    await host.close();
    s.cleanup();
  }
});

test('a sign-in survives a dropped socket; signing out ends it', async () => {
  const s = setup();
  const host = await s.start();
  const sockets: WebSocket[] = [];
  const c = createWebSocketApi({
    url: `ws://127.0.0.1:${host.port}/api?token=${host.token}`,
    createSocket: (url) => {
      const ws = new WebSocket(url);
      sockets.push(ws);
      return ws as unknown as SocketLike;
    },
    backoff: { initialMs: 20, maxMs: 100 },
  });
  try {
    await c.ready;
    await c.api.createAccount({ name: 'duty1', role: 'duty-officer', password: 'correct horse battery' });
    const account = await c.api.signIn({ name: 'duty1', password: 'correct horse battery' });
    assert.equal((await c.api.whoAmI()).account?.accountId, account.accountId);

    // The network drops the socket; the client reconnects and is still signed in, before its next call —
    // a queued one, and one a view makes on hearing "connected" (what the operator view does).
    const onReconnect: Array<Promise<{ account: { name: string } | null }>> = [];
    const listening = c.onDidChangeConnection((st) => {
      if (st.connected) onReconnect.push(c.api.whoAmI());
    });
    onReconnect.length = 0; // the listener is told the current state at once
    sockets[0]!.terminate();
    await until('disconnected', () => !c.status().connected);
    const who = c.api.whoAmI();
    await until('reconnected', () => c.status().connected);
    listening.dispose();
    assert.equal(sockets.length, 2);
    assert.equal((await who).account?.name, 'duty1');
    assert.equal(onReconnect.length, 1);
    assert.equal((await onReconnect[0]!).account?.name, 'duty1');

    // A token that is not the host's gives nothing.
    const stranger = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
    const reply = await new Promise<unknown>((resolve, reject) => {
      stranger.on('open', () => stranger.send(JSON.stringify({ kind: 'resume', token: 'f'.repeat(48) })));
      stranger.on('message', (d) => resolve(JSON.parse(String(d))));
      stranger.on('error', reject);
    });
    stranger.close();
    assert.deepEqual(reply, { kind: 'session', token: null, account: null });

    await c.api.signOut();
    sockets[1]!.terminate();
    await until('disconnected again', () => !c.status().connected);
    await until('reconnected again', () => c.status().connected);
    assert.equal((await c.api.whoAmI()).account, null);
  } finally {
    c.close();
    await host.close();
    s.cleanup();
  }
});
