// The briefing view's pure part: period in the address, KPI cards and their tone, the CSV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { briefingCsv, changeTone, formatChange, kpiCards, periodFromSearch, periodSearch } from '../../../src-renderer/briefing/model.ts';
import type { Briefing, BriefingFigures } from '../../../src-shared/briefing.ts';

const t = (s: string): number => Date.parse(s);
const now = t('2026-11-23T10:00:00+08:00');

function figures(over: Partial<BriefingFigures> = {}): BriefingFigures {
  return {
    total: 10, rejected: 0, closed: 8, closureRate: 0.8, closedWithDue: 8, closedOnTime: 6, onTimeRate: 0.75, avgCloseMs: 3 * 3_600_000,
    inGrid: 4, inGridRate: 0.5, rated: 4, satisfactionAvg: 4.5, satisfiedRate: 1, overdue: 2,
    alerts: { total: 5, open: 1, confirmed: 2, dismissed: 2, falsePositive: 1, falsePositiveRate: 0.25 },
    ...over,
  };
}

function briefing(): Briefing {
  const from = t('2026-11-23T00:00:00+08:00');
  return {
    period: { from, to: from + 86_400_000 },
    previous: { from: from - 86_400_000, to: from },
    generatedAt: now,
    current: figures(),
    prev: figures({ total: 8, closureRate: 0.9, overdue: 4, satisfactionAvg: null }),
    byDay: [{ day: '2026-11-23', count: 10 }],
    prevByDay: [{ day: '2026-11-22', count: 8 }],
    byCategory: [{ key: '街面秩序', count: 10, prev: 8 }],
    bySource: [{ key: 'grid-worker', count: 10, prev: 8 }],
    byStreet: [{ key: '370102012', count: 10, prev: 8 }],
    alertsByKind: [{ key: 'crowd', count: 5, prev: 5 }],
    overdueList: [{ incidentId: 'i-1', subcentreId: '370102012', gridId: 'g-1', gridName: '一网格', title: '=cmd, "quoted"', category: '占道经营', severity: 'red', status: 'handling', department: '城管', reportedAt: from, dueAt: from + 3_600_000, overdueMs: 5_400_000 }],
    repeated: [],
    warnings: [{ gridId: 'g-1', gridName: '一网格', subcentreId: '370102012', category: '街面秩序', count: 4, baseline: 0.5 }],
    index: {
      period: '2026-11',
      month: '2026-11',
      previousPeriod: '2026-10',
      branches: 2,
      red: [{ orgId: 'b1', name: '一网格党支部', parentName: '一社区党委', streetOrgId: 's1', streetName: '龙洞街道党工委', score: 91.25, stars: 5, rank: 1, previous: 88.5, change: 2.75 }],
      black: [{ orgId: 'b2', name: '二网格党支部', parentName: '一社区党委', streetOrgId: 's1', streetName: '龙洞街道党工委', score: 61.5, stars: 2, rank: 2, previous: null, change: null }],
      streets: [{ orgId: 's1', name: '龙洞街道党工委', parentName: null, streetOrgId: 's1', streetName: '龙洞街道党工委', score: 80.1, stars: 4, rank: 1, previous: 81.1, change: -1 }],
      district: { score: 80.1, stars: 4, previous: 81.1, change: -1 },
    },
  };
}

test('the address picks today, this week, this month or a custom range of days', () => {
  assert.deepEqual(periodFromSearch('?view=briefing', now), { kind: 'today', from: t('2026-11-23T00:00:00+08:00'), to: t('2026-11-24T00:00:00+08:00') });
  assert.equal(periodFromSearch('?period=week', now).from, t('2026-11-23T00:00:00+08:00'));
  assert.equal(periodFromSearch('?period=month', now).from, t('2026-11-01T00:00:00+08:00'));
  assert.deepEqual(periodFromSearch('?from=2026-11-01&to=2026-11-07', now), { kind: 'custom', from: t('2026-11-01T00:00:00+08:00'), to: t('2026-11-08T00:00:00+08:00') });
  assert.equal(periodFromSearch('?from=2026-11-07&to=2026-11-01', now).kind, 'today');
  const p = periodFromSearch('?period=week', now);
  assert.equal(periodSearch('?view=briefing&token=x&period=week', p, true), '?view=briefing&token=x&from=2026-11-23&to=2026-11-29&print=1');
  assert.equal(periodSearch('?view=briefing&token=x&from=2026-11-01&to=2026-11-02', p), '?view=briefing&token=x&period=week');
});

test('KPI cards compare with the previous period: rates in points, counts relative, good or bad news', () => {
  const cards = Object.fromEntries(kpiCards(briefing()).map((c) => [c.key, c]));
  assert.equal(cards.total!.change, 0.25);
  assert.equal(changeTone(cards.total!), 'flat'); // volume is neither good nor bad
  assert.ok(Math.abs(cards.closureRate!.change! - -0.1) < 1e-12);
  assert.equal(changeTone(cards.closureRate!), 'bad');
  assert.equal(formatChange(cards.closureRate!), '−10.0 pp');
  assert.equal(cards.overdue!.change, -0.5);
  assert.equal(changeTone(cards.overdue!), 'good');
  assert.equal(cards.satisfaction!.change, null);
  assert.equal(changeTone(cards.satisfaction!), 'none');
});

test('the CSV carries every table, quotes what needs it and defuses formulas', () => {
  const csv = briefingCsv(briefing(), {
    t: (k) => k,
    source: (k) => `S:${k}`,
    street: (id) => `ST:${id}`,
    status: (k) => k,
    severity: (k) => k,
    formatTime: (ms) => new Date(ms).toISOString(),
  });
  assert.ok(csv.startsWith('\uFEFFbriefing.table.kpis\r\n'));
  const lines = csv.split('\r\n');
  assert.ok(lines.includes('briefing.kpi.closureRate (%),80,90,−10.0 pp'));
  assert.ok(lines.includes('S:grid-worker,10,8'));
  assert.ok(lines.includes('一网格,ST:370102012,街面秩序,4,0.5'));
  assert.ok(lines.some((l) => l.startsWith(`i-1,ST:370102012,一网格,占道经营,red,handling,城管,`) && l.endsWith(',1.5')));
  // the strength index: 红榜, 黑榜 and the streets, with the change against last month
  assert.ok(lines.includes('briefing.index.red'));
  assert.ok(lines.includes('1,一网格党支部,一社区党委,龙洞街道党工委,91.25,88.5,2.75'));
  assert.ok(lines.includes('2,二网格党支部,一社区党委,龙洞街道党工委,61.5,,'));
  assert.ok(lines.includes('1,龙洞街道党工委,80.1,81.1,-1'));
  const title = briefingCsv({ ...briefing(), byCategory: [{ key: '=SUM(A1)', count: 1, prev: 0 }] }, { t: (k) => k, source: String, street: String, status: String, severity: String, formatTime: String });
  assert.ok(title.includes(`"'=SUM(A1)",1,0`));
});
