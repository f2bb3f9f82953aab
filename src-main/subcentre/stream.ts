// One console's event stream (SFP/1 §3): where it starts (resume or snapshot), batches read from
// the log as the client acknowledges them, at most 8 unacknowledged at a time, and a disconnect
// when an acknowledgement is late.
import type { Socket } from 'socket.io';
import { Ack, MAX_BATCH_ENVELOPES, MAX_UNACKED_BATCHES, type Resume } from '../../src-shared/sfp/schemas.ts';
import type { EventRow, SnapshotReader, SubcentreLog } from './log.ts';

export interface ConsoleStreamOptions {
  ackTimeoutMs: number;
  snapshotPartSize: number;
  /** Default MAX_UNACKED_BATCHES (8). */
  maxInFlight?: number;
  /** A batch or snapshot part stops growing past about this many bytes (at least one entity). Default 4 MiB. */
  maxBatchBytes?: number;
  log?: (message: string) => void;
  /** Told each time the client's acknowledged seq advances. */
  onAcknowledged?: (ackSeq: number) => void;
}

const DEFAULT_MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** True when the stream can go on from `resume` (§3.1); otherwise a snapshot is due. */
export function canResume(resume: Resume | null | undefined, log: Pick<SubcentreLog, 'epoch' | 'headSeq' | 'retainedFromSeq'>): resume is Resume {
  if (!resume || resume.epoch !== log.epoch) return false;
  // A client ahead of our head holds events this log no longer has: only a snapshot is safe.
  if (resume.lastSeq > log.headSeq()) return false;
  return resume.lastSeq + 1 >= log.retainedFromSeq();
}

export class ConsoleStream {
  /** Highest seq the client said is durable. */
  lastAckSeq = 0;
  private phase: 'idle' | 'snapshot' | 'events' | 'closed' = 'idle';
  private nextSeq = 1;
  private inFlight = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private slotWaiter: (() => void) | null = null;
  private snapshotReader: SnapshotReader | null = null;
  private readonly maxInFlight: number;
  private readonly maxBatchBytes: number;

  constructor(
    private readonly socket: Socket,
    private readonly log: SubcentreLog,
    private readonly options: ConsoleStreamOptions,
  ) {
    this.maxInFlight = Math.max(1, Math.min(options.maxInFlight ?? MAX_UNACKED_BATCHES, MAX_UNACKED_BATCHES));
    this.maxBatchBytes = options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
  }

  /** Starts the stream: from resume.lastSeq + 1 when possible, else with a snapshot. */
  start(resume: Resume | null | undefined): void {
    if (this.phase !== 'idle') return;
    if (canResume(resume, this.log)) {
      this.nextSeq = resume.lastSeq + 1;
      this.lastAckSeq = resume.lastSeq;
      this.phase = 'events';
      this.pump();
    } else {
      this.phase = 'snapshot';
      this.sendSnapshot().catch((err: unknown) => this.abort(`snapshot failed: ${(err as Error).message}`));
    }
  }

  /** Sends what the log has beyond what was sent, as far as the window allows. Called on every append. */
  pump(): void {
    while (this.phase === 'events' && this.inFlight < this.maxInFlight) {
      const rows = this.log.readEvents(this.nextSeq, MAX_BATCH_ENVELOPES);
      if (rows.length === 0) {
        if (this.nextSeq <= this.log.headSeq()) this.abort(`fell behind retention (needs seq ${this.nextSeq})`);
        return;
      }
      if (rows[0]!.seq !== this.nextSeq) {
        this.abort(`fell behind retention (needs seq ${this.nextSeq}, oldest kept is ${rows[0]!.seq})`);
        return;
      }
      const events = this.takeBatch(rows);
      const last = events[events.length - 1]!.seq;
      this.nextSeq = last + 1;
      this.emitWithAck('events', { epoch: this.log.epoch, events }, (ack) => {
        if (ack !== null && ack > this.lastAckSeq) this.acknowledged(Math.min(ack, last));
      });
    }
  }

  private acknowledged(seq: number): void {
    this.lastAckSeq = seq;
    this.options.onAcknowledged?.(seq);
  }

  dispose(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.snapshotReader?.close();
    this.snapshotReader = null;
    const waiter = this.slotWaiter;
    this.slotWaiter = null;
    waiter?.();
  }

  get isClosed(): boolean {
    return this.phase === 'closed';
  }

  private takeBatch(rows: EventRow[]): Array<{ seq: number; id: string; type: string; at: string; body: unknown }> {
    const out = [];
    let bytes = 0;
    for (const r of rows) {
      if (out.length > 0 && bytes + r.body.length > this.maxBatchBytes) break;
      bytes += r.body.length;
      out.push({ seq: r.seq, id: r.id, type: r.type, at: r.at, body: JSON.parse(r.body) as unknown });
    }
    return out;
  }

  private async sendSnapshot(): Promise<void> {
    const reader = this.log.openSnapshotReader({ maxEntities: Math.max(1, Math.floor(this.options.snapshotPartSize)), maxBytes: this.maxBatchBytes });
    this.snapshotReader = reader;
    const { parts } = reader;
    for (let part = 1; part <= parts; part++) {
      await this.freeSlot();
      if (this.phase !== 'snapshot') return; // closed meanwhile; dispose() closed the reader
      const entities = reader.readPart() ?? {};
      const message = parts > 1 ? { epoch: this.log.epoch, seq: reader.seq, entities, part, parts } : { epoch: this.log.epoch, seq: reader.seq, entities };
      this.emitWithAck('snapshot', message, (ack) => {
        if (part === parts && ack !== null && ack >= reader.seq) this.acknowledged(reader.seq);
      });
    }
    reader.close();
    this.snapshotReader = null;
    this.nextSeq = reader.seq + 1;
    this.phase = 'events';
    this.pump();
  }

  private freeSlot(): Promise<void> {
    if (this.inFlight < this.maxInFlight || this.phase === 'closed') return Promise.resolve();
    return new Promise((resolve) => {
      this.slotWaiter = resolve;
    });
  }

  private emitWithAck(event: 'events' | 'snapshot', payload: unknown, onAck: (ackSeq: number | null) => void): void {
    this.inFlight += 1;
    let done = false;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (done) return;
      done = true;
      this.abort(`no acknowledgement of ${event} within ${this.options.ackTimeoutMs} ms`);
    }, this.options.ackTimeoutMs);
    this.timers.add(timer);
    this.socket.emit(event, payload, (raw: unknown) => {
      if (done || this.phase === 'closed') return;
      done = true;
      clearTimeout(timer);
      this.timers.delete(timer);
      this.inFlight -= 1;
      const ack = Ack.safeParse(raw);
      if (ack.success) onAck(ack.data.ackSeq);
      else this.options.log?.(`console ${this.socket.id}: malformed acknowledgement of ${event} ignored`);
      const waiter = this.slotWaiter;
      this.slotWaiter = null;
      waiter?.();
      this.pump();
    });
  }

  /** Breaks the connection; the client resumes on reconnection (§3.2). */
  private abort(reason: string): void {
    if (this.phase === 'closed') return;
    this.options.log?.(`console ${this.socket.id}: disconnecting, ${reason}`);
    this.dispose();
    this.socket.disconnect(true);
  }
}
