// Issue 4: the wall's display state — alarms new to the wall become active on an 'alarm' notice, an
// acknowledgement goes to the host or (not signed in) stays on this wall and survives a reload.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChangeNotice, ConsoleApi } from '../../../src-shared/api.ts';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings.ts';
import type { AlarmRow } from '../../../src-shared/wall-api.ts';
import { LiveDisplay } from '../../../src-renderer/wall/live-display.ts';

function row(id: string, recordedAt: number): AlarmRow {
  return { kind: 'alert', id, subcentreId: '370102012', severity: 'red', title: `camera ${id}`, category: 'fire-smoke', lon: 117, lat: 36.6, raisedAt: recordedAt, recordedAt, acknowledgedAt: null, acknowledgedBy: null };
}

function fakeApi(options: { signedIn: boolean }) {
  const alarms: AlarmRow[] = [row('before', 10)];
  let listener: ((n: ChangeNotice) => void) | null = null;
  let listCalls = 0;
  const api = {
    getSettings: async () => ({ settings: DEFAULT_SETTINGS, origin: {}, canEdit: false }),
    whoAmI: async () => ({ account: null, subject: 'wall', detail: null }),
    getWallCharts: async () => ({ at: 0, dayStart: 0, byCategoryToday: [], byHour: [] }),
    listAlarms: async () => {
      listCalls++;
      const open = alarms.filter((a) => a.acknowledgedAt === null).sort((a, b) => b.raisedAt - a.raisedAt);
      return { alarms: open, unacknowledged: open.length, since: 0 };
    },
    acknowledgeAlarm: async (r: { kind: string; id: string }) => {
      if (!options.signedIn) throw Object.assign(new Error('acknowledgeAlarm: sign in first'), { name: 'Unauthorized' });
      const a = alarms.find((x) => x.id === r.id)!;
      a.acknowledgedAt = 99;
      a.acknowledgedBy = '值班员';
      return { ...a };
    },
    onChanges: (l: (n: ChangeNotice) => void) => {
      listener = l;
      return { dispose: () => (listener = null) };
    },
  } as unknown as ConsoleApi;
  return {
    api,
    alarms,
    notify: (kinds: ChangeNotice['kinds']) => listener?.({ version: 1, kinds, links: null, activity: [] }),
    listCalls: () => listCalls,
  };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

test('an alarm recorded after the wall looked is active; one from before is only missed', async () => {
  const f = fakeApi({ signedIn: true });
  const d = new LiveDisplay(f.api, { storage: memoryStorage() });
  after(() => d.dispose());
  await d.start();
  assert.deepEqual(d.getSnapshot().active, []);
  assert.deepEqual(d.getSnapshot().missed.map((a) => a.id), ['before']);
  f.alarms.push(row('new', 20));
  f.notify(['alarm']);
  await tick(400);
  assert.deepEqual(d.getSnapshot().active.map((a) => a.id), ['new']);
  assert.deepEqual(d.getSnapshot().missed.map((a) => a.id), ['new', 'before']);
  await d.acknowledge({ kind: 'alert', id: 'new' });
  assert.deepEqual(d.getSnapshot().active, []);
  assert.equal(d.getSnapshot().lastAck?.local, false);
  assert.equal(f.alarms.find((a) => a.id === 'new')!.acknowledgedBy, '值班员');
  d.dispose();
});

test('a wall that is not signed in acknowledges on this wall only, and that holds across a reload', async () => {
  const f = fakeApi({ signedIn: false });
  const storage = memoryStorage();
  const d = new LiveDisplay(f.api, { storage });
  after(() => d.dispose());
  await d.start();
  f.alarms.push(row('new', 20));
  f.notify(['alarm']);
  await tick(400);
  assert.equal(d.getSnapshot().active.length, 1);
  await d.acknowledge({ kind: 'alert', id: 'new' });
  assert.deepEqual(d.getSnapshot().active, []);
  assert.equal(d.getSnapshot().lastAck?.local, true);
  assert.equal(d.getSnapshot().lastAck?.reason, 'Unauthorized');
  assert.deepEqual(d.getSnapshot().missed.map((a) => a.id), ['before'], 'acknowledged here: not missed here');
  assert.equal(d.getSnapshot().unacknowledged, 2, 'the host still counts it');
  d.dispose();
  const reloaded = new LiveDisplay(f.api, { storage });
  after(() => reloaded.dispose());
  await reloaded.start();
  assert.deepEqual(reloaded.getSnapshot().missed.map((a) => a.id), ['before']);
  reloaded.dispose();
});

test('a burst of alarm notices makes few list calls (throttled)', async () => {
  const f = fakeApi({ signedIn: true });
  const d = new LiveDisplay(f.api, { storage: null });
  after(() => d.dispose());
  await d.start();
  const before = f.listCalls();
  for (let i = 0; i < 20; i++) f.notify(['alarm']);
  await tick(400);
  assert.equal(f.listCalls() - before, 1);
  d.dispose();
});
