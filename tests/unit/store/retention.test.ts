import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEventBatch } from '../../../src-main/store/apply.ts';
import { pruneLogs } from '../../../src-main/store/retention.ts';
import { getReplay } from '../../../src-main/store/replay-queries.ts';
import { count, envelope, incident, STREET, tempStore } from './fixtures.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-23T10:00:00.000+08:00');
const iso = (ms: number) => new Date(ms).toISOString();

test('old log rows are pruned except each entity newest; the replay still starts from the right state', () => {
  const t = tempStore();
  try {
    // i-old: changed three times 300+ days ago and never since (a long-open incident).
    // i-busy: changed 300 days ago and again 10 days ago. i-new: only recently.
    const at = (days: number) => iso(NOW - days * DAY);
    const items: Array<[number, string, unknown]> = [
      [320, 'incident.upsert', incident('i-old', { rev: 1, status: 'reported', reportedAt: at(320), updatedAt: at(320) })],
      [310, 'incident.upsert', incident('i-old', { rev: 2, status: 'accepted', reportedAt: at(320), updatedAt: at(310) })],
      [300, 'incident.upsert', incident('i-old', { rev: 3, status: 'dispatched', reportedAt: at(320), updatedAt: at(300) })],
      [300, 'incident.upsert', incident('i-busy', { rev: 1, reportedAt: at(300), updatedAt: at(300) })],
      [10, 'incident.upsert', incident('i-busy', { rev: 2, status: 'accepted', reportedAt: at(300), updatedAt: at(10) })],
      [5, 'incident.upsert', incident('i-new', { rev: 1, reportedAt: at(5), updatedAt: at(5) })],
    ];
    applyEventBatch(t.store, STREET, 'e1', items.map(([days, type, body], i) => envelope(i + 1, type, body, at(days))), { now: NOW });
    t.store.db.prepare(`INSERT INTO rejected (subcentre_id, epoch, seq, raw, reason, received_at) VALUES (?, 'e1', 99, '{}', 'old', ?), (?, 'e1', 100, '{}', 'new', ?)`).run(STREET, NOW - 400 * DAY, STREET, NOW - DAY);
    assert.equal(count(t.store, 'event_log'), 6);

    const r = pruneLogs(t.store, { now: NOW, retentionDays: 180, batchSize: 1 });
    assert.deepEqual(r, { eventLog: 3, rejected: 1, complete: true });
    const left = t.store.db.prepare(`SELECT entity_id, json_extract(raw, '$.body.rev') AS rev FROM event_log ORDER BY id`).all();
    assert.deepEqual(left, [
      { entity_id: 'i-old', rev: 3 },
      { entity_id: 'i-busy', rev: 2 },
      { entity_id: 'i-new', rev: 1 },
    ]);
    assert.equal(count(t.store, 'rejected'), 1);
    // Current state is untouched, and a replay of the last week starts with all three incidents.
    assert.equal(count(t.store, 'incidents'), 3);
    const replay = getReplay(t.store, { from: NOW - 7 * DAY, to: NOW });
    const ids = JSON.stringify(replay);
    for (const id of ['i-old', 'i-busy', 'i-new']) assert.ok(ids.includes(id), `${id} in the replay`);
    // Pruning again finds nothing.
    assert.deepEqual(pruneLogs(t.store, { now: NOW, retentionDays: 180 }), { eventLog: 0, rejected: 0, complete: true });
  } finally {
    t.cleanup();
  }
});

test('maxBatches bounds one run and says the work is not complete', () => {
  const t = tempStore();
  try {
    const items = Array.from({ length: 30 }, (_, i) => envelope(i + 1, 'incident.upsert', incident('i-1', { rev: i + 1 }), iso(NOW - 400 * DAY + i)));
    applyEventBatch(t.store, STREET, 'e1', items, { now: NOW });
    const first = pruneLogs(t.store, { now: NOW, retentionDays: 30, batchSize: 10, maxBatches: 2 });
    assert.deepEqual(first, { eventLog: 20, rejected: 0, complete: false });
    const second = pruneLogs(t.store, { now: NOW, retentionDays: 30, batchSize: 10, maxBatches: 2 });
    assert.equal(second.eventLog, 9);
    assert.equal(count(t.store, 'event_log'), 1);
  } finally {
    t.cleanup();
  }
});
