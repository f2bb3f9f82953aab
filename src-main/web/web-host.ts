// Web mode: a Node HTTP server that serves the built renderer and carries the ConsoleApi over ONE
// WebSocket at /api (the renderer's web client speaks the WireRequest/WireMessage format of
// src-shared/api.ts). The socket requires ?token=…; the page itself holds no data, so it is served
// without one. Whatever arrives on the socket — garbage, huge frames, unknown methods — is answered
// with an error message, never allowed to throw out of a handler.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { callApiMethod, toApiError } from '../api/dispatch.ts';
import { createCallerSession, runAsCaller } from '../api/caller.ts';
import { SECURITY_HEADERS } from './security.ts';
import { serveStatic } from './static-files.ts';
import type { AccountInfo, ChangeNotice, ConsoleApi, Disposable, WireMessage } from '../../src-shared/api.ts';

export interface WebHostOptions {
  /** The API to serve; or give `runtime` and its api is used. */
  api?: ConsoleApi;
  runtime?: { api: ConsoleApi };
  /** 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. Anything else exposes the console to the network: the CLI warns. */
  host?: string;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Secret the /api socket requires; random 32 hex characters by default. */
  token?: string;
  /** Largest request message answered (default 1 MiB); larger ones get an error reply. */
  maxMessageBytes?: number;
  /** Calls one socket may have in flight at once (default 64). */
  maxInFlight?: number;
  /** How often idle sockets are pinged; a socket that misses a pong is dropped. Default 30 s. */
  heartbeatMs?: number;
  /** How long a sign-in may be resumed on a new socket after the old one dropped. Default 12 h (a shift). */
  resumeTtlMs?: number;
}

export interface WebHost {
  readonly host: string;
  readonly port: number;
  readonly token: string;
  /** The address to open: http://host:port/?token=… */
  readonly url: string;
  /** True when out/renderer/index.html exists (otherwise only the API is served). */
  readonly rendererBuilt: boolean;
  connections(): number;
  close(): Promise<void>;
}

export const API_PATH = '/api';
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Frames above this are refused by ws itself (the socket is closed with 1009) before we read them. */
const HARD_FRAME_LIMIT = 16 * 1024 * 1024;

export function generateToken(): string {
  return randomBytes(16).toString('hex');
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function refuseUpgrade(socket: Socket, status: number, text: string): void {
  try {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
  } catch {
    /* socket already gone */
  }
  socket.destroy();
}

const NOT_BUILT_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Superbrain</title></head>
<body style="font-family:sans-serif;margin:3em"><h1>Superbrain 城市超脑</h1>
<p>The console's renderer is not built. Run <code>npm run build</code>, then reload this page.</p>
<p>前端尚未构建：请先运行 <code>npm run build</code>，然后刷新本页。</p></body></html>`;

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const api = options.api ?? options.runtime?.api;
  if (!api) throw new Error('startWebHost needs the API (api or runtime)');
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? generateToken();
  if (!/^[\x21-\x7e]{8,200}$/.test(token)) throw new Error('web host token must be 8 to 200 printable ASCII characters');
  const maxMessageBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  const maxInFlight = options.maxInFlight ?? 64;
  const rendererDir = path.resolve(options.rendererDir);
  const rendererBuilt = existsSync(path.join(rendererDir, 'index.html'));

  const server = http.createServer((req, res) => {
    handleHttp(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`internal error: ${toApiError(err).message}`);
      } else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    socket.destroy();
  });

  async function handleHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const text = (status: number, body: string, extra: Record<string, string> = {}): void => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(405, 'method not allowed', { Allow: 'GET, HEAD' });
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://host').pathname;
    } catch {
      return text(400, 'bad request');
    }
    if (pathname === API_PATH) return text(426, 'the API is a WebSocket: connect with ws://…/api?token=…', { Upgrade: 'websocket' });
    if (!rendererBuilt && (pathname === '/' || pathname === '/index.html')) {
      res.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : NOT_BUILT_PAGE);
      return;
    }
    if (await serveStatic(rendererDir, pathname, req, res)) return;
    text(404, 'not found');
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: HARD_FRAME_LIMIT, perMessageDeflate: false });
  // Issue 5: a sign-in survives a dropped socket (Wi-Fi, a host hiccup). signIn hands the socket a resume
  // token (memory only: a host restart signs everyone out); a new socket presents it first thing and gets
  // the account back if it is still enabled. signOut ends it.
  const resumeTtlMs = options.resumeTtlMs ?? 12 * 3_600_000;
  const resumable = new Map<string, { accountId: string; expiresAt: number }>();
  const accountById = (api as { accountById?: (accountId: string) => AccountInfo | null }).accountById;
  const alive = new WeakMap<WebSocket, boolean>();

  server.on('upgrade', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://host');
    } catch {
      return refuseUpgrade(socket, 400, 'Bad Request');
    }
    if (url.pathname !== API_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    const given = url.searchParams.get('token');
    if (!given || !sameSecret(given, token)) return refuseUpgrade(socket, 401, 'Unauthorized');
    // A browser always says where the page came from: only our own pages may use the API.
    const origin = req.headers.origin;
    if (origin !== undefined) {
      let originHost: string | null = null;
      try {
        originHost = new URL(origin).host;
      } catch {
        originHost = null;
      }
      if (originHost === null || originHost !== req.headers.host) return refuseUpgrade(socket, 403, 'Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    alive.set(ws, true);
    let inFlight = 0;
    const send = (msg: WireMessage): void => {
      if (ws.readyState !== ws.OPEN) return;
      let text: string;
      try {
        text = JSON.stringify(msg);
      } catch (err) {
        if (msg.kind !== 'result') return;
        text = JSON.stringify({ kind: 'result', id: msg.id, ok: false, error: { name: 'SerializationError', message: `result could not be sent: ${toApiError(err).message}` } });
      }
      ws.send(text, (err) => {
        if (err) ws.terminate();
      });
    };
    const fail = (id: number, name: string, message: string): void => send({ kind: 'result', id, ok: false, error: { name, message } });

    // One caller session per socket: signIn on this socket signs in this socket only (issue 5).
    const session = createCallerSession('web', Date.now(), accountById);
    let resumeToken: string | null = null;
    const endResume = (): void => {
      if (resumeToken) resumable.delete(resumeToken);
      resumeToken = null;
    };
    const subscription: Disposable = runAsCaller(session, () => api.onChanges((notice: ChangeNotice) => send({ kind: 'changes', notice })));
    ws.on('pong', () => alive.set(ws, true));
    ws.on('error', () => ws.terminate());
    ws.on('close', () => subscription.dispose());
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer | ArrayBuffer).byteLength;
      if (size > maxMessageBytes) return fail(-1, 'BadRequest', `message too large: ${size} bytes (the limit is ${maxMessageBytes})`);
      if (isBinary) return fail(-1, 'BadRequest', 'binary messages are not accepted; send JSON text');
      const textData = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as Buffer).toString('utf8');
      let msg: unknown;
      try {
        msg = JSON.parse(textData);
      } catch (err) {
        return fail(-1, 'BadRequest', `message is not valid JSON: ${toApiError(err).message}`);
      }
      const m = msg as { kind?: unknown; id?: unknown; method?: unknown; param?: unknown } | null;
      const id = m !== null && typeof m === 'object' && Number.isSafeInteger(m.id) && (m.id as number) >= 0 ? (m.id as number) : -1;
      if (m === null || typeof m !== 'object' || Array.isArray(m)) return fail(-1, 'BadRequest', 'message must be a JSON object {kind:"call", id, method, param}');
      if (m.kind === 'resume') {
        const given = (m as { token?: unknown }).token;
        const entry = typeof given === 'string' ? resumable.get(given) : undefined;
        const account = entry && entry.expiresAt > Date.now() && accountById ? accountById(entry.accountId) : null;
        if (entry && account && typeof given === 'string') {
          session.account = account;
          resumeToken = given;
          entry.expiresAt = Date.now() + resumeTtlMs;
          return send({ kind: 'session', token: given, account });
        }
        if (typeof given === 'string') resumable.delete(given);
        return send({ kind: 'session', token: null, account: null });
      }
      if (m.kind !== 'call') return fail(id, 'BadRequest', `unknown message kind ${JSON.stringify(m.kind ?? null).slice(0, 50)}; expected "call"`);
      if (id < 0) return fail(-1, 'BadRequest', 'id must be a non-negative integer');
      if (inFlight >= maxInFlight) return fail(id, 'TooManyRequests', `more than ${maxInFlight} calls in flight on this connection`);
      inFlight++;
      const method = m.method;
      callApiMethod(api, method, m.param, session)
        .then((value) => {
          if (method === 'signIn' && session.account && accountById) {
            endResume();
            const now = Date.now();
            for (const [k, v] of resumable) if (v.expiresAt <= now) resumable.delete(k);
            resumeToken = randomBytes(24).toString('hex');
            resumable.set(resumeToken, { accountId: session.account.accountId, expiresAt: now + resumeTtlMs });
            send({ kind: 'session', token: resumeToken, account: session.account });
          } else if (method === 'signOut') {
            endResume();
            send({ kind: 'session', token: null, account: null });
          }
          send({ kind: 'result', id, ok: true, value: value === undefined ? null : value });
        })
        .catch((err: unknown) => send({ kind: 'result', id, ok: false, error: toApiError(err) }))
        .finally(() => inFlight--);
    });
  });

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      try {
        ws.ping();
      } catch {
        ws.terminate();
      }
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  }).catch((err: NodeJS.ErrnoException) => {
    clearInterval(heartbeat);
    wss.close();
    const why = err.code === 'EADDRINUSE' ? `port ${options.port} is already in use` : err.code === 'EADDRNOTAVAIL' ? `address ${host} is not available on this machine` : err.message;
    throw new Error(`cannot start the web host on ${host}:${options.port ?? 0}: ${why}`);
  });
  server.on('error', (err) => console.error(`[superbrain web] server error: ${err.message}`));

  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    host,
    port,
    token,
    url: `http://${urlHost(host)}:${port}/?token=${token}`,
    rendererBuilt,
    connections: () => wss.clients.size,
    close() {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        for (const ws of wss.clients) ws.close(1001, 'console host stopping');
        // Sockets that do not finish the closing handshake quickly are cut.
        const cut = setTimeout(() => {
          for (const ws of wss.clients) ws.terminate();
        }, 500);
        cut.unref();
        wss.close();
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
