// Storage faults of the console's cache, repeated: a full disk under a live link (SQLite's max_page_count,
// or a real 2 MiB tmpfs when this runs as root and may mount one), a power cut that loses the unsynced
// tail of the WAL at a random byte, and a damaged file found at open and restored from an online backup.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { Server } from 'socket.io';
import { StreetSubcentreLink } from '../src-main/feed/subcentre-link.ts';
import { applyEventBatch } from '../src-main/store/apply.ts';
import { backupStore, restoreBackup } from '../src-main/store/backup.ts';
import { DamagedCacheError, openStore, type Store } from '../src-main/store/store.ts';
import { sleep, waitFor, type FaultResult, type ScenarioOptions } from './lib.ts';

const STREET = '370102012';
const AT = '2026-11-23T08:00:00.000+08:00';

function incidentEnvelope(seq: number, pad = 3000): Record<string, unknown> {
  return {
    seq,
    id: randomUUID(),
    type: 'incident.upsert',
    at: AT,
    body: { incidentId: `${STREET}-20261123-${String(seq).padStart(4, '0')}`, rev: 1, category: { major: '街面秩序', minor: '0201', name: '占道经营' }, title: `占道经营 ${seq}`, description: '满'.repeat(pad), source: 'grid-worker', severity: 'yellow', level: 'grid', status: 'reported', location: { lon: 117.05, lat: 36.67 }, reportedAt: AT, updatedAt: AT, history: [] },
  };
}

/** A minimal SFP/1 server that replays `events` from the console's resume point and records its acks. */
async function replayServer(events: Array<Record<string, unknown>>) {
  const http = createServer();
  const io = new Server(http, { transports: ['websocket'] });
  const acks: number[] = [];
  io.of('/sfp1').on('connection', (socket) => {
    const auth = socket.handshake.auth as { resume?: { epoch: string; lastSeq: number } | null };
    socket.emit('hello', { protocol: 'sfp/1', subcentre: { id: STREET, name: '龙洞街道', districtId: '370102' }, epoch: 'e-1', headSeq: events.length, retainedFromSeq: 1, serverTime: AT });
    const from = auth.resume?.epoch === 'e-1' ? auth.resume.lastSeq : 0;
    for (let i = from; i < events.length; i += 10) socket.emit('events', { epoch: 'e-1', events: events.slice(i, i + 10) }, (ack: { ackSeq: number }) => acks.push(ack.ackSeq));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, acks, close: () => new Promise<void>((r) => void io.close(() => r())) };
}

const heldSeq = (store: Store): number => (store.db.prepare('SELECT last_ack_seq FROM links WHERE subcentre_id = ?').pluck().get(STREET) as number | undefined) ?? 0;

/** Fills the disk under a live link; counts acks beyond what is durable (lost on a crash) and a failed catch-up. */
async function fullDiskOnce(dir: string, realDisk: boolean): Promise<{ lost: number; duplicated: number }> {
  const events = Array.from({ length: realDisk ? 400 : 60 }, (_, i) => incidentEnvelope(i + 1));
  const server = await replayServer(events);
  const store = openStore(path.join(dir, 'console.db'));
  if (!realDisk) store.db.pragma(`max_page_count = ${(store.db.pragma('page_count', { simple: true }) as number) + 12}`);
  let full = false;
  const link = new StreetSubcentreLink({ store, consoleId: 'full', endpoint: { id: STREET, url: server.url, token: 't' }, backoff: { baseMs: 20, maxMs: 200 }, onError: () => {} });
  link.onDidChange((s) => void (s.lastError && /full/i.test(s.lastError) && (full = true)));
  let lost = 0;
  try {
    link.start();
    await waitFor('the disk to fill', () => full, 30_000, 10);
    await sleep(200);
    // Never an ack for what was not written: every ack the server heard is durable in the cache.
    lost += Math.max(0, Math.max(0, ...server.acks) - heldSeq(store));
    const { default: Db } = await import('better-sqlite3');
    const check = new Db(path.join(dir, 'console.db'), { readonly: true });
    lost += Math.max(0, Math.max(0, ...server.acks) - ((check.prepare('SELECT last_ack_seq FROM links').pluck().get() as number | undefined) ?? 0));
    check.close();
  } finally {
    await link.stop();
    store.close();
    await server.close();
  }
  return { lost, duplicated: 0 };
}

/** Power cut: the main file + the WAL up to the acknowledged commit, plus a random (maybe torn) prefix of the next. */
function powerCutOnce(dir: string, cuts: number): { lost: number; duplicated: number; cuts: number } {
  const file = path.join(dir, 'console.db');
  const store = openStore(file);
  store.db.pragma('wal_autocheckpoint = 0');
  applyEventBatch(store, STREET, 'e-1', Array.from({ length: 20 }, (_, i) => incidentEnvelope(i + 1, 500)));
  const acked = applyEventBatch(store, STREET, 'e-1', Array.from({ length: 20 }, (_, i) => incidentEnvelope(21 + i, 500))).ackSeq;
  const main = readFileSync(file);
  const synced = statSync(`${file}-wal`).size;
  applyEventBatch(store, STREET, 'e-1', Array.from({ length: 30 }, (_, i) => incidentEnvelope(41 + i, 500)));
  const wal = readFileSync(`${file}-wal`);
  store.close();
  let lost = 0;
  let duplicated = 0;
  const image = path.join(dir, 'image.db');
  for (let k = 0; k < cuts; k++) {
    for (const ext of ['', '-wal', '-shm']) rmSync(image + ext, { force: true });
    writeFileSync(image, main);
    const cut = synced + Math.floor(Math.random() * (wal.length - synced + 1));
    const tail = Buffer.from(wal.subarray(0, cut));
    if (Math.random() < 0.5 && cut > synced + 16) tail.fill(0x5a, cut - 16, cut);
    writeFileSync(`${image}-wal`, tail);
    const db = new Database(image);
    try {
      if (db.pragma('quick_check', { simple: true }) !== 'ok') lost++;
      const ack = (db.prepare('SELECT last_ack_seq FROM links').pluck().get() as number | undefined) ?? 0;
      const seqs = db.prepare('SELECT seq FROM event_log ORDER BY seq').pluck().all() as number[];
      lost += Math.max(0, acked - ack);
      lost += Math.max(0, ack - new Set(seqs).size);
      duplicated += seqs.length - new Set(seqs).size;
    } finally {
      db.close();
    }
  }
  return { lost, duplicated, cuts };
}

/** A damaged file: refused at open with DamagedCacheError, restored from the online backup, nothing of it lost. */
async function damageAndRestoreOnce(dir: string): Promise<{ lost: number; detected: boolean }> {
  const file = path.join(dir, 'console.db');
  const store = openStore(file);
  applyEventBatch(store, STREET, 'e-1', Array.from({ length: 150 }, (_, i) => incidentEnvelope(i + 1, 1000)));
  const backup = await backupStore(store);
  store.close();
  const size = statSync(file).size;
  const fd = openSync(file, 'r+');
  const junk = Buffer.alloc(4096, Math.floor(Math.random() * 256));
  for (let k = 0; k < 8; k++) writeSync(fd, junk, 0, junk.length, 4096 * (2 + Math.floor(Math.random() * Math.max(1, size / 4096 - 2))));
  closeSync(fd);
  let detected = false;
  try {
    openStore(file).close();
  } catch (err) {
    detected = err instanceof DamagedCacheError && err.message.includes('superbrain restore');
  }
  if (!detected) return { lost: 0, detected };
  restoreBackup(file, backup);
  const again = openStore(file);
  const lost = Math.max(0, 150 - heldSeq(again));
  again.close();
  return { lost, detected };
}

function tryMountTmpfs(dir: string): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `tryTmpfs`: also fill a real 2 MiB tmpfs once (root only; `npm run faults` does, `npm test` does not mount anything). */
export async function storageFaults(options: ScenarioOptions & { tryTmpfs?: boolean }): Promise<FaultResult[]> {
  const base = mkdtempSync(path.join(os.tmpdir(), 'sb-fault-storage-'));
  const results: FaultResult[] = [];
  try {
    // Full disk: a real tmpfs once when possible, then max_page_count.
    let injected = 0;
    let lost = 0;
    const tmpfs = path.join(base, 'tmpfs');
    mkdirSync(tmpfs);
    let real = false;
    if (options.tryTmpfs && tryMountTmpfs(tmpfs)) {
      try {
        const r = await fullDiskOnce(tmpfs, true);
        lost += r.lost;
        injected++;
        real = true;
      } finally {
        execFileSync('umount', [tmpfs], { stdio: 'ignore' });
      }
    }
    const started = Date.now();
    while (injected < options.iterations && Date.now() - started < options.budgetMs) {
      const d = path.join(base, `full-${injected}`);
      mkdirSync(d);
      lost += (await fullDiskOnce(d, false)).lost;
      injected++;
    }
    results.push({ fault: 'disk full under a live link', injected, lost, duplicated: 0, notes: `${real ? 'once on a real 2 MiB tmpfs, then ' : ''}SQLite max_page_count; the commit throws, nothing beyond the durable position is acknowledged, the link retries` });

    mkdirSync(path.join(base, 'power'), { recursive: true });
    const p = powerCutOnce(path.join(base, 'power'), options.iterations * 10);
    results.push({ fault: 'power cut: unsynced WAL tail lost or torn at a random byte', injected: p.cuts, lost: p.lost, duplicated: p.duplicated, notes: 'WAL + synchronous=FULL (asserted at open): every acknowledged batch present, stream contiguous, quick_check ok' });

    let detected = 0;
    let restoredLost = 0;
    for (let i = 0; i < options.iterations; i++) {
      const d = path.join(base, `damage-${i}`);
      mkdirSync(d);
      const r = await damageAndRestoreOnce(d);
      if (r.detected) detected++;
      restoredLost += r.lost;
    }
    results.push({ fault: 'cache file damaged (random pages overwritten)', injected: options.iterations, lost: restoredLost + (options.iterations - detected), duplicated: 0, notes: `${detected} of ${options.iterations} found by quick_check at open with the restore command named; restored from the online backup with nothing of it lost` });
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
  return results;
}
