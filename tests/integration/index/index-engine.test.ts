import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { applyEventBatch } from '../../../src-main/store/apply.ts';
import { createIndexEngine, loadIndexModel, type IndexEngine } from '../../../src-main/index/index-engine.ts';
import { createIndexMethods } from '../../../src-main/api/index-methods.ts';
import { branchIndicatorReport } from '../../../src-main/demo/indicators.ts';
import { batch, grid, incident, org, tempStore } from '../../unit/store/fixtures.ts';
import { createCallerSession, runAsCaller } from '../../../src-main/api/caller.ts';
import type { Store } from '../../../src-main/store/store.ts';

const MODEL_FILE = path.join(import.meta.dirname, '../../../resources/index-model/default.json');
const STREET = '370102012';
let seq = 0;
const apply = (store: Store, items: Array<[string, unknown]>): void => {
  applyEventBatch(store, STREET, 'e1', batch(seq + 1, items));
  seq += items.length;
};

// Two streets, one community each, two grid branches each.
const ORGS = [
  org('S1', { kind: 'street-committee', name: '甲街道党工委', members: 100 }),
  org('S2', { kind: 'street-committee', name: '乙街道党工委', members: 100 }),
  org('C1', { kind: 'community-committee', name: '甲社区党委', parentId: 'S1', members: 50 }),
  org('C2', { kind: 'community-committee', name: '乙社区党委', parentId: 'S2', members: 50 }),
  org('b1', { name: '甲1网格党支部', parentId: 'C1', gridId: 'g1', members: 20 }),
  org('b2', { name: '甲2网格党支部', parentId: 'C1', gridId: 'g2', members: 30 }),
  org('b3', { name: '乙1网格党支部', parentId: 'C2', gridId: 'g3', members: 25 }),
  org('b4', { name: '乙2网格党支部', parentId: 'C2', gridId: 'g4', members: 35 }),
];
const report = (orgId: string, period: string) => branchIndicatorReport(7, { orgId, members: 30, households: 600 }, period);

function setup() {
  seq = 0;
  const t = tempStore();
  apply(t.store, ORGS.map((o) => ['org.upsert', o] as [string, unknown]));
  apply(
    t.store,
    ['2025-10', '2025-11'].flatMap((p) => ['b1', 'b2', 'b3', 'b4'].map((id) => ['indicators.report', report(id, p)] as [string, unknown])),
  );
  const engine = createIndexEngine({ store: t.store, model: loadIndexModel(MODEL_FILE), debounceMs: 10 });
  return { t, engine };
}

const rows = (store: Store) => store.db.prepare(`SELECT * FROM index_scores ORDER BY period, org_id`).all();

function freshRecompute(store: Store, engine: IndexEngine): unknown[] {
  const other = createIndexEngine({ store, model: engine.model });
  try {
    other.recomputeAll();
    return rows(store);
  } finally {
    other.dispose();
  }
}

test('scores every month from scratch, aggregated up to the streets and the district', () => {
  const { t, engine } = setup();
  try {
    const stats = engine.recomputeAll();
    assert.equal(stats.periods, 2);
    // Per month: 4 branches, 2 communities, 2 streets, the district.
    assert.equal(rows(t.store).length, 18);
    const c1 = engine.score('2025-11', 'C1')!;
    const b1 = engine.score('2025-11', 'b1')!;
    const b2 = engine.score('2025-11', 'b2')!;
    // C1 is the members-weighted mean (20 : 30) of b1 and b2, contribution by contribution.
    c1.contributions.forEach((c, i) => assert.equal(c, Math.round((20 * b1.contributions[i]! + 30 * b2.contributions[i]!) / 50)));
    for (const r of rows(t.store) as Array<{ score: number; breakdown: string }>) {
      const b = JSON.parse(r.breakdown) as { c: number[] };
      assert.equal(b.c.reduce((x, y) => x + y, 0), Math.round(r.score * 100));
      assert.ok(r.score >= 0 && r.score <= 100);
    }
  } finally {
    engine.dispose();
    t.cleanup();
  }
});

test('a new report re-scores that branch and its ancestors only, with the same result as from scratch', () => {
  const { t, engine } = setup();
  try {
    engine.recomputeAll();
    const before = engine.score('2025-11', 'b3');
    const r = report('b1', '2025-11');
    // meetings_held is target-normalised: no min-max range moves.
    apply(t.store, [['indicators.report', { ...r, rev: 2, values: { ...r.values, meetings_held: 1 } }]]);
    const stats = engine.processPending();
    assert.deepEqual(stats, { periods: 1, written: 4, full: false }); // b1, C1, S1, the district
    assert.equal(engine.score('2025-11', 'b3'), before, 'the other street was not touched');
    assert.equal(engine.score('2025-11', 'b1')!.values[engine.model.indicators.findIndex((i) => i.id === 'meetings_held')], 1);
    const incremental = rows(t.store);
    assert.deepEqual(freshRecompute(t.store, engine), incremental);
  } finally {
    engine.dispose();
    t.cleanup();
  }
});

test('a closed incident in a grid feeds the derived indicators of its branch', async () => {
  const { t, engine } = setup();
  try {
    engine.recomputeAll();
    const onTime = engine.model.indicators.findIndex((i) => i.id === 'closed_on_time');
    assert.equal(engine.score('2025-11', 'b2')!.values[onTime], null);
    const updated = new Promise((resolve) => engine.onDidUpdate(resolve));
    const closed = (id: string, due: string) =>
      incident(id, {
        status: 'closed',
        location: { lon: 117.05, lat: 36.67, gridId: 'g2' },
        reportedAt: '2025-11-10T08:00:00.000+08:00',
        updatedAt: '2025-11-10T10:00:00.000+08:00',
        closedAt: '2025-11-10T10:00:00.000+08:00',
        dueAt: due,
        satisfaction: 4,
      });
    apply(t.store, [
      ['incident.upsert', closed('i-1', '2025-11-10T12:00:00.000+08:00')],
      ['incident.upsert', closed('i-2', '2025-11-10T09:00:00.000+08:00')], // closed late
    ]);
    // Not called by hand: the engine heard the commit.
    const stats = (await updated) as { full: boolean; written: number };
    assert.equal(stats.full, false);
    assert.equal(engine.score('2025-11', 'b2')!.values[onTime], 0.5);
    const sat = engine.model.indicators.findIndex((i) => i.id === 'incident_satisfaction');
    assert.equal(engine.score('2025-11', 'b2')!.values[sat], 4);
    assert.deepEqual(freshRecompute(t.store, engine), rows(t.store));
  } finally {
    engine.dispose();
    t.cleanup();
  }
});

test('the API ranks with red and black lists, explains a profile exactly and compares two streets', async () => {
  const { t, engine } = setup();
  try {
    engine.recomputeAll();
    const api = createIndexMethods({ store: t.store, now: () => Date.parse('2025-12-05T00:00:00Z'), live: () => {}, index: { engine, modelFile: MODEL_FILE } });
    const ranking = await api.getIndexRanking({ level: 'grid-branch' });
    assert.equal(ranking.period, '2025-11');
    assert.equal(ranking.rows.length, 4);
    assert.equal(ranking.red.length, 2);
    assert.equal(ranking.black.length, 2);
    assert.ok(ranking.red[0]!.score >= ranking.rows[1]!.score && ranking.black[0]!.score <= ranking.rows[2]!.score);
    assert.equal(ranking.rows[0]!.rank, 1);
    assert.equal(ranking.rows[0]!.previous !== null, true);
    const profile = (await api.getBranchProfile({ orgId: 'b2' }))!;
    const sum = profile.breakdown.reduce((s, b) => s + Math.round(b.contribution * 100), 0);
    assert.equal(sum, Math.round(profile.score * 100));
    assert.equal(profile.trend.length, 2);
    assert.equal(profile.dimensions.length, 6);
    assert.equal(profile.rankOf, 4);
    const cmp = (await api.compareStreets({ a: 'S1', b: 'S2' }))!;
    assert.deepEqual(cmp.streets.map((s) => s.children.length), [1, 1]);
    const grids = await api.getGridIndexScores({});
    assert.deepEqual(grids.grids.map((g) => g.gridId).sort(), ['g1', 'g2', 'g3', 'g4']);
    await assert.rejects(api.getIndexRanking({ level: 'planet' }), /getIndexRanking: level/);
    await assert.rejects(api.getBranchProfile({ orgId: 'b1', period: '2025-13' }), /must be YYYY-MM/);
    assert.equal(await api.getBranchProfile({ orgId: 'nobody' }), null);
    // The map opens a profile by grid.
    assert.equal((await api.getBranchProfile({ gridId: 'g2' }))!.orgId, 'b2');
    assert.equal(await api.getBranchProfile({ gridId: 'nowhere' }), null);
    await assert.rejects(api.getBranchProfile({}), /give either orgId or gridId/);
  } finally {
    engine.dispose();
    t.cleanup();
  }
});

test('a change in the org tree (members move the weights) re-scores from scratch', () => {
  const { t, engine } = setup();
  try {
    engine.recomputeAll();
    const before = engine.score('2025-11', 'C1')!.scoreCenti;
    apply(t.store, [['org.upsert', { ...ORGS[4]!, rev: 2, members: 300 }]]); // b1: 20 → 300 members
    const stats = engine.processPending();
    assert.equal(stats.full, true);
    const b1 = engine.score('2025-11', 'b1')!;
    const b2 = engine.score('2025-11', 'b2')!;
    assert.equal(engine.score('2025-11', 'C1')!.scoreCenti, b1.contributions.reduce((s, c, i) => s + Math.round((300 * c + 30 * b2.contributions[i]!) / 330), 0));
    assert.notEqual(engine.score('2025-11', 'C1')!.scoreCenti, before);
  } finally {
    engine.dispose();
    t.cleanup();
  }
});

test('the console refuses to start on a bad model file, naming the line and the problem', async () => {
  const { startConsoleRuntime } = await import('../../../src-main/runtime/console-runtime.ts');
  const { mkdtempSync, rmSync, writeFileSync, readFileSync } = await import('node:fs');
  const os = await import('node:os');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-index-model-'));
  try {
    const bad = path.join(dir, 'model.json');
    writeFileSync(bad, readFileSync(MODEL_FILE, 'utf8').replace('"direction": "higher"', '"direction": "up"'));
    const config = { consoleId: 'test', district: { id: '370102', name: '历下区' }, staleAfterSeconds: 30, subcentres: [] };
    await assert.rejects(
      startConsoleRuntime({ dataDir: path.join(dir, 'data'), transport: 'web', config, indexModelFile: bad, log: () => undefined }),
      (err: Error) => /model\.json is not valid/.test(err.message) && /line \d+: indicators\[0\]\.direction: must be "higher" or "lower"/.test(err.message),
    );
    // The same console with the default model starts, and says which file it uses.
    const rt = await startConsoleRuntime({ dataDir: path.join(dir, 'data'), transport: 'web', config, log: () => undefined });
    try {
      const info = await rt.api.getIndexModel();
      assert.equal(info.file, MODEL_FILE);
      assert.equal(info.indicators.length, 22);
      assert.deepEqual(info.periods, []);
      assert.equal((await rt.api.getIndexRanking({ level: 'street-committee' })).rows.length, 0);
    } finally {
      await rt.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a street operator sees the index of their own street only (enforced by the core)', async () => {
  seq = 0;
  const t = tempStore();
  const OTHER = '370102001';
  try {
    const mine = ORGS.filter((o) => ['S1', 'C1', 'b1', 'b2'].includes(o.orgId));
    const theirs = ORGS.filter((o) => !mine.includes(o));
    apply(t.store, [...mine.map((o) => ['org.upsert', o] as [string, unknown]), ['grid.upsert', grid('g1')], ['grid.upsert', grid('g2')]]);
    apply(t.store, ['b1', 'b2'].map((id) => ['indicators.report', report(id, '2025-11')] as [string, unknown]));
    applyEventBatch(t.store, OTHER, 'e9', batch(1, [
      ...theirs.map((o) => ['org.upsert', o] as [string, unknown]),
      ['grid.upsert', grid('g3')],
      ['grid.upsert', grid('g4')],
      ...['b3', 'b4'].map((id) => ['indicators.report', report(id, '2025-11')] as [string, unknown]),
    ]));
    const engine = createIndexEngine({ store: t.store, model: loadIndexModel(MODEL_FILE), debounceMs: 10 });
    try {
      engine.recomputeAll();
      const api = createIndexMethods({ store: t.store, now: () => Date.parse('2025-12-05T00:00:00Z'), live: () => {}, index: { engine, modelFile: MODEL_FILE } });
      const session = createCallerSession('web');
      session.account = { accountId: 'x', name: 'longdong', displayName: '龙洞', role: 'street-operator', street: STREET };
      const as = <T>(fn: () => Promise<T>) => runAsCaller(session, fn);
      const ranking = await as(() => api.getIndexRanking({ level: 'grid-branch' }));
      assert.deepEqual(ranking.rows.map((r) => r.orgId).sort(), ['b1', 'b2']);
      assert.ok([...ranking.red, ...ranking.black].every((r) => ['b1', 'b2'].includes(r.orgId)));
      assert.ok(ranking.rows.every((r) => r.rank >= 1 && r.rank <= 4), 'ranks stay district-wide');
      assert.equal(await as(() => api.getBranchProfile({ orgId: 'b3' })), null);
      assert.equal(await as(() => api.getBranchProfile({ gridId: 'g4' })), null);
      assert.equal((await as(() => api.getBranchProfile({ orgId: 'b1' })))!.orgId, 'b1');
      assert.equal(await as(() => api.compareStreets({ a: 'S1', b: 'S2' })), null);
      assert.deepEqual((await as(() => api.getGridIndexScores({}))).grids.map((g) => g.gridId).sort(), ['g1', 'g2']);
      // The district-wide roles see everything.
      assert.equal((await api.getIndexRanking({ level: 'grid-branch' })).rows.length, 4);
    } finally {
      engine.dispose();
    }
  } finally {
    t.cleanup();
  }
});
