import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEventBatch, applySnapshot } from '../../../src-main/store/apply.ts';
import { getResume } from '../../../src-main/store/links.ts';
import { getIncidentColumns, listCameras, listGrids, listIncidents, listIndicators } from '../../../src-main/store/queries.ts';
import { batch, camera, count, grid, incident, indicators, OTHER_STREET, STREET, tempStore } from './fixtures.ts';

test('a snapshot replaces what one sub-centre holds and leaves the other sub-centres alone', () => {
  const t = tempStore();
  try {
    applyEventBatch(t.store, STREET, 'e1', batch(1, [
      ['incident.upsert', incident('i-1')],
      ['incident.upsert', incident('i-2')],
      ['camera.upsert', camera('c-1')],
    ]));
    applyEventBatch(t.store, OTHER_STREET, 'x1', batch(1, [['incident.upsert', incident('j-1')], ['camera.upsert', camera('c-9')]]));
    const before = t.store.version();

    const r = applySnapshot(t.store, STREET, 'e2', 40, {
      incidents: [incident('i-2', { rev: 3, status: 'closed' }), incident('i-3')],
      grids: [grid('g-1')],
      indicators: [indicators('o-1', '2026-11')],
    });
    assert.deepEqual({ ackSeq: r.ackSeq, applied: r.applied, removed: r.removed, rejected: r.rejected }, { ackSeq: 40, applied: 4, removed: 2, rejected: 0 });
    assert.deepEqual([...r.kinds].sort(), ['camera', 'grid', 'incident', 'indicator']);

    assert.deepEqual(listIncidents(t.store, { subcentreId: STREET, orderBy: 'reportedAt' }).map((i) => [i.incidentId, i.rev]).sort(), [['i-2', 3], ['i-3', 1]]);
    assert.deepEqual(listIncidents(t.store, { subcentreId: OTHER_STREET }).map((i) => i.incidentId), ['j-1']);
    assert.deepEqual(listCameras(t.store).map((c) => c.cameraId), ['c-9']);
    assert.equal(listGrids(t.store)[0]!.polygon.type, 'Polygon');
    assert.equal(listIndicators(t.store, { period: '2026-11' }).length, 1);
    assert.deepEqual(getResume(t.store, STREET), { epoch: 'e2', lastSeq: 40 });
    assert.deepEqual(getResume(t.store, OTHER_STREET), { epoch: 'x1', lastSeq: 2 });

    // The removed rows are tombstoned, so a map that held them learns they are gone.
    const cols = getIncidentColumns(t.store, { afterVersion: before });
    assert.deepEqual(cols.deleted, ['i-1']);
    assert.deepEqual(cols.ids.sort(), ['i-2', 'i-3']);
    // The old epoch's log stays; an audit entry says what happened.
    assert.equal(count(t.store, 'event_log', 'subcentre_id = ? AND epoch = ?', STREET, 'e1'), 3);
    assert.equal(count(t.store, 'audit', `action = 'snapshot.applied' AND subject = ?`, STREET), 1);

    // Events continue after the snapshot's seq.
    const next = applyEventBatch(t.store, STREET, 'e2', batch(41, [['incident.upsert', incident('i-4')]]));
    assert.deepEqual({ gap: next.gap, ackSeq: next.ackSeq }, { gap: false, ackSeq: 41 });
    assert.equal(applyEventBatch(t.store, STREET, 'e2', batch(40, [['incident.upsert', incident('i-5')]])).duplicates, 1);
  } finally {
    t.cleanup();
  }
});

test('invalid snapshot entities go to rejected and the valid ones are applied', () => {
  const t = tempStore();
  try {
    const r = applySnapshot(t.store, STREET, 'e1', 7, {
      incidents: [incident('i-1'), { incidentId: 'broken' }, 42],
      cameras: 'not a list' as unknown as unknown[],
    });
    assert.deepEqual({ applied: r.applied, rejected: r.rejected }, { applied: 1, rejected: 3 });
    const reasons = (t.store.db.prepare('SELECT reason, seq FROM rejected ORDER BY id').all() as Array<{ reason: string; seq: number | null }>);
    assert.match(reasons[0]!.reason, /snapshot incidents\[1\]/);
    assert.ok(reasons.every((x) => x.seq === null));
    assert.match(reasons.at(-1)!.reason, /snapshot.cameras is not an array/);
  } finally {
    t.cleanup();
  }
});

test('an empty snapshot at seq 0 clears the sub-centre and starts its epoch', () => {
  const t = tempStore();
  try {
    applyEventBatch(t.store, STREET, 'e1', batch(1, [['incident.upsert', incident('i-1')]]));
    applySnapshot(t.store, STREET, 'e2', 0, {});
    assert.equal(count(t.store, 'incidents'), 0);
    assert.deepEqual(getResume(t.store, STREET), { epoch: 'e2', lastSeq: 0 });
    assert.equal(applyEventBatch(t.store, STREET, 'e2', batch(1, [['incident.upsert', incident('i-2')]])).ackSeq, 1);
  } finally {
    t.cleanup();
  }
});
