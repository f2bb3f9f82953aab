// Issue 8, storage faults: a damaged cache is found at open with a message that names the way back; online
// backups are consistent and rotated; `superbrain restore` puts one back and moves the damaged file aside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, openSync, readdirSync, statSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { applyEventBatch } from '../../../src-main/store/apply.ts';
import { backupStore, listBackups, quickCheckFile, restoreBackup, scheduleBackups } from '../../../src-main/store/backup.ts';
import { DamagedCacheError, openStore } from '../../../src-main/store/store.ts';
import { main } from '../../../src-main/cli.ts';
import { count, envelope, incident, STREET, tempStore } from './fixtures.ts';

function fill(store: ReturnType<typeof openStore>, from: number, n: number): void {
  applyEventBatch(store, STREET, 'e-1', Array.from({ length: n }, (_, i) => envelope(from + i, 'incident.upsert', incident(`370102012-20261123-${String(from + i).padStart(4, '0')}`, { description: 'x'.repeat(2000) }))));
}

/** Overwrites the second half of the file with garbage, as a failing disk or a stray write would. */
function damage(file: string): void {
  const size = statSync(file).size;
  const fd = openSync(file, 'r+');
  const junk = Buffer.alloc(size - Math.floor(size / 2), 0xa5);
  writeSync(fd, junk, 0, junk.length, Math.floor(size / 2));
  closeSync(fd);
}

test('a damaged cache is refused at open with the restore command of the newest backup', async () => {
  const s = tempStore();
  try {
    fill(s.store, 1, 200);
    const backup = await backupStore(s.store);
    fill(s.store, 201, 50);
    s.store.close();
    damage(s.file);
    assert.throws(() => openStore(s.file), (err: Error) => {
      assert.ok(err instanceof DamagedCacheError, String(err));
      assert.match(err.message, /is damaged/);
      assert.ok(err.message.includes(`superbrain restore --data-dir ${s.dir} --from ${backup}`), err.message);
      return true;
    });
    assert.ok(quickCheckFile(s.file).length > 0, 'quick_check of the file names problems');
    // The way back: restore through the CLI, then the cache opens with the backup's 200 incidents.
    const code = await main(['restore', '--data-dir', s.dir, '--from', backup]);
    assert.equal(code, 0);
    s.store = openStore(s.file);
    assert.equal(count(s.store, 'incidents'), 200);
    assert.equal((s.store.db.prepare('SELECT last_ack_seq FROM links').get() as { last_ack_seq: number }).last_ack_seq, 200);
    assert.ok(readdirSync(s.dir).some((n) => n.startsWith('console.db.replaced-')), 'the damaged file is moved aside, not deleted');
  } finally {
    s.cleanup();
  }
});

test('without a backup the message says to move the file aside (the cache is rebuilt from the sub-centres)', () => {
  const s = tempStore();
  try {
    fill(s.store, 1, 200);
    s.store.close();
    damage(s.file);
    assert.throws(() => openStore(s.file), /no backup exists .* move .* aside/);
    s.store = openStore(path.join(s.dir, 'other.db'));
  } finally {
    s.cleanup();
  }
});

test('online backups are consistent while the feed writes, and only the newest `keep` are kept', async () => {
  const s = tempStore();
  try {
    fill(s.store, 1, 50);
    const made: string[] = [];
    let t = Date.parse('2026-11-23T00:00:00Z');
    for (let i = 0; i < 7; i++) {
      const p = backupStore(s.store, { keep: 3, now: () => new Date((t += 1000)) });
      fill(s.store, 51 + i * 10, 10); // writes while the backup runs
      made.push(await p);
    }
    const kept = listBackups(s.file);
    assert.deepEqual(kept, made.slice(-3).reverse());
    for (const b of kept) assert.deepEqual(quickCheckFile(b), []);
    assert.ok(!readdirSync(path.dirname(kept[0]!)).some((n) => n.endsWith('.partial')));
  } finally {
    s.cleanup();
  }
});

test('the backup schedule runs in the background and reports, and stops when disposed', async () => {
  const s = tempStore();
  try {
    fill(s.store, 1, 10);
    const files: string[] = [];
    const schedule = scheduleBackups(s.store, { firstAfterMs: 0, intervalMs: 1000, keep: 2, onBackup: (f) => files.push(f), onError: (e) => assert.fail(String(e)) });
    const deadline = Date.now() + 10_000;
    while (files.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    schedule.dispose();
    assert.ok(files.length >= 1);
    assert.ok(existsSync(files[0]!));
  } finally {
    s.cleanup();
  }
});

test('restore refuses a backup that is itself damaged, and leaves the cache where it was', async () => {
  const s = tempStore();
  try {
    fill(s.store, 1, 200);
    const backup = await backupStore(s.store);
    damage(backup);
    s.store.close();
    assert.throws(() => restoreBackup(s.file, backup), /cannot be restored/);
    s.store = openStore(s.file);
    assert.equal(count(s.store, 'incidents'), 200);
  } finally {
    s.cleanup();
  }
});
