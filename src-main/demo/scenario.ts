// The demo scenario engine: makes one street's sub-centre look alive. It publishes the street's base
// entities and a year of indicator reports on a fresh log, backfills a few hours of activity, and
// then runs a discrete-event simulation on the demo clock: incidents (Poisson, day/night rhythm,
// optional burst) that go through the closed loop, video alerts that get confirmed or dismissed,
// cameras that drop out and return, stations that open, count visitors and close.
//
// Determinism: every fact comes from jobs taken from one time-ordered queue, and every random draw
// from PRNG streams forked from one seeded generator per street (seed + street index), so a seed
// gives the same sequence of facts whatever the tick rate. The sub-centre's `now` and this engine
// should run on the same ScenarioClock, so that envelope times follow demo time.
import type { Camera, Category, Incident, Level, Severity, Source, Station, VideoAlert } from '../../src-shared/sfp/schemas.ts';
import { alertKindLabel, incidentFromAlert, severityForAlertKind } from '../../src-shared/domain/alerts.ts';
import { appendHistory, isTerminalStatus } from '../../src-shared/domain/lifecycle.ts';
import { formatShanghaiIso, shanghaiDateKey } from '../../src-shared/domain/time.ts';
import type { SubcentrePublisher } from '../subcentre/types.ts';
import { ALERT_KIND_MIX, DEPARTMENTS, DUE_HOURS, INCIDENT_CATEGORIES, SOURCE_MIX, STREET_ROADS, categoryOf, departmentId, findMinor } from './catalog.ts';
import { loadDemoDistrict, type DemoDistrict, type DemoGrid, type DemoStation, type DemoStreet } from './district.ts';
import { branchIndicatorReport, periodOf } from './indicators.ts';
import { personName } from './names.ts';
import { createRandom, hashString, type Random } from './random.ts';
import { burstWindow, nextArrival, nextShanghaiMidnight, shanghaiMinuteOfDay, type BurstOptions, type RateModel } from './rates.ts';
import { renderAlertSnapshot } from './snapshot-svg.ts';
import { bboxOf, pointInArea, type AreaGeometry } from './geo.ts';

export type { BurstOptions } from './rates.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const PUBLISH_CHUNK = 500;
// At extreme speeds the engine may fall behind the clock rather than block the event loop.
const MAX_JOBS_PER_TICK = 5000;

// ---------------------------------------------------------------- clock

export interface ScenarioClock {
  /** Demo time now. */
  now(): Date;
  /** Demo seconds per real second. */
  readonly speed: number;
}

/** A clock running `speed` times faster than real time from `start` (default: the real now). */
export function createScenarioClock(speed = 1, start?: Date, realNow: () => number = Date.now): ScenarioClock {
  if (!Number.isFinite(speed) || speed <= 0 || speed > 1_000_000) throw new RangeError(`speed must be above 0 and at most 1,000,000, got ${speed}`);
  const realStart = realNow();
  const startMs = start ? start.getTime() : realStart;
  if (!Number.isFinite(startMs)) throw new RangeError('start is not a valid date');
  return { speed, now: () => new Date(startMs + (realNow() - realStart) * speed) };
}

/** Who a demo sub-centre says is on duty (§3.5 status): most grid workers by day, a night shift. */
export function demoOnDuty(gridWorkers: number, at: Date): { gridWorkers: number; operators: number } {
  const minute = shanghaiMinuteOfDay(at.getTime());
  const day = minute >= 8 * 60 && minute < 18 * 60;
  const evening = minute >= 18 * 60 && minute < 22 * 60;
  return { gridWorkers: Math.round(gridWorkers * (day ? 0.92 : evening ? 0.45 : 0.12)), operators: day ? 3 : evening ? 2 : 1 };
}

// ---------------------------------------------------------------- options

export interface ScenarioRates {
  /** Incidents per day over the whole district (13 streets) at normal rate. Default 2,500. */
  incidentsPerDay?: number;
  /** Video alerts per day over the whole district. Default 800. */
  alertsPerDay?: number;
  /** Camera outages per day over the whole district. Default 90. */
  cameraFaultsPerDay?: number;
}

export interface ScenarioOptions {
  streetId: string;
  /** Default 1. */
  seed?: number;
  /** Used only when no clock is given. Default 1. */
  speed?: number;
  /** Pass the same clock to the sub-centre server (`now`). Default createScenarioClock(speed). */
  clock?: ScenarioClock;
  /** Hours of past activity published at start on a fresh log. Default 6. */
  backfillHours?: number;
  burst?: BurstOptions;
  /** Default: loadDemoDistrict(). */
  district?: DemoDistrict;
  rates?: ScenarioRates;
  /** Real milliseconds between scheduler ticks. Default 250; 0 = no timer (call tick() yourself). */
  tickMs?: number;
  /** Problems the engine survived. Default: console.error. */
  log?: (message: string) => void;
}

export interface RunningScenario {
  stop(): void;
  clock: ScenarioClock;
  /** Generates everything due up to clock.now() (the timer calls this). */
  tick(): void;
  /** Counts for tests and logs. */
  stats(): ScenarioStats;
}

export interface ScenarioStats {
  /** True when the base entities were published by this run (the log had no grids). */
  publishedBase: boolean;
  incidentsCreated: number;
  alertsRaised: number;
  openTracked: number;
  queuedJobs: number;
  /** Demo time up to which everything has been generated. */
  simulatedUntil: string;
  errors: number;
}

const DEFAULT_RATES: Required<ScenarioRates> = { incidentsPerDay: 2500, alertsPerDay: 800, cameraFaultsPerDay: 90 };

// ---------------------------------------------------------------- the job queue

interface Job {
  at: number;
  seq: number;
  run: (t: number) => void;
}

class JobQueue {
  private heap: Job[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, run: (t: number) => void): void {
    if (!Number.isFinite(at)) return;
    const job = { at, seq: this.seq++, run };
    const h = this.heap;
    h.push(job);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  peek(): Job | undefined {
    return this.heap[0];
  }

  pop(): Job | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

const before = (a: Job, b: Job): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

// ---------------------------------------------------------------- lifecycle plans

type Person = NonNullable<Incident['assignee']>;

interface Plan {
  reject: boolean;
  inGrid: boolean;
  department: string;
  overdue: boolean;
  rework: boolean;
  escalateTo?: Level;
  satisfaction: number;
  reworked: boolean;
  escalated: boolean;
  gridWorker: Person;
}

interface AlertTrack {
  fate: 'confirm' | 'dismiss' | 'linger';
  lingered: boolean;
  cameraName: string;
}

interface StationState {
  station: Station;
  openMin: number;
  closeMin: number;
  visitsPerDay: number;
}

const REJECT_REASONS = ['重复上报，已合并处理', '不属于网格受理范围，已告知来源', '经核实情况不属实'];
const DISMISS_REASONS: ReadonlyArray<[string, number]> = [
  ['false-positive', 60],
  ['duplicate', 25],
  ['handled', 15],
];
const PLACE_SUFFIXES = ['东门', '南门', '北门', '小区内', '健身广场', '沿街商铺前', '楼下', '停车场'];
const RESOLVE_NOTES: Record<string, string> = {
  城管: '执法队员到场，已责令整改并清理完毕',
  市政: '抢修队伍到场处置，设施已恢复',
  公安: '民警到场处置，现场秩序已恢复',
  消防: '消防救援人员到场排除险情',
  环保: '已督促责任单位落实防治措施',
  住建: '已约谈责任单位并完成整改',
  市场监管: '已现场检查并责令整改',
  民政: '已对接救助，落实帮扶措施',
  司法: '人民调解员介入，双方达成调解协议',
  卫健: '医护人员到场处置，已送医',
  人社: '已协调用工单位，问题已解决',
};

// ---------------------------------------------------------------- the engine

export function startScenario(publisher: SubcentrePublisher, options: ScenarioOptions): RunningScenario {
  const district = options.district ?? loadDemoDistrict();
  const streetIndex = district.streets.findIndex((s) => s.id === options.streetId);
  const found = district.streets[streetIndex];
  if (!found) throw new Error(`street ${options.streetId} is not a street of the demo district ${district.name} (${district.id})`);
  const street: DemoStreet = found;
  const grids = district.gridsOf(street.id);
  if (grids.length === 0) throw new Error(`the demo district has no grids for street ${street.id}`);
  const clock = options.clock ?? createScenarioClock(options.speed ?? 1);
  const seed = Math.floor(options.seed ?? 1);
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a number, got ${options.seed}`);
  if (options.backfillHours !== undefined && !(options.backfillHours >= 0)) throw new RangeError(`backfillHours must be 0 or more, got ${options.backfillHours}`);
  const backfillHours = Math.min(24 * 7, options.backfillHours ?? 6);
  const tickMs = options.tickMs ?? 250;
  const say = options.log ?? ((m: string) => console.error(`[demo ${street.id}] ${m}`));
  const rates = { ...DEFAULT_RATES, ...options.rates };
  for (const [k, v] of Object.entries(rates)) if (!Number.isFinite(v) || v < 0) throw new RangeError(`rates.${k} must be a number >= 0`);

  const startMs = clock.now().getTime();
  const fresh = publisher.listEntities('grid').length === 0;
  // A restarted street must not replay the facts it already published: mix the log's head into the seed.
  const root = createRandom((hashString(`${seed}:${streetIndex}:${fresh ? 0 : publisher.headSeq()}`) + seed + streetIndex) >>> 0);
  const rArrivals = root.fork('incidents');
  const rLife = root.fork('lifecycle');
  const rAlerts = root.fork('alerts');
  const rCameras = root.fork('cameras');
  const rStations = root.fork('stations');

  const totalGrids = district.streets.reduce((a, s) => a + district.gridsOf(s.id).length, 0);
  const share = grids.length / totalGrids;
  const burst = burstWindow(options.burst, startMs);
  const incidentModel: RateModel = { perDay: rates.incidentsPerDay * share, rhythm: 1, burst };
  const alertModel: RateModel = { perDay: rates.alertsPerDay * share, rhythm: 0.6, burst: burst && { ...burst, factor: Math.min(burst.factor, 3) } };
  const faultModel: RateModel = { perDay: rates.cameraFaultsPerDay * share, rhythm: 0 };

  const roads = STREET_ROADS[street.id] ?? ['主干道'];
  const gridWeights = grids.map((g) => g.households ?? 500);
  const gridBoxes = new Map(grids.map((g) => [g.gridId, bboxOf(g.polygon as AreaGeometry)]));
  const opR = root.fork('operators');
  const operators: Person[] = [1, 2, 3, 4].map((i) => ({ id: `op-${street.id}-${i}`, name: personName(opR) }));
  const patrol: Person = { id: `patrol-${street.id}`, name: `${street.name}城管巡查队` };

  const queue = new JobQueue();
  const tracks = new Map<string, Plan>();
  const alertTracks = new Map<string, AlertTrack>();
  const cameras = new Map<string, Camera>();
  const stations = new Map<string, StationState>();
  const alertCounters = new Map<string, number>();
  let pending: Array<Parameters<SubcentrePublisher['publishMany']>[0][number]> = [];
  // While backfilling nobody else can have touched our incidents: keep them here and publish whole states.
  let backfill: { incidents: Map<string, Incident>; alerts: Map<string, VideoAlert> } | null = null;
  let simNow = startMs;
  let stopped = false;
  const counts = { incidentsCreated: 0, alertsRaised: 0, errors: 0 };

  const iso = (ms: number): string => formatShanghaiIso(new Date(ms));
  const emit = (item: Parameters<SubcentrePublisher['publishMany']>[0][number]): void => {
    pending.push(item);
    if (pending.length >= PUBLISH_CHUNK) flush();
  };
  function flush(): void {
    while (pending.length > 0) {
      const chunk = pending.slice(0, PUBLISH_CHUNK);
      pending = pending.slice(PUBLISH_CHUNK);
      try {
        publisher.publishMany(chunk);
      } catch (err) {
        // One bad fact must not sink the others of its chunk: publish them one by one.
        counts.errors++;
        say(`publishing ${chunk.length} events failed (${(err as Error).message}); publishing them one by one`);
        for (const item of chunk) {
          try {
            publisher.publishMany([item]);
          } catch (e) {
            say(`dropped a ${item.type}: ${(e as Error).message}`);
          }
        }
      }
    }
  }

  // ------------------------------------------------ places

  function randomPointInGrid(grid: DemoGrid, r: Random): [number, number] {
    const b = gridBoxes.get(grid.gridId)!;
    for (let i = 0; i < 200; i++) {
      // Rounded first: a point a hair inside an edge must not round to the other side.
      const lon = round6(r.range(b[0], b[2]));
      const lat = round6(r.range(b[1], b[3]));
      if (pointInArea(lon, lat, grid.polygon as AreaGeometry)) return [lon, lat];
    }
    const ring = (grid.polygon.type === 'Polygon' ? grid.polygon.coordinates[0] : grid.polygon.coordinates[0]![0])!;
    return [round6(ring[0]![0]!), round6(ring[0]![1]!)];
  }

  function gridWorkerOf(grid: DemoGrid): Person {
    return { id: `gw-${grid.gridId}`, name: grid.gridWorker ?? `${grid.name}网格员` };
  }

  function communityName(grid: DemoGrid): string {
    return district.community(grid.communityId)?.name ?? '';
  }

  // ------------------------------------------------ incidents

  function makePlan(severity: Severity, grid: DemoGrid | undefined, departments: readonly string[], r: Random): Plan {
    const inGridShare = severity === 'green' ? 0.7 : severity === 'yellow' ? 0.2 : 0;
    const escalate = r.chance(severity === 'red' ? 0.4 : severity === 'yellow' ? 0.08 : 0.02);
    const plan: Plan = {
      reject: r.chance(0.03),
      inGrid: r.chance(inGridShare),
      department: departments.length > 0 ? r.weighted(departments, departments.map((_, i) => (i === 0 ? 3 : 1))) : '城管',
      overdue: r.chance(0.08),
      rework: r.chance(0.03),
      satisfaction: r.weighted([5, 4, 3, 2, 1], [80, 14, 4, 1.5, 0.5]),
      reworked: false,
      escalated: false,
      gridWorker: grid ? gridWorkerOf(grid) : { id: `gw-${street.id}`, name: `${street.name}网格员` },
    };
    if (escalate) plan.escalateTo = severity === 'red' ? 'street' : 'community';
    return plan;
  }

  function reporterOf(source: Source, plan: Plan, r: Random): Person {
    switch (source) {
      case 'grid-worker':
        return plan.gridWorker;
      case 'hotline-12345':
        return { id: 'hotline-12345', name: '12345市民服务热线' };
      case 'patrol':
        return patrol;
      case 'resident':
        return { id: 'resident', name: `居民${personName(r).slice(0, 1)}${r.chance(0.5) ? '先生' : '女士'}` };
      case 'video':
        return { id: 'video-analytics', name: '视频智能分析' };
      case 'department':
        return { id: departmentId(plan.department), name: DEPARTMENTS[plan.department] ?? plan.department };
    }
  }

  function describe(source: Source, title: string, address: string, minor: string, reporter: Person): string {
    switch (source) {
      case 'grid-worker':
        return `网格员${reporter.name}巡查发现：${title}，已拍照上报。`;
      case 'hotline-12345':
        return `12345热线转办：市民反映${address}附近存在${minor}问题，请尽快处理并回复。`;
      case 'patrol':
        return `${reporter.name}巡查发现：${title}。`;
      case 'resident':
        return `${reporter.name}通过“泉心愿”平台反映：${title}。`;
      case 'video':
        return `视频智能分析发现${minor}，值班员确认后立案。`;
      case 'department':
        return `${reporter.name}推送：${title}，请属地网格协同处置。`;
    }
  }

  function createIncident(t: number): void {
    const r = rArrivals;
    const major = r.weighted(INCIDENT_CATEGORIES, INCIDENT_CATEGORIES.map((x) => x.weight));
    const minor = r.weighted(major.minors, major.minors.map((x) => x.weight));
    const severity = r.weighted(['red', 'yellow', 'green'] as const, minor.severity);
    const source = r.weighted(SOURCE_MIX.map((s) => s[0]), SOURCE_MIX.map((s) => s[1]));
    const grid = r.weighted(grids, gridWeights);
    const [lon, lat] = randomPointInGrid(grid, r);
    const community = communityName(grid);
    const road = r.pick(roads);
    const no = r.int(1, 280);
    const address = `${street.name}${community}${road}${no}号`;
    const placeKind = r.next();
    const place = placeKind < 0.5 ? `${road}${no}号` : placeKind < 0.8 ? `${community}${r.pick(PLACE_SUFFIXES)}` : grid.name;
    const title = `${place}${minor.name}`;
    const plan = makePlan(severity, grid, minor.departments, r);
    const reporter = reporterOf(source, plan, r);
    const at = iso(t);
    const incident: Incident = {
      incidentId: publisher.nextIncidentId(),
      rev: 1,
      category: categoryOf(major, minor),
      title,
      description: describe(source, title, address, minor.name, reporter),
      source,
      severity,
      level: severity === 'red' && r.chance(0.5) ? 'community' : 'grid',
      status: 'reported',
      location: { lon, lat, gridId: grid.gridId, address },
      reportedAt: at,
      dueAt: iso(t + DUE_HOURS[severity] * HOUR),
      updatedAt: at,
      history: [{ at, action: 'report', by: reporter, note: sourceNote(source) }],
    };
    if (plan.escalateTo && incident.level === plan.escalateTo) delete plan.escalateTo;
    publishNewIncident(incident, plan, t);
  }

  function publishNewIncident(incident: Incident, plan: Plan, t: number): void {
    emit({ type: 'incident.upsert', body: incident });
    if (backfill) backfill.incidents.set(incident.incidentId, incident);
    counts.incidentsCreated++;
    tracks.set(incident.incidentId, plan);
    scheduleIncident(incident.incidentId, t + delayAfter(incident, plan, t, rLife));
  }

  function sourceNote(source: Source): string {
    return { 'grid-worker': '网格员上报', 'hotline-12345': '12345热线转办', patrol: '巡查发现', resident: '居民反映', video: '视频告警', department: '部门推送' }[source];
  }

  function scheduleIncident(id: string, at: number): void {
    queue.push(at, (t) => stepIncident(id, t));
  }

  /** Demo ms until the next natural step of an incident now in `incident.status`. */
  function delayAfter(incident: Incident, plan: Plan, t: number, r: Random): number {
    const red = incident.severity === 'red';
    const due = incident.dueAt ? Date.parse(incident.dueAt) : Date.parse(incident.reportedAt) + DUE_HOURS[incident.severity] * HOUR;
    const window = DUE_HOURS[incident.severity] * HOUR;
    const untilDue = Math.max(10 * MIN, due - t);
    const late = (): number => Math.max(5 * MIN, due - t) + window * r.range(0.05, 0.45);
    switch (incident.status) {
      case 'reported':
        return plan.reject ? r.range(3, 25) * MIN : red ? r.range(0.5, 3) * MIN : r.range(1, 12) * MIN;
      case 'accepted':
        if (plan.escalateTo && !plan.escalated) return r.range(2, 10) * MIN;
        // 小事不出网格: the grid worker settles it on the spot, within minutes to a few hours (well inside
        // the limit), so that a day's in-grid share shows from the first hours of a demo.
        if (plan.inGrid) return plan.overdue ? late() : Math.min(untilDue * 0.9, r.range(15 * MIN, 4 * HOUR));
        return red ? r.range(1, 5) * MIN : r.range(3, 20) * MIN;
      case 'dispatched':
        return red ? r.range(3, 15) * MIN : r.range(10, 90) * MIN;
      case 'handling':
        if (plan.reworked) return r.range(1, 6) * HOUR;
        return plan.overdue ? late() : untilDue * r.range(0.15, 0.85);
      case 'resolved':
        return r.range(10, 120) * MIN;
      default:
        return Number.POSITIVE_INFINITY;
    }
  }

  /** The next state of an incident on the sub-centre side, from whatever state it is in now. */
  function advance(cur: Incident, plan: Plan, t: number, r: Random): Incident | null {
    const at = iso(t);
    const next: Incident = { ...cur };
    const operator = r.pick(operators);
    const dept: Person = { id: departmentId(plan.department), name: DEPARTMENTS[plan.department] ?? plan.department };
    let entry: Incident['history'][number];
    switch (cur.status) {
      case 'reported':
        if (plan.reject) {
          next.status = 'rejected';
          entry = { at, action: 'incident.reject', by: operator, note: r.pick(REJECT_REASONS) };
        } else {
          next.status = 'accepted';
          entry = { at, action: 'incident.accept', by: operator, note: '已受理' };
        }
        break;
      case 'accepted':
        if (plan.escalateTo && !plan.escalated && levelIndex(plan.escalateTo) > levelIndex(cur.level)) {
          plan.escalated = true;
          next.level = plan.escalateTo;
          entry = { at, action: 'incident.escalate', by: operator, note: `${cur.level} → ${plan.escalateTo}: ${plan.escalateTo === 'street' ? '情况紧急，提请街道统筹调度' : '涉及多方，提请社区协调'}` };
        } else if (plan.inGrid) {
          next.status = 'resolved';
          next.assignee = plan.gridWorker;
          entry = { at, action: 'incident.resolve', by: plan.gridWorker, note: '小事不出网格：网格员现场协调处置完毕' };
        } else {
          next.status = 'dispatched';
          next.department = plan.department;
          next.dueAt ??= iso(Date.parse(cur.reportedAt) + DUE_HOURS[cur.severity] * HOUR);
          entry = { at, action: 'incident.dispatch', by: operator, note: `派单至${dept.name}（街呼区应）` };
        }
        break;
      case 'dispatched':
        next.status = 'handling';
        next.assignee = dept;
        entry = { at, action: 'handle', by: dept, note: '部门已接单，正在处置' };
        break;
      case 'handling': {
        next.status = 'resolved';
        const who = cur.department ? { id: departmentId(cur.department), name: DEPARTMENTS[cur.department] ?? cur.department } : plan.gridWorker;
        entry = { at, action: 'incident.resolve', by: who, note: (cur.department && RESOLVE_NOTES[cur.department]) || '已处置完毕' };
        break;
      }
      case 'resolved':
        if (plan.rework && !plan.reworked) {
          plan.reworked = true;
          next.status = 'handling';
          entry = { at, action: 'incident.close', by: operator, note: '核查未通过，退回重办' };
        } else {
          next.status = 'closed';
          next.closedAt = at;
          next.satisfaction = plan.satisfaction;
          entry = { at, action: 'incident.close', by: operator, note: `核查属实，予以结案；群众满意度 ${plan.satisfaction} 星` };
        }
        break;
      default:
        return null;
    }
    next.history = appendHistory(cur.history ?? [], entry);
    return next;
  }

  function stepIncident(id: string, t: number): void {
    const plan = tracks.get(id);
    if (!plan) return;
    try {
      stepTrackedIncident(id, plan, t);
    } catch (err) {
      tracks.delete(id); // an incident we cannot move is left as it is, not retried forever
      backfill?.incidents.delete(id);
      throw err;
    }
  }

  function stepTrackedIncident(id: string, plan: Plan, t: number): void {
    let next: Incident | undefined;
    if (backfill?.incidents.has(id)) {
      const cur = backfill.incidents.get(id)!;
      const n = advance(cur, plan, t, rLife);
      if (!n) {
        tracks.delete(id);
        return;
      }
      next = { ...n, rev: cur.rev + 1, updatedAt: iso(t) };
      emit({ type: 'incident.upsert', body: next });
      backfill.incidents.set(id, next);
    } else {
      flush();
      const cur = publisher.getIncident(id);
      if (!cur || isTerminalStatus(cur.status)) {
        // Closed or rejected meanwhile (a console's command): nothing left to do.
        tracks.delete(id);
        return;
      }
      next = publisher.updateIncident(id, (c) => advance(c, plan, t, rLife) ?? c);
    }
    if (!next || isTerminalStatus(next.status)) {
      tracks.delete(id);
      backfill?.incidents.delete(id);
      return;
    }
    scheduleIncident(id, t + delayAfter(next, plan, t, rLife));
  }

  /** Takes over incidents this run did not create (a restart, a console's alert.confirm, HTTP ingestion). */
  function adoptOpenIncidents(t: number): void {
    flush();
    for (const inc of publisher.listOpenIncidents()) {
      if (tracks.has(inc.incidentId)) continue;
      const grid = inc.location.gridId ? district.grid(inc.location.gridId) : undefined;
      const known = findMinor(inc.category?.minor ?? '');
      const plan = makePlan(inc.severity, grid, known?.minor.departments ?? ['城管'], rLife);
      plan.escalated = true;
      tracks.set(inc.incidentId, plan);
      scheduleIncident(inc.incidentId, t + rLife.range(1, 15) * MIN);
    }
  }

  // ------------------------------------------------ video alerts

  function nextAlertId(t: number): string {
    const day = shanghaiDateKey(new Date(t));
    let n = alertCounters.get(day) ?? 0;
    let id: string;
    do {
      n += 1;
      id = `${street.id}-VA-${day}-${String(n).padStart(4, '0')}`;
    } while (backfill?.alerts.has(id) || publisher.getAlert(id));
    alertCounters.set(day, n);
    if (alertCounters.size > 3) alertCounters.delete(alertCounters.keys().next().value!);
    return id;
  }

  function raiseAlert(t: number): void {
    const r = rAlerts;
    const online = [...cameras.values()].filter((c) => c.status === 'online');
    if (online.length === 0) return;
    const camera = r.pick(online);
    const kind = r.weighted(ALERT_KIND_MIX.map((k) => k[0]), ALERT_KIND_MIX.map((k) => k[1]));
    const confidence = Math.round(r.range(0.5, 0.99) * 100) / 100;
    let severity = severityForAlertKind(kind);
    if (severity === 'green' && r.chance(0.15)) severity = 'yellow';
    else if (severity === 'red' && confidence < 0.7 && r.chance(0.5)) severity = 'yellow';
    const local = new Date(t + 8 * HOUR).toISOString();
    flush();
    const alertId = nextAlertId(t);
    const alert: VideoAlert = {
      alertId,
      rev: 1,
      cameraId: camera.cameraId,
      kind,
      confidence,
      severity,
      location: { lon: camera.location.lon, lat: camera.location.lat, ...(camera.gridId ? { gridId: camera.gridId } : {}) },
      raisedAt: iso(t),
      updatedAt: iso(t),
      state: 'open',
      snapshot: renderAlertSnapshot({ kind, label: alertKindLabel(kind), cameraName: camera.name, time: `${local.slice(0, 10)} ${local.slice(11, 19)}`, confidence }, r),
      cameraName: camera.name,
    };
    const pConfirm = 0.15 + 0.75 * ((confidence - 0.5) / 0.49);
    const fate = r.chance(pConfirm) ? 'confirm' : r.chance(0.8) ? 'dismiss' : 'linger';
    emit({ type: 'alert.upsert', body: alert });
    if (backfill) backfill.alerts.set(alertId, alert);
    counts.alertsRaised++;
    alertTracks.set(alertId, { fate, lingered: false, cameraName: camera.name });
    queue.push(t + (severity === 'red' ? r.range(0.5, 4) : r.range(1, 12)) * MIN, (at) => stepAlert(alertId, at));
  }

  function stepAlert(alertId: string, t: number): void {
    const track = alertTracks.get(alertId);
    if (!track) return;
    const r = rAlerts;
    flush();
    const cur = backfill?.alerts.get(alertId) ?? publisher.getAlert(alertId);
    if (!cur || cur.state !== 'open') {
      alertTracks.delete(alertId); // a console confirmed or dismissed it
      return;
    }
    if (track.fate === 'linger' && !track.lingered) {
      track.lingered = true;
      queue.push(t + r.range(20, 90) * MIN, (at) => stepAlert(alertId, at));
      return;
    }
    alertTracks.delete(alertId);
    const at = iso(t);
    const operator = r.pick(operators);
    let next: VideoAlert;
    if (track.fate === 'confirm') {
      const incidentId = publisher.nextIncidentId();
      const incident = incidentFromAlert(cur, { incidentId, at, operator });
      const grid = cur.location.gridId ? district.grid(cur.location.gridId) : undefined;
      const category: Category = incident.category;
      const community = grid ? communityName(grid) : '';
      const place = community && track.cameraName.startsWith(community) ? track.cameraName.slice(community.length) : track.cameraName;
      incident.title = `${track.cameraName}${category.name}（视频告警）`;
      incident.description = `${track.cameraName}摄像机（${cur.cameraId}）智能分析报警：${alertKindLabel(cur.kind)}，置信度 ${Math.round(cur.confidence * 100)}%，值班员确认立案。`;
      incident.dueAt = iso(t + DUE_HOURS[incident.severity] * HOUR);
      incident.location.address = `${street.name}${community}${place}附近`;
      next = { ...cur, state: 'confirmed', incidentId };
      const known = findMinor(category.minor);
      const plan = makePlan(incident.severity, grid, known?.minor.departments ?? ['城管', '公安'], rLife);
      // The incident first, so that a console that sees the confirmed alert can already find it.
      publishNewIncident(incident, plan, t);
    } else {
      next = { ...cur, state: 'dismissed', dismissReason: track.fate === 'linger' ? 'handled' : r.weighted(DISMISS_REASONS.map((d) => d[0]), DISMISS_REASONS.map((d) => d[1])) };
    }
    if (backfill?.alerts.has(alertId)) {
      emit({ type: 'alert.upsert', body: { ...next, rev: cur.rev + 1, updatedAt: at } });
      backfill.alerts.delete(alertId);
    } else {
      flush();
      publisher.updateAlert(alertId, (c) => (c.state === 'open' ? { ...c, state: next.state, ...(next.incidentId ? { incidentId: next.incidentId } : {}), ...(next['dismissReason'] ? { dismissReason: next['dismissReason'] } : {}) } : c));
    }
  }

  // ------------------------------------------------ cameras

  function setCameraStatus(cameraId: string, status: Camera['status']): void {
    const cur = cameras.get(cameraId);
    if (!cur || cur.status === status) return;
    const next = { ...cur, rev: cur.rev + 1, status };
    cameras.set(cameraId, next);
    emit({ type: 'camera.upsert', body: next });
  }

  function scheduleRestore(cameraId: string, status: Camera['status'], t: number): void {
    const after = status === 'fault' ? rCameras.range(1, 10) * HOUR : rCameras.range(10, 180) * MIN;
    queue.push(t + after, () => setCameraStatus(cameraId, 'online'));
  }

  function cameraFault(t: number): void {
    const online = [...cameras.values()].filter((c) => c.status === 'online');
    if (online.length === 0) return;
    const cam = rCameras.pick(online);
    const status = rCameras.chance(0.75) ? 'offline' : 'fault';
    setCameraStatus(cam.cameraId, status);
    scheduleRestore(cam.cameraId, status, t);
  }

  // ------------------------------------------------ stations

  function parseHours(hours: unknown): [number, number] {
    const m = typeof hours === 'string' ? /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(hours) : null;
    if (!m) return [8 * 60 + 30, 17 * 60 + 30];
    return [Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4])];
  }

  function stationStateOf(s: Station, fromDistrict: DemoStation | undefined): StationState {
    const [openMin, closeMin] = parseHours(s['openHours'] ?? fromDistrict?.openHours);
    const perTier = [0, 300, 120, 60, 35, 15][s.tier] ?? 20;
    const f = createRandom((seed ^ hashString(s.stationId)) >>> 0).range(0.6, 1.4);
    return { station: s, openMin, closeMin, visitsPerDay: perTier * f };
  }

  const isOpenAt = (st: StationState, ms: number): boolean => {
    if (st.closeMin - st.openMin >= 24 * 60) return true;
    const m = shanghaiMinuteOfDay(ms);
    return m >= st.openMin && m < st.closeMin;
  };

  function updateStation(st: StationState, patch: Partial<Pick<Station, 'openNow' | 'visitsToday'>>): void {
    const cur = st.station;
    if ((patch.openNow === undefined || patch.openNow === cur.openNow) && (patch.visitsToday === undefined || patch.visitsToday === cur.visitsToday)) return;
    st.station = { ...cur, ...patch, rev: cur.rev + 1 };
    emit({ type: 'station.upsert', body: st.station });
  }

  /** Sets every station to what it would be at `t` (open or not, visitors so far today). */
  function syncStations(t: number): void {
    const minute = shanghaiMinuteOfDay(t);
    for (const st of stations.values()) {
      const span = Math.max(1, Math.min(24 * 60, st.closeMin) - st.openMin);
      const elapsed = Math.max(0, Math.min(span, minute - st.openMin));
      const visits = Math.round((st.visitsPerDay * elapsed) / span);
      updateStation(st, { openNow: isOpenAt(st, t), visitsToday: visits });
      scheduleStationToggle(st, t);
    }
  }

  function scheduleStationToggle(st: StationState, t: number): void {
    if (st.closeMin - st.openMin >= 24 * 60) return;
    const midnight = nextShanghaiMidnight(t) - 24 * HOUR;
    const candidates = [st.openMin, st.closeMin, st.openMin + 24 * 60].map((m) => midnight + m * MIN).filter((x) => x > t);
    const at = Math.min(...candidates);
    const id = st.station.stationId;
    queue.push(at, (now) => {
      const cur = stations.get(id);
      if (!cur) return;
      updateStation(cur, { openNow: isOpenAt(cur, now) });
      scheduleStationToggle(cur, now);
    });
  }

  function stationVisits(t: number): void {
    for (const st of stations.values()) {
      if (!st.station.openNow) continue;
      const span = Math.max(60, Math.min(24 * 60, st.closeMin) - st.openMin);
      const add = Math.round(((st.visitsPerDay * 60) / span) * rStations.range(0.4, 1.6));
      if (add > 0) updateStation(st, { visitsToday: (st.station.visitsToday ?? 0) + add });
    }
    queue.push(t + HOUR, stationVisits);
  }

  function midnightReset(t: number): void {
    for (const st of stations.values()) updateStation(st, { visitsToday: 0 });
    queue.push(nextShanghaiMidnight(t), midnightReset);
  }

  // ------------------------------------------------ indicators

  function branchFacts(): Array<{ orgId: string; members: number; households: number }> {
    return district
      .orgsOf(street.id)
      .filter((o) => o.kind === 'grid-branch')
      .map((o) => ({ orgId: o.orgId, members: o.members ?? 30, households: (o.gridId && district.grid(o.gridId)?.households) || 500 }));
  }

  function publishIndicatorMonths(months: number[]): void {
    const branches = branchFacts();
    for (const mi of months) {
      const period = periodOf(mi);
      for (const b of branches) emit({ type: 'indicators.report', body: branchIndicatorReport(seed, b, period) });
    }
  }

  function scheduleMonthEnd(t: number): void {
    const local = new Date(t + 8 * HOUR);
    const nextMonthStart = Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1) - 8 * HOUR;
    queue.push(nextMonthStart, (now) => {
      const ended = shanghaiMonthIndex(now - MIN);
      flush();
      const have = new Set(publisher.listIndicatorReports().map((x) => `${x.orgId}@${x.period}`));
      const period = periodOf(ended);
      for (const b of branchFacts()) if (!have.has(`${b.orgId}@${period}`)) emit({ type: 'indicators.report', body: branchIndicatorReport(seed, b, period) });
      scheduleMonthEnd(now);
    });
  }

  // ------------------------------------------------ recurring arrivals

  function arrivals(model: RateModel, r: Random, from: number, create: (t: number) => void): void {
    const first = nextArrival(r, model, from);
    const step = (t: number): void => {
      create(t);
      queue.push(nextArrival(r, model, t), step);
    };
    queue.push(first, step);
  }

  // ------------------------------------------------ running

  function runJobs(until: number, limit: number): void {
    let n = 0;
    for (let job = queue.peek(); job && job.at <= until && n < limit; job = queue.peek(), n++) {
      queue.pop();
      simNow = Math.max(simNow, job.at);
      try {
        job.run(job.at);
      } catch (err) {
        counts.errors++;
        say(`a scenario step failed: ${(err as Error).message}`);
      }
    }
    if (!queue.peek() || queue.peek()!.at > until) simNow = Math.max(simNow, until);
    flush();
  }

  function begin(): void {
    const origin = fresh ? startMs - backfillHours * HOUR : startMs;
    const camerasHere = district.camerasOf(street.id);
    const stationsHere = new Map(district.stationsOf(street.id).map((s) => [s.stationId, s]));
    if (fresh) {
      const base: Array<Parameters<SubcentrePublisher['publishMany']>[0][number]> = [
        ...grids.map((g) => ({ type: 'grid.upsert' as const, body: g })),
        ...camerasHere.map((c) => ({ type: 'camera.upsert' as const, body: c })),
        ...[...stationsHere.values()].map((s) => ({ type: 'station.upsert' as const, body: s })),
        ...district.orgsOf(street.id).map((o) => ({ type: 'org.upsert' as const, body: o })),
      ];
      for (const item of base) emit(item);
      const current = shanghaiMonthIndex(startMs);
      publishIndicatorMonths(Array.from({ length: 12 }, (_, i) => current - 12 + i));
      flush();
      for (const c of camerasHere) cameras.set(c.cameraId, { ...c });
      for (const s of stationsHere.values()) stations.set(s.stationId, stationStateOf({ ...s }, s));
    } else {
      for (const c of publisher.listEntities('camera')) cameras.set(c.cameraId, c);
      for (const s of publisher.listEntities('station')) stations.set(s.stationId, stationStateOf(s, stationsHere.get(s.stationId)));
      for (const a of publisher.listEntities('alert')) {
        if (a.state !== 'open') continue;
        const camera = cameras.get(a.cameraId);
        alertTracks.set(a.alertId, { fate: rAlerts.chance(0.5) ? 'confirm' : 'dismiss', lingered: true, cameraName: camera?.name ?? a.cameraId });
        queue.push(startMs + rAlerts.range(1, 10) * MIN, (at) => stepAlert(a.alertId, at));
      }
      adoptOpenIncidents(startMs);
    }
    for (const c of cameras.values()) if (c.status !== 'online') scheduleRestore(c.cameraId, c.status, origin);
    syncStations(origin);
    queue.push(Math.ceil(origin / HOUR) * HOUR, stationVisits);
    queue.push(nextShanghaiMidnight(origin), midnightReset);
    scheduleMonthEnd(origin);
    arrivals(incidentModel, rArrivals, origin, createIncident);
    arrivals(alertModel, rAlerts, origin, raiseAlert);
    arrivals(faultModel, rCameras, origin, cameraFault);
    if (fresh && backfillHours > 0) {
      backfill = { incidents: new Map(), alerts: new Map() };
      try {
        runJobs(startMs, Number.POSITIVE_INFINITY);
      } finally {
        backfill = null; // from here on the sub-centre's log is the only truth
      }
    }
    flush();
  }

  begin();

  const commandListener = publisher.onDidExecuteCommand((e) => {
    if (stopped || !e.ok || e.type !== 'alert.confirm') return;
    try {
      adoptOpenIncidents(Math.max(simNow, clock.now().getTime()));
    } catch (err) {
      counts.errors++;
      say(`could not take over a confirmed alert's incident: ${(err as Error).message}`);
    }
  });

  const tick = (): void => {
    if (stopped) return;
    try {
      runJobs(clock.now().getTime(), MAX_JOBS_PER_TICK);
    } catch (err) {
      counts.errors++;
      say(`scenario tick failed: ${(err as Error).message}`);
    }
  };
  const timer = tickMs > 0 ? setInterval(tick, tickMs) : null;
  timer?.unref();

  return {
    clock,
    tick,
    stop: () => {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      commandListener.dispose();
      try {
        flush();
      } catch {
        // the sub-centre may already be closed
      }
    },
    stats: () => ({
      publishedBase: fresh,
      incidentsCreated: counts.incidentsCreated,
      alertsRaised: counts.alertsRaised,
      openTracked: tracks.size,
      queuedJobs: queue.size,
      simulatedUntil: iso(simNow),
      errors: counts.errors,
    }),
  };
}

const LEVEL_ORDER: readonly Level[] = ['grid', 'community', 'street', 'district', 'city'];
const levelIndex = (l: Level): number => LEVEL_ORDER.indexOf(l);
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** The Shanghai calendar month of `ms` as a month index (see indicators.ts). */
function shanghaiMonthIndex(ms: number): number {
  const d = new Date(ms + 8 * HOUR);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}
