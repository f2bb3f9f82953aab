import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActivityItem, ChangeNotice, ColumnsQuery, ConsoleApi, Disposable, Kpis, LinkState } from '../../../src-shared/api.ts';
import { LiveWall } from '../../../src-renderer/wall/live-wall.ts';
import type { WallTimers } from '../../../src-renderer/wall/live-wall.ts';
import { alertColumns, incidentColumns } from './columns.ts';

/** Timers that move only when the test says so. */
class ManualTimers implements WallTimers {
  private t = 1_000_000;
  private queue: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 1;
  now = (): number => this.t;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.queue.push({ at: this.t + ms, fn, id });
    return id;
  };
  clearTimeout = (h: unknown): void => {
    this.queue = this.queue.filter((q) => q.id !== h);
  };
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at);
      const next = this.queue[0];
      if (!next || next.at > end) break;
      this.queue.shift();
      this.t = next.at;
      next.fn();
      await settle();
    }
    this.t = end;
    await settle();
  }
  pending(): number {
    return this.queue.length;
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

const HOST_OFFSET = 5 * 3600_000; // the host's clock is 5 h ahead of the local one

/** An in-memory ConsoleApi: incidents with versions, notices pushed by the test. */
class MemoryApi implements ConsoleApi {
  rows: Array<{ id: string; version: number; severity: number; status: number }> = [];
  version = 0;
  down = false;
  columnCalls: ColumnsQuery[] = [];
  kpiCalls = 0;
  listeners = new Set<(n: ChangeNotice) => void>();
  links: LinkState[] = [];
  constructor(private readonly timers: ManualTimers) {}

  private async guard<T>(value: () => T): Promise<T> {
    await Promise.resolve();
    if (this.down) throw Object.assign(new Error('getInfo: connection lost'), { name: 'ConnectionLost' });
    return value();
  }
  add(n: number, patch: Partial<{ severity: number; status: number }> = {}): void {
    for (let i = 0; i < n; i++) this.rows.push({ id: `i-${this.rows.length}`, version: ++this.version, severity: patch.severity ?? 2, status: patch.status ?? 0 });
  }
  update(id: string, patch: Partial<{ severity: number; status: number }>): void {
    const row = this.rows.find((r) => r.id === id)!;
    Object.assign(row, patch, { version: ++this.version });
  }
  notify(notice: Partial<ChangeNotice>): void {
    for (const l of this.listeners) l({ version: this.version, kinds: [], links: null, activity: [], ...notice });
  }

  getInfo = () => this.guard(() => ({ version: 't', transport: 'web' as const, consoleId: 'c', demo: true, district: { id: '370102', name: '历下区' }, dataDir: '/tmp', cacheId: this.cacheId, serverTime: this.timers.now() + HOST_OFFSET }));
  cacheId = 'cache-1';
  getBoundaries = () =>
    this.guard(() => ({
      district: { type: 'Feature' as const, properties: { id: '370102', name: '历下区', level: 'district' as const }, geometry: { type: 'Polygon' as const, coordinates: [] } },
      streets: [],
      communities: [],
      bbox: [117, 36.6, 117.2, 36.7] as [number, number, number, number],
      source: 'approximate demo boundaries',
    }));
  getLinks = () => this.guard(() => this.links);
  getKpis = () =>
    this.guard((): Kpis => {
      this.kpiCalls++;
      const open = this.rows.filter((r) => r.status < 5).length;
      return { open, overdue: 0, newToday: this.rows.length, red: 0, alertsOpen: 0, closedToday: 0, camerasOffline: 0, at: this.timers.now() };
    });
  getIncidentColumns = (q: ColumnsQuery) =>
    this.guard(() => {
      this.columnCalls.push(q);
      const after = q.afterVersion ?? 0;
      const all = this.rows.filter((r) => r.version > after).sort((a, b) => a.version - b.version);
      const chunk = all.slice(0, q.limit ?? 1000);
      return incidentColumns(
        chunk.map((r) => ({ id: r.id, severity: r.severity, status: r.status })),
        chunk.at(-1)?.version ?? after,
        { more: all.length > chunk.length },
      );
    });
  getAlertColumns = () => this.guard(() => alertColumns([{ id: 'a1' }], 1));
  listGrids = () => this.guard(() => []);
  getRecentActivity = () => this.guard((): ActivityItem[] => [{ id: 1, subcentreId: '370102012', seq: 1, type: 'incident.upsert', at: 1, entityId: 'i-0', summary: '占道经营', severity: 'green', status: 'reported' }]);
  onChanges(listener: (n: ChangeNotice) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  listIncidents = () => this.guard(() => []);
  getIncident = () => Promise.reject(new Error('unused'));
  listAlerts = () => Promise.reject(new Error('unused'));
  getAlertSnapshot = () => Promise.reject(new Error('unused'));
  listCameras = () => Promise.reject(new Error('unused'));
  listStations = () => Promise.reject(new Error('unused'));
  listOrgs = () => Promise.reject(new Error('unused'));
  listIndicators = () => Promise.reject(new Error('unused'));
  issueCommand = () => Promise.reject(new Error('unused'));
  listOutbox = () => Promise.reject(new Error('unused'));
  getBriefing = () => Promise.reject(new Error('unused')); // issue 7
  exportBriefingWorkbook = () => Promise.reject(new Error('unused')); // issue 7
  getReplay = () => Promise.reject(new Error('unused')); // issue 7
  // issue 6
  getIndexModel = () => Promise.reject(new Error('unused'));
  getIndexRanking = () => Promise.reject(new Error('unused'));
  getBranchProfile = () => Promise.reject(new Error('unused'));
  compareStreets = () => Promise.reject(new Error('unused'));
  getGridIndexScores = () => Promise.reject(new Error('unused'));
  getSettings = () => Promise.reject(new Error('unused')); // issues 4 and 9
  updateSettings = () => Promise.reject(new Error('unused'));
  listEndpoints = () => Promise.reject(new Error('unused')); // issue 9
  saveEndpoint = () => Promise.reject(new Error('unused'));
  removeEndpoint = () => Promise.reject(new Error('unused'));
  testEndpoint = () => Promise.reject(new Error('unused'));
  listManagedAccounts = () => Promise.reject(new Error('unused'));
  updateAccount = () => Promise.reject(new Error('unused'));
  setAccountPassword = () => Promise.reject(new Error('unused'));
  listAlarms = () => Promise.reject(new Error('unused')); // issue 4
  acknowledgeAlarm = () => Promise.reject(new Error('unused')); // issue 4
  getWallCharts = () => Promise.reject(new Error('unused')); // issue 4
  getTileSource = () => Promise.reject(new Error('unused')); // issue 4
  getTile = () => Promise.reject(new Error('unused'));
  testTileSource = () => Promise.reject(new Error('unused'));
  // issue 5
  signIn = () => Promise.reject(new Error('unused'));
  signOut = () => Promise.reject(new Error('unused'));
  whoAmI = () => Promise.reject(new Error('unused'));
  createAccount = () => Promise.reject(new Error('unused'));
  listAccounts = () => Promise.reject(new Error('unused'));
  listAuditLog = () => Promise.reject(new Error('unused'));
  exportAuditCsv = () => Promise.reject(new Error('unused'));
  getQueueColumns = () => Promise.reject(new Error('unused'));
  getAlertTriageStats = () => Promise.reject(new Error('unused'));
  // issue 9: imports
  uploadImportChunk = () => Promise.reject(new Error('unused'));
  previewImport = () => Promise.reject(new Error('unused'));
  getImportStatus = () => Promise.reject(new Error('unused'));
  applyImport = () => Promise.reject(new Error('unused'));
  cancelImport = () => Promise.reject(new Error('unused'));
  listImports = () => Promise.reject(new Error('unused'));
  clearImport = () => Promise.reject(new Error('unused'));
}

function setup(initial = 0) {
  const timers = new ManualTimers();
  const api = new MemoryApi(timers);
  api.add(initial);
  const wall = new LiveWall(api, { timers, chunkSize: 100 });
  return { timers, api, wall };
}

test('on start it loads boundaries, links, KPIs, activity and every incident chunk', async () => {
  const { api, wall } = setup(250);
  try {
    await wall.start();
    await settle();
    const s = wall.getSnapshot();
    assert.equal(s.connection, 'connected');
    assert.ok(s.boundaries);
    assert.equal(s.kpis?.open, 250);
    assert.equal(s.activity.length, 1);
    assert.equal(s.incidents?.drawn, 250);
    assert.equal(s.alerts?.drawn, 1);
    assert.deepEqual(
      api.columnCalls.map((q) => q.afterVersion),
      [0, 100, 200],
      'three chunks of 100, each after the last version',
    );
  } finally {
    wall.dispose();
  }
});

test('a bulk load hands the map its incidents at most once a second, and the last chunk at once', async () => {
  const { api, wall } = setup(1000);
  const seen: number[] = [];
  let last: unknown = null;
  const unsubscribe = wall.subscribe(() => {
    const inc = wall.getSnapshot().incidents;
    if (inc && inc !== last) seen.push(inc.buffer?.length ?? 0);
    last = inc;
  });
  try {
    await wall.start();
    await settle();
    assert.equal(api.columnCalls.length, 10, 'ten chunks of 100');
    // The manual clock stands still: the first chunk is handed over, then nothing until the last one.
    assert.deepEqual(seen.filter((n) => n > 0), [100, 1000]);
    assert.equal(wall.getSnapshot().incidents?.drawn, 1000);
  } finally {
    unsubscribe();
    wall.dispose();
  }
});

test('a change notice pulls only the incidents after the last version seen', async () => {
  const { api, wall } = setup(10);
  try {
    await wall.start();
    await settle();
    api.columnCalls = [];
    api.add(2, { severity: 0 });
    api.update('i-3', { status: 5 });
    api.notify({ kinds: ['incident'] });
    await settle();
    assert.deepEqual(
      api.columnCalls.map((q) => q.afterVersion),
      [10],
    );
    const s = wall.getSnapshot();
    assert.equal(s.incidents?.drawn, 11, '10 + 2 new − 1 closed');
    assert.equal(wall.incidentBuffer.redCount, 2);
    api.notify({ kinds: ['station'] });
    await settle();
    assert.equal(api.columnCalls.length, 1, 'other kinds do not pull incidents');
  } finally {
    wall.dispose();
  }
});

test('KPIs are refreshed at most once a second however many notices arrive', async () => {
  const { api, wall, timers } = setup(1);
  try {
    await wall.start();
    await settle();
    const before = api.kpiCalls;
    for (let i = 0; i < 20; i++) {
      api.notify({ kinds: ['incident'] });
      await timers.advance(100);
    }
    // 2 s of notices every 100 ms: two refreshes (plus at most one still due), not twenty.
    const refreshes = api.kpiCalls - before;
    assert.ok(refreshes >= 1 && refreshes <= 3, `${refreshes} KPI refreshes`);
  } finally {
    wall.dispose();
  }
});

test('links and the ticker follow the notices, newest first', async () => {
  const { api, wall } = setup();
  try {
    await wall.start();
    await settle();
    const link: LinkState = {
      subcentreId: '370102012',
      name: '龙洞街道',
      url: 'http://127.0.0.1:1',
      state: 'stale',
      epoch: 'e',
      lastAckSeq: 5,
      headSeq: 9,
      lag: 4,
      lastHeardAt: 1,
      connectedSince: 1,
      lastError: null,
      onDuty: null,
      queue: null,
      pendingCommands: 0,
      rejectedEnvelopes: 0,
    };
    api.notify({ links: [link], activity: [{ id: 7, subcentreId: '370102012', seq: 7, type: 'incident.upsert', at: 50, entityId: 'i-9', summary: '井盖缺失', severity: 'red', status: 'reported' }] });
    const s = wall.getSnapshot();
    assert.equal(s.links[0]?.state, 'stale');
    assert.deepEqual(
      s.activity.map((a) => a.id),
      [7, 1],
    );
  } finally {
    wall.dispose();
  }
});

test('the clock ticks every second on the host time', async () => {
  const { wall, timers } = setup();
  try {
    await wall.start();
    await settle();
    const first = wall.getSnapshot().now;
    assert.ok(Math.abs(first - (timers.now() + HOST_OFFSET)) < 1000);
    await timers.advance(3000);
    const later = wall.getSnapshot().now;
    assert.ok(later - first >= 2000 && later - first <= 4000, `${later - first} ms`);
  } finally {
    wall.dispose();
  }
});

test('when the host is lost the last picture stays, and it catches up once the host is back', async () => {
  const { api, wall, timers } = setup(5);
  try {
    await wall.start();
    await settle();
    api.down = true;
    api.notify({ kinds: ['incident'] }); // the pull fails, the probe fails: host lost
    await settle();
    let s = wall.getSnapshot();
    assert.equal(s.connection, 'disconnected');
    assert.equal(s.incidents?.drawn, 5, 'the picture is kept');
    assert.equal(s.kpis?.open, 5);
    api.add(3);
    api.down = false;
    await timers.advance(2500);
    s = wall.getSnapshot();
    assert.equal(s.connection, 'connected');
    assert.equal(s.incidents?.drawn, 8);
  } finally {
    wall.dispose();
  }
});

test('a host that comes back on another cache is drawn again from version 0, not merged into the old picture', async () => {
  const { api, wall, timers } = setup(5);
  try {
    await wall.start();
    await settle();
    assert.equal(wall.getSnapshot().incidents?.drawn, 5);
    api.down = true;
    api.notify({ kinds: ['incident'] });
    await settle();
    assert.equal(wall.getSnapshot().connection, 'disconnected');
    // The host restarts on a fresh data dir: a new cache whose versions start again at 1.
    api.rows = [];
    api.version = 0;
    api.cacheId = 'cache-2';
    api.add(2);
    api.down = false;
    await timers.advance(2500);
    const s = wall.getSnapshot();
    assert.equal(s.connection, 'connected');
    assert.equal(s.info?.cacheId, 'cache-2');
    assert.equal(s.incidents?.drawn, 2, 'only the new cache\'s incidents are drawn');
  } finally {
    wall.dispose();
  }
});

test('dispose stops every timer and listener', async () => {
  const { api, wall, timers } = setup(1);
  await wall.start();
  await settle();
  wall.dispose();
  assert.equal(api.listeners.size, 0);
  assert.equal(timers.pending(), 0);
});
