import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { durabilitySettings, openStore, StoreError } from '../../../src-main/store/store.ts';
import { SCHEMA_VERSION } from '../../../src-main/store/schema.ts';
import { applyEventBatch } from '../../../src-main/store/apply.ts';
import { batch, incident, STREET, tempDir, tempStore, count } from './fixtures.ts';

test('a fresh file gets the whole schema, and reopening keeps the data without migrating again', () => {
  const t = tempStore();
  try {
    const tables = (t.store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as Array<{ name: string }>).map((r) => r.name);
    for (const name of ['alerts', 'audit', 'cameras', 'event_log', 'grids', 'incidents', 'indicator_reports', 'links', 'meta', 'orgs', 'outbox', 'rejected', 'stations', 'tombstones']) {
      assert.ok(tables.includes(name), `table ${name} exists`);
    }
    assert.equal(durabilitySettings(t.store).schemaVersion, SCHEMA_VERSION);
    applyEventBatch(t.store, STREET, 'e1', batch(1, [['incident.upsert', incident('i-1')]]));
    const store = t.reopen();
    assert.equal(durabilitySettings(store).schemaVersion, SCHEMA_VERSION);
    assert.equal(count(store, 'incidents'), 1);
    assert.equal(store.version(), 1);
  } finally {
    t.cleanup();
  }
});

test('the durability pragmas in force are WAL, synchronous FULL, foreign keys on and a busy timeout', () => {
  const t = tempStore();
  try {
    const s = durabilitySettings(t.store);
    assert.equal(s.journalMode, 'wal');
    assert.equal(s.synchronous, 'FULL');
    assert.equal(s.foreignKeys, true);
    assert.ok(s.busyTimeoutMs > 0);
  } finally {
    t.cleanup();
  }
});

test('opening a cache written by a newer schema version is a clear error', () => {
  const d = tempDir();
  try {
    const file = path.join(d.dir, 'console.db');
    openStore(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    assert.throws(() => openStore(file), (err: Error) => err instanceof StoreError && /newer version/.test(err.message) && err.message.includes(String(SCHEMA_VERSION + 1)));
  } finally {
    d.cleanup();
  }
});

test('a file that is not a Superbrain cache is refused, not migrated', () => {
  const d = tempDir();
  try {
    const foreign = path.join(d.dir, 'other.db');
    const raw = new Database(foreign);
    raw.exec('CREATE TABLE t (x)');
    raw.close();
    assert.throws(() => openStore(foreign), /not a Superbrain cache/);
    const garbage = path.join(d.dir, 'garbage.db');
    writeFileSync(garbage, 'this is not sqlite at all, just text that is long enough to look like a header..........');
    assert.throws(() => openStore(garbage), StoreError);
  } finally {
    d.cleanup();
  }
});

test('a read-only store reads the data and refuses writes', () => {
  const t = tempStore();
  try {
    applyEventBatch(t.store, STREET, 'e1', batch(1, [['incident.upsert', incident('i-1')]]));
    const ro = openStore(t.file, { readonly: true });
    try {
      assert.equal(count(ro, 'incidents'), 1);
      assert.throws(() => applyEventBatch(ro, STREET, 'e1', batch(2, [['incident.upsert', incident('i-2')]])), /read-only/);
    } finally {
      ro.close();
    }
    assert.throws(() => openStore(path.join(t.dir, 'missing.db'), { readonly: true }), /cannot open the cache/);
  } finally {
    t.cleanup();
  }
});

test('a listener that throws does not break the commit nor the other listeners', () => {
  const errors: unknown[] = [];
  const d = tempDir();
  const store = openStore(path.join(d.dir, 'c.db'), { onListenerError: (e) => errors.push(e) });
  try {
    const heard: number[] = [];
    store.onDidCommit(() => {
      throw new Error('boom');
    });
    const sub = store.onDidCommit((c) => heard.push(c.version));
    const r = applyEventBatch(store, STREET, 'e1', batch(1, [['incident.upsert', incident('i-1')]]));
    assert.equal(r.ackSeq, 1);
    assert.deepEqual(heard, [1]);
    assert.equal(errors.length, 1);
    sub.dispose();
    applyEventBatch(store, STREET, 'e1', batch(2, [['incident.upsert', incident('i-2')]]));
    assert.deepEqual(heard, [1]);
  } finally {
    store.close();
    d.cleanup();
  }
});
