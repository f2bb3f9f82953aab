import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActivityItem, IncidentRow, LinkState } from '../../../src-shared/api.ts';
import { clockOffset, incidentRowsAsActivity, mergeActivity, orderLinks, summariseLinks } from '../../../src-renderer/wall/updaters.ts';

function item(id: number, at: number): ActivityItem {
  return { id, subcentreId: '370102012', seq: id, type: 'incident.upsert', at, entityId: `i-${id}`, summary: `事件${id}`, severity: 'red', status: 'reported' };
}

function link(id: string, state: LinkState['state']): LinkState {
  return {
    subcentreId: id,
    name: id,
    url: 'http://127.0.0.1:1',
    state,
    epoch: null,
    lastAckSeq: 0,
    headSeq: 0,
    lag: 0,
    lastHeardAt: null,
    connectedSince: null,
    lastError: null,
    onDuty: null,
    queue: null,
    pendingCommands: 0,
    rejectedEnvelopes: 0,
  };
}

test('the ticker keeps the newest items first, without duplicates, up to its length', () => {
  const a = mergeActivity([], [item(1, 100), item(2, 200)], 3);
  assert.deepEqual(
    a.map((i) => i.id),
    [2, 1],
  );
  const b = mergeActivity(a, [item(2, 200), item(3, 300), item(4, 50)], 3);
  assert.deepEqual(
    b.map((i) => i.id),
    [3, 2, 1],
  );
  assert.equal(mergeActivity(b, null, 3), b, 'nothing new: the same array (no re-render)');
  assert.equal(mergeActivity(b, [], 3), b);
  const withJunk = mergeActivity(b, [null as unknown as ActivityItem, { ...item(9, Number.NaN) }], 3);
  assert.deepEqual(
    withJunk.map((i) => i.id),
    [3, 2, 1],
  );
});

test('links are listed by street code and counted by state', () => {
  const links = orderLinks([link('370102013', 'down'), link('370102001', 'connected'), link('370102005', 'stale')]);
  assert.deepEqual(
    links.map((l) => l.subcentreId),
    ['370102001', '370102005', '370102013'],
  );
  assert.deepEqual(summariseLinks(links), { total: 3, up: 1, stale: 1, down: 1 });
  assert.deepEqual(orderLinks(undefined), []);
});

test('the host clock offset assumes the answer was made half-way through the round trip', () => {
  assert.equal(clockOffset(10_000, 1_000, 1_200), 8_900);
  assert.equal(clockOffset(Number.NaN, 1_000, 1_200), 0);
});

test('backfilled incident lines fill an empty ticker and give way to a newer real event about the same incident', () => {
  const row = (id: string, updatedAt: number): IncidentRow => ({
    incidentId: id,
    subcentreId: '370102012',
    rev: 1,
    title: `标题${id}`,
    category: { major: '市容环境', minor: '占道经营', name: '占道经营' },
    source: 'grid-worker',
    severity: 'yellow',
    level: 'grid',
    status: 'reported',
    lon: 117,
    lat: 36.6,
    gridId: null,
    address: null,
    department: null,
    reportedAt: updatedAt,
    updatedAt,
    dueAt: null,
    closedAt: null,
  });
  const backfill = incidentRowsAsActivity([row('x', 100), row('y', 90)]);
  assert.deepEqual(
    backfill.map((b) => [b.id, b.entityId, b.summary]),
    [
      [-1, 'x', '标题x'],
      [-2, 'y', '标题y'],
    ],
  );
  const ticker = mergeActivity([], backfill, 10);
  const real: ActivityItem = { ...item(5, 150), entityId: 'x' };
  const merged = mergeActivity(ticker, [real], 10);
  assert.deepEqual(
    merged.map((i) => i.id),
    [5, -2],
    'the backfilled line of x is replaced by its newer event; y stays',
  );
  assert.deepEqual(incidentRowsAsActivity(null), []);
});

test('the ticker keeps incidents, video alerts and cameras and leaves out the rest', () => {
  const kinds = ['incident.upsert', 'alert.upsert', 'camera.upsert', 'station.upsert', 'org.upsert', 'grid.upsert', 'indicators.report', 'entity.delete'];
  const merged = mergeActivity(
    [],
    kinds.map((type, i) => ({ ...item(i + 1, 100 + i), type })),
    20,
  );
  assert.deepEqual(merged.map((i) => i.type).sort(), ['alert.upsert', 'camera.upsert', 'incident.upsert']);
});
