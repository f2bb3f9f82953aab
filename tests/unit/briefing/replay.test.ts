// The time replay: the host reads the state at `from` and each change in the period from the event log
// (by the state's own time, also when a backfill was published late); the wall's cursor applies them
// forwards and backwards and computes the KPI strip at the cursor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEventBatch } from '../../../src-main/store/apply.ts';
import { getReplay } from '../../../src-main/store/replay-queries.ts';
import { ReplayCursor, countUpTo } from '../../../src-renderer/replay/replay-wall.ts';
import { alert, envelope, incident, tempStore, STREET } from '../store/fixtures.ts';

const at = (hm: string): string => `2026-11-23T${hm}:00.000+08:00`;
const ms = (hm: string): number => Date.parse(at(hm));

function seed() {
  const t = tempStore();
  const i = (id: string, hm: string, over: Parameters<typeof incident>[1] = {}) => incident(id, { reportedAt: at(hm), updatedAt: at(hm), dueAt: at('23:00'), ...over });
  applyEventBatch(t.store, STREET, 'e1', [
    // before the period
    envelope(1, 'incident.upsert', i('a', '07:00'), at('07:00')),
    envelope(2, 'incident.upsert', { ...i('a', '07:00', { status: 'accepted', updatedAt: at('07:30') }), rev: 2 }, at('07:30')),
    // in the period, published on time
    envelope(3, 'incident.upsert', i('b', '08:10', { severity: 'red' }), at('08:10')),
    envelope(4, 'alert.upsert', alert('al', { raisedAt: at('08:15'), updatedAt: at('08:15') }), at('08:15')),
    envelope(5, 'incident.upsert', { ...i('a', '07:00', { status: 'closed', closedAt: at('08:20'), updatedAt: at('08:20') }), rev: 3 }, at('08:20')),
    // a backfill published at 08:50 of facts from 07:40 (before the period) and 08:05 (inside it)
    envelope(6, 'incident.upsert', i('c', '07:40'), at('08:50')),
    envelope(7, 'incident.upsert', i('d', '08:05'), at('08:50')),
    // after the period
    envelope(8, 'incident.upsert', i('e', '09:30'), at('09:30')),
  ]);
  return t;
}

test('the state at the start and the changes of the period in the order they happened', () => {
  const t = seed();
  try {
    const r = getReplay(t.store, { from: ms('08:00'), to: ms('09:00') });
    assert.deepEqual(r.initialIncidents.ids, ['a', 'c']);
    assert.deepEqual(r.initialIncidents.status, [1, 0]); // a accepted, c reported
    assert.deepEqual(r.incidentChanges.ids, ['d', 'b', 'a']);
    assert.deepEqual(r.incidentChangeAt, [ms('08:05'), ms('08:10'), ms('08:20')]);
    assert.deepEqual(r.alertChanges.ids, ['al']);
    assert.equal(r.truncated, false);
  } finally {
    t.cleanup();
  }
});

test('the cursor shows incidents appearing and closing, forwards and back, with the KPIs of the moment', () => {
  const t = seed();
  try {
    const c = new ReplayCursor(getReplay(t.store, { from: ms('08:00'), to: ms('09:00') }));
    assert.deepEqual(c.visibleIncidentIds(), ['a', 'c']);
    assert.equal(c.kpis(0).open, 2);
    c.seek(ms('08:12'));
    assert.deepEqual(c.visibleIncidentIds(), ['a', 'c', 'd', 'b']);
    assert.equal(c.kpis(3).open, 4);
    assert.equal(c.kpis(3).red, 1);
    assert.equal(c.kpis(3).newToday, 4);
    assert.equal(c.kpis(3).camerasOffline, 3);
    c.seek(ms('08:30'));
    assert.equal(c.kpis(0).open, 3); // a closed at 08:20
    assert.equal(c.kpis(0).closedToday, 1);
    assert.equal(c.kpis(0).alertsOpen, 1);
    c.seek(ms('08:06')); // back: rebuilt from the start
    assert.deepEqual(c.visibleIncidentIds(), ['a', 'c', 'd']);
    assert.equal(c.kpis(0).closedToday, 0);
    assert.equal(c.kpis(0).alertsOpen, 0);
    c.seek(ms('12:00')); // clamped to the end
    assert.equal(c.cursor, ms('09:00'));
    assert.equal(countUpTo([1, 2, 2, 3], 2), 3);
  } finally {
    t.cleanup();
  }
});

test("a street operator's replay holds only that street", () => {
  const t = seed();
  try {
    const r = getReplay(t.store, { from: ms('08:00'), to: ms('09:00') }, '370102001');
    assert.equal(r.initialIncidents.count + r.incidentChanges.count + r.alertChanges.count, 0);
    assert.equal(getReplay(t.store, { from: ms('08:00'), to: ms('09:00') }, STREET).incidentChanges.count, 3);
  } finally {
    t.cleanup();
  }
});
