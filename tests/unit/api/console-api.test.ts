import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConsoleApiHandle } from '../../../src-main/api/console-api.ts';
import type { ChangeNotice, Disposable } from '../../../src-shared/api.ts';
import { alert, camera, incident } from '../store/fixtures.ts';
import { NOW, setupApi as setup } from './fixtures.ts';

async function rejectsWith(p: Promise<unknown>, name: string, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (err: Error) => {
    assert.equal(err.name, name);
    assert.match(err.message, pattern);
    return true;
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function collect(api: ConsoleApiHandle): { notices: ChangeNotice[]; sub: Disposable } {
  const notices: ChangeNotice[] = [];
  return { notices, sub: api.onChanges((n) => notices.push(n)) };
}

test('answers the KPIs and the columns from incidents applied to the store', async () => {
  const t = setup();
  try {
    t.apply([
      ['incident.upsert', incident('i-1', { severity: 'red', dueAt: '2026-11-23T09:00:00.000+08:00' })],
      ['incident.upsert', incident('i-2')],
      ['incident.upsert', incident('i-3', { status: 'closed', closedAt: '2026-11-23T09:30:00.000+08:00' })],
      ['alert.upsert', alert('a-1')],
      ['camera.upsert', camera('37010200001310000001', { status: 'offline' })],
    ]);
    const k = await t.api.getKpis();
    assert.equal(k.open, 2);
    assert.equal(k.red, 1);
    assert.equal(k.overdue, 1);
    assert.equal(k.alertsOpen, 1);
    assert.equal(k.camerasOffline, 1);
    assert.equal(k.at, NOW);

    const all = await t.api.getIncidentColumns({});
    assert.deepEqual([...all.ids].sort(), ['i-1', 'i-2', 'i-3']);
    assert.equal(all.more, false);
    const later = await t.api.getIncidentColumns({ afterVersion: all.version });
    assert.equal(later.count, 0);
    const chunk = await t.api.getIncidentColumns({ limit: 2 });
    assert.equal(chunk.count, 2);
    assert.equal(chunk.more, true);
  } finally {
    t.cleanup();
  }
});

test('lists, filters and details incidents and alerts; unknown ids are null', async () => {
  const t = setup();
  try {
    t.apply([
      ['incident.upsert', incident('i-1', { severity: 'red' })],
      ['incident.upsert', incident('i-2', { severity: 'green' })],
      ['alert.upsert', alert('a-1', { snapshot: 'data:image/png;base64,AAAA' })],
    ]);
    const red = await t.api.listIncidents({ severity: ['red'] });
    assert.deepEqual(red.map((r) => r.incidentId), ['i-1']);
    const detail = await t.api.getIncident({ incidentId: 'i-2' });
    assert.equal(detail?.severity, 'green');
    assert.equal(await t.api.getIncident({ incidentId: 'nope' }), null);
    const alerts = await t.api.listAlerts({ state: ['open'] });
    assert.equal(alerts.length, 1);
    assert.equal(await t.api.getAlertSnapshot({ alertId: 'a-1' }), 'data:image/png;base64,AAAA');
    assert.equal(await t.api.getAlertSnapshot({ alertId: 'nope' }), null);
    const activity = await t.api.getRecentActivity({ limit: 2 });
    assert.equal(activity.length, 2);
    assert.ok(activity[0]!.id < activity[1]!.id, 'oldest first');
  } finally {
    t.cleanup();
  }
});

test('refuses bad parameters with a BadRequest that names the field', async () => {
  const t = setup();
  try {
    const api = t.api as unknown as Record<string, (p?: unknown) => Promise<unknown>>;
    await rejectsWith(api.listIncidents!({ limit: 'ten' }), 'BadRequest', /listIncidents: limit/);
    await rejectsWith(api.listIncidents!({ status: ['lost'] }), 'BadRequest', /status/);
    await rejectsWith(api.listIncidents!({ colour: 'red' }), 'BadRequest', /colour|unrecognized/i);
    await rejectsWith(api.listIncidents!({ from: 10, to: 5 }), 'BadRequest', /from/);
    await rejectsWith(api.listIncidents!('everything'), 'BadRequest', /listIncidents/);
    await rejectsWith(api.getIncidentColumns!({ afterVersion: -1 }), 'BadRequest', /afterVersion/);
    await rejectsWith(api.getIncident!(undefined), 'BadRequest', /getIncident/);
    await rejectsWith(api.getIncident!({ incidentId: '' }), 'BadRequest', /incidentId/);
    await rejectsWith(api.listIndicators!({ period: '2026-13' }), 'BadRequest', /period/);
    await rejectsWith(api.getKpis!({ anything: 1 }), 'BadRequest', /takes no parameter/);
    await rejectsWith(api.issueCommand!({ type: 'incident.explode', target: {}, args: {} }), 'BadRequest', /type/);
    await rejectsWith(api.issueCommand!({ type: 'incident.dispatch', target: { incidentId: 'i-1', rev: 1 }, args: {} }), 'BadRequest', /args: department/);
    await rejectsWith(api.issueCommand!({ type: 'incident.accept', target: { rev: 1 }, args: {} }), 'BadRequest', /target: incidentId/);
    assert.equal(t.feed.issued.length, 0, 'nothing bad reached the feed');
    // Limits above the host's cap are clamped, not refused.
    assert.deepEqual(await t.api.listIncidents({ limit: 10_000_000 }), []);
  } finally {
    t.cleanup();
  }
});

test('issues a valid command as the runtime operator and shows it in the outbox', async () => {
  const t = setup();
  try {
    t.apply([['incident.upsert', incident('i-1')]]);
    const entry = await t.api.issueCommand({ type: 'incident.dispatch', target: { incidentId: 'i-1', rev: 1 }, args: { department: '城管' } });
    assert.equal(entry.state, 'pending');
    assert.equal(entry.type, 'incident.dispatch');
    assert.deepEqual(t.feed.issued[0]!.operator, { id: 'duty-officer', name: '值班员', role: 'duty-officer' });
    const outbox = await t.api.listOutbox({});
    assert.deepEqual(outbox.map((o) => o.commandId), [entry.commandId]);
  } finally {
    t.cleanup();
  }
});

test('answers info, links and boundaries, and says clearly when boundaries are missing', async () => {
  const t = setup();
  const t2 = setup({ boundaries: null });
  try {
    const info = await t.api.getInfo();
    assert.equal(info.consoleId, 'test-console');
    assert.equal(info.serverTime, NOW);
    assert.equal((await t.api.getLinks())[0]!.state, 'connecting');
    assert.equal((await t.api.getBoundaries()).district.properties.id, '370102');
    await rejectsWith(t2.api.getBoundaries(), 'BoundariesUnavailable', /no files/);
  } finally {
    t.cleanup();
    t2.cleanup();
  }
});

test('coalesces a burst of commits into one notice with the merged kinds, the newest version and at most 50 activity items', async () => {
  const t = setup();
  try {
    const { notices, sub } = collect(t.api);
    for (let i = 0; i < 30; i++) {
      t.apply([
        ['incident.upsert', incident(`i-${i}`)],
        ['incident.upsert', incident(`j-${i}`)],
        ['alert.upsert', alert(`a-${i}`)],
      ]);
    }
    await sleep(100);
    assert.equal(notices.length, 1);
    const n = notices[0]!;
    assert.deepEqual(n.kinds, ['incident', 'alert']);
    assert.equal(n.version, t.store.version());
    assert.equal(n.links, null, 'links did not change');
    assert.equal(n.activity.length, 50);
    assert.ok(n.activity.every((a, i) => i === 0 || a.id > n.activity[i - 1]!.id), 'oldest first');
    assert.equal(n.activity.at(-1)!.entityId, 'a-29', 'the newest activity is kept');
    sub.dispose();
  } finally {
    t.cleanup();
  }
});

test('sends at most one notice per interval to a listener while commits keep coming', async () => {
  const t = setup({ changeIntervalMs: 150 });
  try {
    const { notices, sub } = collect(t.api);
    const started = Date.now();
    for (let i = 0; i < 20; i++) {
      t.apply([['incident.upsert', incident(`i-${i}`)]]);
      await sleep(25);
    }
    const elapsed = Date.now() - started;
    await sleep(200);
    assert.ok(notices.length >= 2, `several notices over ${elapsed} ms (got ${notices.length})`);
    assert.ok(notices.length <= Math.ceil(elapsed / 150) + 2, `no more than one per 150 ms (got ${notices.length} in ${elapsed} ms)`);
    const ids = new Set(notices.flatMap((n) => n.activity.map((a) => a.entityId)));
    assert.equal(ids.size, 20, 'every activity item is delivered exactly once across the notices');
    sub.dispose();
  } finally {
    t.cleanup();
  }
});

test('carries the link states when they change, and stops after dispose', async () => {
  const t = setup();
  try {
    const { notices, sub } = collect(t.api);
    t.feed.setState('connected');
    await sleep(50);
    assert.equal(notices.length, 1);
    assert.equal(notices[0]!.links?.[0]?.state, 'connected');
    assert.deepEqual(notices[0]!.kinds, []);
    assert.equal(notices[0]!.version, t.store.version());
    sub.dispose();
    assert.equal(t.feed.listenerCount(), 0, 'the last listener gone, the API stops listening to the feed');
    t.feed.setState('down');
    t.apply([['incident.upsert', incident('i-1')]]);
    await sleep(300);
    assert.equal(notices.length, 1);
  } finally {
    t.cleanup();
  }
});

test('a listener that throws does not stop the others nor the store', async () => {
  const t = setup();
  const errors: unknown[] = [];
  const origError = console.error;
  console.error = (...args: unknown[]) => void errors.push(args);
  try {
    t.api.onChanges(() => {
      throw new Error('renderer bug');
    });
    const { notices } = collect(t.api);
    t.apply([['incident.upsert', incident('i-1')]]);
    await sleep(50);
    assert.equal(notices.length, 1);
    assert.equal(errors.length, 1);
    t.apply([['incident.upsert', incident('i-2')]]);
    assert.equal((await t.api.listIncidents({})).length, 2);
  } finally {
    console.error = origError;
    t.cleanup();
  }
});

test('after dispose, calls fail clearly and no notice is sent', async () => {
  const t = setup();
  try {
    const { notices } = collect(t.api);
    t.apply([['incident.upsert', incident('i-1')]]);
    t.api.dispose();
    await sleep(50);
    assert.equal(notices.length, 0);
    await rejectsWith(t.api.getKpis(), 'Error', /shutting down/);
  } finally {
    t.cleanup();
  }
});
