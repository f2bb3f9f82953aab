// Shared tools of the fault suite: the console's cache read the way a restart reads it, the checks of
// SFP/1 §6 turned into counts (lost, duplicated), child processes of the real CLI, and a TCP proxy on
// loopback that can cut a link or swallow what the console sends (its acknowledgements) before cutting.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';

export const root = path.resolve(import.meta.dirname, '..');
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One row of docs/reliability.md. */
export interface FaultResult {
  fault: string;
  injected: number;
  /** Acknowledged envelopes missing afterwards + gaps + commands without a result. */
  lost: number;
  /** Envelopes or seqs held twice + command effects applied more than once. */
  duplicated: number;
  notes: string;
}

export interface ScenarioOptions {
  /** Upper bound on injections. */
  iterations: number;
  /** Upper bound on the time spent injecting (ms); the scenario stops early when reached. */
  budgetMs: number;
  log?: (line: string) => void;
}

export function spawnCli(args: string[], onOutput?: (text: string) => void): ChildProcess {
  const child = spawn(process.execPath, [path.join(root, 'bin/superbrain.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => onOutput?.(d));
  child.stderr!.on('data', (d: string) => onOutput?.(d));
  return child;
}

export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

export async function killHard(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGCONT');
  child.kill('SIGKILL');
  await exited(child);
}

export async function waitFor(what: string, ok: () => boolean, timeoutMs = 60_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let done = false;
    try {
      done = ok();
    } catch {
      /* not there yet (file not created, table locked) */
    }
    if (done) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export interface LinkCheck {
  subcentreId: string;
  epoch: string;
  lastAckSeq: number;
  /** Seqs missing between the snapshot and last_ack_seq. */
  gaps: number;
  /** Seqs stored more than once. */
  dupSeqs: number;
}

export interface CacheCheck {
  links: LinkCheck[];
  /** Envelope ids stored more than once. */
  dupIds: number;
  totalAcked: number;
}

/** Opens the console's cache read-only (WAL recovery included) and checks every link's log. */
export function checkCache(file: string): CacheCheck {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare('SELECT subcentre_id, epoch, last_ack_seq FROM links WHERE epoch IS NOT NULL').all() as Array<{ subcentre_id: string; epoch: string; last_ack_seq: number }>;
    const seqsOf = db.prepare('SELECT seq FROM event_log WHERE subcentre_id = ? AND epoch = ? UNION ALL SELECT seq FROM rejected WHERE subcentre_id = ? AND epoch = ? AND seq IS NOT NULL ORDER BY seq').pluck();
    const snapOf = db.prepare(`SELECT detail FROM audit WHERE action = 'snapshot.applied' AND subject = ? ORDER BY id DESC`).pluck();
    const links = rows.map((l): LinkCheck => {
      const seqs = seqsOf.all(l.subcentre_id, l.epoch, l.subcentre_id, l.epoch) as number[];
      const snaps = (snapOf.all(l.subcentre_id) as string[]).map((d) => JSON.parse(d) as { epoch: string; seq: number });
      const from = (snaps.find((s) => s.epoch === l.epoch)?.seq ?? 0) + 1;
      const held = seqs.filter((s) => s >= from && s <= l.last_ack_seq);
      const distinct = new Set(held);
      return { subcentreId: l.subcentre_id, epoch: l.epoch, lastAckSeq: l.last_ack_seq, gaps: Math.max(0, l.last_ack_seq - from + 1) - distinct.size, dupSeqs: held.length - distinct.size };
    });
    const dupIds = db.prepare('SELECT count(*) FROM (SELECT envelope_id FROM event_log GROUP BY envelope_id HAVING count(*) > 1)').pluck().get() as number;
    return { links, dupIds, totalAcked: links.reduce((n, l) => n + l.lastAckSeq, 0) };
  } finally {
    db.close();
  }
}

/** The sum of every link's acknowledged position: a cheap progress probe (checkCache reads every seq). */
export function totalAcked(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT coalesce(sum(last_ack_seq), 0) FROM links').pluck().get() as number) ?? 0;
  } finally {
    db.close();
  }
}

/** lost / duplicated from a cache check and what each server heard acknowledged (SFP/1 §6.1–6.3). */
export function countDamage(check: CacheCheck, acknowledgedBy: (subcentreId: string) => number): { lost: number; duplicated: number } {
  let lost = 0;
  let duplicated = check.dupIds;
  for (const l of check.links) {
    lost += l.gaps + Math.max(0, acknowledgedBy(l.subcentreId) - l.lastAckSeq);
    duplicated += l.dupSeqs;
  }
  return { lost, duplicated };
}

/** The server's own log: seqs 1..head without a gap, every envelope id once. */
export function checkServerLog(dbFile: string): { head: number; gaps: number; dupIds: number } {
  const db = new Database(dbFile, { readonly: true });
  try {
    const r = db.prepare('SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi, count(DISTINCT id) AS ids FROM events').get() as { n: number; lo: number | null; hi: number | null; ids: number };
    const head = r.hi ?? 0;
    const span = r.n === 0 ? 0 : head - (r.lo ?? 1) + 1;
    return { head, gaps: span - r.n, dupIds: r.n - r.ids };
  } finally {
    db.close();
  }
}

/** How many history entries of the server's incidents carry this note text (a command's effect). */
export function countNoteEffects(dbFile: string, texts: readonly string[]): Map<string, number> {
  const db = new Database(dbFile, { readonly: true });
  const counts = new Map(texts.map((t) => [t, 0]));
  try {
    for (const body of db.prepare(`SELECT body FROM entities WHERE kind = 'incident'`).pluck().iterate() as IterableIterator<string>) {
      const inc = JSON.parse(body) as { history?: Array<{ note?: string }> };
      for (const h of inc.history ?? []) if (h.note !== undefined && counts.has(h.note)) counts.set(h.note, counts.get(h.note)! + 1);
    }
    return counts;
  } finally {
    db.close();
  }
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** A loopback TCP proxy in front of one sub-centre: the console connects here. */
export class FaultProxy {
  private server: net.Server | null = null;
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket; swallow: boolean }>();
  /** Connections accepted so far. */
  accepted = 0;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(port = 0): Promise<void> {
    this.server = net.createServer((client) => {
      this.accepted++;
      const upstream = net.connect(this.target.port, this.target.host);
      const pair = { client, upstream, swallow: false };
      this.pairs.add(pair);
      client.on('data', (d) => {
        // Swallowing: the console believes it sent (acks, commands); the server never hears them.
        if (!pair.swallow) upstream.write(d);
      });
      upstream.on('data', (d) => client.write(d));
      const end = (): void => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('close', end).on('error', end);
      upstream.on('close', end).on('error', end);
    });
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', () => r()));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get open(): number {
    return this.pairs.size;
  }

  /** Cuts every connection at once, whatever frame is in flight (a link dropped mid-batch). */
  cut(): number {
    const n = this.pairs.size;
    for (const p of [...this.pairs]) {
      p.client.destroy();
      p.upstream.destroy();
    }
    return n;
  }

  /** Stops forwarding the console's bytes (acknowledgements after its commits), then cuts after `ms`. */
  async swallowThenCut(ms: number): Promise<number> {
    for (const p of this.pairs) p.swallow = true;
    await sleep(ms);
    return this.cut();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server = null;
  }
}

export function sampleProcess(): { rssMb: number; heapMb: number; handles: number } {
  const m = process.memoryUsage();
  const resources = (process as unknown as { getActiveResourcesInfo?: () => string[] }).getActiveResourcesInfo?.() ?? [];
  return { rssMb: Math.round(m.rss / 1048576), heapMb: Math.round(m.heapUsed / 1048576), handles: resources.length };
}
