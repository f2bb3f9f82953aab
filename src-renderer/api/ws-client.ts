// The ConsoleApi over one WebSocket (web mode), independent of the DOM so that it runs — and is tested —
// under plain Node with the `ws` package as well as in the browser. Request ids, one promise per call,
// errors as { name, message }, reconnection with backoff, and a connection hook for the UI.
import { API_METHODS, type ApiError, type ApiMethod, type ChangeNotice, type ConsoleApi, type Disposable } from '../../src-shared/api.ts';

/** The part of the WebSocket interface this client uses (browser WebSocket and `ws` both have it). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface ConnectionStatus {
  /** The socket is open. */
  connected: boolean;
  /** Reconnection attempts since the connection was lost (0 while connected). */
  attempt: number;
  /** When the next attempt is due (epoch ms), while disconnected. */
  nextAttemptAt: number | null;
  /** Why the last connection ended, in a few words. */
  lastError: string | null;
}

export interface WebSocketApiOptions {
  url: string;
  createSocket: (url: string) => SocketLike;
  /** A call not answered in this time is rejected (default 60 s). */
  callTimeoutMs?: number;
  /** Reconnection backoff (defaults 500 ms doubling up to 10 s, with jitter). */
  backoff?: { initialMs?: number; maxMs?: number };
  now?: () => number;
}

export interface WebSocketApi {
  readonly api: ConsoleApi;
  /** Resolves on the first successful connection; rejects if the first attempt fails. */
  readonly ready: Promise<void>;
  status(): ConnectionStatus;
  onDidChangeConnection(listener: (status: ConnectionStatus) => void): Disposable;
  /** Closes the socket for good; pending calls are rejected. */
  close(): void;
}

/** An error that came back from the host (or the connection), with the host's name kept. */
export class RemoteApiError extends Error {
  constructor(error: ApiError) {
    super(error.message);
    this.name = error.name;
  }
}

const OPEN = 1;
const ALL_KINDS: ChangeNotice['kinds'] = ['incident', 'alert', 'camera', 'station', 'org', 'grid', 'indicator', 'outbox', 'settings', 'boundaries'];

interface PendingCall {
  method: ApiMethod;
  param: unknown;
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: ReturnType<typeof setTimeout>;
  sent: boolean;
}

export function createWebSocketApi(options: WebSocketApiOptions): WebSocketApi {
  const callTimeoutMs = options.callTimeoutMs ?? 60_000;
  const initialMs = options.backoff?.initialMs ?? 500;
  const maxMs = options.backoff?.maxMs ?? 10_000;
  const now = options.now ?? Date.now;
  const pending = new Map<number, PendingCall>();
  const changeListeners = new Set<(notice: ChangeNotice) => void>();
  const connectionListeners = new Set<(status: ConnectionStatus) => void>();
  let nextId = 1;
  let lastVersion = 0;
  let socket: SocketLike | null = null;
  let closed = false;
  let everConnected = false;
  /** Issue 5: the host's resume token for this client's sign-in (memory only), presented after a reconnection. */
  let sessionToken: string | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let status: ConnectionStatus = { connected: false, attempt: 0, nextAttemptAt: null, lastError: null };
  let settleReady: { resolve(): void; reject(err: Error): void } | null = null;
  const ready = new Promise<void>((resolve, reject) => {
    settleReady = { resolve, reject };
  });
  // Nobody may be awaiting `ready` (the UI can use the hook instead); never an unhandled rejection.
  ready.catch(() => undefined);

  function setStatus(next: ConnectionStatus): void {
    status = next;
    for (const l of [...connectionListeners]) {
      try {
        l({ ...status });
      } catch {
        /* a UI listener's bug must not break the connection */
      }
    }
  }

  function sendCall(id: number, call: PendingCall): void {
    if (!socket || socket.readyState !== OPEN) return;
    try {
      socket.send(JSON.stringify({ kind: 'call', id, method: call.method, param: call.param }));
      call.sent = true;
    } catch (err) {
      pending.delete(id);
      clearTimeout(call.timer);
      call.reject(new RemoteApiError({ name: 'BadRequest', message: `${call.method}: parameter could not be sent (${(err as Error).message})` }));
    }
  }

  function rejectSent(reason: string): void {
    // A call already on the wire may or may not have run on the host: it is not re-sent (issueCommand
    // would get a second commandId); the caller decides.
    for (const [id, call] of pending) {
      if (!call.sent) continue;
      pending.delete(id);
      clearTimeout(call.timer);
      call.reject(new RemoteApiError({ name: 'ConnectionLost', message: `${call.method}: ${reason}` }));
    }
  }

  function emitChanges(notice: ChangeNotice): void {
    if (typeof notice?.version === 'number' && notice.version > lastVersion) lastVersion = notice.version;
    for (const l of [...changeListeners]) {
      try {
        l(notice);
      } catch (err) {
        console.error('[superbrain] change listener failed:', err);
      }
    }
  }

  // Notices pushed while the socket was down are lost: after a reconnection the listeners get one
  // notice naming every kind (and the links), so whatever they show is pulled again.
  function resync(): void {
    if (changeListeners.size === 0) return;
    call('getLinks', undefined).then(
      (links) => emitChanges({ version: lastVersion, kinds: [...ALL_KINDS], links: links as ChangeNotice['links'], activity: [] }),
      () => undefined,
    );
  }

  function onMessage(data: unknown): void {
    let msg: unknown;
    try {
      msg = JSON.parse(typeof data === 'string' ? data : String(data));
    } catch {
      return;
    }
    const m = msg as { kind?: unknown; id?: unknown; ok?: unknown; value?: unknown; error?: unknown; notice?: unknown };
    if (!m || typeof m !== 'object') return;
    if (m.kind === 'changes') {
      if (m.notice && typeof m.notice === 'object') emitChanges(m.notice as ChangeNotice);
      return;
    }
    if (m.kind === 'session') {
      const t = (m as { token?: unknown }).token;
      sessionToken = typeof t === 'string' ? t : null;
      return;
    }
    if (m.kind !== 'result' || typeof m.id !== 'number') return;
    const call = pending.get(m.id);
    if (!call) return;
    pending.delete(m.id);
    clearTimeout(call.timer);
    if (m.ok === true) call.resolve(m.value);
    else {
      const e = (m.error ?? {}) as Partial<ApiError>;
      call.reject(new RemoteApiError({ name: String(e.name ?? 'Error'), message: String(e.message ?? 'unknown error') }));
    }
  }

  function connect(): void {
    if (closed) return;
    let s: SocketLike;
    try {
      s = options.createSocket(options.url);
    } catch (err) {
      onDown(`cannot open the connection: ${(err as Error).message}`);
      return;
    }
    socket = s;
    let opened = false;
    s.onopen = () => {
      if (socket !== s) return;
      opened = true;
      const reconnected = everConnected;
      everConnected = true;
      // The sign-in comes back before any call runs — queued ones and those the connection listeners make
      // on hearing "connected" (the host handles a socket's messages in order).
      if (reconnected && sessionToken) {
        try {
          s.send(JSON.stringify({ kind: 'resume', token: sessionToken }));
        } catch {
          /* onclose follows */
        }
      }
      setStatus({ connected: true, attempt: 0, nextAttemptAt: null, lastError: null });
      settleReady?.resolve();
      settleReady = null;
      for (const [id, call] of pending) if (!call.sent) sendCall(id, call);
      if (reconnected) resync();
    };
    s.onmessage = (ev) => {
      if (socket === s) onMessage(ev.data);
    };
    s.onerror = () => {
      /* onclose follows and says what happened */
    };
    s.onclose = (ev) => {
      if (socket !== s) return;
      socket = null;
      const why = opened
        ? `connection to the console host lost${ev.code ? ` (code ${ev.code})` : ''}`
        : 'cannot connect to the console host (is it running? is the token in the address right?)';
      onDown(why);
    };
  }

  function onDown(reason: string): void {
    rejectSent(reason);
    if (!everConnected && settleReady) {
      // The first attempt failed: the page cannot work, say so instead of retrying silently.
      settleReady.reject(new RemoteApiError({ name: 'ConnectionFailed', message: reason }));
      settleReady = null;
      closed = true;
      for (const [id, call] of pending) {
        pending.delete(id);
        clearTimeout(call.timer);
        call.reject(new RemoteApiError({ name: 'ConnectionFailed', message: `${call.method}: ${reason}` }));
      }
      setStatus({ connected: false, attempt: 0, nextAttemptAt: null, lastError: reason });
      return;
    }
    if (closed) return;
    const attempt = status.attempt + 1;
    const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 20));
    const delay = Math.round(base * (0.75 + Math.random() * 0.5));
    setStatus({ connected: false, attempt, nextAttemptAt: now() + delay, lastError: reason });
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, delay);
  }

  function call(method: ApiMethod, param: unknown): Promise<unknown> {
    if (closed) return Promise.reject(new RemoteApiError({ name: 'ConnectionClosed', message: `${method}: the connection is closed` }));
    return new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        if (!pending.delete(id)) return;
        reject(new RemoteApiError({ name: 'Timeout', message: `${method}: no answer from the console host in ${Math.round(callTimeoutMs / 1000)} s` }));
      }, callTimeoutMs);
      const entry: PendingCall = { method, param, resolve, reject, timer, sent: false };
      pending.set(id, entry);
      sendCall(id, entry);
    });
  }

  const api = {} as Record<string, unknown>;
  for (const method of API_METHODS) api[method] = (param?: unknown) => call(method, param);
  api.onChanges = (listener: (notice: ChangeNotice) => void): Disposable => {
    changeListeners.add(listener);
    return { dispose: () => void changeListeners.delete(listener) };
  };

  connect();

  return {
    api: api as unknown as ConsoleApi,
    ready,
    status: () => ({ ...status }),
    onDidChangeConnection(listener) {
      connectionListeners.add(listener);
      return { dispose: () => void connectionListeners.delete(listener) };
    },
    close() {
      if (closed && !socket) return;
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      const s = socket;
      socket = null;
      try {
        s?.close(1000, 'closed by the page');
      } catch {
        /* already closed */
      }
      for (const [id, call] of pending) {
        pending.delete(id);
        clearTimeout(call.timer);
        call.reject(new RemoteApiError({ name: 'ConnectionClosed', message: `${call.method}: the connection was closed` }));
      }
      settleReady?.reject(new RemoteApiError({ name: 'ConnectionClosed', message: 'the connection was closed' }));
      settleReady = null;
      setStatus({ connected: false, attempt: 0, nextAttemptAt: null, lastError: 'closed' });
    },
  };
}
