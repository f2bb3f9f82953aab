// The data plane's promises with the real parts: the 13 demo sub-centres on loopback, the console's data
// plane (`superbrain headless`) as a real process killed with SIGKILL in the middle of a burst, and the
// cache file checked after each crash (SFP/1 §6: nothing acknowledged lost, no gap, no duplicate effect,
// cheap resume).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startDemoDistrict, type DemoDistrictHandle } from '../../../src-main/demo/district-runner.ts';
import { startSubcentreServer } from '../../../src-main/subcentre/server.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startHeadless(configFile: string, dataDir: string): ChildProcess {
  return spawn(process.execPath, [path.join(root, 'bin/superbrain.mjs'), 'headless', '--config', configFile, '--data-dir', dataDir], { stdio: ['ignore', 'ignore', 'pipe'] });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

type LinkRow = { subcentre_id: string; epoch: string; last_ack_seq: number };

/** Opens the console's cache the way a restart would (WAL recovery included) and reads it. */
function readCache(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const links = db.prepare('SELECT subcentre_id, epoch, last_ack_seq FROM links WHERE epoch IS NOT NULL').all() as LinkRow[];
    const perLink = links.map((l) => {
      const seqs = (db.prepare('SELECT seq FROM event_log WHERE subcentre_id = ? AND epoch = ? UNION ALL SELECT seq FROM rejected WHERE subcentre_id = ? AND epoch = ? AND seq IS NOT NULL ORDER BY seq').pluck().all(l.subcentre_id, l.epoch, l.subcentre_id, l.epoch) as number[]);
      const snapshots = db.prepare(`SELECT detail FROM audit WHERE action = 'snapshot.applied' AND subject = ?`).pluck().all(l.subcentre_id) as string[];
      return { ...l, seqs, snapshots: snapshots.map((d) => JSON.parse(d) as { epoch: string; seq: number }) };
    });
    const dupes = db.prepare('SELECT count(*) FROM (SELECT envelope_id FROM event_log GROUP BY envelope_id HAVING count(*) > 1)').pluck().get() as number;
    return { perLink, dupes };
  } finally {
    db.close();
  }
}

/** Every link: the seqs held after the snapshot's seq run without a gap up to last_ack_seq, and nothing beyond it. */
function assertContiguous(cache: ReturnType<typeof readCache>, label: string): void {
  assert.equal(cache.dupes, 0, `${label}: an envelope id is stored twice`);
  for (const l of cache.perLink) {
    const snap = l.snapshots.filter((s) => s.epoch === l.epoch).at(-1);
    const from = (snap?.seq ?? 0) + 1;
    const held = l.seqs.filter((s) => s >= from);
    assert.equal(new Set(held).size, held.length, `${label}: ${l.subcentre_id} holds a seq twice`);
    assert.deepEqual(held, Array.from({ length: l.last_ack_seq - from + 1 }, (_, i) => from + i), `${label}: ${l.subcentre_id} seqs ${from}..${l.last_ack_seq} not contiguous`);
  }
}

function serverEvents(dbFile: string, upTo: number): Array<{ seq: number; id: string }> {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare('SELECT seq, id FROM events WHERE seq <= ? ORDER BY seq').all(upTo) as Array<{ seq: number; id: string }>;
  } finally {
    db.close();
  }
}

test('the console survives SIGKILL mid-burst: nothing acknowledged lost, nothing applied twice, resume without a snapshot', { timeout: 240_000 }, async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-crash-'));
  let demo: DemoDistrictHandle | undefined;
  let child: ChildProcess | undefined;
  t.after(async () => {
    child?.kill('SIGKILL');
    await demo?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  // A burst: the demo at 300× with a tenfold incident rate — hundreds of events a second over 13 links.
  demo = await startDemoDistrict({ dataDir: path.join(dir, 'demo'), basePort: 0, speed: 300, backfillHours: 1, burst: { startInMinutes: 0, durationMinutes: 24 * 60, factor: 10 }, statusIntervalMs: 1000 });
  const config = path.join(dir, 'console.json');
  writeFileSync(config, JSON.stringify({ consoleId: 'crash-test', subcentres: demo.endpoints }));
  const dataDir = path.join(dir, 'console');
  const cacheFile = path.join(dataDir, 'console.db');

  let before = 0;
  for (let round = 1; round <= 4; round++) {
    child = startHeadless(config, dataDir);
    // Let it ingest, then kill it at a random moment of the stream.
    const deadline = Date.now() + 60_000;
    for (;;) {
      await sleep(200);
      let total = 0;
      let linked = 0;
      try {
        const links = readCache(cacheFile).perLink;
        total = links.reduce((n, l) => n + l.last_ack_seq, 0);
        linked = links.length;
      } catch { /* not created yet */ }
      if (linked === 13 && total > before + 200) break;
      assert.ok(Date.now() < deadline, `round ${round}: the console ingested nothing new in 60 s`);
    }
    await sleep(100 + Math.floor(Math.random() * 900));
    child.kill('SIGKILL');
    await exited(child);
    const cache = readCache(cacheFile);
    assert.equal(cache.perLink.length, 13, 'all 13 links hold a position');
    assertContiguous(cache, `after kill ${round}`);
    // Resume, not a new snapshot: one snapshot per sub-centre in all (the very first connection).
    for (const l of cache.perLink) assert.equal(l.snapshots.length, 1, `${l.subcentre_id} got ${l.snapshots.length} snapshots`);
    // Nothing acknowledged is lost: every seq a server heard acknowledged is in the cache after the crash.
    for (const l of cache.perLink) {
      const acked = demo.server(l.subcentre_id)!.acknowledgedBy('crash-test');
      assert.ok(acked <= l.last_ack_seq, `${l.subcentre_id}: the server heard ack ${acked}, the cache holds only up to ${l.last_ack_seq}`);
    }
    before = cache.perLink.reduce((n, l) => n + l.last_ack_seq, 0);
  }

  // A last run catches up; what the console holds is exactly what each server logged.
  child = startHeadless(config, dataDir);
  const heads = new Map(demo.endpoints.map((e) => [e.id, demo!.server(e.id)!.publisher.headSeq()]));
  const deadline = Date.now() + 60_000;
  for (;;) {
    await sleep(250);
    const cache = readCache(cacheFile);
    if (cache.perLink.every((l) => l.last_ack_seq >= heads.get(l.subcentre_id)!)) break;
    assert.ok(Date.now() < deadline, 'the console did not catch up within 60 s');
  }
  child.kill('SIGTERM');
  await exited(child);
  const cache = readCache(cacheFile);
  assertContiguous(cache, 'final');
  const db = new Database(cacheFile, { readonly: true });
  for (const l of cache.perLink) {
    const snapSeq = l.snapshots[0]!.seq;
    const held = db.prepare('SELECT seq, envelope_id AS id FROM event_log WHERE subcentre_id = ? AND epoch = ? AND seq <= ? ORDER BY seq').all(l.subcentre_id, l.epoch, heads.get(l.subcentre_id)!) as Array<{ seq: number; id: string }>;
    const logged = serverEvents(path.join(dir, 'demo', `subcentre-${l.subcentre_id}.db`), heads.get(l.subcentre_id)!).filter((e) => e.seq > snapSeq);
    assert.deepEqual(held, logged, `${l.subcentre_id}: the cache's envelopes differ from the server's log`);
  }
  db.close();
});

test('a sub-centre that restarts with a new epoch is taken in through a snapshot that replaces its state', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-epoch-'));
  const demo = await startDemoDistrict({ dataDir: path.join(dir, 'demo'), basePort: 0, speed: 1, backfillHours: 0.5, statusIntervalMs: 1000 });
  const config = path.join(dir, 'console.json');
  writeFileSync(config, JSON.stringify({ consoleId: 'epoch-test', subcentres: demo.endpoints }));
  const dataDir = path.join(dir, 'console');
  const cacheFile = path.join(dataDir, 'console.db');
  const child = startHeadless(config, dataDir);
  let replacement: Awaited<ReturnType<typeof startSubcentreServer>> | undefined;
  t.after(async () => {
    child.kill('SIGKILL');
    await replacement?.close();
    await demo.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const street = demo.endpoints[11]!; // 龙洞街道
  const oldEpoch = demo.server(street.id)!.publisher.epoch;
  const waitFor = async (what: string, ok: () => boolean) => {
    const deadline = Date.now() + 60_000;
    while (!ok()) {
      assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
      await sleep(200);
    }
  };
  const incidentsOf = () => {
    const db = new Database(cacheFile, { readonly: true });
    try {
      return db.prepare('SELECT incident_id FROM incidents WHERE subcentre_id = ? ORDER BY incident_id').pluck().all(street.id) as string[];
    } finally {
      db.close();
    }
  };
  await waitFor('the first incidents of the street', () => { try { return incidentsOf().length > 0; } catch { return false; } });

  // The street rebuilds its log from scratch: same port, same file, a new epoch, one incident only.
  const one = demo.server(street.id)!.publisher.listEntities('incident')[0]!;
  await demo.stopOne(street.id);
  const port = Number(new URL(street.url).port);
  replacement = await startSubcentreServer({ subcentre: { id: street.id, name: street.name ?? street.id, districtId: '370102' }, dbFile: path.join(dir, 'demo', `subcentre-${street.id}.db`), port, tokens: [street.token], resetEpoch: true, statusIntervalMs: 1000 });
  assert.notEqual(replacement.publisher.epoch, oldEpoch);
  replacement.publisher.publish('incident.upsert', { ...one, incidentId: `${street.id}-20261123-9001`, rev: 1 });

  await waitFor('the snapshot of the new epoch', () => incidentsOf().join() === `${street.id}-20261123-9001`);
  const db = new Database(cacheFile, { readonly: true });
  const link = db.prepare('SELECT epoch FROM links WHERE subcentre_id = ?').get(street.id) as { epoch: string };
  db.close();
  assert.equal(link.epoch, replacement.publisher.epoch);
});
