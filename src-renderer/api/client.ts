// The renderer's one way to reach the console: `connectConsoleApi()` gives a ConsoleApi whichever
// transport carries it — Electron's preload (window.superbrain) or, in a browser, one WebSocket to
// /api?token=… on the page's own origin. The UI cannot tell which it has, except through
// `onDidChangeConnection`, which reports "host connection lost" in web mode (Electron's IPC cannot drop).
import { API_METHODS, type ConsoleApi, type Disposable } from '../../src-shared/api.ts';
import { createWebSocketApi, RemoteApiError, type ConnectionStatus, type SocketLike, type WebSocketApi } from './ws-client.ts';

export type { ConnectionStatus } from './ws-client.ts';
export { RemoteApiError } from './ws-client.ts';

declare global {
  interface Window {
    /** Exposed by the Electron preload (src-main/electron/preload.ts). */
    superbrain?: ConsoleApi;
  }
}

let connecting: Promise<ConsoleApi> | null = null;
let webApi: WebSocketApi | null = null;
const connectionListeners = new Set<(status: ConnectionStatus) => void>();

/** Connects once; later calls get the same API. */
export function connectConsoleApi(): Promise<ConsoleApi> {
  connecting ??= connect().catch((err: unknown) => {
    connecting = null; // a later call may try again (e.g. after the user fixed the address)
    throw err;
  });
  return connecting;
}

/** Which transport carries the API ("electron" once connected through the preload). */
export function currentTransport(): 'electron' | 'web' | null {
  if (typeof window !== 'undefined' && window.superbrain) return 'electron';
  return webApi ? 'web' : null;
}

/** Connection state changes (web mode: lost, retrying, back). The listener gets the current state at once. */
export function onDidChangeConnection(listener: (status: ConnectionStatus) => void): Disposable {
  connectionListeners.add(listener);
  const current: ConnectionStatus = webApi ? webApi.status() : { connected: currentTransport() === 'electron', attempt: 0, nextAttemptAt: null, lastError: null };
  try {
    listener(current);
  } catch {
    /* the UI's problem, not the connection's */
  }
  return { dispose: () => void connectionListeners.delete(listener) };
}

async function connect(): Promise<ConsoleApi> {
  if (window.superbrain) return wrapPreloadApi(window.superbrain);
  const token = new URLSearchParams(window.location.search).get('token');
  if (!token) {
    throw new RemoteApiError({
      name: 'ConnectionFailed',
      message: 'the page address has no ?token=…: open the address that `superbrain web` printed (SUPERBRAIN_URL=…)',
    });
  }
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = `${scheme}//${window.location.host}/api?token=${encodeURIComponent(token)}`;
  const client = createWebSocketApi({ url, createSocket: (u) => new WebSocket(u) as unknown as SocketLike });
  client.onDidChangeConnection((status) => {
    for (const l of [...connectionListeners]) {
      try {
        l(status);
      } catch {
        /* ignore */
      }
    }
  });
  await client.ready;
  webApi = client;
  for (const l of [...connectionListeners]) l(client.status());
  return client.api;
}

// Errors crossing contextBridge keep only their message: the preload writes the name as "[Name] message"
// and this restores it, so error handling is the same in both transports.
const NAMED = /^\[([A-Za-z][\w-]{0,60})\] ([\s\S]*)$/;
export function decodePreloadError(err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  const m = NAMED.exec(message);
  return m ? new RemoteApiError({ name: m[1]!, message: m[2]! }) : new RemoteApiError({ name: 'Error', message });
}

function wrapPreloadApi(bridge: ConsoleApi): ConsoleApi {
  const api = {} as Record<string, unknown>;
  for (const method of API_METHODS) {
    const fn = (bridge as unknown as Record<string, (p?: unknown) => Promise<unknown>>)[method];
    api[method] = async (param?: unknown) => {
      if (typeof fn !== 'function') throw new RemoteApiError({ name: 'UnknownMethod', message: `${method} is not available in this shell` });
      try {
        return await fn(param);
      } catch (err) {
        throw decodePreloadError(err);
      }
    };
  }
  api.onChanges = bridge.onChanges;
  return api as unknown as ConsoleApi;
}
