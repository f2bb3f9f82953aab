// Issue 8, power loss. With journal_mode=WAL and synchronous=FULL, SQLite fsyncs the WAL at every commit
// before the commit returns, and the feed acknowledges only after that return (SFP/1 §6.1). So what a
// power cut can take away is only what was written AFTER the acknowledged commit: frames of a later
// transaction that sat in the page cache, possibly torn mid-frame. This test simulates exactly that on
// copies of the files: the main file and the WAL as they were when batch A was acknowledged (the synced
// part), plus any prefix of the frames of the next, unacknowledged batch B (the unsynced part, cut at a
// random byte). Every such disk image must open with A complete, its seqs contiguous, no corruption;
// B is there whole or not at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { applyEventBatch } from '../../../src-main/store/apply.ts';
import { durabilitySettings } from '../../../src-main/store/store.ts';
import { envelope, incident, STREET, tempStore } from './fixtures.ts';

const batch = (from: number, n: number) => Array.from({ length: n }, (_, i) => envelope(from + i, 'incident.upsert', incident(`370102012-20261123-${String(from + i).padStart(4, '0')}`, { description: 'p'.repeat(500) })));

test('an acknowledged batch survives a power cut that loses or tears every later, unsynced write', () => {
  const s = tempStore();
  try {
    assert.deepEqual([durabilitySettings(s.store).journalMode, durabilitySettings(s.store).synchronous], ['wal', 'FULL'], 'the settings the reasoning above rests on');
    // No automatic checkpoint, so that the main file does not change under the simulation.
    s.store.db.pragma('wal_autocheckpoint = 0');
    applyEventBatch(s.store, STREET, 'e-1', batch(1, 20));
    const a = applyEventBatch(s.store, STREET, 'e-1', batch(21, 20)); // batch A: acknowledged after this returns
    assert.equal(a.ackSeq, 40);
    const wal = `${s.file}-wal`;
    const syncedMain = readFileSync(s.file);
    const syncedWalLength = statSync(wal).size; // everything up to A's commit frame has been fsynced
    applyEventBatch(s.store, STREET, 'e-1', batch(41, 30)); // batch B: in flight when the power goes
    const walAfterB = readFileSync(wal);
    assert.ok(walAfterB.length > syncedWalLength);

    const image = path.join(s.dir, 'after-power-cut.db');
    let sawWithoutB = 0;
    let sawWithB = 0;
    fc.assert(
      fc.property(fc.integer({ min: syncedWalLength, max: walAfterB.length }), fc.boolean(), (cut, garbleTail) => {
        for (const ext of ['', '-wal', '-shm']) rmSync(image + ext, { force: true });
        writeFileSync(image, syncedMain);
        const tail = Buffer.from(walAfterB.subarray(0, cut));
        // A torn sector: the last bytes written are garbage rather than missing.
        if (garbleTail && cut > syncedWalLength + 16) tail.fill(0x5a, cut - 16, cut);
        writeFileSync(`${image}-wal`, tail);
        const db = new Database(image); // recovery: SQLite keeps WAL frames up to the last valid commit
        try {
          assert.equal(db.pragma('quick_check', { simple: true }), 'ok');
          const ack = db.prepare('SELECT last_ack_seq FROM links WHERE subcentre_id = ?').pluck().get(STREET) as number;
          const seqs = db.prepare('SELECT seq FROM event_log ORDER BY seq').pluck().all() as number[];
          assert.ok(ack === 40 || ack === 70, `after the cut the cache holds up to ${ack}`);
          assert.deepEqual(seqs, Array.from({ length: ack }, (_, i) => i + 1), 'contiguous, up to what the link says');
          assert.equal(db.prepare('SELECT count(*) FROM incidents').pluck().get(), ack);
          if (ack === 40) sawWithoutB++;
          else sawWithB++;
        } finally {
          db.close();
        }
      }),
      { numRuns: 60, examples: [[syncedWalLength, false], [walAfterB.length, false], [walAfterB.length, true]] },
    );
    assert.ok(sawWithoutB > 0 && sawWithB > 0, `both outcomes seen (${sawWithoutB} without B, ${sawWithB} with B)`);
  } finally {
    s.cleanup();
  }
});
