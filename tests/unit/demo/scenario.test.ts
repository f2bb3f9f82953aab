// The scenario engine against a real sub-centre log on a temp file, on a hand-driven demo clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BODY_SCHEMAS, Incident, type EventType, type IncidentStatus, type VideoAlert } from '../../../src-shared/sfp/schemas.ts';
import { createScenarioClock, demoOnDuty, startScenario } from '../../../src-main/demo/scenario.ts';
import { DEMO_INDICATORS } from '../../../src-main/demo/indicators.ts';
import { DEPARTMENTS } from '../../../src-main/demo/catalog.ts';
import { pointInArea, type AreaGeometry } from '../../../src-main/demo/geo.ts';
import { comparable, demoDistrict, HOUR, manualClock, MINUTE, startTestSubcentre, type Fact, type ManualClock } from './helpers.ts';

const SMALL = '370102001'; // 解放路: 30 grids, a quick street
const LEGAL: Record<IncidentStatus, readonly IncidentStatus[]> = {
  reported: ['reported', 'accepted', 'rejected'],
  accepted: ['accepted', 'dispatched', 'resolved', 'rejected'],
  dispatched: ['dispatched', 'handling', 'resolved'],
  handling: ['handling', 'resolved'],
  resolved: ['resolved', 'closed', 'handling'],
  closed: ['closed'],
  rejected: ['rejected'],
};

function run(clock: ManualClock, tick: () => void, untilMs: number, stepMs: number): void {
  while (clock.ms() < untilMs) {
    clock.set(Math.min(untilMs, clock.ms() + stepMs));
    tick();
  }
}

const incidentsOf = (facts: Fact[]): Incident[] => facts.filter((f) => f.type === 'incident.upsert').map((f) => f.body as Incident);
const latest = <T extends Record<string, unknown>>(bodies: T[], key: string): Map<string, T> => new Map(bodies.map((b) => [String(b[key]), b]));

test('a fresh street gets its base entities and twelve months of reports per grid branch, in chunks of at most 500', async () => {
  const clock = manualClock('2026-11-23T10:00:00+08:00');
  const sub = await startTestSubcentre(SMALL, clock);
  try {
    const scenario = startScenario(sub.publisher, { streetId: SMALL, clock, district: demoDistrict(), tickMs: 0, backfillHours: 0 });
    scenario.stop();
    const d = demoDistrict();
    const p = sub.server.publisher;
    assert.equal(p.listEntities('grid').length, d.gridsOf(SMALL).length);
    assert.equal(p.listEntities('camera').length, d.camerasOf(SMALL).length);
    assert.equal(p.listEntities('station').length, d.stationsOf(SMALL).length);
    assert.equal(p.listEntities('org').length, d.orgsOf(SMALL).length);
    const branches = d.orgsOf(SMALL).filter((o) => o.kind === 'grid-branch');
    const reports = p.listIndicatorReports();
    assert.equal(reports.length, branches.length * 12);
    assert.deepEqual([...new Set(reports.map((r) => r.period))].sort(), ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    for (const r of reports) assert.deepEqual(Object.keys(r.values).sort(), DEMO_INDICATORS.map((i) => i.key).sort());
    assert.ok(DEMO_INDICATORS.length >= 15 && DEMO_INDICATORS.length <= 20);
    assert.ok(sub.chunkSizes.length > 0 && Math.max(...sub.chunkSizes) <= 500, `chunks ${sub.chunkSizes.join(',')}`);
    assert.equal(scenario.stats().publishedBase, true);
    assert.equal(scenario.stats().errors, 0);
  } finally {
    await sub.close();
  }
});

test('backfills the past six hours at once so that the wall is not empty', async () => {
  const clock = manualClock('2026-11-23T14:00:00+08:00');
  const sub = await startTestSubcentre(SMALL, clock);
  try {
    const scenario = startScenario(sub.publisher, { streetId: SMALL, clock, district: demoDistrict(), tickMs: 0 });
    const incidents = sub.server.publisher.listEntities('incident');
    assert.ok(incidents.length >= 10, `${incidents.length} incidents`);
    const from = clock.ms() - 6 * HOUR;
    for (const i of incidents) {
      const at = Date.parse(i.reportedAt);
      assert.ok(at >= from && at <= clock.ms(), i.reportedAt);
    }
    assert.ok(incidents.some((i) => i.status !== 'reported'), 'the backfilled incidents moved on');
    assert.ok(sub.server.publisher.listEntities('alert').length > 0);
    assert.ok(sub.server.publisher.listEntities('station').some((s) => s.openNow && (s.visitsToday ?? 0) > 0), 'stations are open in the afternoon');
    assert.equal(scenario.stats().errors, 0);
    scenario.stop();
  } finally {
    await sub.close();
  }
});

test('the same seed gives the same facts whatever the tick rate; another seed gives others', async () => {
  const runOnce = async (seed: number, stepMs: number): Promise<string[]> => {
    const clock = manualClock('2026-11-23T08:00:00+08:00');
    const sub = await startTestSubcentre(SMALL, clock);
    try {
      const scenario = startScenario(sub.publisher, { streetId: SMALL, seed, clock, district: demoDistrict(), tickMs: 0, backfillHours: 2 });
      run(clock, scenario.tick, clock.ms() + 8 * HOUR, stepMs);
      scenario.stop();
      return comparable(sub.facts);
    } finally {
      await sub.close();
    }
  };
  const a = await runOnce(7, MINUTE);
  const b = await runOnce(7, 17 * MINUTE);
  const c = await runOnce(8, MINUTE);
  assert.ok(a.length > 300, `${a.length} facts`);
  assert.deepEqual(b, a);
  assert.notDeepEqual(c.slice(-200), a.slice(-200));
});

test('every fact is a valid SFP/1 body; incidents lie in their grid, with address, due time by colour and a history', async () => {
  const clock = manualClock('2026-11-23T06:00:00+08:00');
  const sub = await startTestSubcentre(SMALL, clock);
  try {
    const scenario = startScenario(sub.publisher, { streetId: SMALL, clock, district: demoDistrict(), tickMs: 0, rates: { incidentsPerDay: 10_000 } });
    run(clock, scenario.tick, clock.ms() + 24 * HOUR, 5 * MINUTE);
    scenario.stop();
    assert.equal(scenario.stats().errors, 0);
    for (const f of sub.facts) {
      const r = BODY_SCHEMAS[f.type as EventType].safeParse(f.body);
      assert.ok(r.success, `${f.type} ${JSON.stringify(f.body).slice(0, 200)}`);
    }
    const d = demoDistrict();
    const street = d.street(SMALL)!;
    const firsts = incidentsOf(sub.facts).filter((i) => i.rev === 1);
    assert.ok(firsts.length > 300, `${firsts.length} incidents`);
    for (const i of firsts) {
      assert.ok(Incident.safeParse(i).success);
      const grid = d.grid(i.location.gridId!);
      assert.ok(grid && grid.streetId === SMALL, `${i.incidentId} is in a grid of the street`);
      assert.ok(pointInArea(i.location.lon, i.location.lat, grid.polygon as AreaGeometry), `${i.incidentId} lies inside its grid`);
      assert.ok(i.location.address?.startsWith(street.name), i.location.address);
      assert.match(i.incidentId, /^370102001-\d{8}-\d{4}$/);
      assert.match(i.title, /[\u4e00-\u9fff]/);
      assert.equal(i.status, 'reported');
      const hours = (Date.parse(i.dueAt!) - Date.parse(i.reportedAt)) / HOUR;
      assert.equal(hours, { red: 2, yellow: 24, green: 72 }[i.severity]);
      assert.ok(i.history.length === 1);
    }
    const share = (pred: (i: Incident) => boolean): number => firsts.filter(pred).length / firsts.length;
    assert.ok(share((i) => i.severity === 'green') > 0.6, 'mostly green');
    assert.ok(share((i) => i.severity === 'red') < 0.12, 'few red');
    assert.ok(share((i) => i.level === 'grid') > 0.85, 'mostly at grid level');
    const bySource = new Map<string, number>();
    for (const i of firsts) bySource.set(i.source, (bySource.get(i.source) ?? 0) + 1);
    const ranked = [...bySource.entries()].sort((x, y) => y[1] - x[1]).map((e) => e[0]);
    assert.equal(ranked[0], 'grid-worker');
    assert.equal(ranked[1], 'hotline-12345');
    assert.ok(new Set(firsts.map((i) => i.category.major)).size >= 7, 'most major categories occur');
  } finally {
    await sub.close();
  }
});

test('incidents go round the closed loop: legal moves only, most closed with satisfaction, some rejected, some overdue, some handled in the grid', async () => {
  const clock = manualClock('2026-11-23T00:00:00+08:00');
  const sub = await startTestSubcentre(SMALL, clock);
  try {
    const scenario = startScenario(sub.publisher, { streetId: SMALL, clock, district: demoDistrict(), tickMs: 0, backfillHours: 0, rates: { incidentsPerDay: 10_000 } });
    const end = clock.ms() + 4 * 24 * HOUR;
    let maxTracked = 0;
    while (clock.ms() < end) {
      clock.advance(10 * MINUTE);
      scenario.tick();
      maxTracked = Math.max(maxTracked, scenario.stats().openTracked);
    }
    scenario.stop();
    assert.equal(scenario.stats().errors, 0);
    const states = new Map<string, Incident[]>();
    for (const i of incidentsOf(sub.facts)) states.set(i.incidentId, [...(states.get(i.incidentId) ?? []), i]);
    for (const [id, seq] of states) {
      for (let k = 1; k < seq.length; k++) {
        assert.ok(LEGAL[seq[k - 1]!.status].includes(seq[k]!.status), `${id}: ${seq[k - 1]!.status} → ${seq[k]!.status}`);
        assert.ok(seq[k]!.rev > seq[k - 1]!.rev, `${id}: rev grows`);
        assert.equal(seq[k]!.history.length, seq[k - 1]!.history.length + 1, `${id}: one history entry per step`);
      }
    }
    const finals = [...states.values()].map((s) => s[s.length - 1]!);
    const old = finals.filter((i) => Date.parse(i.reportedAt) < end - 3.2 * 24 * HOUR);
    assert.ok(old.length > 150, `${old.length} incidents old enough`);
    const closed = old.filter((i) => i.status === 'closed');
    const rejected = old.filter((i) => i.status === 'rejected');
    assert.ok(closed.length / old.length > 0.85, `${closed.length} of ${old.length} closed`);
    assert.ok(rejected.length > 0 && rejected.length / old.length < 0.08, `${rejected.length} rejected`);
    for (const i of closed) {
      assert.ok(i.satisfaction! >= 1 && i.satisfaction! <= 5);
      assert.ok(i.closedAt);
      for (const h of i.history.slice(1)) assert.ok(h.by?.name, 'every step names who did it');
    }
    const fives = closed.filter((i) => i.satisfaction === 5).length;
    assert.ok(fives / closed.length > 0.6, 'mostly five stars');
    const overdue = closed.filter((i) => {
      const resolved = [...i.history].reverse().find((h) => h.action === 'incident.resolve');
      return resolved && Date.parse(resolved.at) > Date.parse(i.dueAt!);
    });
    assert.ok(overdue.length > 0 && overdue.length / closed.length < 0.25, `${overdue.length} resolved after their due time`);
    const inGrid = closed.filter((i) => !i.department);
    assert.ok(inGrid.length > 0 && inGrid.every((i) => i.history.some((h) => h.note?.includes('小事不出网格'))), 'small matters stay in the grid');
    const dispatched = closed.filter((i) => i.department);
    assert.ok(dispatched.length > 0 && dispatched.every((i) => i.department! in DEPARTMENTS && i.history.some((h) => h.action === 'handle')));
    assert.ok(finals.some((i) => i.level !== 'grid' && i.history.some((h) => h.action === 'incident.escalate')), 'some are escalated');
    assert.ok(finals.some((i) => i.history.some((h) => h.note === '核查未通过，退回重办')), 'some are returned for rework');
    assert.ok(maxTracked < 1500, `bounded: at most ${maxTracked} incidents tracked`);
  } finally {
    await sub.close();
  }
});

test('video alerts carry a camera-frame snapshot under 8 KB; confirmed ones open an incident that points back', async () => {
  const clock = manualClock('2026-11-23T08:00:00+08:00');
  const sub = await startTestSubcentre(SMALL, clock);
  try {
    const scenario = startScenario(sub.publisher, { streetId: SMALL, clock, district: demoDistrict(), tickMs: 0, backfillHours: 0, rates: { alertsPerDay: 6000 } });
    run(clock, scenario.tick, clock.ms() + 12 * HOUR, 5 * MINUTE);
    scenario.stop();
    const alerts = [...latest(sub.facts.filter((f) => f.type === 'alert.upsert').map((f) => f.body as VideoAlert), 'alertId').values()];
    assert.ok(alerts.length > 50, `${alerts.length} alerts`);
    const cameraIds = new Set(demoDistrict().camerasOf(SMALL).map((c) => c.cameraId));
    for (const a of alerts) {
      assert.ok(cameraIds.has(a.cameraId));
      assert.ok(a.confidence >= 0.5 && a.confidence <= 0.99);
      assert.match(a.snapshot!, /^data:image\/svg\+xml;base64,/);
      assert.ok(a.snapshot!.length < 8 * 1024, `${a.snapshot!.length} bytes`);
      const svg = Buffer.from(a.snapshot!.split(',')[1]!, 'base64').toString('utf8');
      assert.match(svg, /^<svg [^>]*>.*<\/svg>$/s);
      assert.ok(svg.includes('stroke="#ff2a2a"'), 'a red detection box');
    }
    const confirmed = alerts.filter((a) => a.state === 'confirmed');
    const dismissed = alerts.filter((a) => a.state === 'dismissed');
    assert.ok(confirmed.length > 0 && dismissed.length > 0);
    const incidents = latest(incidentsOf(sub.facts), 'incidentId');
    for (const a of confirmed) {
      const i = incidents.get(a.incidentId!);
      assert.ok(i, `the incident of ${a.alertId} exists`);
      assert.equal(i.alertId, a.alertId);
      assert.equal(i.source, 'video');
    }
    assert.ok(new Set(alerts.map((a) => a.kind)).size >= 6, 'several kinds');
  } finally {
    await sub.close();
  }
});

test('cameras drop out and come back; stations open by day, close at night and count their visitors', async () => {
  const clock = manualClock('2026-11-23T02:00:00+08:00');
  const sub = await startTestSubcentre(SMALL, clock);
  try {
    const scenario = startScenario(sub.publisher, { streetId: SMALL, clock, district: demoDistrict(), tickMs: 0, backfillHours: 0, rates: { cameraFaultsPerDay: 2000 } });
    const p = sub.server.publisher;
    const tier3 = () => p.listEntities('station').filter((s) => s.tier === 3);
    assert.ok(tier3().every((s) => !s.openNow), 'community stations are closed at 02:00');
    run(clock, scenario.tick, Date.parse('2026-11-23T11:00:00+08:00'), 10 * MINUTE);
    assert.ok(tier3().every((s) => s.openNow), 'and open at 11:00');
    assert.ok(tier3().some((s) => (s.visitsToday ?? 0) > 0), 'with visitors');
    run(clock, scenario.tick, Date.parse('2026-11-23T23:00:00+08:00'), 10 * MINUTE);
    assert.ok(tier3().every((s) => !s.openNow), 'closed again at 23:00');
    run(clock, scenario.tick, Date.parse('2026-11-24T01:00:00+08:00'), 10 * MINUTE);
    assert.ok(p.listEntities('station').every((s) => (s.visitsToday ?? 0) === 0 || s.openNow), 'visits start again at midnight');
    scenario.stop();
    const cameraFacts = sub.facts.filter((f) => f.type === 'camera.upsert').map((f) => f.body as { cameraId: string; status: string });
    assert.ok(cameraFacts.some((c) => c.status === 'offline'));
    assert.ok(cameraFacts.some((c) => c.status === 'fault'));
    const wentDown = new Set(cameraFacts.filter((c) => c.status !== 'online').map((c) => c.cameraId));
    const cameBack = new Set(cameraFacts.filter((c) => c.status === 'online').map((c) => c.cameraId));
    assert.ok([...wentDown].some((id) => cameBack.has(id)), 'and come back online');
  } finally {
    await sub.close();
  }
});

test('a new month brings the reports of the month that ended', async () => {
  const clock = manualClock('2026-11-30T22:00:00+08:00');
  const sub = await startTestSubcentre(SMALL, clock);
  try {
    const scenario = startScenario(sub.publisher, { streetId: SMALL, clock, district: demoDistrict(), tickMs: 0, backfillHours: 0 });
    const periods = () => new Set(sub.server.publisher.listIndicatorReports().map((r) => r.period));
    assert.ok(!periods().has('2026-11'));
    run(clock, scenario.tick, Date.parse('2026-12-01T01:00:00+08:00'), 30 * MINUTE);
    assert.ok(periods().has('2026-11'));
    const branches = demoDistrict().orgsOf(SMALL).filter((o) => o.kind === 'grid-branch').length;
    assert.equal(sub.server.publisher.listIndicatorReports().filter((r) => r.period === '2026-11').length, branches);
    scenario.stop();
  } finally {
    await sub.close();
  }
});

test('a restart on a log that has the street publishes no base again and carries the open incidents on', async () => {
  const clock = manualClock('2026-11-23T09:00:00+08:00');
  const sub = await startTestSubcentre(SMALL, clock);
  try {
    const first = startScenario(sub.publisher, { streetId: SMALL, clock, district: demoDistrict(), tickMs: 0, rates: { incidentsPerDay: 5000 } });
    run(clock, first.tick, clock.ms() + HOUR, 5 * MINUTE);
    first.stop();
    const open = sub.server.publisher.listOpenIncidents();
    assert.ok(open.length > 0);
    const before = sub.facts.length;
    clock.advance(30 * MINUTE);
    const second = startScenario(sub.publisher, { streetId: SMALL, clock, district: demoDistrict(), tickMs: 0, rates: { incidentsPerDay: 5000 } });
    assert.equal(second.stats().publishedBase, false);
    const after = sub.facts.slice(before);
    assert.ok(!after.some((f) => f.type === 'grid.upsert' || f.type === 'org.upsert' || f.type === 'indicators.report'), 'no base again');
    run(clock, second.tick, clock.ms() + 12 * HOUR, 5 * MINUTE);
    second.stop();
    for (const i of open) {
      const now = sub.server.publisher.getIncident(i.incidentId)!;
      assert.ok(now.rev > i.rev, `${i.incidentId} moved on after the restart`);
    }
    const ids = incidentsOf(sub.facts).filter((i) => i.rev === 1).map((i) => i.incidentId);
    assert.equal(new Set(ids).size, ids.length, 'no incident id was used twice');
    assert.equal(second.stats().errors, 0);
  } finally {
    await sub.close();
  }
});

test('refuses an unknown street and a bad clock speed with clear errors', async () => {
  const clock = manualClock('2026-11-23T09:00:00+08:00');
  const sub = await startTestSubcentre(SMALL, clock);
  try {
    assert.throws(() => startScenario(sub.publisher, { streetId: '999999001', clock, district: demoDistrict(), tickMs: 0 }), /not a street of the demo district/);
    assert.throws(() => createScenarioClock(0), RangeError);
    assert.throws(() => createScenarioClock(Number.NaN), RangeError);
    assert.throws(() => startScenario(sub.publisher, { streetId: SMALL, clock, district: demoDistrict(), tickMs: 0, rates: { incidentsPerDay: -1 } }), /incidentsPerDay/);
    assert.equal(sub.server.publisher.headSeq(), 0, 'nothing was published');
  } finally {
    await sub.close();
  }
});

test('the demo clock runs speed times faster than real time from its start', () => {
  let real = 1_000_000;
  const clock = createScenarioClock(60, new Date('2026-11-23T08:00:00+08:00'), () => real);
  assert.equal(clock.now().toISOString(), '2026-11-23T00:00:00.000Z');
  real += 1000;
  assert.equal(clock.now().toISOString(), '2026-11-23T00:01:00.000Z');
  assert.equal(clock.speed, 60);
});

test('on duty: most grid workers by day, a night shift at night', () => {
  const day = demoOnDuty(100, new Date('2026-11-23T10:00:00+08:00'));
  const night = demoOnDuty(100, new Date('2026-11-23T03:00:00+08:00'));
  assert.ok(day.gridWorkers > 80 && night.gridWorkers < 20);
  assert.ok(day.operators > night.operators && night.operators >= 1);
});
