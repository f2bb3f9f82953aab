// The SFP/1 sub-centre server: one HTTP server carrying Socket.IO on /sfp1 (handshake, event
// stream, commands, status) and the HTTP ingestion endpoints, over the sub-centre's own log.
import { createServer, type Server as HttpServer } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { ACK_TIMEOUT_MS, ClientAuth, SFP_NAMESPACE, SFP_PROTOCOL, STATUS_INTERVAL_MS, type Hello, type Status } from '../../src-shared/sfp/schemas.ts';
import { describeZodError } from '../../src-shared/sfp/validate.ts';
import { formatShanghaiIso } from '../../src-shared/domain/time.ts';
import { executeCommand } from './commands.ts';
import { createHttpHandler } from './ingest.ts';
import { SubcentreLog } from './log.ts';
import { ConsoleStream } from './stream.ts';
import type { RunningSubcentre, StartSubcentreOptions } from './types.ts';

const DEFAULT_RETAIN_EVENTS = 1_000_000;
const DEFAULT_SNAPSHOT_PART_SIZE = 2000;
const DEFAULT_OPERATORS_ON_DUTY = 3;
/** Commands are small; anything bigger than this from a console is refused by Socket.IO itself. */
const MAX_INBOUND_MESSAGE_BYTES = 1024 * 1024;

export async function startSubcentreServer(options: StartSubcentreOptions): Promise<RunningSubcentre> {
  const tokens = options.tokens.filter((t) => typeof t === 'string' && t.length > 0);
  if (tokens.length === 0) throw new Error('a sub-centre server needs at least one console token');
  if (!options.subcentre.id) throw new Error('a sub-centre server needs subcentre.id');
  const now = options.now ?? (() => new Date());
  const say = options.log ?? (() => {});
  const ackTimeoutMs = positive(options.ackTimeoutMs, ACK_TIMEOUT_MS);
  const statusIntervalMs = positive(options.statusIntervalMs, STATUS_INTERVAL_MS);
  const snapshotPartSize = positive(options.snapshotPartSize, DEFAULT_SNAPSHOT_PART_SIZE);

  const log = new SubcentreLog({
    dbFile: options.dbFile,
    subcentre: options.subcentre,
    retainEvents: options.retainEvents ?? DEFAULT_RETAIN_EVENTS,
    now,
    ...(options.resetEpoch ? { resetEpoch: true } : {}),
  });

  const http: HttpServer = createServer(createHttpHandler({ log, ingestToken: options.ingestToken ?? tokens[0]!, now }));
  const io = new Server(http, { serveClient: false, maxHttpBufferSize: MAX_INBOUND_MESSAGE_BYTES });
  const streams = new Set<ConsoleStream>();
  /** Highest seq each console has acknowledged in this epoch (what it promised never to lose). */
  const acknowledged = new Map<string, number>();

  // Only /sfp1 exists; the main namespace is refused so that it cannot be used without a token.
  io.of('/').use((_socket, next) => next(new Error(`use the ${SFP_NAMESPACE} namespace`)));
  const nsp = io.of(SFP_NAMESPACE);

  nsp.use((socket, next) => {
    const raw = socket.handshake.auth as Record<string, unknown> | undefined;
    // Token first: a stranger learns nothing, not even which protocol we speak.
    if (!tokenAccepted(raw?.token, tokens)) return next(new Error('unauthorized'));
    if (raw?.protocol !== SFP_PROTOCOL) return next(new Error('unsupported-protocol'));
    const auth = ClientAuth.safeParse(raw);
    if (!auth.success) {
      const err = new Error('invalid-auth') as Error & { data?: unknown };
      err.data = { reason: describeZodError(auth.error) };
      return next(err);
    }
    socket.data.auth = auth.data;
    next();
  });

  const status = (): Status => {
    const base = { gridWorkers: log.countEntities('grid'), operators: DEFAULT_OPERATORS_ON_DUTY };
    return { at: formatShanghaiIso(now()), headSeq: log.headSeq(), onDuty: options.onDuty?.(base) ?? base, queue: log.queueCounts(now()) };
  };

  nsp.on('connection', (socket: Socket) => {
    const auth = socket.data.auth as ClientAuth;
    const hello: Hello = {
      protocol: SFP_PROTOCOL,
      subcentre: { ...log.subcentre },
      epoch: log.epoch,
      headSeq: log.headSeq(),
      retainedFromSeq: log.retainedFromSeq(),
      serverTime: formatShanghaiIso(now()),
    };
    socket.emit('hello', hello);
    safely(() => socket.emit('status', status()), say);
    const stream = new ConsoleStream(socket, log, {
      ackTimeoutMs,
      snapshotPartSize,
      log: say,
      onAcknowledged: (seq) => acknowledged.set(auth.consoleId, Math.max(seq, acknowledged.get(auth.consoleId) ?? 0)),
    });
    streams.add(stream);
    say(`console ${auth.consoleId} connected (${socket.id}), ${auth.resume ? `resume ${auth.resume.epoch}#${auth.resume.lastSeq}` : 'no resume'}`);

    socket.on('command', (...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (result: unknown) => void) : undefined;
      const outcome = executeCommand(log, args[0], now);
      if (outcome.executed && outcome.command) {
        log.fireDidExecuteCommand({ ...outcome.command, ok: outcome.result.ok });
      }
      if (!outcome.result.ok) say(`console ${auth.consoleId}: command ${outcome.command?.type ?? '?'} refused: ${outcome.result.error.code} ${outcome.result.error.message}`);
      safely(() => ack?.(outcome.result), say);
    });
    socket.on('error', (err: Error) => say(`console ${auth.consoleId}: socket error ${err.message}`));
    socket.on('disconnect', (reason) => {
      stream.dispose();
      streams.delete(stream);
      say(`console ${auth.consoleId} disconnected (${reason}), acknowledged up to ${stream.lastAckSeq}`);
    });
    safely(() => stream.start(auth.resume), say);
  });

  const appended = log.onDidAppend(() => {
    for (const s of streams) safely(() => s.pump(), say);
  });
  const statusTimer = setInterval(() => safely(() => nsp.emit('status', status()), say), statusIntervalMs);

  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port, options.host ?? '127.0.0.1', () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    clearInterval(statusTimer);
    appended.dispose();
    io.close();
    log.close();
    throw err;
  }
  http.on('error', (err) => say(`http server error: ${err.message}`));

  const address = http.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | null = null;

  return {
    publisher: log,
    port: address.port,
    url: `http://${urlHost}:${address.port}`,
    connectedClients: () => nsp.sockets.size,
    acknowledgedBy: (consoleId: string) => acknowledged.get(consoleId) ?? 0,
    close: () => {
      closing ??= (async () => {
        clearInterval(statusTimer);
        appended.dispose();
        for (const s of streams) s.dispose();
        streams.clear();
        nsp.disconnectSockets(true);
        await new Promise<void>((resolve) => {
          io.close(() => resolve());
          http.closeAllConnections();
        });
        log.close();
      })();
      return closing;
    },
  };
}

function tokenAccepted(given: unknown, tokens: readonly string[]): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const g = Buffer.from(given);
  let ok = false;
  for (const t of tokens) {
    const e = Buffer.from(t);
    if (e.length === g.length && timingSafeEqual(e, g)) ok = true;
  }
  return ok;
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Runs `fn`; a throw is logged, never allowed to take the server down. */
function safely(fn: () => void, say: (message: string) => void): void {
  try {
    fn();
  } catch (err) {
    say(`sub-centre error: ${(err as Error).message}`);
  }
}
