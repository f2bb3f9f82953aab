// A raw socket.io-client standing in for the console, recording everything the server sends, with
// acknowledgements under the test's control.
import { io, type Socket } from 'socket.io-client';
import { startSubcentreServer } from '../../../src-main/subcentre/server.ts';
import type { RunningSubcentre, StartSubcentreOptions } from '../../../src-main/subcentre/types.ts';
import { LONGDONG, tempDir } from '../../unit/subcentre/fixtures.ts';

export const TOKEN = 'test-token';

export type Envelope = { seq: number; id: string; type: string; at: string; body: Record<string, unknown> };
export type Batch = { epoch: string; events: Envelope[] };
export type SnapshotPart = { epoch: string; seq: number; entities: Record<string, Array<Record<string, unknown>>>; part?: number; parts?: number };

export interface ProbeOptions {
  token?: string;
  protocol?: string;
  consoleId?: string;
  resume?: { epoch: string; lastSeq: number } | null;
  /** Acknowledge batches and snapshot parts at once (default true). */
  autoAck?: boolean;
}

export class ConsoleProbe {
  readonly socket: Socket;
  /** Event names in arrival order. */
  readonly order: string[] = [];
  hello: Record<string, unknown> | null = null;
  readonly snapshots: SnapshotPart[] = [];
  readonly batches: Batch[] = [];
  readonly statuses: Array<Record<string, unknown>> = [];
  /** Acks not given yet (autoAck off), oldest first. */
  readonly pendingAcks: Array<{ event: string; ack: (value: unknown) => void; payload: unknown }> = [];
  connectError: string | null = null;
  disconnectReason: string | null = null;
  connected = false;

  constructor(url: string, options: ProbeOptions = {}) {
    const autoAck = options.autoAck ?? true;
    this.socket = io(`${url}/sfp1`, {
      auth: {
        protocol: options.protocol ?? 'sfp/1',
        ...(options.token === undefined ? { token: TOKEN } : options.token === '' ? {} : { token: options.token }),
        consoleId: options.consoleId ?? 'test-console',
        ...(options.resume !== undefined ? { resume: options.resume } : {}),
      },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    this.socket.onAny((event: string) => this.order.push(event));
    this.socket.on('connect', () => void (this.connected = true));
    this.socket.on('connect_error', (err: Error) => void (this.connectError = err.message));
    this.socket.on('disconnect', (reason: string) => {
      this.connected = false;
      this.disconnectReason = reason;
    });
    this.socket.on('hello', (h: Record<string, unknown>) => void (this.hello = h));
    this.socket.on('status', (s: Record<string, unknown>) => void this.statuses.push(s));
    this.socket.on('snapshot', (s: SnapshotPart, ack: (v: unknown) => void) => {
      this.snapshots.push(s);
      const value = { ackSeq: !s.parts || s.part === s.parts ? s.seq : null };
      if (autoAck) ack(value);
      else this.pendingAcks.push({ event: 'snapshot', ack: () => ack(value), payload: s });
    });
    this.socket.on('events', (b: Batch, ack: (v: unknown) => void) => {
      this.batches.push(b);
      const value = { ackSeq: b.events[b.events.length - 1]!.seq };
      if (autoAck) ack(value);
      else this.pendingAcks.push({ event: 'events', ack: () => ack(value), payload: b });
    });
  }

  /** Seqs of all envelopes received, in order. */
  seqs(): number[] {
    return this.batches.flatMap((b) => b.events.map((e) => e.seq));
  }

  envelopes(): Envelope[] {
    return this.batches.flatMap((b) => b.events);
  }

  ackNext(): void {
    const next = this.pendingAcks.shift();
    if (!next) throw new Error('no pending acknowledgement');
    next.ack(undefined);
  }

  command(payload: unknown): Promise<Record<string, unknown>> {
    return this.socket.timeout(5000).emitWithAck('command', payload) as Promise<Record<string, unknown>>;
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** Polls `cond` until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A fresh server on a temp file; `done()` closes servers, probes and removes the folder. */
export function harness() {
  const tmp = tempDir();
  const servers: RunningSubcentre[] = [];
  const probes: ConsoleProbe[] = [];
  return {
    dbFile: tmp.file('subcentre.sqlite'),
    async start(options: Partial<StartSubcentreOptions> = {}): Promise<RunningSubcentre> {
      const s = await startSubcentreServer({ subcentre: LONGDONG, dbFile: tmp.file('subcentre.sqlite'), port: 0, tokens: [TOKEN], ...options });
      servers.push(s);
      return s;
    },
    connect(server: RunningSubcentre, options: ProbeOptions = {}): ConsoleProbe {
      const p = new ConsoleProbe(server.url, options);
      probes.push(p);
      return p;
    },
    async done(): Promise<void> {
      for (const p of probes) p.close();
      for (const s of servers) await s.close();
      tmp.remove();
    },
  };
}
