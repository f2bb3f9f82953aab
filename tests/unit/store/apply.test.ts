import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEventBatch, resolveSeqs } from '../../../src-main/store/apply.ts';
import { getResume } from '../../../src-main/store/links.ts';
import { getIncident } from '../../../src-main/store/queries.ts';
import type { StoreCommit } from '../../../src-main/store/store.ts';
import { alert, batch, camera, count, envelope, incident, indicators, OTHER_STREET, STREET, tempStore } from './fixtures.ts';

function dump(store: import('../../../src-main/store/store.ts').Store): unknown {
  return {
    incidents: store.db.prepare('SELECT incident_id, rev, status, lv, raw FROM incidents ORDER BY incident_id').all(),
    alerts: store.db.prepare('SELECT alert_id, rev, lv FROM alerts ORDER BY alert_id').all(),
    log: store.db.prepare('SELECT subcentre_id, epoch, seq, type FROM event_log ORDER BY id').all(),
    links: store.db.prepare('SELECT subcentre_id, epoch, last_ack_seq FROM links').all(),
    version: store.version(),
  };
}

test('applying the same batch twice leaves the store as applying it once and counts duplicates', () => {
  const t = tempStore();
  try {
    const b = batch(1, [
      ['incident.upsert', incident('i-1')],
      ['incident.upsert', incident('i-2')],
      ['alert.upsert', alert('a-1')],
    ]);
    const first = applyEventBatch(t.store, STREET, 'e1', b);
    assert.deepEqual({ ackSeq: first.ackSeq, applied: first.applied, duplicates: first.duplicates, gap: first.gap }, { ackSeq: 3, applied: 3, duplicates: 0, gap: false });
    assert.deepEqual([...first.kinds].sort(), ['alert', 'incident']);
    assert.equal(first.activityIds.length, 3);
    const before = dump(t.store);
    const second = applyEventBatch(t.store, STREET, 'e1', b);
    assert.deepEqual({ ackSeq: second.ackSeq, applied: second.applied, duplicates: second.duplicates, gap: second.gap }, { ackSeq: 3, applied: 0, duplicates: 3, gap: false });
    assert.equal(second.kinds.size, 0);
    assert.deepEqual(dump(t.store), before);
  } finally {
    t.cleanup();
  }
});

test('an overlapping batch applies only the seqs not yet held', () => {
  const t = tempStore();
  try {
    applyEventBatch(t.store, STREET, 'e1', batch(1, [['incident.upsert', incident('i-1')], ['incident.upsert', incident('i-2')]]));
    const r = applyEventBatch(t.store, STREET, 'e1', batch(2, [['incident.upsert', incident('i-2')], ['incident.upsert', incident('i-3')]]));
    assert.deepEqual({ ackSeq: r.ackSeq, applied: r.applied, duplicates: r.duplicates }, { ackSeq: 3, applied: 1, duplicates: 1 });
    assert.equal(count(t.store, 'incidents'), 3);
  } finally {
    t.cleanup();
  }
});

test('the rev guard: an upsert with rev <= the held rev changes nothing but is logged and acknowledged', () => {
  const t = tempStore();
  try {
    applyEventBatch(t.store, STREET, 'e1', batch(1, [['incident.upsert', incident('i-1', { rev: 5, status: 'dispatched' })]]));
    const v = t.store.version();
    const r = applyEventBatch(t.store, STREET, 'e1', batch(2, [
      ['incident.upsert', incident('i-1', { rev: 4, status: 'reported' })],
      ['incident.upsert', incident('i-1', { rev: 5, status: 'closed' })],
    ]));
    assert.deepEqual({ ackSeq: r.ackSeq, applied: r.applied, unchanged: r.unchanged }, { ackSeq: 3, applied: 2, unchanged: 2 });
    assert.equal(getIncident(t.store, 'i-1')?.status, 'dispatched');
    assert.equal(t.store.version(), v);
    assert.equal(count(t.store, 'event_log'), 3);
    const newer = applyEventBatch(t.store, STREET, 'e1', batch(4, [['incident.upsert', incident('i-1', { rev: 6, status: 'handling' })]]));
    assert.equal(newer.unchanged, 0);
    assert.equal(getIncident(t.store, 'i-1')?.status, 'handling');
    assert.equal(getIncident(t.store, 'i-1')?.rev, 6);
  } finally {
    t.cleanup();
  }
});

test('malformed and unknown-type envelopes land in rejected with raw text and reason, and the ack still advances', () => {
  const t = tempStore();
  try {
    const bad = incident('i-2') as unknown as Record<string, unknown>;
    delete bad.title;
    const envelopes = [
      envelope(1, 'incident.upsert', incident('i-1')),
      envelope(2, 'incident.upsert', bad),
      envelope(3, 'weather.report', { rain: true }),
      { seq: 4, nonsense: true },
      'not even an object',
      envelope(6, 'incident.upsert', incident('i-3')),
    ];
    const r = applyEventBatch(t.store, STREET, 'e1', envelopes);
    assert.deepEqual({ ackSeq: r.ackSeq, applied: r.applied, rejected: r.rejected, gap: r.gap }, { ackSeq: 6, applied: 2, rejected: 4, gap: false });
    const rejected = t.store.db.prepare('SELECT seq, raw, reason FROM rejected ORDER BY seq').all() as Array<{ seq: number; raw: string; reason: string }>;
    assert.deepEqual(rejected.map((x) => x.seq), [2, 3, 4, 5]);
    assert.match(rejected[0]!.reason, /title/);
    assert.match(rejected[1]!.reason, /unknown type "weather.report"/);
    assert.match(rejected[1]!.raw, /"rain":true/);
    assert.equal(rejected[3]!.raw, '"not even an object"');
    assert.deepEqual(getResume(t.store, STREET), { epoch: 'e1', lastSeq: 6 });
    // A replay of the bad envelopes is a duplicate, not a second rejection.
    const again = applyEventBatch(t.store, STREET, 'e1', envelopes);
    assert.equal(again.duplicates, 6);
    assert.equal(count(t.store, 'rejected'), 4);
  } finally {
    t.cleanup();
  }
});

test('an unreadable seq is the previous seq + 1, or counted back from the first readable one', () => {
  assert.deepEqual(resolveSeqs([{ seq: 5 }, {}, { seq: 7 }], 1), [5, 6, 7]);
  assert.deepEqual(resolveSeqs([null, 'x', { seq: 9 }], 1), [7, 8, 9]);
  assert.deepEqual(resolveSeqs([null, null], 4), [4, 5]);
  assert.deepEqual(resolveSeqs([{ seq: -1 }, { seq: 2.5 }, { seq: '3' }], 10), [10, 11, 12]);
});

test('a gap stops the batch: nothing after the missing seq is applied and the ack stays before it', () => {
  const t = tempStore();
  try {
    applyEventBatch(t.store, STREET, 'e1', batch(1, [['incident.upsert', incident('i-1')], ['incident.upsert', incident('i-2')]]));
    const skipped = applyEventBatch(t.store, STREET, 'e1', batch(4, [['incident.upsert', incident('i-4')], ['incident.upsert', incident('i-5')]]));
    assert.equal(skipped.gap, true);
    assert.equal(skipped.ackSeq, 2);
    assert.equal(skipped.applied, 0);
    assert.equal(count(t.store, 'incidents'), 2);
    assert.deepEqual(getResume(t.store, STREET), { epoch: 'e1', lastSeq: 2 });
    // Within a batch: 3 is applied, then 5 follows 3, so 5 and 6 are not.
    const holed = applyEventBatch(t.store, STREET, 'e1', [
      envelope(3, 'incident.upsert', incident('i-3')),
      envelope(5, 'incident.upsert', incident('i-5')),
      envelope(6, 'incident.upsert', incident('i-6')),
    ]);
    assert.deepEqual({ gap: holed.gap, ackSeq: holed.ackSeq, applied: holed.applied }, { gap: true, ackSeq: 3, applied: 1 });
    assert.equal(count(t.store, 'incidents'), 3);
  } finally {
    t.cleanup();
  }
});

test('a batch of another epoch than the held one is a gap until its snapshot arrives', () => {
  const t = tempStore();
  try {
    applyEventBatch(t.store, STREET, 'e1', batch(1, [['incident.upsert', incident('i-1')]]));
    const r = applyEventBatch(t.store, STREET, 'e2', batch(1, [['incident.upsert', incident('i-9')]]));
    assert.equal(r.gap, true);
    assert.equal(r.ackSeq, 0);
    assert.equal(count(t.store, 'incidents'), 1);
    // Nothing held at all and a log from seq 1: accepted without a snapshot.
    const fresh = applyEventBatch(t.store, OTHER_STREET, 'x1', batch(1, [['incident.upsert', incident('j-1')]]));
    assert.deepEqual({ gap: fresh.gap, ackSeq: fresh.ackSeq }, { gap: false, ackSeq: 1 });
    const late = applyEventBatch(t.store, '370102002', 'y1', batch(7, [['incident.upsert', incident('k-7')]]));
    assert.equal(late.gap, true);
  } finally {
    t.cleanup();
  }
});

test('entity.delete removes the row and writes a tombstone; deleting the unknown changes nothing', () => {
  const t = tempStore();
  try {
    applyEventBatch(t.store, STREET, 'e1', batch(1, [['camera.upsert', camera('c-1')], ['incident.upsert', incident('i-1')]]));
    const r = applyEventBatch(t.store, STREET, 'e1', batch(3, [
      ['entity.delete', { kind: 'camera', id: 'c-1' }],
      ['entity.delete', { kind: 'incident', id: 'nope' }],
    ]));
    assert.deepEqual({ applied: r.applied, unchanged: r.unchanged, ackSeq: r.ackSeq }, { applied: 2, unchanged: 1, ackSeq: 4 });
    assert.deepEqual([...r.kinds], ['camera']);
    assert.equal(count(t.store, 'cameras'), 0);
    assert.deepEqual(t.store.db.prepare('SELECT kind, id FROM tombstones').all(), [{ kind: 'camera', id: 'c-1' }]);
    // Re-created: the tombstone goes.
    applyEventBatch(t.store, STREET, 'e1', batch(5, [['camera.upsert', camera('c-1', { rev: 2 })]]));
    assert.equal(count(t.store, 'tombstones'), 0);
  } finally {
    t.cleanup();
  }
});

test('a sub-centre cannot overwrite or delete an entity another sub-centre holds', () => {
  const t = tempStore();
  try {
    applyEventBatch(t.store, STREET, 'e1', batch(1, [['incident.upsert', incident('i-1')]]));
    const r = applyEventBatch(t.store, OTHER_STREET, 'x1', batch(1, [
      ['incident.upsert', incident('i-1', { rev: 9, title: 'hijacked' })],
      ['entity.delete', { kind: 'incident', id: 'i-1' }],
    ]));
    assert.deepEqual({ rejected: r.rejected, ackSeq: r.ackSeq }, { rejected: 2, ackSeq: 2 });
    assert.equal(getIncident(t.store, 'i-1')?.title, '占道经营 i-1');
    assert.match((t.store.db.prepare('SELECT reason FROM rejected LIMIT 1').get() as { reason: string }).reason, /belongs to sub-centre 370102012/);
  } finally {
    t.cleanup();
  }
});

test('indicator reports upsert by (orgId, period) with the rev guard', () => {
  const t = tempStore();
  try {
    applyEventBatch(t.store, STREET, 'e1', batch(1, [
      ['indicators.report', indicators('o-1', '2026-10', { values: { meetings: 2 } })],
      ['indicators.report', indicators('o-1', '2026-11', { values: { meetings: 4 } })],
      ['indicators.report', indicators('o-1', '2026-10', { rev: 2, values: { meetings: 3 } })],
      ['indicators.report', indicators('o-1', '2026-10', { rev: 1, values: { meetings: 99 } })],
    ]));
    const rows = t.store.db.prepare('SELECT period, rev, "values" AS v FROM indicator_reports ORDER BY period').all();
    assert.deepEqual(rows, [
      { period: '2026-10', rev: 2, v: '{"meetings":3}' },
      { period: '2026-11', rev: 1, v: '{"meetings":4}' },
    ]);
  } finally {
    t.cleanup();
  }
});

test('unknown fields are kept in the raw copy', () => {
  const t = tempStore();
  try {
    applyEventBatch(t.store, STREET, 'e1', batch(1, [['incident.upsert', { ...incident('i-1'), vendorExtra: { a: 1 } }]]));
    assert.deepEqual(getIncident(t.store, 'i-1')?.raw.vendorExtra, { a: 1 });
  } finally {
    t.cleanup();
  }
});

test('each batch is one commit notification with the new version, kinds and activity ids', () => {
  const t = tempStore();
  try {
    const commits: StoreCommit[] = [];
    t.store.onDidCommit((c) => commits.push(c));
    const r = applyEventBatch(t.store, STREET, 'e1', batch(1, [['incident.upsert', incident('i-1')], ['alert.upsert', alert('a-1')]]));
    assert.equal(commits.length, 1);
    assert.equal(commits[0]!.version, 2);
    assert.equal(commits[0]!.subcentreId, STREET);
    assert.deepEqual([...commits[0]!.kinds].sort(), ['alert', 'incident']);
    assert.deepEqual(commits[0]!.activityIds, r.activityIds);
  } finally {
    t.cleanup();
  }
});

test('bad arguments are clear errors, not crashes', () => {
  const t = tempStore();
  try {
    assert.throws(() => applyEventBatch(t.store, '', 'e1', []), /subcentreId/);
    assert.throws(() => applyEventBatch(t.store, STREET, '', []), /epoch/);
    assert.throws(() => applyEventBatch(t.store, STREET, 'e1', 'x' as unknown as unknown[]), /array/);
  } finally {
    t.cleanup();
  }
});
