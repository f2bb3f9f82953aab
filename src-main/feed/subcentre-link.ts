// One SFP/1 feed link: a socket.io-client connection to one street sub-centre. It performs the
// handshake with `resume` from the cache, commits snapshots and event batches in arrival order before
// acknowledging them, watches for silence (stale), reconnects with backoff, and sends the outbox.
//
// At most one socket exists per link: every (re)connection first drops the previous socket, and only
// one reconnection timer can be pending. socket.io's own reconnection is off, so that each connection
// starts from a clean socket (no acknowledgement of an old connection can reach a new one).
import { io, type Socket } from 'socket.io-client';
import type { Disposable, EpochMs, LinkState, LinkStateName } from '../../src-shared/api.ts';
import { EventsBatch, Hello, SFP_NAMESPACE, SFP_PROTOCOL, SnapshotMessage, Status, STALE_AFTER_MS } from '../../src-shared/sfp/schemas.ts';
import type { ClientAuth } from '../../src-shared/sfp/schemas.ts';
import { describeZodError } from '../../src-shared/sfp/validate.ts';
import type { SubcentreEndpoint } from '../config.ts';
import { applyEventBatch, applySnapshot } from '../store/apply.ts';
import { GroupCommitter } from './group-commit.ts';
import { getResume, getStoredLink, recordLinkStatus, type StoredLink } from '../store/links.ts';
import { markCommandSent, pendingCommands, recordCommandResult } from '../store/outbox.ts';
import type { Store } from '../store/store.ts';
import { backoffDelay, type BackoffOptions } from './backoff.ts';

export interface StreetSubcentreLinkOptions {
  store: Store;
  consoleId: string;
  endpoint: Pick<SubcentreEndpoint, 'id' | 'url' | 'token'> & { name?: string; enabled?: boolean };
  /** No `status` nor `events` for this long: stale. Default 30,000 ms (SFP/1 §3.5). */
  staleAfterMs?: number;
  backoff?: BackoffOptions;
  /** How long to wait for a command's acknowledgement before trying again. Default 15,000 ms. */
  commandAckTimeoutMs?: number;
  /** How long a connection attempt (up to `hello`) may take. Default 10,000 ms. */
  connectTimeoutMs?: number;
  now?: () => EpochMs;
  /** Unexpected errors (a bug, the store closing under us). Default: console.error. */
  onError?: (err: unknown) => void;
  /** Shared by the links of one FeedManager so that their batches commit together. Default: one of its own. */
  committer?: GroupCommitter;
}

/** Snapshot parts are buffered until the last one; this caps what a broken server can make us hold. */
const MAX_SNAPSHOT_ENTITIES = 5_000_000;
const SNAPSHOT_KEYS = ['incidents', 'alerts', 'cameras', 'stations', 'orgs', 'grids', 'indicators'] as const;

/** The endpoint URL with the SFP/1 namespace (/sfp1) appended when absent. */
export function feedUrl(url: string): string {
  const u = new URL(url);
  const path = u.pathname.replace(/\/+$/, '');
  u.pathname = path.endsWith(SFP_NAMESPACE) ? path : path + SFP_NAMESPACE;
  return u.toString();
}

interface Live {
  state: LinkStateName;
  headSeq: number | null;
  lastHeardAt: EpochMs | null;
  connectedSince: EpochMs | null;
  lastError: string | null;
  onDuty: LinkState['onDuty'];
  queue: LinkState['queue'];
  serverName: string | null;
}

interface SnapshotBuffer {
  epoch: string;
  seq: number;
  parts: number;
  received: number;
  size: number;
  entities: Record<(typeof SNAPSHOT_KEYS)[number], unknown[]>;
}

type Ack = (payload: unknown) => void;

export class StreetSubcentreLink {
  readonly subcentreId: string;
  readonly url: string;
  private readonly store: Store;
  private readonly options: StreetSubcentreLinkOptions;
  private readonly committer: GroupCommitter;
  private readonly now: () => EpochMs;
  private readonly staleAfterMs: number;
  private readonly commandAckTimeoutMs: number;
  private readonly listeners = new Set<(state: LinkState) => void>();
  private readonly live: Live;
  private socket: Socket | null = null;
  private hello: Hello | null = null;
  private snapshot: SnapshotBuffer | null = null;
  private queue: Promise<void> = Promise.resolve();
  private attempt = 0;
  private started = false;
  private stopped = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private staleTimer: ReturnType<typeof setTimeout> | null = null;
  private helloTimer: ReturnType<typeof setTimeout> | null = null;
  private commandRetryTimer: ReturnType<typeof setTimeout> | null = null;
  private flushing = false;
  private flushAgain = false;
  private lastStored: StoredLink | null = null;

  constructor(options: StreetSubcentreLinkOptions) {
    this.options = options;
    this.committer = options.committer ?? new GroupCommitter(options.store);
    this.store = options.store;
    this.subcentreId = options.endpoint.id;
    this.url = feedUrl(options.endpoint.url);
    this.now = options.now ?? Date.now;
    this.staleAfterMs = Math.max(1, options.staleAfterMs ?? STALE_AFTER_MS);
    this.commandAckTimeoutMs = Math.max(1, options.commandAckTimeoutMs ?? 15_000);
    this.live = {
      state: options.endpoint.enabled === false ? 'disabled' : 'down',
      headSeq: null,
      lastHeardAt: null,
      connectedSince: null,
      lastError: null,
      onDuty: null,
      queue: null,
      serverName: null,
    };
  }

  get enabled(): boolean {
    return this.options.endpoint.enabled !== false;
  }

  /** Starts connecting (a disabled link stays disabled). */
  start(): void {
    if (this.started || this.stopped || !this.enabled) return;
    this.started = true;
    this.connect();
  }

  /** Closes the connection, stops reconnecting and waits for the batch being applied, if any. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimers();
    this.dropSocket();
    await this.queue;
    if (this.enabled) this.update({ state: 'down', connectedSince: null });
    this.listeners.clear();
  }

  onDidChange(listener: (state: LinkState) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /** The live state merged with what the cache holds for this sub-centre. */
  state(): LinkState {
    const stored = this.readStored();
    const lastAckSeq = stored?.lastAckSeq ?? 0;
    const headSeq = Math.max(this.live.headSeq ?? stored?.headSeq ?? 0, 0);
    return {
      subcentreId: this.subcentreId,
      name: this.options.endpoint.name ?? this.live.serverName ?? this.subcentreId,
      url: this.options.endpoint.url,
      state: this.live.state,
      epoch: stored?.epoch ?? null,
      lastAckSeq,
      headSeq,
      lag: Math.max(0, headSeq - lastAckSeq),
      lastHeardAt: this.live.lastHeardAt ?? stored?.lastHeardAt ?? null,
      connectedSince: this.live.connectedSince,
      lastError: this.live.lastError,
      onDuty: this.live.onDuty,
      queue: this.live.queue,
      pendingCommands: stored?.pendingCommands ?? 0,
      rejectedEnvelopes: stored?.rejectedEnvelopes ?? 0,
    };
  }

  /** Sends the pending commands of this sub-centre now, when connected (else on the next connection). */
  flushOutbox(): void {
    if (!this.socket || !this.hello || this.stopped) return;
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    this.flushing = true;
    this.flushAgain = false;
    void this.sendPending(this.socket)
      .catch((err) => this.reportError(err))
      .finally(() => {
        this.flushing = false;
        if (this.flushAgain) this.flushOutbox();
      });
  }

  // ---------- connection ----------

  private authPayload(): ClientAuth {
    let resume: ClientAuth['resume'] = null;
    try {
      resume = getResume(this.store, this.subcentreId);
    } catch (err) {
      this.reportError(err);
    }
    return { protocol: SFP_PROTOCOL, token: this.options.endpoint.token, consoleId: this.options.consoleId, resume };
  }

  private connect(): void {
    if (this.stopped) return;
    this.dropSocket();
    this.update({ state: 'connecting' });
    const connectTimeoutMs = this.options.connectTimeoutMs ?? 10_000;
    const socket = io(this.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: connectTimeoutMs,
      // A function, so that every connection sends the resume point as it is now.
      auth: (cb: (data: object) => void) => cb(this.authPayload()),
    });
    this.socket = socket;
    this.helloTimer = setTimeout(() => {
      if (socket === this.socket && !this.hello) this.fail(socket, 'no hello from the sub-centre');
    }, connectTimeoutMs);
    socket.on('hello', (msg: unknown) => this.guard(() => this.onHello(socket, msg)));
    socket.on('status', (msg: unknown) => this.guard(() => this.onStatus(socket, msg)));
    socket.on('snapshot', (msg: unknown, ack?: Ack) => this.enqueue(socket, () => this.onSnapshot(socket, msg, ack)));
    socket.on('events', (msg: unknown, ack?: Ack) => this.enqueue(socket, () => this.onEvents(socket, msg, ack)));
    socket.on('connect_error', (err: Error) => this.guard(() => this.onConnectError(socket, err)));
    socket.on('disconnect', (reason: string) => this.guard(() => this.onDisconnect(socket, reason)));
  }

  /** Drops the current socket (if any) without scheduling anything. */
  private dropSocket(): void {
    const socket = this.socket;
    this.socket = null;
    this.hello = null;
    this.snapshot = null;
    if (this.staleTimer) clearTimeout(this.staleTimer);
    if (this.helloTimer) clearTimeout(this.helloTimer);
    if (this.commandRetryTimer) clearTimeout(this.commandRetryTimer);
    this.staleTimer = this.helloTimer = this.commandRetryTimer = null;
    if (socket) {
      socket.removeAllListeners();
      socket.disconnect();
    }
  }

  private clearTimers(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const delay = backoffDelay(this.attempt++, this.options.backoff);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  /** Ends this connection with a reason and reconnects after a backoff delay. */
  private fail(socket: Socket, reason: string): void {
    if (socket !== this.socket) return;
    this.dropSocket();
    this.update({ state: 'down', connectedSince: null, lastError: reason });
    this.scheduleReconnect();
  }

  private onConnectError(socket: Socket, err: Error): void {
    this.fail(socket, describeConnectError(err));
  }

  private onDisconnect(socket: Socket, reason: string): void {
    this.fail(socket, reason);
  }

  private onHello(socket: Socket, raw: unknown): void {
    if (socket !== this.socket) return;
    const parsed = Hello.safeParse(raw);
    if (!parsed.success) return this.fail(socket, `bad hello: ${describeZodError(parsed.error)}`);
    const hello = parsed.data;
    if (hello.subcentre.id !== this.subcentreId) return this.fail(socket, 'subcentre-mismatch');
    if (this.helloTimer) clearTimeout(this.helloTimer);
    this.helloTimer = null;
    this.hello = hello;
    const now = this.now();
    this.update({ state: 'connected', connectedSince: now, lastHeardAt: now, headSeq: hello.headSeq, lastError: null, serverName: hello.subcentre.name });
    this.armStale();
    this.flushOutbox();
  }

  private onStatus(socket: Socket, raw: unknown): void {
    if (socket !== this.socket || !this.hello) return;
    const parsed = Status.safeParse(raw);
    // A status we cannot read is ignored; it still shows that the server is alive.
    const now = this.now();
    this.attempt = 0;
    this.armStale();
    if (!parsed.success) return this.update({ state: 'connected', lastHeardAt: now });
    const s = parsed.data;
    this.update({
      state: 'connected',
      lastHeardAt: now,
      headSeq: s.headSeq,
      onDuty: s.onDuty ? { gridWorkers: s.onDuty.gridWorkers, operators: s.onDuty.operators } : this.live.onDuty,
      queue: s.queue ? { open: s.queue.open, overdue: s.queue.overdue } : this.live.queue,
    });
  }

  private armStale(): void {
    if (this.staleTimer) clearTimeout(this.staleTimer);
    const socket = this.socket;
    this.staleTimer = setTimeout(() => {
      this.staleTimer = null;
      if (socket === this.socket && this.live.state === 'connected') this.update({ state: 'stale' });
    }, this.staleAfterMs);
  }

  private commit<T>(work: () => T): Promise<T> {
    return this.committer.run(work);
  }

  /** Snapshots and batches are applied one at a time, in arrival order. */
  private enqueue(socket: Socket, task: () => void | Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (socket === this.socket && !this.stopped) await this.guard(task);
    });
  }

  private heard(): void {
    this.attempt = 0;
    this.armStale();
  }

  private async onEvents(socket: Socket, raw: unknown, ack: Ack | undefined): Promise<void> {
    if (!this.hello) return this.fail(socket, 'protocol: events before hello');
    const parsed = EventsBatch.safeParse(raw);
    if (!parsed.success) return this.fail(socket, `bad batch: ${describeZodError(parsed.error)}`);
    const batch = parsed.data;
    if (batch.epoch !== this.hello.epoch) return this.fail(socket, `epoch-mismatch: batch of ${batch.epoch.slice(0, 60)} in ${this.hello.epoch.slice(0, 60)}`);
    if (this.snapshot) return this.fail(socket, 'protocol: events inside a snapshot');
    let result;
    try {
      const now = this.now();
      result = await this.commit(() => applyEventBatch(this.store, this.subcentreId, batch.epoch, batch.events, { now }));
    } catch (err) {
      return this.fail(socket, `store: ${(err as Error).message}`);
    }
    if (socket !== this.socket || this.stopped) return;
    if (result.gap) return this.fail(socket, `gap: missing seq ${result.ackSeq + 1}`);
    // Committed (fsync'd, synchronous = FULL): now, and only now, acknowledge (SFP/1 §3.2, §6.1).
    if (typeof ack === 'function') ack({ ackSeq: result.ackSeq });
    this.heard();
    this.update({ state: 'connected', lastHeardAt: this.now() });
  }

  private onSnapshot(socket: Socket, raw: unknown, ack: Ack | undefined): void {
    if (!this.hello) return this.fail(socket, 'protocol: snapshot before hello');
    const parsed = SnapshotMessage.safeParse(raw);
    if (!parsed.success) return this.fail(socket, `bad snapshot: ${describeZodError(parsed.error)}`);
    const msg = parsed.data;
    if (msg.epoch !== this.hello.epoch) return this.fail(socket, `epoch-mismatch: snapshot of ${msg.epoch.slice(0, 60)} in ${this.hello.epoch.slice(0, 60)}`);
    const parts = msg.parts ?? 1;
    const part = msg.part ?? 1;
    if (part > parts) return this.fail(socket, `bad snapshot: part ${part} of ${parts}`);
    if (part === 1) {
      this.snapshot = { epoch: msg.epoch, seq: msg.seq, parts, received: 0, size: 0, entities: { incidents: [], alerts: [], cameras: [], stations: [], orgs: [], grids: [], indicators: [] } };
    }
    const buf = this.snapshot;
    if (!buf || buf.seq !== msg.seq || buf.parts !== parts || part !== buf.received + 1) {
      return this.fail(socket, `bad snapshot: part ${part} of ${parts} out of order`);
    }
    for (const key of SNAPSHOT_KEYS) {
      const list = msg.entities[key];
      if (!list) continue;
      buf.size += list.length;
      if (buf.size > MAX_SNAPSHOT_ENTITIES) return this.fail(socket, `bad snapshot: more than ${MAX_SNAPSHOT_ENTITIES} entities`);
      const into = buf.entities[key];
      for (const item of list) into.push(item);
    }
    buf.received = part;
    this.heard();
    if (part < parts) {
      if (typeof ack === 'function') ack({ ackSeq: null });
      return;
    }
    this.snapshot = null;
    try {
      applySnapshot(this.store, this.subcentreId, buf.epoch, buf.seq, buf.entities, { now: this.now() });
    } catch (err) {
      return this.fail(socket, `store: ${(err as Error).message}`);
    }
    if (typeof ack === 'function') ack({ ackSeq: buf.seq });
    this.update({ state: 'connected', lastHeardAt: this.now() });
  }

  // ---------- outbox ----------

  private async sendPending(socket: Socket): Promise<void> {
    const pending = pendingCommands(this.store, this.subcentreId);
    for (const p of pending) {
      if (socket !== this.socket || !this.hello || this.stopped) return;
      markCommandSent(this.store, p.commandId, { now: this.now() });
      this.emitChange();
      let result: unknown;
      try {
        result = await socket.timeout(this.commandAckTimeoutMs).emitWithAck('command', p.command);
      } catch {
        // No acknowledgement: the command stays pending and goes again, with the same commandId,
        // after a while on this connection or on the next one.
        if (socket === this.socket && !this.stopped && !this.commandRetryTimer) {
          this.commandRetryTimer = setTimeout(() => {
            this.commandRetryTimer = null;
            this.flushOutbox();
          }, this.commandAckTimeoutMs);
        }
        return;
      }
      if (this.store.isClosed()) return;
      recordCommandResult(this.store, p.commandId, result, { now: this.now() });
      this.emitChange();
    }
  }

  // ---------- state ----------

  private readStored(): StoredLink | null {
    try {
      if (!this.store.isClosed()) this.lastStored = getStoredLink(this.store, this.subcentreId);
    } catch (err) {
      this.reportError(err);
    }
    return this.lastStored;
  }

  private update(patch: Partial<Live>): void {
    const before = this.live.state;
    const beforeError = this.live.lastError;
    Object.assign(this.live, patch);
    if (before !== this.live.state || beforeError !== this.live.lastError) this.persist();
    this.emitChange();
  }

  /** Remembers state changes in the cache, for display after a restart. */
  private persist(): void {
    try {
      if (this.store.isClosed() || this.store.readonly) return;
      recordLinkStatus(
        this.store,
        this.subcentreId,
        {
          state: this.live.state,
          lastError: this.live.lastError,
          ...(this.live.headSeq !== null ? { headSeq: this.live.headSeq } : {}),
          ...(this.live.lastHeardAt !== null ? { lastHeardAt: this.live.lastHeardAt } : {}),
        },
        this.now(),
      );
    } catch (err) {
      this.reportError(err);
    }
  }

  /** Tells listeners; also called by the manager after it queued a command. */
  emitChange(): void {
    if (this.listeners.size === 0) return;
    const state = this.state();
    for (const l of [...this.listeners]) {
      try {
        l(state);
      } catch (err) {
        this.reportError(err);
      }
    }
  }

  private async guard(fn: () => void | Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.reportError(err);
      if (this.socket) this.fail(this.socket, `internal: ${(err as Error).message}`);
    }
  }

  private reportError(err: unknown): void {
    (this.options.onError ?? ((e: unknown) => console.error(`[superbrain] link ${this.subcentreId}:`, e)))(err);
  }
}

/** "unauthorized", "unsupported-protocol" as the server says; "ECONNREFUSED" and the like for the network. */
export function describeConnectError(err: unknown): string {
  const e = err as { message?: unknown; description?: unknown } | null;
  // socket.io-client wraps network failures: description is ws's ErrorEvent (with .error) or an Error.
  const description = e?.description as { code?: unknown; error?: { code?: unknown } } | undefined;
  const code = description?.code ?? description?.error?.code;
  if (typeof code === 'string' && code) return code;
  if (typeof e?.message === 'string' && e.message) return e.message.slice(0, 200);
  return 'connection failed';
}
