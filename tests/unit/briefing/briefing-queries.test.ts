// The briefing's figures on a hand-made cache, each worked out by hand in the comments, and checked
// once more against plain SQL written here independently of the host's queries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEventBatch } from '../../../src-main/store/apply.ts';
import { getBriefing } from '../../../src-main/store/briefing-queries.ts';
import { alert, batch, grid, incident, tempStore, STREET, OTHER_STREET } from '../store/fixtures.ts';
import type { Incident } from '../../../src-shared/sfp/schemas.ts';

const D = '2026-11-23';
const at = (day: string, hm: string): string => `${day}T${hm}:00.000+08:00`;
const ms = (day: string, hm: string): number => Date.parse(at(day, hm));
const FROM = ms(D, '00:00');
const TO = ms('2026-11-24', '00:00');
const HOUR = 3_600_000;

const h = (...actions: string[]): Incident['history'] => actions.map((action, i) => ({ at: at(D, `0${i}:30`), action }));

function seed() {
  const t = tempStore();
  applyEventBatch(t.store, STREET, 'e1', batch(1, [
    ['grid.upsert', grid('g-1', { name: '龙洞一网格' })],
    // a1: closed after 2 h, on time, inside the grid, 5 stars
    ['incident.upsert', incident('a1', { reportedAt: at(D, '08:00'), dueAt: at(D, '12:00'), status: 'closed', closedAt: at(D, '10:00'), satisfaction: 5, history: h('report', 'incident.accept', 'incident.resolve', 'incident.close') })],
    // a2: dispatched, closed 11 h later, 9 h past its limit, 3 stars, another category
    ['incident.upsert', incident('a2', { category: { major: '市容环境', minor: '0101', name: '垃圾' }, reportedAt: at(D, '09:00'), dueAt: at(D, '11:00'), status: 'closed', closedAt: at(D, '20:00'), satisfaction: 3, history: h('report', 'incident.accept', 'incident.dispatch', 'handle', 'incident.resolve', 'incident.close') })],
    // a3: still being handled, past its limit
    ['incident.upsert', incident('a3', { reportedAt: at(D, '09:30'), dueAt: at(D, '10:00'), status: 'handling', history: h('report', 'incident.accept', 'incident.dispatch', 'handle') })],
    // a4: rejected
    ['incident.upsert', incident('a4', { reportedAt: at(D, '11:00'), status: 'rejected', history: h('report', 'incident.reject') })],
    // a5: closed only after the period ended, so open and overdue at its end
    ['incident.upsert', incident('a5', { reportedAt: at(D, '12:00'), dueAt: at(D, '13:00'), status: 'closed', closedAt: at('2026-11-24', '01:00'), history: h('report', 'incident.accept', 'incident.resolve', 'incident.close') })],
    // a6: escalated, closed after 1 h, no time limit, no rating
    ['incident.upsert', incident('a6', { reportedAt: at(D, '13:00'), status: 'closed', closedAt: at(D, '14:00'), history: h('report', 'incident.accept', 'incident.escalate', 'incident.resolve', 'incident.close') })],
    // a7: a note that merely mentions a dispatch is not one: inside the grid; 4 stars; on time
    ['incident.upsert', incident('a7', { reportedAt: at(D, '14:00'), dueAt: at(D, '18:00'), status: 'closed', closedAt: at(D, '15:00'), satisfaction: 4, history: [{ at: at(D, '14:10'), action: 'incident.note', note: '无需 incident.dispatch' }, { at: at(D, '14:50'), action: 'incident.close' }] })],
    // the previous day: p1 closed late inside the grid; p2 open, due only after that day ended
    ['incident.upsert', incident('p1', { reportedAt: at('2026-11-22', '10:00'), dueAt: at('2026-11-22', '11:00'), status: 'closed', closedAt: at('2026-11-22', '12:00'), history: h('report', 'incident.resolve', 'incident.close') })],
    ['incident.upsert', incident('p2', { reportedAt: at('2026-11-22', '23:00'), dueAt: at(D, '01:00'), status: 'handling', history: h('report') })],
    // the baseline of the early warning (4 days before): one more of the same grid and category
    ['incident.upsert', incident('old', { reportedAt: at('2026-11-20', '10:00'), history: h('report') })],
    // alerts: confirmed, false positive, duplicate, open today; one yesterday
    ['alert.upsert', alert('al1', { raisedAt: at(D, '08:00'), state: 'confirmed' })],
    ['alert.upsert', { ...alert('al2', { raisedAt: at(D, '09:00'), state: 'dismissed', kind: 'crowd' }), dismissReason: 'false-positive' }],
    ['alert.upsert', { ...alert('al3', { raisedAt: at(D, '10:00'), state: 'dismissed', kind: 'crowd' }), dismissReason: 'duplicate' }],
    ['alert.upsert', alert('al4', { raisedAt: at(D, '11:00') })],
    ['alert.upsert', alert('al5', { raisedAt: at('2026-11-22', '11:00'), state: 'confirmed' })],
  ]));
  // another street, today, no grid
  applyEventBatch(t.store, OTHER_STREET, 'x1', batch(1, [['incident.upsert', incident('o1', { reportedAt: at(D, '16:00'), source: 'hotline-12345', location: { lon: 117.05, lat: 36.67 }, history: h('report') })]]));
  return t;
}

test('figures of a day against the day before, worked out by hand', () => {
  const t = seed();
  try {
    const b = getBriefing(t.store, { from: FROM, to: TO }, ms('2026-11-24', '02:00'));
    assert.deepEqual(b.previous, { from: FROM - 24 * HOUR, to: FROM });
    const c = b.current;
    assert.equal(c.total, 8);
    assert.equal(c.rejected, 1);
    assert.equal(c.closed, 4); // a1 a2 a6 a7
    assert.equal(c.closureRate, 4 / 7);
    assert.equal(c.closedWithDue, 3); // a1 a2 a7
    assert.equal(c.closedOnTime, 2); // a1 a7
    assert.equal(c.onTimeRate, 2 / 3);
    assert.equal(c.avgCloseMs, ((2 + 11 + 1 + 1) / 4) * HOUR);
    assert.equal(c.inGrid, 2); // a1 a7
    assert.equal(c.inGridRate, 0.5);
    assert.equal(c.rated, 3);
    assert.equal(c.satisfactionAvg, 4);
    assert.equal(c.satisfiedRate, 2 / 3);
    assert.equal(c.overdue, 2); // a3, a5
    assert.deepEqual(c.alerts, { total: 4, open: 1, confirmed: 1, dismissed: 2, falsePositive: 1, falsePositiveRate: 1 / 3 });

    const p = b.prev;
    assert.equal(p.total, 2);
    assert.equal(p.closed, 1);
    assert.equal(p.onTimeRate, 0);
    assert.equal(p.inGridRate, 1);
    assert.equal(p.overdue, 0); // p2 was due only after the day ended
    assert.equal(p.satisfactionAvg, null);
    assert.equal(p.alerts.total, 1);

    assert.deepEqual(b.byDay, [{ day: D, count: 8 }]);
    assert.deepEqual(b.prevByDay, [{ day: '2026-11-22', count: 2 }]);
    assert.deepEqual(b.byCategory, [{ key: '街面秩序', count: 7, prev: 2 }, { key: '市容环境', count: 1, prev: 0 }]);
    assert.deepEqual(b.bySource, [{ key: 'grid-worker', count: 7, prev: 2 }, { key: 'hotline-12345', count: 1, prev: 0 }]);
    assert.deepEqual(b.byStreet, [{ key: STREET, count: 7, prev: 2 }, { key: OTHER_STREET, count: 1, prev: 0 }]);
    assert.deepEqual(b.alertsByKind, [{ key: 'fire-smoke', count: 2, prev: 1 }, { key: 'crowd', count: 2, prev: 0 }]);

    assert.deepEqual(b.overdueList.map((r) => [r.incidentId, r.overdueMs, r.gridName]), [
      ['a3', TO - ms(D, '10:00'), '龙洞一网格'],
      ['a5', TO - ms(D, '13:00'), '龙洞一网格'],
    ]);
    // g-1 × 街面秩序: a1 a3 a5 a6 a7 (a4 rejected); baseline: p1 p2 old over 4 days
    assert.deepEqual(b.repeated, [{ gridId: 'g-1', gridName: '龙洞一网格', subcentreId: STREET, category: '街面秩序', count: 5 }]);
    assert.deepEqual(b.warnings, [{ gridId: 'g-1', gridName: '龙洞一网格', subcentreId: STREET, category: '街面秩序', count: 5, baseline: 0.75 }]);
  } finally {
    t.cleanup();
  }
});

test('agrees with independently written SQL, and judges overdue at now while the period runs', () => {
  const t = seed();
  try {
    const now = ms(D, '12:30');
    const b = getBriefing(t.store, { from: FROM, to: TO }, now);
    const db = t.store.db;
    const one = (sql: string, ...args: unknown[]): number => (db.prepare(sql).pluck().get(...args) as number) ?? 0;
    assert.equal(b.current.total, one('SELECT count(*) FROM incidents WHERE reported_at >= ? AND reported_at < ?', FROM, TO));
    assert.equal(b.current.closed, one(`SELECT count(*) FROM incidents WHERE reported_at >= ? AND reported_at < ? AND status = 'closed' AND closed_at < ?`, FROM, TO, TO));
    // overdue at 12:30: a3 (due 10:00, handling); a5 is due only at 13:00; a2 was closed at 20:00 but was past due at 12:30
    const overdue = db.prepare(`SELECT incident_id FROM incidents WHERE reported_at >= ? AND reported_at < ? AND status <> 'rejected' AND due_at < ? AND (status <> 'closed' OR closed_at >= ?) ORDER BY due_at`).pluck().all(FROM, TO, now, now);
    assert.deepEqual(overdue, ['a3', 'a2']);
    assert.deepEqual(b.overdueList.map((r) => r.incidentId), overdue);
    assert.equal(b.current.overdue, 2);
    const inGrid = db.prepare(`SELECT raw FROM incidents WHERE reported_at >= ? AND reported_at < ? AND status = 'closed' AND closed_at < ?`).pluck().all(FROM, TO, TO) as string[];
    const expected = inGrid.filter((raw) => !(JSON.parse(raw) as Incident).history.some((e) => e.action === 'incident.dispatch' || e.action === 'incident.escalate')).length;
    assert.equal(b.current.inGrid, expected);
  } finally {
    t.cleanup();
  }
});

test('a week has seven days, zeros included', () => {
  const t = seed();
  try {
    const from = ms('2026-11-23', '00:00');
    const b = getBriefing(t.store, { from, to: from + 7 * 24 * HOUR }, ms(D, '12:00'));
    assert.deepEqual(b.byDay.map((d) => d.count), [8, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(b.prevByDay.map((d) => d.day), ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22']);
    assert.deepEqual(b.prevByDay.map((d) => d.count), [0, 0, 0, 0, 1, 0, 2]);
    assert.throws(() => getBriefing(t.store, { from, to: from }, 0), /from < to/);
  } finally {
    t.cleanup();
  }
});

test('a note quoting a dispatch action is not a dispatch; a real one in any position is', () => {
  const t = tempStore();
  try {
    applyEventBatch(t.store, STREET, 'e1', batch(1, [
      ['incident.upsert', incident('n1', { reportedAt: at(D, '08:00'), status: 'closed', closedAt: at(D, '09:00'), history: [{ at: at(D, '08:30'), action: 'incident.note', note: '{"action":"incident.dispatch"}' }] })],
      ['incident.upsert', incident('n2', { reportedAt: at(D, '08:00'), status: 'closed', closedAt: at(D, '09:00'), history: [{ at: at(D, '08:10'), action: 'report' }, { at: at(D, '08:20'), action: 'incident.escalate', note: 'x' }] })],
      ['incident.upsert', incident('n3', { reportedAt: at(D, '08:00'), status: 'closed', closedAt: at(D, '09:00'), history: [] })],
    ]));
    const b = getBriefing(t.store, { from: FROM, to: TO }, TO);
    assert.equal(b.current.closed, 3);
    assert.equal(b.current.inGrid, 2); // n1, n3
  } finally {
    t.cleanup();
  }
});

test('a month is counted from the covering index, without reading the incident bodies', () => {
  const t = tempStore();
  try {
    const plan = (sql: string): string =>
      (t.store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ from: FROM, to: TO, cutoff: TO, pfrom: FROM - 1, bfrom: FROM - 1 }) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    // the same expressions as the host's queries
    const satisfaction = `json_extract(raw, '$.satisfaction')`;
    const inGrid = `(instr(json_extract(raw, '$.history'), '"action":"incident.dispatch"') + instr(json_extract(raw, '$.history'), '"action":"incident.escalate"') = 0)`;
    assert.match(plan(`SELECT avg(${satisfaction}), sum(${inGrid}), sum(status = 'closed' AND closed_at < @to), count(due_at) FROM incidents WHERE reported_at >= @from AND reported_at < @to`), /COVERING INDEX incidents_briefing/);
    assert.match(plan(`SELECT subcentre_id, count(*) FROM incidents WHERE reported_at >= @pfrom AND reported_at < @to GROUP BY subcentre_id`), /COVERING INDEX incidents_briefing/);
  } finally {
    t.cleanup();
  }
});

test("a street operator's briefing holds only that street", () => {
  const t = seed();
  try {
    const b = getBriefing(t.store, { from: FROM, to: TO }, ms('2026-11-24', '02:00'), OTHER_STREET);
    assert.equal(b.current.total, 1);
    assert.equal(b.current.alerts.total, 0);
    assert.deepEqual(b.byStreet.map((s) => s.key), [OTHER_STREET]);
    assert.deepEqual(b.overdueList, []);
    assert.deepEqual(b.repeated, []);
    const mine = getBriefing(t.store, { from: FROM, to: TO }, ms('2026-11-24', '02:00'), STREET);
    assert.equal(mine.current.total, 7);
    assert.equal(mine.current.alerts.total, 4);
  } finally {
    t.cleanup();
  }
});
