// "Test connection" against real servers on loopback: a real `superbrain subcentre` server for ok /
// unauthorized / wrong-street, a closed port and a silent one for unreachable, plain HTTP and a bare
// Socket.IO server for unsupported-protocol, and an https server with a self-signed certificate (made
// with openssl in the test) for tls-error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import net from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Server } from 'socket.io';
import { testEndpoint } from '../../../src-main/feed/test-connection.ts';
import { harness, TOKEN } from '../subcentre/helpers.ts';
import { startFakeSubcentre, hello } from '../feed/fake-subcentre.ts';

const base = { consoleId: 'test-console', timeoutMs: 2000 };

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}
const close = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

test('ok: a real sub-centre server with the right token names itself, its epoch and head', async () => {
  const h = harness();
  try {
    const server = await h.start();
    const r = await testEndpoint({ ...base, url: server.url, token: TOKEN, expectedSubcentreId: '370102012' });
    assert.equal(r.outcome, 'ok', r.detail);
    assert.equal(r.server?.subcentreId, '370102012');
    assert.equal(r.server?.name, '龙洞街道');
    assert.equal(typeof r.server?.epoch, 'string');
    assert.equal(r.server?.headSeq, 0);
    assert.equal(r.address, `127.0.0.1:${server.port}`);
    // The namespace may be given too.
    assert.equal((await testEndpoint({ ...base, url: `${server.url}/sfp1`, token: TOKEN })).outcome, 'ok');
    // Nothing stays connected after a test.
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(server.connectedClients(), 0);
  } finally {
    await h.done();
  }
});

test('unauthorized: the server refuses the token; the result never contains the token', async () => {
  const h = harness();
  try {
    const server = await h.start();
    const r = await testEndpoint({ ...base, url: server.url, token: 'wrong-token-value' });
    assert.equal(r.outcome, 'unauthorized');
    assert.equal(r.code, 'unauthorized');
    assert.ok(!JSON.stringify(r).includes('wrong-token-value'));
  } finally {
    await h.done();
  }
});

test('wrong-street: hello names another sub-centre than the one being set up', async () => {
  const h = harness();
  try {
    const server = await h.start();
    const r = await testEndpoint({ ...base, url: server.url, token: TOKEN, expectedSubcentreId: '370102001' });
    assert.equal(r.outcome, 'wrong-street');
    assert.equal(r.server?.subcentreId, '370102012');
    assert.match(r.detail, /370102012.*not 370102001/);
  } finally {
    await h.done();
  }
});

test('unreachable: a closed port (ECONNREFUSED with the address), an unknown host, a server that never answers', async () => {
  const probe = net.createServer();
  const port = await listen(probe);
  await close(probe);
  const refused = await testEndpoint({ ...base, url: `http://127.0.0.1:${port}`, token: 't' });
  assert.equal(refused.outcome, 'unreachable');
  assert.equal(refused.code, 'ECONNREFUSED');
  assert.equal(refused.address, `127.0.0.1:${port}`);
  assert.match(refused.detail, new RegExp(`127\\.0\\.0\\.1:${port}`));

  const unknown = await testEndpoint({ ...base, url: 'http://no-such-host.invalid:7312', token: 't' });
  assert.equal(unknown.outcome, 'unreachable');
  assert.ok(['ENOTFOUND', 'EAI_AGAIN'].includes(unknown.code ?? ''), String(unknown.code));

  // Accepts TCP, says nothing.
  const sockets: net.Socket[] = [];
  const silent = net.createServer((s) => void sockets.push(s));
  const silentPort = await listen(silent);
  try {
    const r = await testEndpoint({ ...base, url: `http://127.0.0.1:${silentPort}`, token: 't', timeoutMs: 300 });
    assert.equal(r.outcome, 'unreachable');
    assert.equal(r.code, 'ETIMEDOUT');
  } finally {
    for (const s of sockets) s.destroy();
    await close(silent);
  }
});

test('unsupported-protocol: a plain web server, a Socket.IO server without SFP/1, a server saying another protocol', async () => {
  const web = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<h1>Not Found</h1>');
  });
  const webPort = await listen(web);
  try {
    const r = await testEndpoint({ ...base, url: `http://127.0.0.1:${webPort}`, token: 't' });
    assert.equal(r.outcome, 'unsupported-protocol');
    assert.equal(r.code, 'http-404');
  } finally {
    await close(web);
  }

  const bare = createServer();
  const io = new Server(bare);
  const barePort = await listen(bare);
  try {
    const r = await testEndpoint({ ...base, url: `http://127.0.0.1:${barePort}`, token: 't' });
    assert.equal(r.outcome, 'unsupported-protocol', r.detail);
    assert.match(r.detail, /namespace/i);
  } finally {
    io.close();
    await close(bare).catch(() => undefined);
  }

  const other = await startFakeSubcentre({ onConnection: (socket) => void socket.emit('hello', hello('370102012', 'e1', 0, { protocol: 'sfp/2' })) });
  try {
    const r = await testEndpoint({ ...base, url: other.url, token: 'secret-token' });
    assert.equal(r.outcome, 'unsupported-protocol');
    assert.match(r.detail, /sfp\/2/);
  } finally {
    await other.close();
  }
});

test('tls-error: a self-signed certificate, and https spoken to a plain http server', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-tls-'));
  try {
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    } catch (err) {
      t.diagnostic(`openssl is not available (${(err as Error).message}); the self-signed case is skipped`);
    }
    let certPath: string | null = path.join(dir, 'cert.pem');
    try {
      readFileSync(certPath);
    } catch {
      certPath = null;
    }
    if (certPath) {
      const tls = createHttpsServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(certPath) }, (_req, res) => res.end('hi'));
      tls.on('tlsClientError', () => undefined);
      const port = await listen(tls);
      try {
        const r = await testEndpoint({ ...base, url: `https://127.0.0.1:${port}`, token: 't' });
        assert.equal(r.outcome, 'tls-error');
        assert.equal(r.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
        assert.match(r.detail, /self-signed/);
      } finally {
        await close(tls);
      }
    }
    const plain = createServer((_req, res) => res.end('plain'));
    const port = await listen(plain);
    try {
      const r = await testEndpoint({ ...base, url: `https://127.0.0.1:${port}`, token: 't' });
      assert.equal(r.outcome, 'tls-error', `${r.code} ${r.detail}`);
    } finally {
      plain.closeAllConnections();
      await close(plain);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
