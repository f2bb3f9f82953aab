// A raw socket.io SFP/1 server for the feed tests: it checks the handshake like a real sub-centre and
// leaves everything else to the test, which can therefore send malformed envelopes, snapshot parts,
// gaps and refusals on purpose.
import { createServer, type Server as HttpServer } from 'node:http';
import net from 'node:net';
import { Server, type Socket } from 'socket.io';
import type { FeedEndpoint } from '../../../src-main/feed/feed-manager.ts';

export interface ReceivedAuth {
  protocol: unknown;
  token: unknown;
  consoleId: unknown;
  resume: { epoch: string; lastSeq: number } | null | undefined;
}

export interface FakeSubcentreOptions {
  id?: string;
  name?: string;
  port?: number;
  token?: string;
  /** Called for each accepted connection (after the handshake check). */
  onConnection?: (socket: Socket, auth: ReceivedAuth) => void;
  /** Answers a command (a promise: answered when it settles); undefined: no acknowledgement. Default { ok: true, rev: 1 }. */
  onCommand?: (command: Record<string, unknown>, socket: Socket) => unknown;
}

export interface FakeSubcentre {
  readonly id: string;
  readonly url: string;
  readonly port: number;
  readonly io: Server;
  readonly auths: ReceivedAuth[];
  readonly commands: Array<Record<string, unknown>>;
  endpoint(over?: Partial<FeedEndpoint>): FeedEndpoint;
  sockets(): Socket[];
  close(): Promise<void>;
}

export const TOKEN = 'secret-token';

export async function startFakeSubcentre(options: FakeSubcentreOptions = {}): Promise<FakeSubcentre> {
  const id = options.id ?? '370102012';
  const token = options.token ?? TOKEN;
  const http: HttpServer = createServer();
  const io = new Server(http, { transports: ['websocket'] });
  const nsp = io.of('/sfp1');
  const auths: ReceivedAuth[] = [];
  const commands: Array<Record<string, unknown>> = [];
  nsp.use((socket, next) => {
    const auth = socket.handshake.auth as ReceivedAuth;
    auths.push({ protocol: auth.protocol, token: auth.token, consoleId: auth.consoleId, resume: auth.resume });
    if (auth.token !== token) return next(new Error('unauthorized'));
    if (auth.protocol !== 'sfp/1') return next(new Error('unsupported-protocol'));
    next();
  });
  nsp.on('connection', (socket) => {
    socket.on('command', (command: Record<string, unknown>, ack?: (r: unknown) => void) => {
      commands.push(command);
      const result = options.onCommand ? options.onCommand(command, socket) : { ok: true, rev: 1 };
      if (result === undefined || typeof ack !== 'function') return;
      if (result instanceof Promise) void result.then((r) => ack(r));
      else ack(result);
    });
    options.onConnection?.(socket, auths.at(-1)!);
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (http.address() as net.AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    id,
    url,
    port,
    io,
    auths,
    commands,
    endpoint: (over = {}) => ({ id, name: options.name ?? '龙洞街道', url, token, enabled: true, ...over }),
    sockets: () => [...nsp.sockets.values()],
    close: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  };
}

export function hello(id: string, epoch: string, headSeq: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    protocol: 'sfp/1',
    subcentre: { id, name: '龙洞街道', districtId: '370102' },
    epoch,
    headSeq,
    retainedFromSeq: 1,
    serverTime: '2026-11-23T08:00:00.000+08:00',
    ...over,
  };
}

/** A port nothing listens on (for "the server is down"). */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** Polls until `check` returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const FAST_BACKOFF = { baseMs: 20, maxMs: 200 };
