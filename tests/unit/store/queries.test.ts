import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEventBatch } from '../../../src-main/store/apply.ts';
import {
  getActivitySince,
  getAlertColumns,
  getAlertSnapshot,
  getIncident,
  getIncidentColumns,
  getKpis,
  getRecentActivity,
  listAlerts,
  listIncidents,
  listOrgs,
  listStations,
} from '../../../src-main/store/queries.ts';
import { SEVERITY_CODES, STATUS_CODES } from '../../../src-shared/api.ts';
import { alert, batch, camera, incident, org, indicators, OTHER_STREET, station, STREET, tempStore } from './fixtures.ts';

test('columns are incremental by version: changes after V, tombstones for deletions, paging without loss', () => {
  const t = tempStore();
  try {
    applyEventBatch(t.store, STREET, 'e1', batch(1, [
      ['incident.upsert', incident('i-1', { severity: 'red', status: 'dispatched' })],
      ['incident.upsert', incident('i-2')],
      ['incident.upsert', incident('i-3', { dueAt: '2026-11-23T12:00:00.000+08:00' })],
    ]));
    const all = getIncidentColumns(t.store, {});
    assert.deepEqual({ count: all.count, version: all.version, more: all.more, ids: all.ids }, { count: 3, version: 3, more: false, ids: ['i-1', 'i-2', 'i-3'] });
    assert.equal(SEVERITY_CODES[all.severity[0]!], 'red');
    assert.equal(STATUS_CODES[all.status[0]!], 'dispatched');
    assert.equal(all.categories[all.category[0]!], '街面秩序');
    assert.equal(all.streets[all.street[0]!], STREET);
    assert.deepEqual(all.dueAt, [null, null, Date.parse('2026-11-23T12:00:00.000+08:00')]);
    assert.equal(all.reportedAt[0], Date.parse('2026-11-23T08:00:00.000+08:00'));

    const page1 = getIncidentColumns(t.store, { limit: 2 });
    assert.deepEqual({ ids: page1.ids, version: page1.version, more: page1.more }, { ids: ['i-1', 'i-2'], version: 2, more: true });
    const page2 = getIncidentColumns(t.store, { afterVersion: page1.version, limit: 2 });
    assert.deepEqual({ ids: page2.ids, version: page2.version, more: page2.more }, { ids: ['i-3'], version: 3, more: false });

    applyEventBatch(t.store, STREET, 'e1', batch(4, [
      ['incident.upsert', incident('i-1', { rev: 2, status: 'handling' })],
      ['entity.delete', { kind: 'incident', id: 'i-2' }],
    ]));
    const delta = getIncidentColumns(t.store, { afterVersion: 3 });
    assert.deepEqual({ ids: delta.ids, deleted: delta.deleted, version: delta.version, more: delta.more }, { ids: ['i-1'], deleted: ['i-2'], version: 5, more: false });
    // A page boundary between a row and a tombstone loses neither.
    const d1 = getIncidentColumns(t.store, { afterVersion: 3, limit: 1 });
    const d2 = getIncidentColumns(t.store, { afterVersion: d1.version, limit: 1 });
    assert.deepEqual([d1.ids, d1.deleted, d1.more, d2.ids, d2.deleted, d2.more], [['i-1'], [], true, [], ['i-2'], false]);

    // Other kinds move the store's version; an incident reader with nothing new jumps to it.
    applyEventBatch(t.store, STREET, 'e1', batch(6, [['alert.upsert', alert('a-1')]]));
    const none = getIncidentColumns(t.store, { afterVersion: 5 });
    assert.deepEqual({ count: none.count, version: none.version }, { count: 0, version: 6 });
    const alerts = getAlertColumns(t.store, { afterVersion: 5 });
    assert.deepEqual({ ids: alerts.ids, kind: alerts.kinds[alerts.kind[0]!], state: alerts.state }, { ids: ['a-1'], kind: 'fire-smoke', state: [0] });
    assert.throws(() => getIncidentColumns(t.store, { afterVersion: 'x' as unknown as number }), /afterVersion/);
  } finally {
    t.cleanup();
  }
});

test('KPIs on hand-worked data, with "today" as the Shanghai calendar day', () => {
  const t = tempStore();
  try {
    const iso = (s: string) => `2026-11-${s}.000+08:00`;
    applyEventBatch(t.store, STREET, 'e1', batch(1, [
      // open, overdue, red; reported yesterday
      ['incident.upsert', incident('A', { reportedAt: iso('22T23:59:59'), status: 'reported', severity: 'red', dueAt: iso('23T09:00:00') })],
      // open, new today (exactly at local midnight), due later
      ['incident.upsert', incident('B', { reportedAt: iso('23T00:00:00'), status: 'dispatched', dueAt: iso('23T12:00:00') })],
      // closed today, new today, red but not open
      ['incident.upsert', incident('C', { reportedAt: iso('23T08:00:00'), status: 'closed', severity: 'red', closedAt: iso('23T09:30:00') })],
      // closed yesterday
      ['incident.upsert', incident('D', { reportedAt: iso('22T08:00:00'), status: 'closed', closedAt: iso('22T20:00:00') })],
      // rejected, new today (07:00 in Shanghai is still the 22nd in UTC)
      ['incident.upsert', incident('E', { reportedAt: iso('23T07:00:00'), status: 'rejected', severity: 'red' })],
      // open, new today, no time limit
      ['incident.upsert', incident('F', { reportedAt: iso('23T09:00:00'), status: 'resolved', severity: 'green' })],
      // closed without closedAt: its updatedAt (today) counts
      ['incident.upsert', incident('G', { reportedAt: iso('21T09:00:00'), status: 'closed', updatedAt: iso('23T01:00:00') })],
      ['alert.upsert', alert('a1')],
      ['alert.upsert', alert('a2')],
      ['alert.upsert', alert('a3', { state: 'dismissed' })],
      ['camera.upsert', camera('c1')],
      ['camera.upsert', camera('c2', { status: 'offline' })],
      ['camera.upsert', camera('c3', { status: 'fault' })],
    ]));
    const now = Date.parse(iso('23T10:00:00'));
    assert.deepEqual(getKpis(t.store, now), { open: 3, overdue: 1, newToday: 4, red: 1, alertsOpen: 2, closedToday: 2, camerasOffline: 2, at: now });
    // At local midnight the new day has begun: B (00:00:00) counts, A (one second earlier) does not.
    assert.equal(getKpis(t.store, Date.parse(iso('23T00:00:00'))).newToday, 4);
  } finally {
    t.cleanup();
  }
});

test('listIncidents filters, orders and pages; getIncident returns the raw body', () => {
  const t = tempStore();
  try {
    const iso = (h: string) => `2026-11-23T${h}:00:00.000+08:00`;
    applyEventBatch(t.store, STREET, 'e1', batch(1, [
      ['incident.upsert', incident('i-1', { reportedAt: iso('08'), severity: 'green', title: '垃圾满溢 50%_off', location: { lon: 117, lat: 36, gridId: 'g-1' } })],
      ['incident.upsert', incident('i-2', { reportedAt: iso('09'), severity: 'red', status: 'closed', location: { lon: 117, lat: 36, gridId: 'g-2' } })],
      ['incident.upsert', incident('i-3', { reportedAt: iso('10'), severity: 'yellow', dueAt: iso('11'), category: { major: '市容环境', minor: '0101', name: '暴露垃圾' } })],
    ]));
    applyEventBatch(t.store, OTHER_STREET, 'x1', batch(1, [['incident.upsert', incident('j-1', { reportedAt: iso('07') })]]));
    const ids = (q: Parameters<typeof listIncidents>[1], now?: number) => listIncidents(t.store, q, now).map((i) => i.incidentId);
    assert.deepEqual(ids({}), ['i-3', 'i-2', 'i-1', 'j-1']);
    assert.deepEqual(ids({ desc: false, limit: 2 }), ['j-1', 'i-1']);
    assert.deepEqual(ids({ desc: false, limit: 2, offset: 2 }), ['i-2', 'i-3']);
    assert.deepEqual(ids({ subcentreId: OTHER_STREET }), ['j-1']);
    assert.deepEqual(ids({ gridId: 'g-2' }), ['i-2']);
    assert.deepEqual(ids({ status: ['closed', 'rejected'] }), ['i-2']);
    assert.deepEqual(ids({ severity: ['red', 'yellow'], openOnly: true }), ['i-3', 'j-1']);
    assert.deepEqual(ids({ category: '市容环境' }), ['i-3']);
    assert.deepEqual(ids({ overdueOnly: true }, Date.parse(iso('12'))), ['i-3']);
    assert.deepEqual(ids({ overdueOnly: true }, Date.parse(iso('10'))), []);
    assert.deepEqual(ids({ from: Date.parse(iso('08')), to: Date.parse(iso('10')) }), ['i-2', 'i-1']);
    assert.deepEqual(ids({ text: '50%_' }), ['i-1']);
    assert.deepEqual(ids({ text: '%' }), ['i-1']);
    assert.deepEqual(ids({ orderBy: 'severity' }), ['i-2', 'i-3', 'j-1', 'i-1']);
    assert.deepEqual(ids({ orderBy: 'dueAt', desc: false }).slice(0, 1), ['i-3']);
    assert.throws(() => listIncidents(t.store, { status: ['lost' as never] }), /unknown value "lost"/);
    assert.throws(() => listIncidents(t.store, { limit: 'many' as unknown as number }), /limit must be a number/);

    const detail = getIncident(t.store, { incidentId: 'i-3' })!;
    assert.equal(detail.category.name, '暴露垃圾');
    assert.equal(detail.dueAt, Date.parse(iso('11')));
    assert.equal((detail.raw.category as { minor: string }).minor, '0101');
    assert.equal(getIncident(t.store, 'nope'), null);
  } finally {
    t.cleanup();
  }
});

test('alerts, stations and orgs list as API rows; the snapshot image is served apart', () => {
  const t = tempStore();
  try {
    applyEventBatch(t.store, STREET, 'e1', batch(1, [
      ['alert.upsert', alert('a-1', { snapshot: 'data:image/png;base64,AAAA', raisedAt: '2026-11-23T08:00:00.000+08:00' })],
      ['alert.upsert', alert('a-2', { state: 'confirmed', incidentId: 'i-9', raisedAt: '2026-11-23T09:00:00.000+08:00' })],
      ['station.upsert', station('s-1', { visitsToday: 12 })],
      ['org.upsert', org('o-1', { parentId: 'o-0', members: 30 })],
    ]));
    const alerts = listAlerts(t.store, {});
    assert.deepEqual(alerts.map((a) => [a.alertId, a.hasSnapshot, a.incidentId]), [['a-2', false, 'i-9'], ['a-1', true, null]]);
    assert.deepEqual(listAlerts(t.store, { state: ['open'] }).map((a) => a.alertId), ['a-1']);
    assert.equal(getAlertSnapshot(t.store, { alertId: 'a-1' }), 'data:image/png;base64,AAAA');
    assert.equal(getAlertSnapshot(t.store, 'a-2'), null);
    assert.deepEqual(listStations(t.store)[0], { stationId: 's-1', subcentreId: STREET, name: '驿站 s-1', tier: 4, lon: 117.06, lat: 36.66, openNow: true, visitsToday: 12 });
    assert.deepEqual(listOrgs(t.store)[0], { orgId: 'o-1', subcentreId: STREET, kind: 'grid-branch', name: '网格党支部 o-1', parentId: 'o-0', gridId: null, members: 30, secretary: null });
  } finally {
    t.cleanup();
  }
});

test('recent activity reads the event log with summaries from current state, oldest first', () => {
  const t = tempStore();
  try {
    applyEventBatch(t.store, STREET, 'e1', batch(1, [
      ['camera.upsert', camera('37010200001310000001', { name: '泉城路口东' })],
      ['incident.upsert', incident('i-1', { title: '井盖缺失', severity: 'red' })],
      ['alert.upsert', alert('a-1')],
      ['org.upsert', org('o-1', { name: '龙洞第一网格党支部' })],
      ['indicators.report', indicators('o-1', '2026-11')],
      ['entity.delete', { kind: 'alert', id: 'a-1' }],
    ]));
    const items = getRecentActivity(t.store, 10);
    assert.deepEqual(items.map((i) => i.summary), ['泉城路口东', '井盖缺失', 'fire-smoke · 泉城路口东', '龙洞第一网格党支部', '龙洞第一网格党支部 2026-11', 'alert a-1']);
    assert.deepEqual(items.map((i) => i.seq), [1, 2, 3, 4, 5, 6]);
    assert.equal(items[1]!.severity, 'red');
    assert.equal(items[1]!.status, 'reported');
    assert.equal(items[5]!.status, 'deleted');
    assert.deepEqual(getRecentActivity(t.store, 2).map((i) => i.seq), [5, 6]);
    assert.deepEqual(getActivitySince(t.store, items[4]!.id, 50).map((i) => i.seq), [5, 6]);
  } finally {
    t.cleanup();
  }
});
