// Ingest benchmarks (issue 2):
//  1. sustained ingest rate through 13 loopback sub-centres into the cache, next to the raw
//     better-sqlite3 batched-insert rate of the same rows on the same machine in the same run;
//  2. p50/p99 time from a server recording an event to the console committing it, at 1,000 events/s.
// The sub-centre servers run in a child process so that the console under measurement has its own core.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import Database from 'better-sqlite3';
import { openStore, type Store } from '../src-main/store/index.ts';
import { TABLE_BY_EVENT_TYPE } from '../src-main/store/entities.ts';
import { FeedManager } from '../src-main/feed/index.ts';

type Endpoint = { id: string; url: string; epoch: string; head: number };

function startChild(prefill: number): Promise<{ child: ChildProcess; endpoints: Endpoint[]; dir: string; next: () => Promise<Record<string, unknown>> }> {
  const child = spawn(process.execPath, [...(process.env.BENCH_CHILD_NODE_ARGS?.split(' ') ?? []), '--import', 'tsx', path.join(import.meta.dirname, 'subcentres-child.ts'), String(prefill)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const rl = readline.createInterface({ input: child.stdout! });
  const queue: Array<Record<string, unknown>> = [];
  const waiters: Array<(m: Record<string, unknown>) => void> = [];
  rl.on('line', (line) => {
    let msg: Record<string, unknown>;
    try { msg = JSON.parse(line); } catch { return; }
    const w = waiters.shift();
    if (w) w(msg); else queue.push(msg);
  });
  const next = () => new Promise<Record<string, unknown>>((resolve) => { const m = queue.shift(); if (m) resolve(m); else waiters.push(resolve); });
  return next().then((ready) => ({ child, endpoints: ready.endpoints as Endpoint[], dir: ready.dir as string, next }));
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => { child.once('exit', () => resolve()); child.stdin!.write('{"cmd":"quit"}\n'); });
}

function startFeed(store: Store, endpoints: Endpoint[]): FeedManager {
  const feed = new FeedManager({ store, consoleId: 'bench', endpoints: endpoints.map((e) => ({ id: e.id, url: e.url, token: 'bench', enabled: true })) });
  feed.start();
  return feed;
}

export interface IngestResult { events: number; feedSeconds: number; feedRate: number; rawSeconds: number; rawRate: number; ratio: number; sameSeconds: number; sameRate: number; sameRatio: number }

export async function benchIngest(perSubcentre: number): Promise<IngestResult> {
  const { child, endpoints, dir: subDir } = await startChild(perSubcentre);
  const total = endpoints.reduce((n, e) => n + e.head, 0);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-bench-console-'));
  const store = openStore(path.join(dir, 'console.db'));
  // Resume from seq 0 in each server's epoch, so the whole log streams as event batches (not a snapshot).
  const seed = store.db.prepare(`INSERT INTO links (subcentre_id, epoch, last_ack_seq, state, head_seq, updated_at) VALUES (?, ?, 0, 'down', 0, ?)`);
  for (const e of endpoints) seed.run(e.id, e.epoch, Date.now());
  const t0 = performance.now();
  const feed = startFeed(store, endpoints);
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const links = feed.links();
      if (links.every((l) => l.lastAckSeq >= endpoints.find((e) => e.id === l.subcentreId)!.head)) { clearInterval(timer); resolve(); }
    }, 20);
  });
  const feedSeconds = (performance.now() - t0) / 1000;
  await feed.stop();
  const held = (store.db.prepare('SELECT count(*) AS n FROM event_log').get() as { n: number }).n;
  store.close();
  if (held !== total) throw new Error(`cache holds ${held} events, servers published ${total}`);

  // The raw baseline: the same envelopes, read back from the servers' logs, inserted with plain prepared
  // statements in transactions of 500 (the SFP/1 batch size) into an event log + a current-state table,
  // with the same durability settings (WAL, synchronous=FULL).
  const rows: Array<{ sub: string; epoch: string; seq: number; id: string; type: string; at: string; body: string }> = [];
  for (const e of endpoints) {
    const src = new Database(path.join(subDir, `${e.id}.db`), { readonly: true });
    for (const r of src.prepare('SELECT seq, id, type, at, body FROM events ORDER BY seq').iterate() as Iterable<{ seq: number; id: string; type: string; at: string; body: string }>) rows.push({ sub: e.id, epoch: e.epoch, ...r });
    src.close();
  }
  await stopChild(child);
  const raw = new Database(path.join(dir, 'raw.db'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.exec(`CREATE TABLE event_log (id INTEGER PRIMARY KEY, subcentre_id TEXT, epoch TEXT, seq INTEGER, envelope_id TEXT, type TEXT, at INTEGER, raw TEXT, UNIQUE (subcentre_id, epoch, seq));
            CREATE TABLE incidents (incident_id TEXT PRIMARY KEY, subcentre_id TEXT, rev INTEGER, severity TEXT, status TEXT, lon REAL, lat REAL, reported_at INTEGER, raw TEXT);`);
  const insLog = raw.prepare('INSERT INTO event_log (subcentre_id, epoch, seq, envelope_id, type, at, raw) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insInc = raw.prepare('INSERT OR REPLACE INTO incidents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertBatch = raw.transaction((batch: typeof rows) => {
    for (const r of batch) {
      const envelope = `{"seq":${r.seq},"id":"${r.id}","type":"${r.type}","at":"${r.at}","body":${r.body}}`;
      insLog.run(r.sub, r.epoch, r.seq, r.id, r.type, Date.parse(r.at), envelope);
      const b = JSON.parse(r.body) as { incidentId: string; rev: number; severity: string; status: string; location: { lon: number; lat: number }; reportedAt: string };
      insInc.run(b.incidentId, r.sub, b.rev, b.severity, b.status, b.location.lon, b.location.lat, Date.parse(b.reportedAt), r.body);
    }
  });
  const t1 = performance.now();
  for (let i = 0; i < rows.length; i += 500) insertBatch(rows.slice(i, i + 500));
  const rawSeconds = (performance.now() - t1) / 1000;
  raw.close();

  // The same rows, raw, into the cache's own schema (its tables and the indexes the wall and briefing
  // need): plain prepared statements, no validation, no rev guard, 500 rows per transaction.
  const same = openStore(path.join(dir, 'same-schema.db'));
  const table = TABLE_BY_EVENT_TYPE['incident.upsert']!;
  const sLog = same.db.prepare('INSERT INTO event_log (subcentre_id, epoch, seq, envelope_id, type, at, entity_id, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const sInc = same.db.prepare(table.upsertSql);
  let lv = 0;
  const sameBatch = same.db.transaction((batch: typeof rows) => {
    for (const r of batch) {
      const body = JSON.parse(r.body) as Record<string, unknown>;
      sLog.run(r.sub, r.epoch, r.seq, r.id, r.type, Date.parse(r.at), body.incidentId, `{"seq":${r.seq},"id":"${r.id}","type":"${r.type}","at":"${r.at}","body":${r.body}}`);
      sInc.run(table.params(body, r.sub, ++lv));
    }
  });
  const t2 = performance.now();
  for (let i = 0; i < rows.length; i += 500) sameBatch(rows.slice(i, i + 500));
  const sameSeconds = (performance.now() - t2) / 1000;
  same.close();
  rmSync(dir, { recursive: true, force: true });
  const feedRate = total / feedSeconds;
  return { events: total, feedSeconds, feedRate, rawSeconds, rawRate: rows.length / rawSeconds, ratio: feedRate / (rows.length / rawSeconds), sameSeconds, sameRate: rows.length / sameSeconds, sameRatio: feedRate / (rows.length / sameSeconds) };
}

export interface LatencyResult { rate: number; seconds: number; events: number; p50: number; p99: number; max: number }

export async function benchLatency(perSecond: number, seconds: number): Promise<LatencyResult> {
  const { child, endpoints, next } = await startChild(0);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-bench-lat-'));
  const store = openStore(path.join(dir, 'console.db'));
  const feed = startFeed(store, endpoints);
  await new Promise<void>((resolve) => { const t = setInterval(() => { if (feed.links().every((l) => l.state === 'connected' && l.epoch)) { clearInterval(t); resolve(); } }, 20); });
  const latencies: number[] = [];
  const atOf = store.db.prepare('SELECT at FROM event_log WHERE id = ?').pluck();
  const sub = store.onDidCommit((c) => {
    const now = Date.now();
    for (const id of c.activityIds) latencies.push(now - (atOf.get(id) as number));
  });
  child.stdin!.write(JSON.stringify({ cmd: 'rate', perSecond, seconds }) + '\n');
  const done = await next();
  const heads = done.heads as Array<{ id: string; head: number }>;
  await new Promise<void>((resolve) => { const t = setInterval(() => { if (feed.links().every((l) => l.lastAckSeq >= heads.find((h) => h.id === l.subcentreId)!.head)) { clearInterval(t); resolve(); } }, 20); });
  sub.dispose();
  await feed.stop();
  store.close();
  await stopChild(child);
  rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { rate: perSecond, seconds, events: latencies.length, p50: q(0.5), p99: q(0.99), max: latencies[latencies.length - 1]! };
}
