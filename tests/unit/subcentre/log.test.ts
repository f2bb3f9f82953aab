import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SubcentreLog, type PublishItem } from '../../../src-main/subcentre/log.ts';
import { LONGDONG, alert, camera, fixedClock, grid, incident, indicators, org, tempDir } from './fixtures.ts';

function openLog(file: string, extra: Partial<ConstructorParameters<typeof SubcentreLog>[0]> = {}): SubcentreLog {
  return new SubcentreLog({ dbFile: file, subcentre: LONGDONG, retainEvents: 1_000_000, now: fixedClock().now, ...extra });
}

function withLog(fn: (log: SubcentreLog, tmp: ReturnType<typeof tempDir>) => void | Promise<void>, extra: Partial<ConstructorParameters<typeof SubcentreLog>[0]> = {}) {
  return async () => {
    const tmp = tempDir();
    const log = openLog(tmp.file('sub.sqlite'), extra);
    try {
      await fn(log, tmp);
    } finally {
      log.close();
      tmp.remove();
    }
  };
}

test('a new log has an epoch e-YYYYMMDD-<8 hex>, head 0 and retainedFromSeq 1', withLog((log) => {
  assert.match(log.epoch, /^e-20261123-[0-9a-f]{8}$/);
  assert.equal(log.headSeq(), 0);
  assert.equal(log.retainedFromSeq(), 1);
}));

test('publish assigns consecutive seqs, a UUID and the clock time, and updates the state', withLog((log) => {
  const a = log.publish('incident.upsert', incident('i-1'));
  const b = log.publish('camera.upsert', camera('cam-1'));
  assert.deepEqual([a.seq, b.seq], [1, 2]);
  assert.match(a.id, /^[0-9a-f-]{36}$/);
  assert.notEqual(a.id, b.id);
  assert.equal(a.at, '2026-11-23T08:00:00.000+08:00');
  assert.equal(log.headSeq(), 2);
  assert.equal(log.getIncident('i-1')?.title, '事件 i-1');
  assert.deepEqual(log.listEntities('camera').map((c) => c.cameraId), ['cam-1']);
  const rows = log.readEvents(1, 10);
  assert.deepEqual(rows.map((r) => [r.seq, r.type]), [[1, 'incident.upsert'], [2, 'camera.upsert']]);
  assert.deepEqual(JSON.parse(rows[0]!.body), incident('i-1'));
}));

test('reopening the same file keeps the epoch, the seqs and the state', async () => {
  const tmp = tempDir();
  try {
    const first = openLog(tmp.file('sub.sqlite'));
    first.publish('incident.upsert', incident('i-1'));
    first.publish('incident.upsert', incident('i-2'));
    const epoch = first.epoch;
    first.close();
    const second = openLog(tmp.file('sub.sqlite'));
    assert.equal(second.epoch, epoch);
    assert.equal(second.headSeq(), 2);
    assert.equal(second.listEntities('incident').length, 2);
    assert.equal(second.publish('alert.upsert', alert('a-1')).seq, 3);
    second.close();
  } finally {
    tmp.remove();
  }
});

test('resetEpoch wipes the log and the state and starts a new epoch at seq 1', async () => {
  const tmp = tempDir();
  try {
    const first = openLog(tmp.file('sub.sqlite'));
    first.publish('incident.upsert', incident('i-1'));
    const epoch = first.epoch;
    first.close();
    const second = openLog(tmp.file('sub.sqlite'), { resetEpoch: true });
    assert.notEqual(second.epoch, epoch);
    assert.equal(second.headSeq(), 0);
    assert.equal(second.retainedFromSeq(), 1);
    assert.equal(second.getIncident('i-1'), undefined);
    assert.equal(second.publish('incident.upsert', incident('i-9')).seq, 1);
    second.close();
  } finally {
    tmp.remove();
  }
});

test("refuses to open another street's log unless the epoch is reset", async () => {
  const tmp = tempDir();
  try {
    openLog(tmp.file('sub.sqlite')).close();
    assert.throws(() => openLog(tmp.file('sub.sqlite'), { subcentre: { id: '370102001', name: '解放路街道', districtId: '370102' } }), /370102012/);
    openLog(tmp.file('sub.sqlite'), { subcentre: { id: '370102001', name: '解放路街道', districtId: '370102' }, resetEpoch: true }).close();
  } finally {
    tmp.remove();
  }
});

test('retention keeps only the newest retainEvents events and moves retainedFromSeq', withLog((log) => {
  for (let i = 1; i <= 5; i++) log.publish('camera.upsert', camera(`cam-${i}`));
  assert.equal(log.headSeq(), 5);
  assert.equal(log.retainedFromSeq(), 3);
  assert.deepEqual(log.readEvents(1, 10).map((r) => r.seq), [3, 4, 5]);
  assert.equal(log.listEntities('camera').length, 5, 'the state keeps everything');
}, { retainEvents: 3 }));

test('an upsert not above the held rev is raised to held rev + 1', withLog((log) => {
  log.publish('camera.upsert', camera('cam-1', { rev: 4 }));
  const again = log.publish('camera.upsert', camera('cam-1', { rev: 2, status: 'offline' }));
  assert.equal(again.body.rev, 5);
  assert.equal(log.listEntities('camera')[0]?.status, 'offline');
  assert.equal(JSON.parse(log.readEvents(2, 1)[0]!.body).rev, 5);
}));

test('an invalid body is refused with the reason and nothing is appended; publishMany is all or nothing', withLog((log) => {
  assert.throws(() => log.publish('incident.upsert', { ...incident('i-1'), status: 'lost' } as never), /status/);
  assert.throws(() => log.publishMany([{ type: 'camera.upsert', body: camera('cam-1') }, { type: 'grid.upsert', body: { gridId: 'x' } } as unknown as PublishItem]), /grid\.upsert/);
  assert.equal(log.headSeq(), 0);
  assert.equal(log.listEntities('camera').length, 0);
}));

test('updateIncident bumps rev and updatedAt atomically; unknown ids give undefined; a throwing mutator changes nothing', withLog((log) => {
  log.publish('incident.upsert', incident('i-1'));
  const next = log.updateIncident('i-1', (c) => ({ ...c, status: 'handling' }));
  assert.equal(next?.rev, 2);
  assert.equal(next?.status, 'handling');
  assert.equal(log.getIncident('i-1')?.rev, 2);
  assert.equal(log.headSeq(), 2);
  assert.equal(log.updateIncident('nope', (c) => c), undefined);
  assert.throws(() => log.updateIncident('i-1', () => { throw new Error('boom'); }), /boom/);
  assert.throws(() => log.updateIncident('i-1', (c) => ({ ...c, incidentId: 'other' })), /incidentId/);
  assert.equal(log.headSeq(), 2);
  log.publish('alert.upsert', alert('a-1'));
  assert.equal(log.updateAlert('a-1', (a) => ({ ...a, state: 'dismissed' }))?.rev, 2);
}));

test('nextIncidentId counts per Shanghai day, skips ids already used, and restarts the next day', async () => {
  const tmp = tempDir();
  const clock = fixedClock('2026-11-23T01:00:00.000Z');
  const log = openLog(tmp.file('sub.sqlite'), { now: clock.now });
  try {
    assert.equal(log.nextIncidentId(), '370102012-20261123-0001');
    log.publish('incident.upsert', incident('370102012-20261123-0002'));
    assert.equal(log.nextIncidentId(), '370102012-20261123-0003');
    clock.set('2026-11-23T16:30:00.000Z'); // 00:30 on the 24th in Shanghai
    assert.equal(log.nextIncidentId(), '370102012-20261124-0001');
  } finally {
    log.close();
    tmp.remove();
  }
});

test('entity.delete removes the entity; indicator reports are keyed by org and period', withLog((log) => {
  log.publish('grid.upsert', grid('g-1'));
  log.publish('entity.delete', { kind: 'grid', id: 'g-1' });
  assert.equal(log.listEntities('grid').length, 0);
  log.publish('indicators.report', indicators('o-1', '2026-10'));
  log.publish('indicators.report', indicators('o-1', '2026-11'));
  log.publish('indicators.report', indicators('o-1', '2026-11', { values: { meetings: 4 } }));
  const reports = log.listIndicatorReports();
  assert.equal(reports.length, 2);
  assert.deepEqual(reports[1], { orgId: 'o-1', period: '2026-11', values: { meetings: 4 }, rev: 2 });
}));

test('queue counts open incidents and those past their dueAt', withLog((log) => {
  log.publishMany([
    { type: 'incident.upsert', body: incident('i-1', { status: 'dispatched', dueAt: '2026-11-23T07:00:00.000+08:00' }) },
    { type: 'incident.upsert', body: incident('i-2', { status: 'handling', dueAt: '2026-11-23T09:00:00.000+08:00' }) },
    { type: 'incident.upsert', body: incident('i-3', { status: 'closed', dueAt: '2026-11-23T07:00:00.000+08:00' }) },
    { type: 'incident.upsert', body: incident('i-4', { status: 'rejected' }) },
    { type: 'incident.upsert', body: incident('i-5') },
  ]);
  assert.deepEqual(log.queueCounts(new Date('2026-11-23T00:30:00.000Z')), { open: 3, overdue: 1 });
  assert.deepEqual(log.queueCounts(new Date('2026-11-23T01:30:00.000Z')), { open: 3, overdue: 2 });
  assert.deepEqual(log.listOpenIncidents().map((i) => i.incidentId), ['i-1', 'i-2', 'i-5']);
}));

test('a snapshot reader shows the state as of its seq while the log goes on, in parts that cover each entity once', withLog((log) => {
  log.publishMany([
    { type: 'org.upsert', body: org('o-1') },
    { type: 'grid.upsert', body: grid('g-1') },
    ...Array.from({ length: 7 }, (_, i) => ({ type: 'incident.upsert' as const, body: incident(`i-${i}`) })),
    { type: 'indicators.report', body: indicators('o-1', '2026-10') },
    { type: 'indicators.report', body: indicators('o-1', '2026-11') },
  ]);
  const reader = log.openSnapshotReader({ maxEntities: 3, maxBytes: 1 << 20 });
  try {
    assert.equal(reader.seq, 11);
    assert.equal(reader.total, 11);
    assert.equal(reader.parts, 4);
    log.publish('incident.upsert', incident('i-late'));
    log.publish('entity.delete', { kind: 'org', id: 'o-1' });
    const seen: string[] = [];
    const sizes: number[] = [];
    for (let part = reader.readPart(); part !== null; part = reader.readPart()) {
      const lists = Object.entries(part) as Array<[string, Array<Record<string, unknown>>]>;
      sizes.push(lists.reduce((n, [, list]) => n + list.length, 0));
      for (const [key, list] of lists) for (const e of list) seen.push(`${key}:${String(e.incidentId ?? e.gridId ?? (e.period ? `${String(e.orgId)}/${String(e.period)}` : e.orgId))}`);
    }
    assert.deepEqual(sizes, [3, 3, 3, 2]);
    assert.equal(new Set(seen).size, 11);
    assert.ok(seen.includes('orgs:o-1'), 'the delete after the snapshot is not visible');
    assert.ok(!seen.includes('incidents:i-late'), 'the upsert after the snapshot is not visible');
    assert.ok(seen.includes('indicators:o-1/2026-11'));
  } finally {
    reader.close();
  }
  assert.equal(log.headSeq(), 13);
}));

test('appends are announced once per tick, after the transaction', withLog(async (log) => {
  let calls = 0;
  const sub = log.onDidAppend(() => void (calls += 1));
  log.publish('camera.upsert', camera('c-1'));
  log.publish('camera.upsert', camera('c-2'));
  assert.equal(calls, 0);
  await new Promise((r) => setImmediate(r));
  assert.equal(calls, 1);
  sub.dispose();
  log.publish('camera.upsert', camera('c-3'));
  await new Promise((r) => setImmediate(r));
  assert.equal(calls, 1);
}));

test('snapshot parts also stop at a byte budget, with an oversized entity alone in its part', withLog((log) => {
  const ring = (n: number) => Array.from({ length: n }, (_, i) => [117 + i / 1e4, 36 + (i % 7) / 1e4]);
  const poly = (n: number) => ({ type: 'Polygon' as const, coordinates: [[...ring(n), ring(n)[0]!]] });
  log.publishMany([
    { type: 'grid.upsert', body: grid('g-1', { polygon: poly(10) }) },
    { type: 'grid.upsert', body: grid('g-2', { polygon: poly(10) }) },
    { type: 'grid.upsert', body: grid('g-3', { polygon: poly(2000) }) },
    { type: 'grid.upsert', body: grid('g-4', { polygon: poly(10) }) },
  ]);
  const reader = log.openSnapshotReader({ maxEntities: 100, maxBytes: 2000 });
  try {
    const parts: string[][] = [];
    for (let p = reader.readPart(); p !== null; p = reader.readPart()) parts.push((p.grids as Array<{ gridId: string }>).map((g) => g.gridId));
    assert.equal(reader.parts, parts.length);
    assert.deepEqual(parts, [['g-1', 'g-2'], ['g-3'], ['g-4']]);
  } finally {
    reader.close();
  }
}));

test('an empty state is one empty snapshot part', withLog((log) => {
  const reader = log.openSnapshotReader({ maxEntities: 10, maxBytes: 1000 });
  try {
    assert.equal(reader.parts, 1);
    assert.deepEqual(reader.readPart(), {});
    assert.equal(reader.readPart(), null);
  } finally {
    reader.close();
  }
}));
