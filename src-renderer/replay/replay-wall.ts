// The wall's time replay (issue 7): a second data source for WallScreen beside the LiveWall. It loads a
// period from the host's event log once (getReplay), then moves a cursor through it — playing at 1× to
// 3,600×, paused, scrubbed or jumped — and shows the incidents and alerts as they stood at the cursor,
// with the KPI strip computed at that moment. The LiveWall keeps running underneath (live data keeps
// arriving into the cache and its buffers); leaving the replay shows it again at once.
import { STATUS_CODES } from '../../src-shared/api.ts';
import type { AlertColumns, ConsoleApi, Disposable, EpochMs, IncidentColumns, Kpis } from '../../src-shared/api.ts';
import type { ReplayData } from '../../src-shared/replay.ts';
import { applyAlertColumns, createAlertBuffer, type AlertBuffer } from '../map/alert-buffer.ts';
import { applyIncidentColumns, createIncidentBuffer, HIDDEN_STATUS, recentIncidentPoints, refreshIncidentClock, type IncidentBuffer } from '../map/incident-buffer.ts';
import { alertLayerData, incidentLayerData, pulseLayerData } from '../map/layer-data.ts';
import type { WallSnapshot } from '../wall/live-wall.ts';

export const REPLAY_SPEEDS = [1, 10, 60, 300, 600, 1800, 3600] as const;
const TICK_MS = 100;
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const CLOSED = STATUS_CODES.indexOf('closed');

/** What the wall needs from a data source (the LiveWall is one). */
export interface WallSource {
  subscribe(listener: () => void): () => void;
  getSnapshot(): WallSnapshot;
}

export interface ReplayState {
  status: 'loading' | 'ready' | 'error';
  from: EpochMs;
  to: EpochMs;
  cursor: EpochMs;
  playing: boolean;
  speed: number;
  /** Incident changes applied so far (of `changes`). */
  applied: number;
  changes: number;
  truncated: boolean;
  error: string | null;
}

/** Rows [start, end) of a columns chunk, sharing its dictionaries. */
export function sliceIncidentColumns(c: IncidentColumns, start: number, end: number): IncidentColumns {
  return {
    version: 0, more: false, count: end - start, ids: c.ids.slice(start, end), lon: c.lon.slice(start, end), lat: c.lat.slice(start, end),
    severity: c.severity.slice(start, end), status: c.status.slice(start, end), level: c.level.slice(start, end), source: c.source.slice(start, end),
    category: c.category.slice(start, end), categories: c.categories, street: c.street.slice(start, end), streets: c.streets,
    reportedAt: c.reportedAt.slice(start, end), updatedAt: c.updatedAt.slice(start, end), dueAt: c.dueAt.slice(start, end), deleted: [],
  };
}

export function sliceAlertColumns(c: AlertColumns, start: number, end: number): AlertColumns {
  return {
    version: 0, more: false, count: end - start, ids: c.ids.slice(start, end), lon: c.lon.slice(start, end), lat: c.lat.slice(start, end),
    severity: c.severity.slice(start, end), state: c.state.slice(start, end), kinds: c.kinds, kind: c.kind.slice(start, end),
    street: c.street.slice(start, end), streets: c.streets, raisedAt: c.raisedAt.slice(start, end), updatedAt: c.updatedAt.slice(start, end), deleted: [],
  };
}

/** How many of the (sorted) times are <= t. */
export function countUpTo(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The replayed picture: buffers holding the state at `cursor`. Moving forward applies the changes in
 * between; moving back rebuilds from the starting state (cheap next to a frame of the map).
 */
export class ReplayCursor {
  incidents: IncidentBuffer = createIncidentBuffer();
  alerts: AlertBuffer = createAlertBuffer();
  appliedIncidents = 0;
  appliedAlerts = 0;
  cursor: number;

  constructor(readonly data: ReplayData) {
    this.cursor = data.from;
    this.reset();
  }

  private reset(): void {
    this.incidents = createIncidentBuffer();
    this.alerts = createAlertBuffer();
    applyIncidentColumns(this.incidents, this.data.initialIncidents, this.data.from);
    applyAlertColumns(this.alerts, this.data.initialAlerts);
    this.appliedIncidents = 0;
    this.appliedAlerts = 0;
    this.cursor = this.data.from;
  }

  /** Moves to `t` (clamped to the period). */
  seek(t: number): void {
    const to = Math.min(Math.max(t, this.data.from), this.data.to);
    const wantI = countUpTo(this.data.incidentChangeAt, to);
    const wantA = countUpTo(this.data.alertChangeAt, to);
    if (wantI < this.appliedIncidents || wantA < this.appliedAlerts) this.reset();
    if (wantI > this.appliedIncidents) {
      applyIncidentColumns(this.incidents, sliceIncidentColumns(this.data.incidentChanges, this.appliedIncidents, wantI), to);
      this.appliedIncidents = wantI;
    }
    if (wantA > this.appliedAlerts) {
      applyAlertColumns(this.alerts, sliceAlertColumns(this.data.alertChanges, this.appliedAlerts, wantA));
      this.appliedAlerts = wantA;
    }
    refreshIncidentClock(this.incidents, to);
    this.cursor = to;
  }

  /** Ids of the incidents on the map at the cursor (reported by then and not hidden), in slot order. */
  visibleIncidentIds(): string[] {
    const out: string[] = [];
    for (let slot = 0; slot < this.incidents.length; slot++) {
      if (this.incidents.status[slot] !== HIDDEN_STATUS && (this.incidents.reportedAt[slot] ?? 0) <= this.cursor) out.push(this.incidents.ids[slot]!);
    }
    return out;
  }

  /** The KPI strip at the cursor; cameras are not replayed (their current count is kept). */
  kpis(camerasOffline: number): Kpis {
    const t = this.cursor;
    const dayStart = Math.floor((t + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS;
    let newToday = 0;
    for (let slot = 0; slot < this.incidents.length; slot++) {
      const r = this.incidents.reportedAt[slot] ?? 0;
      if (this.incidents.status[slot] !== HIDDEN_STATUS && r >= dayStart && r <= t) newToday++;
    }
    let closedToday = 0;
    const c = this.data.incidentChanges;
    for (let i = countUpTo(this.data.incidentChangeAt, dayStart - 1); i < this.appliedIncidents; i++) if (c.status[i] === CLOSED) closedToday++;
    return {
      open: this.incidents.openCount,
      overdue: this.incidents.overdueCount,
      red: this.incidents.redCount,
      newToday,
      closedToday,
      alertsOpen: this.alerts.openCount,
      camerasOffline,
      at: t,
    };
  }
}

export interface ReplayTimers {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const DEFAULT_TIMERS: ReplayTimers = {
  now: () => performance.now(),
  setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
  clearInterval: (h) => globalThis.clearInterval(h as ReturnType<typeof setInterval>),
};

export class ReplayWall implements WallSource {
  private cursor: ReplayCursor | null = null;
  private state: ReplayState;
  private snapshot: WallSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly liveSub: () => void;
  private timer: unknown = null;
  private lastTick = 0;
  private pulseVersion = 0;
  private disposed = false;

  constructor(
    private readonly api: ConsoleApi,
    private readonly live: WallSource,
    period: { from: EpochMs; to: EpochMs },
    private readonly timers: ReplayTimers = DEFAULT_TIMERS,
  ) {
    this.state = { status: 'loading', from: period.from, to: period.to, cursor: period.from, playing: false, speed: 60, applied: 0, changes: 0, truncated: false, error: null };
    this.snapshot = this.compose();
    // Boundaries, grids, links and the host connection still come from the live wall.
    this.liveSub = live.subscribe(() => this.emit());
  }

  getSnapshot = (): WallSnapshot => this.snapshot;
  getState = (): ReplayState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  onDidChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  async load(): Promise<void> {
    try {
      const data = await this.api.getReplay({ from: this.state.from, to: this.state.to });
      if (this.disposed) return;
      this.cursor = new ReplayCursor(data);
      this.state = { ...this.state, status: 'ready', cursor: data.from, changes: data.incidentChanges.count, truncated: data.truncated };
      this.emit();
    } catch (err) {
      if (this.disposed) return;
      this.state = { ...this.state, status: 'error', error: err instanceof Error ? err.message : String(err) };
      this.emit();
    }
  }

  play(): void {
    if (!this.cursor || this.state.playing) return;
    if (this.state.cursor >= this.state.to) this.seek(this.state.from);
    this.state = { ...this.state, playing: true };
    this.lastTick = this.timers.now();
    this.timer = this.timers.setInterval(() => this.tick(), TICK_MS);
    this.emit();
  }

  pause(): void {
    if (this.timer !== null) this.timers.clearInterval(this.timer);
    this.timer = null;
    if (this.state.playing) {
      this.state = { ...this.state, playing: false };
      this.emit();
    }
  }

  toggle(): void {
    if (this.state.playing) this.pause();
    else this.play();
  }

  setSpeed(speed: number): void {
    this.state = { ...this.state, speed: Math.min(3600, Math.max(1, speed)) };
    this.emit();
  }

  seek(t: number): void {
    if (!this.cursor) return;
    this.cursor.seek(t);
    this.state = { ...this.state, cursor: this.cursor.cursor, applied: this.cursor.appliedIncidents };
    this.emit();
  }

  /** Forward or back by `ms` of replayed time. */
  jump(ms: number): void {
    this.seek(this.state.cursor + ms);
  }

  /** For tests and the e2e hook: the ids on the map at the cursor. */
  visibleIncidentIds(): string[] {
    return this.cursor?.visibleIncidentIds() ?? [];
  }

  private tick(): void {
    const now = this.timers.now();
    const elapsed = now - this.lastTick;
    this.lastTick = now;
    this.seek(this.state.cursor + elapsed * this.state.speed);
    if (this.state.cursor >= this.state.to) this.pause();
  }

  private compose(): WallSnapshot {
    const live = this.live.getSnapshot();
    const c = this.cursor;
    if (!c) return { ...live, incidents: null, alerts: null, pulse: null, activity: [], kpis: null, now: this.state.cursor };
    // A pulse lasts a minute of replayed time, or three real seconds when playing fast.
    const window = Math.max(60_000, this.state.speed * 3_000);
    return {
      ...live,
      now: this.state.cursor,
      lastDataAt: this.state.cursor,
      incidents: incidentLayerData(c.incidents),
      alerts: alertLayerData(c.alerts),
      pulse: pulseLayerData(recentIncidentPoints(c.incidents, this.state.cursor, window), ++this.pulseVersion),
      kpis: c.kpis(live.kpis?.camerasOffline ?? 0),
      activity: [],
    };
  }

  private emit(): void {
    if (this.disposed) return;
    this.snapshot = this.compose();
    for (const l of [...this.listeners]) l();
  }

  dispose(): void {
    this.pause();
    this.disposed = true;
    this.liveSub();
    this.listeners.clear();
  }
}
