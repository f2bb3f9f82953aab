// The briefing with its strength-index ranking (红黑榜, streets, change vs last month), limited to a street
// operator's street, and the Excel workbook: opened again with exceljs, its sheets, headers, formats
// and figures must equal what getBriefing answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { applyEventBatch } from '../../../src-main/store/apply.ts';
import { createIndexEngine, loadIndexModel } from '../../../src-main/index/index-engine.ts';
import { createBriefingMethods } from '../../../src-main/api/briefing-methods.ts';
import { createCallerSession, runAsCaller } from '../../../src-main/api/caller.ts';
import { briefingIndexMonth } from '../../../src-main/store/briefing-index.ts';
import { WORKBOOK_KPIS, WORKBOOK_SHEETS } from '../../../src-main/briefing/briefing-workbook.ts';
import { branchIndicatorReport } from '../../../src-main/demo/indicators.ts';
import { batch, grid, incident, org, tempStore, STREET, OTHER_STREET } from '../../unit/store/fixtures.ts';
import type { Store } from '../../../src-main/store/store.ts';
import type { Briefing } from '../../../src-shared/briefing.ts';

const MODEL_FILE = path.join(import.meta.dirname, '../../../resources/index-model/default.json');
const at = (s: string): string => `${s}:00.000+08:00`;
const ms = (s: string): number => Date.parse(at(s));
const FROM = ms('2025-11-10T00:00');
const TO = ms('2025-11-17T00:00');
const NOW = ms('2025-11-20T12:00');

let seq: Record<string, number> = {};
const apply = (store: Store, street: string, items: Array<[string, unknown]>): void => {
  applyEventBatch(store, street, 'e1', batch((seq[street] ?? 0) + 1, items));
  seq[street] = (seq[street] ?? 0) + items.length;
};
const report = (orgId: string, period: string, members: number) => branchIndicatorReport(11, { orgId, members, households: 600 }, period);

function setup() {
  seq = {};
  const t = tempStore();
  // street A (STREET): 3 branches; street B (OTHER_STREET): 2 branches.
  apply(t.store, STREET, [
    ['org.upsert', org('SA', { kind: 'street-committee', name: '甲街道党工委', members: 100 })],
    ['org.upsert', org('CA', { kind: 'community-committee', name: '甲社区党委', parentId: 'SA', members: 60 })],
    ...['a1', 'a2', 'a3'].map((id, i) => ['org.upsert', org(id, { name: `甲${i + 1}网格党支部`, parentId: 'CA', gridId: `g-${id}`, members: 20 + i })] as [string, unknown]),
    ['grid.upsert', grid('g-a1', { name: '甲一网格' })],
    ...(['2025-09', '2025-10', '2025-11'].flatMap((p) => ['a1', 'a2', 'a3'].map((id, i) => ['indicators.report', report(id, p, 20 + i)] as [string, unknown]))),
    ['incident.upsert', incident('i1', { reportedAt: at('2025-11-12T09:00'), dueAt: at('2025-11-12T10:00'), status: 'handling', location: { lon: 117.05, lat: 36.67, gridId: 'g-a1' } })],
    ['incident.upsert', incident('i2', { reportedAt: at('2025-11-13T09:00'), status: 'closed', closedAt: at('2025-11-13T11:00'), satisfaction: 5 })],
  ]);
  apply(t.store, OTHER_STREET, [
    ['org.upsert', org('SB', { kind: 'street-committee', name: '乙街道党工委', members: 100 })],
    ['org.upsert', org('CB', { kind: 'community-committee', name: '乙社区党委', parentId: 'SB', members: 60 })],
    ...['b1', 'b2'].map((id, i) => ['org.upsert', org(id, { name: `乙${i + 1}网格党支部`, parentId: 'CB', gridId: `g-${id}`, members: 30 + i })] as [string, unknown]),
    ...(['2025-10', '2025-11'].flatMap((p) => ['b1', 'b2'].map((id, i) => ['indicators.report', report(id, p, 30 + i)] as [string, unknown]))),
    ['incident.upsert', incident('j1', { reportedAt: at('2025-11-14T09:00'), status: 'reported' })],
  ]);
  const engine = createIndexEngine({ store: t.store, model: loadIndexModel(MODEL_FILE), debounceMs: 10 });
  engine.recomputeAll();
  const api = createBriefingMethods(t.store, () => NOW, () => undefined, { index: { engine, modelFile: MODEL_FILE }, district: { id: '370102', name: '历下区' } });
  const close = (): void => {
    engine.dispose();
    t.cleanup();
  };
  return { t, engine, api, close };
}

test('the index month is the month of the last day, else the newest scored one before it', () => {
  const periods = ['2025-09', '2025-10'];
  assert.equal(briefingIndexMonth(periods, ms('2025-10-31T00:00')), '2025-10');
  assert.equal(briefingIndexMonth(periods, ms('2025-11-01T00:00')), '2025-10'); // [.., 11-01 00:00) ends on 10-31
  assert.equal(briefingIndexMonth(periods, ms('2025-12-15T00:00')), '2025-10');
  assert.equal(briefingIndexMonth(periods, ms('2025-09-15T00:00')), '2025-09');
  assert.equal(briefingIndexMonth(periods, ms('2025-08-15T00:00')), null);
});

test('the briefing carries the month\'s 红黑榜 and the streets with the change against last month', async () => {
  const { engine, api, close } = setup();
  try {
    const b = await api.getBriefing({ from: FROM, to: TO });
    const ix = b.index!;
    assert.ok(ix);
    assert.equal(ix.period, '2025-11');
    assert.equal(ix.month, '2025-11');
    assert.equal(ix.previousPeriod, '2025-10');
    assert.equal(ix.branches, 5);
    // red: best first; black: worst first; every score is the engine's
    const scores = ['a1', 'a2', 'a3', 'b1', 'b2'].map((id) => ({ id, score: engine.score('2025-11', id)!.scoreCenti / 100 })).sort((x, y) => y.score - x.score);
    assert.equal(ix.red[0]!.orgId, scores[0]!.id);
    assert.equal(ix.red[0]!.score, scores[0]!.score);
    assert.equal(ix.black[0]!.orgId, scores.at(-1)!.id);
    assert.equal(ix.red[0]!.rank, 1);
    assert.equal(ix.black[0]!.rank, 5);
    for (const r of [...ix.red, ...ix.black]) {
      const a = r.orgId.startsWith('a');
      assert.equal(r.parentName, a ? '甲社区党委' : '乙社区党委');
      assert.equal(r.streetName, a ? '甲街道党工委' : '乙街道党工委');
      assert.equal(r.previous, engine.score('2025-10', r.orgId)!.scoreCenti / 100);
      assert.equal(r.change, Math.round((r.score - r.previous!) * 100) / 100);
    }
    assert.deepEqual(ix.streets.map((s) => s.orgId).sort(), ['SA', 'SB']);
    for (const s of ix.streets) {
      assert.equal(s.score, engine.score('2025-11', s.orgId)!.scoreCenti / 100);
      assert.equal(s.previous, engine.score('2025-10', s.orgId)!.scoreCenti / 100);
    }
    assert.ok(ix.district);
    assert.equal(ix.district.score, engine.score('2025-11', '@district')!.scoreCenti / 100);

    // A street operator sees the ranking of the own street's branches (ranked among themselves); the district's score stays as the benchmark.
    const session = createCallerSession('web');
    session.account = { accountId: 'x', name: 'op', displayName: 'op', role: 'street-operator', street: OTHER_STREET };
    const scoped = (await runAsCaller(session, () => api.getBriefing({ from: FROM, to: TO }))).index!;
    assert.equal(scoped.branches, 2);
    assert.deepEqual([...scoped.red, ...scoped.black].every((r) => r.streetOrgId === 'SB'), true);
    assert.deepEqual(scoped.streets.map((s) => s.orgId), ['SB']);
    assert.deepEqual(scoped.district, ix.district);
    assert.deepEqual([...scoped.red.map((r) => r.rank), ...scoped.black.map((r) => r.rank)], [1, 2]);
  } finally {
    close();
  }
});

test('no index engine or no scores before the period: the briefing has no ranking', async () => {
  const { t, api, close } = setup();
  try {
    const bare = createBriefingMethods(t.store, () => NOW, () => undefined);
    assert.equal((await bare.getBriefing({ from: FROM, to: TO })).index, null);
    assert.equal((await api.getBriefing({ from: ms('2025-01-01T00:00'), to: ms('2025-01-08T00:00') })).index, null);
  } finally {
    close();
  }
});

function cellValue(v: ExcelJS.CellValue): unknown {
  return v instanceof Date ? v.getTime() : v;
}

test('the Excel workbook has a sheet per table with Chinese headers, formats, a frozen header, and getBriefing\'s figures', async () => {
  const { api, close } = setup();
  try {
    await assert.rejects(api.exportBriefingWorkbook({ from: 5, to: 1 }), { name: 'BadRequest', message: /exportBriefingWorkbook: to/ });
    const b: Briefing = await api.getBriefing({ from: FROM, to: TO });
    const out = await api.exportBriefingWorkbook({ from: FROM, to: TO });
    assert.equal(out.name, 'briefing-2025-11-10-2025-11-16.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out.base64, 'base64') as unknown as ArrayBuffer);
    assert.deepEqual(wb.worksheets.map((w) => w.name), Object.values(WORKBOOK_SHEETS));
    for (const ws of wb.worksheets) {
      assert.equal(ws.views[0]?.state, 'frozen', ws.name);
      assert.equal((ws.views[0] as { ySplit?: number }).ySplit, 1, ws.name);
      assert.equal(ws.getRow(1).font?.bold, true, ws.name);
    }
    const sheet = (name: string) => wb.getWorksheet(name)!;
    const header = (name: string) => (sheet(name).getRow(1).values as unknown[]).slice(1);
    const body = (name: string) => {
      const rows: unknown[][] = [];
      sheet(name).eachRow((row, n) => n > 1 && rows.push((row.values as ExcelJS.CellValue[]).slice(1).map(cellValue)));
      return rows;
    };

    // KPIs: the figures as numbers, rates formatted as percentages
    assert.deepEqual(header(WORKBOOK_SHEETS.kpis), ['指标', '本期', '上期', '变化']);
    const kpis = body(WORKBOOK_SHEETS.kpis);
    assert.deepEqual(kpis.map((r) => r[0]), WORKBOOK_KPIS.map((k) => k.label));
    WORKBOOK_KPIS.forEach((k, i) => {
      assert.equal(kpis[i]![1] ?? null, k.pick(b.current), k.label);
      assert.equal(kpis[i]![2] ?? null, k.pick(b.prev), k.label);
    });
    assert.equal(kpis[0]![1], b.current.total);
    assert.equal(kpis[0]![1], 3);
    assert.equal(sheet(WORKBOOK_SHEETS.kpis).getCell('B3').numFmt, '0.0%');
    assert.equal(sheet(WORKBOOK_SHEETS.kpis).getCell('B2').numFmt, '#,##0');

    assert.deepEqual(body(WORKBOOK_SHEETS.byDay).map((r) => [r[0], r[1]]), b.byDay.map((d) => [d.day, d.count]));
    assert.deepEqual(header(WORKBOOK_SHEETS.byStreet), ['排名', '街道', '本期', '上期', '变化']);
    assert.deepEqual(body(WORKBOOK_SHEETS.byStreet).map((r) => [r[1], r[2], r[3]]), b.byStreet.map((s) => [s.key === STREET ? '龙洞街道' : '解放路街道', s.count, s.prev]));
    assert.deepEqual(body(WORKBOOK_SHEETS.bySource).map((r) => [r[1], r[2]]), b.bySource.map((s) => [s.key === 'grid-worker' ? '网格员' : s.key, s.count]));
    assert.deepEqual(body(WORKBOOK_SHEETS.byCategory).map((r) => [r[1], r[2], r[3]]), b.byCategory.map((s) => [s.key, s.count, s.prev]));

    // the overdue list: times in Shanghai wall-clock, hours as numbers
    const overdue = body(WORKBOOK_SHEETS.overdue);
    assert.equal(overdue.length, b.overdueList.length);
    assert.equal(overdue.length, 1);
    assert.equal(overdue[0]![0], 'i1');
    assert.equal(overdue[0]![2], '龙洞街道');
    assert.equal(overdue[0]![3], '甲一网格');
    assert.equal(overdue[0]![9], Date.parse('2025-11-12T10:00:00Z'), 'due 10:00 Shanghai shows as 10:00');
    assert.equal(overdue[0]![10], b.overdueList[0]!.overdueMs / 3_600_000);
    assert.equal(sheet(WORKBOOK_SHEETS.overdue).getCell('J2').numFmt, 'yyyy-mm-dd hh:mm');

    // the index sheets equal the briefing's ranking
    assert.deepEqual(header(WORKBOOK_SHEETS.indexRed), ['排名', '党支部', '社区', '街道', '得分', '星级', '上月得分', '较上月（分）']);
    assert.deepEqual(body(WORKBOOK_SHEETS.indexRed).map((r) => [r[0], r[1], r[4], r[7] ?? null]), b.index!.red.map((r) => [r.rank, r.name, r.score, r.change]));
    assert.deepEqual(body(WORKBOOK_SHEETS.indexBlack).map((r) => [r[1], r[4]]), b.index!.black.map((r) => [r.name, r.score]));
    assert.deepEqual(body(WORKBOOK_SHEETS.indexStreets).map((r) => [r[1], r[2], r[4] ?? null]), b.index!.streets.map((r) => [r.name, r.score, r.previous]));
    assert.match(String(sheet(WORKBOOK_SHEETS.info).getCell('B3').value), /^2025-11-10 至 2025-11-16$/);
  } finally {
    close();
  }
});

test('withMap adds the positions of the period\'s incidents, the most severe first, within the street scope', async () => {
  const { t, api, close } = setup();
  try {
    assert.equal((await api.getBriefing({ from: FROM, to: TO })).map, undefined);
    apply(t.store, STREET, [
      ['incident.upsert', incident('r1', { severity: 'red', reportedAt: at('2025-11-15T09:00'), location: { lon: 117.06, lat: 36.68, gridId: 'g-a1' } })],
      ['incident.upsert', incident('x1', { status: 'rejected', reportedAt: at('2025-11-15T10:00') })],
      ['incident.upsert', incident('late', { reportedAt: at('2025-11-17T10:00') })],
    ]);
    const m = (await api.getBriefing({ from: FROM, to: TO, withMap: true })).map!;
    // i1, i2, j1, r1; not the rejected one nor the one after the period
    assert.equal(m.total, 4);
    assert.deepEqual([m.lon[0], m.lat[0], m.severity[0]], [117.06, 36.68, 0]);
    assert.equal(m.lon.length, 4);
    // i2 closed inside the period
    assert.equal(m.closed.reduce((a, b) => a + b, 0), 1);
    const session = createCallerSession('web');
    session.account = { accountId: 'x', name: 'op', displayName: 'op', role: 'street-operator', street: OTHER_STREET };
    const scoped = (await runAsCaller(session, () => api.getBriefing({ from: FROM, to: TO, withMap: true }))).map!;
    assert.equal(scoped.total, 1);
    await assert.rejects(api.getBriefing({ from: FROM, to: TO, withMap: 'yes' }), { name: 'BadRequest' });
  } finally {
    close();
  }
});
