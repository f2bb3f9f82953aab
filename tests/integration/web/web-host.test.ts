import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { startWebHost, type WebHost } from '../../../src-main/web/web-host.ts';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/web/security.ts';
import type { ChangeNotice, WireMessage } from '../../../src-shared/api.ts';
import { incident } from '../../unit/store/fixtures.ts';
import { setupApi } from '../../unit/api/fixtures.ts';

function rendererDir(): { dir: string; root: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'superbrain-web-'));
  const dir = path.join(root, 'renderer');
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>wall</title>');
  writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'assets', 'style.css'), 'body{}');
  writeFileSync(path.join(dir, '.secret'), 'dotfile');
  writeFileSync(path.join(root, 'secret.txt'), 'outside the renderer');
  return { dir, root };
}

interface Fixture {
  host: WebHost;
  api: ReturnType<typeof setupApi>;
  root: string;
  cleanup(): Promise<void>;
}

async function start(options: { built?: boolean } = {}): Promise<Fixture> {
  const r = rendererDir();
  if (options.built === false) rmSync(path.join(r.dir, 'index.html'));
  const api = setupApi({ changeIntervalMs: 50 });
  const host = await startWebHost({ api: api.api, port: 0, rendererDir: r.dir });
  return {
    host,
    api,
    root: r.root,
    async cleanup() {
      await host.close();
      api.cleanup();
      rmSync(r.root, { recursive: true, force: true });
    },
  };
}

function get(host: WebHost, pathname: string, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    // http.request keeps the path as written (no normalisation of "..", unlike fetch).
    const req = http.request({ host: '127.0.0.1', port: host.port, path: pathname, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A raw ws client: resolves when open, or with the HTTP status the upgrade was refused with. */
function connect(url: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; messages: WireMessage[]; next(pred?: (m: WireMessage) => boolean): Promise<WireMessage> } | { refused: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    const messages: WireMessage[] = [];
    const waiters: Array<{ pred: (m: WireMessage) => boolean; resolve(m: WireMessage): void }> = [];
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as WireMessage;
      messages.push(m);
      for (const w of [...waiters]) {
        if (w.pred(m)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.on('error', () => undefined);
    ws.on('open', () =>
      resolve({
        ws,
        messages,
        next(pred = () => true) {
          const found = messages.find(pred);
          if (found) {
            messages.splice(messages.indexOf(found), 1);
            return Promise.resolve(found);
          }
          return new Promise((res) => waiters.push({ pred, resolve: (m) => (messages.splice(messages.indexOf(m), 1), res(m)) }));
        },
      }),
    );
  });
}

function apiUrl(host: WebHost, token = host.token): string {
  return `ws://127.0.0.1:${host.port}/api?token=${token}`;
}

async function open(host: WebHost) {
  const c = await connect(apiUrl(host));
  if ('refused' in c) throw new Error(`refused with ${c.refused}`);
  return c;
}

const isResult = (id: number) => (m: WireMessage) => m.kind === 'result' && m.id === id;

test('serves the built renderer with its MIME types and the strict security headers', async () => {
  const f = await start();
  try {
    const index = await get(f.host, '/');
    assert.equal(index.status, 200);
    assert.match(index.headers['content-type']!, /^text\/html/);
    assert.match(index.body, /<title>wall/);
    assert.equal(index.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
    assert.match(CONTENT_SECURITY_POLICY, /script-src 'self';/);
    assert.match(CONTENT_SECURITY_POLICY, /frame-ancestors 'none'/);
    assert.equal(index.headers['x-content-type-options'], 'nosniff');
    assert.equal(index.headers['x-frame-options'], 'DENY');
    assert.equal(index.headers['cache-control'], 'no-cache');
    const js = await get(f.host, '/assets/index-abc123.js');
    assert.match(js.headers['content-type']!, /^text\/javascript/);
    assert.match(js.headers['cache-control']!, /immutable/);
    assert.match((await get(f.host, '/assets/style.css')).headers['content-type']!, /^text\/css/);
    const head = await get(f.host, '/index.html', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.equal((await get(f.host, '/', 'POST')).status, 405);
    assert.equal((await get(f.host, '/nope.js')).status, 404);
    assert.equal((await get(f.host, '/api')).status, 426, 'plain GET on /api says it is a WebSocket');
  } finally {
    await f.cleanup();
  }
});

test('never serves a file outside the renderer directory nor a dotfile', async () => {
  const f = await start();
  try {
    for (const p of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/.secret', '/%00index.html', '/%E0%A4%A']) {
      const r = await get(f.host, p);
      assert.equal(r.status === 404 || r.status === 400, true, `${p} → ${r.status}`);
      assert.doesNotMatch(r.body, /outside the renderer|dotfile/, p);
    }
  } finally {
    await f.cleanup();
  }
});

test('says to run npm run build when the renderer is not built, and still serves the API', async () => {
  const f = await start({ built: false });
  try {
    const r = await get(f.host, '/');
    assert.equal(r.status, 503);
    assert.match(r.body, /npm run build/);
    assert.equal(f.host.rendererBuilt, false);
    const c = await open(f.host);
    c.ws.send(JSON.stringify({ kind: 'call', id: 1, method: 'getInfo' }));
    const m = await c.next(isResult(1));
    assert.equal(m.kind === 'result' && m.ok, true);
    c.ws.close();
  } finally {
    await f.cleanup();
  }
});

test('refuses the API socket without the right token (401), on another path (404) and from a foreign page (403)', async () => {
  const f = await start();
  try {
    assert.match(f.host.token, /^[0-9a-f]{32}$/);
    assert.match(f.host.url, new RegExp(`^http://127\\.0\\.0\\.1:${f.host.port}/\\?token=${f.host.token}$`));
    assert.deepEqual(await connect(`ws://127.0.0.1:${f.host.port}/api`), { refused: 401 });
    assert.deepEqual(await connect(apiUrl(f.host, 'f'.repeat(32))), { refused: 401 });
    assert.deepEqual(await connect(apiUrl(f.host, f.host.token.slice(0, 31))), { refused: 401 });
    assert.deepEqual(await connect(`ws://127.0.0.1:${f.host.port}/other?token=${f.host.token}`), { refused: 404 });
    assert.deepEqual(await connect(apiUrl(f.host), { Origin: 'http://evil.example' }), { refused: 403 });
    const ok = await connect(apiUrl(f.host), { Origin: `http://127.0.0.1:${f.host.port}` });
    assert.ok('ws' in ok, 'our own page may connect');
    if ('ws' in ok) ok.ws.close();
  } finally {
    await f.cleanup();
  }
});

test('answers calls with results and errors as { name, message }', async () => {
  const f = await start();
  try {
    f.api.apply([['incident.upsert', incident('i-1', { severity: 'red' })]]);
    const c = await open(f.host);
    c.ws.send(JSON.stringify({ kind: 'call', id: 1, method: 'getKpis' }));
    c.ws.send(JSON.stringify({ kind: 'call', id: 2, method: 'listIncidents', param: { severity: ['red'] } }));
    c.ws.send(JSON.stringify({ kind: 'call', id: 3, method: 'listIncidents', param: { limit: 'all' } }));
    c.ws.send(JSON.stringify({ kind: 'call', id: 4, method: 'dispose' }));
    c.ws.send(JSON.stringify({ kind: 'call', id: 5, method: 'onChanges' }));
    c.ws.send(JSON.stringify({ kind: 'call', id: 6, method: 'getIncident', param: { incidentId: 'none' } }));
    const kpis = await c.next(isResult(1));
    assert.ok(kpis.kind === 'result' && kpis.ok && (kpis.value as { red: number }).red === 1);
    const rows = await c.next(isResult(2));
    assert.ok(rows.kind === 'result' && rows.ok && (rows.value as unknown[]).length === 1);
    const bad = await c.next(isResult(3));
    assert.ok(bad.kind === 'result' && !bad.ok);
    if (bad.kind === 'result' && !bad.ok) {
      assert.equal(bad.error.name, 'BadRequest');
      assert.match(bad.error.message, /limit/);
    }
    for (const id of [4, 5]) {
      const m = await c.next(isResult(id));
      assert.ok(m.kind === 'result' && !m.ok && m.error.name === 'UnknownMethod', `method ${id} is not callable`);
    }
    const none = await c.next(isResult(6));
    assert.ok(none.kind === 'result' && none.ok && none.value === null);
    c.ws.close();
  } finally {
    await f.cleanup();
  }
});

test('answers garbage, oversized and binary messages with an error and keeps the connection', async () => {
  const f = await start();
  try {
    const c = await open(f.host);
    const errorReply = async (send: () => void, pattern: RegExp, id = -1) => {
      send();
      const m = await c.next((x) => x.kind === 'result' && x.id === id);
      assert.ok(m.kind === 'result' && !m.ok, 'an error reply');
      if (m.kind === 'result' && !m.ok) assert.match(m.error.message, pattern);
    };
    await errorReply(() => c.ws.send('{not json'), /not valid JSON/);
    await errorReply(() => c.ws.send('null'), /JSON object/);
    await errorReply(() => c.ws.send('[1,2]'), /JSON object/);
    await errorReply(() => c.ws.send(JSON.stringify({ kind: 'call', id: 'x', method: 'getKpis' })), /id must be/);
    await errorReply(() => c.ws.send(JSON.stringify({ kind: 'subscribe', id: 7 })), /unknown message kind/, 7);
    await errorReply(() => c.ws.send(JSON.stringify({ kind: 'call', id: 8, method: '__proto__' })), /unknown method/, 8);
    await errorReply(() => c.ws.send('x'.repeat(1024 * 1024 + 1)), /too large/);
    await errorReply(() => c.ws.send(Buffer.from([1, 2, 3])), /binary/);
    c.ws.send(JSON.stringify({ kind: 'call', id: 9, method: 'getLinks' }));
    const m = await c.next(isResult(9));
    assert.ok(m.kind === 'result' && m.ok, 'still answering');
    c.ws.close();
  } finally {
    await f.cleanup();
  }
});

test('refuses calls beyond the in-flight limit of one connection, and answers the rest', async () => {
  const r = rendererDir();
  const real = setupApi();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  // The real API, with getKpis held until the test lets it go.
  const api = Object.assign(Object.create(real.api) as typeof real.api, { getKpis: async () => (await gate, real.api.getKpis()) });
  const host = await startWebHost({ api, port: 0, rendererDir: r.dir, maxInFlight: 2 });
  try {
    const c = await open(host);
    for (let id = 1; id <= 3; id++) c.ws.send(JSON.stringify({ kind: 'call', id, method: 'getKpis' }));
    const third = await c.next(isResult(3));
    assert.ok(third.kind === 'result' && !third.ok && third.error.name === 'TooManyRequests');
    release();
    for (const id of [1, 2]) {
      const m = await c.next(isResult(id));
      assert.ok(m.kind === 'result' && m.ok, `call ${id} answered`);
    }
    c.ws.send(JSON.stringify({ kind: 'call', id: 4, method: 'getKpis' }));
    const after = await c.next(isResult(4));
    assert.ok(after.kind === 'result' && after.ok, 'room again once answered');
    c.ws.close();
  } finally {
    await host.close();
    real.cleanup();
    rmSync(r.root, { recursive: true, force: true });
  }
});

test('pushes coalesced change notices to every connected socket', async () => {
  const f = await start();
  try {
    const a = await open(f.host);
    const b = await open(f.host);
    f.api.apply([['incident.upsert', incident('i-1')]]);
    f.api.apply([['incident.upsert', incident('i-2')]]);
    for (const c of [a, b]) {
      const m = await c.next((x) => x.kind === 'changes');
      assert.ok(m.kind === 'changes');
      const n: ChangeNotice = (m as { notice: ChangeNotice }).notice;
      assert.deepEqual(n.kinds, ['incident']);
      assert.equal(n.activity.length, 2);
    }
    a.ws.close();
    b.ws.close();
  } finally {
    await f.cleanup();
  }
});

test('close() ends open sockets and frees the port', async () => {
  const f = await start();
  const c = await open(f.host);
  const closed = new Promise<number>((resolve) => c.ws.on('close', (code) => resolve(code)));
  await f.cleanup();
  assert.equal(await closed, 1001);
  await assert.rejects(get(f.host, '/'));
});
