// The wall's live state: loads everything once, then follows onChanges and pulls only what changed
// (columns after the last version, KPIs throttled to once a second). Keeps the last picture when the host
// goes away and catches up when it is back. No React and no DOM: clocks and timers are passed in.
import type {
  ActivityItem,
  Boundaries,
  ChangeNotice,
  ConsoleApi,
  ConsoleInfo,
  Disposable,
  EpochMs,
  GridRow,
  Kpis,
  LinkState,
} from '../../src-shared/api.ts';
import { applyAlertColumns, createAlertBuffer } from '../map/alert-buffer.ts';
import type { AlertBuffer } from '../map/alert-buffer.ts';
import { applyIncidentColumns, createIncidentBuffer, recentIncidentPoints, refreshIncidentClock } from '../map/incident-buffer.ts';
import type { IncidentBuffer } from '../map/incident-buffer.ts';
import { alertLayerData, incidentLayerData, pulseLayerData } from '../map/layer-data.ts';
import type { AlertLayerData, IncidentLayerData, PulseLayerData } from '../map/layer-data.ts';
import { clockOffset, incidentRowsAsActivity, mergeActivity, orderLinks } from './updaters.ts';

export type HostConnection = 'connecting' | 'connected' | 'disconnected';

export interface WallSnapshot {
  readonly info: ConsoleInfo | null;
  readonly connection: HostConnection;
  /** The host's clock, ticking every second. */
  readonly now: EpochMs;
  /** Host time of the last data received: "the picture as of" when the host is gone. */
  readonly lastDataAt: EpochMs | null;
  readonly boundaries: Boundaries | null;
  readonly grids: readonly GridRow[];
  readonly links: readonly LinkState[];
  readonly kpis: Kpis | null;
  /** Newest first. */
  readonly activity: readonly ActivityItem[];
  readonly incidents: IncidentLayerData | null;
  readonly alerts: AlertLayerData | null;
  readonly pulse: PulseLayerData | null;
  /** The last failure worth showing (connect errors), null when fine. */
  readonly error: string | null;
}

type Patch = { -readonly [K in keyof WallSnapshot]?: WallSnapshot[K] };

export interface WallTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Optional push signal from the transport; without it, failed calls and probes tell the state. */
export interface HostConnectionSignal {
  onDidChangeConnection(listener: (connected: boolean) => void): Disposable;
}

export interface LiveWallOptions {
  timers?: WallTimers;
  connection?: HostConnectionSignal | null;
  /** Rows per getIncidentColumns call. */
  chunkSize?: number;
  /** How long a new incident pulses (host time). */
  pulseWindowMs?: number;
  tickerLength?: number;
}

const DEFAULT_TIMERS: WallTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

const KPI_MIN_INTERVAL_MS = 1000;
const GRID_MIN_INTERVAL_MS = 5000;
const RETRY_MS = 2000;
const KPI_REFRESH_TICKS = 10;
const INFO_REFRESH_TICKS = 60;
const BOUNDARY_RETRY_TICKS = 5;
const MAX_CHUNKS_PER_PULL = 10_000;
/**
 * While a bulk load is still coming (the host says "more"), the map is handed the incidents at most this
 * often: every hand-over costs a redraw (and the red / overdue subsets), and a million incidents come in
 * 200 chunks. The last chunk is always handed over at once.
 */
export const BULK_PUBLISH_MS = 1000;

function errorText(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}

export class LiveWall {
  private incidents: IncidentBuffer = createIncidentBuffer();
  private alerts: AlertBuffer = createAlertBuffer();
  private snapshot: WallSnapshot;
  private readonly listeners = new Set<(s: WallSnapshot) => void>();
  private readonly timers: WallTimers;
  private readonly chunkSize: number;
  private readonly pulseWindowMs: number;
  private readonly tickerLength: number;
  private offsetMs = 0;
  private disposed = false;
  private started = false;
  private syncing = false;
  private subscriptions: Disposable[] = [];
  private tickHandle: unknown = null;
  private ticks = 0;
  private retryHandle: unknown = null;
  private kpiHandle: unknown = null;
  private kpiLastAt = -Infinity;
  private gridHandle: unknown = null;
  private gridLastAt = -Infinity;
  private pulseVersion = 0;
  private readonly pulls = {
    incident: { running: false, dirty: false },
    alert: { running: false, dirty: false },
  };

  constructor(
    private readonly api: ConsoleApi,
    private readonly options: LiveWallOptions = {},
  ) {
    this.timers = options.timers ?? DEFAULT_TIMERS;
    this.chunkSize = options.chunkSize ?? 5000;
    this.pulseWindowMs = options.pulseWindowMs ?? 60_000;
    this.tickerLength = options.tickerLength ?? 40;
    this.snapshot = {
      info: null,
      connection: 'connecting',
      now: this.timers.now(),
      lastDataAt: null,
      boundaries: null,
      grids: [],
      links: [],
      kpis: null,
      activity: [],
      incidents: null,
      alerts: null,
      pulse: null,
      error: null,
    };
  }

  getSnapshot = (): WallSnapshot => this.snapshot;

  /** For React's useSyncExternalStore as well as for plain listeners. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  onDidChange(listener: (s: WallSnapshot) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The incidents as drawn (typed arrays). */
  get incidentBuffer(): IncidentBuffer {
    return this.incidents;
  }

  get alertBuffer(): AlertBuffer {
    return this.alerts;
  }

  hostNow(): EpochMs {
    return this.timers.now() + this.offsetMs;
  }

  /** Starts loading and following; resolves once the first full load has been attempted. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.subscriptions.push(this.api.onChanges((n) => this.onNotice(n)));
    const signal = this.options.connection;
    if (signal) {
      this.subscriptions.push(
        signal.onDidChangeConnection((up) => {
          if (!up) this.onHostLost(null);
          else if (this.snapshot.connection === 'disconnected') this.onHostBack();
        }),
      );
    }
    this.scheduleTick();
    await this.syncAll();
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.subscriptions) s.dispose();
    this.subscriptions = [];
    for (const h of [this.tickHandle, this.retryHandle, this.kpiHandle, this.gridHandle]) if (h !== null) this.timers.clearTimeout(h);
    this.listeners.clear();
  }

  private update(patch: Patch): void {
    if (this.disposed) return;
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of [...this.listeners]) l(this.snapshot);
  }

  private markData(): Patch {
    return { lastDataAt: this.hostNow() };
  }

  // ---------- loading ----------

  private async syncAll(): Promise<void> {
    this.syncing = true;
    try {
      await this.syncAllOnce();
    } finally {
      this.syncing = false;
    }
  }

  private async syncAllOnce(): Promise<void> {
    try {
      await this.refreshInfo();
    } catch (err) {
      this.syncing = false;
      this.onHostLost(err);
      return;
    }
    const settle = await Promise.allSettled([
      this.snapshot.boundaries ? Promise.resolve() : this.loadBoundaries(false),
      this.api.getLinks().then((links) => this.update({ links: orderLinks(links) })),
      this.refreshKpis(),
      this.loadActivity(),
      this.refreshGrids(),
      this.pull('incident'),
      this.pull('alert'),
    ]);
    const failed = settle.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) this.onCallFailed(failed.reason);
    else this.update({ ...this.markData(), error: null });
  }

  private async loadActivity(): Promise<void> {
    const items = await this.api.getRecentActivity({ limit: this.tickerLength });
    this.update({ activity: mergeActivity(this.snapshot.activity, items, this.tickerLength) });
    if (this.snapshot.activity.length < this.tickerLength) {
      const rows = await this.api.listIncidents({ orderBy: 'updatedAt', desc: true, limit: this.tickerLength });
      this.update({ activity: mergeActivity(this.snapshot.activity, incidentRowsAsActivity(rows), this.tickerLength) });
    }
  }

  private async refreshInfo(): Promise<void> {
    const sentAt = this.timers.now();
    const info = await this.api.getInfo();
    const receivedAt = this.timers.now();
    this.offsetMs = clockOffset(info.serverTime, sentAt, receivedAt);
    const previous = this.snapshot.info;
    if (previous && previous.cacheId !== info.cacheId) {
      // Another cache behind the same host (restarted on another data dir, a restored backup): its local
      // versions mean nothing to our buffers, so the picture starts again from version 0.
      this.incidents = createIncidentBuffer();
      this.alerts = createAlertBuffer();
      this.update({ incidents: incidentLayerData(this.incidents), alerts: alertLayerData(this.alerts), activity: [] });
    }
    this.update({ info, connection: 'connected', now: this.hostNow(), error: null });
  }

  private boundariesPending = false;

  /**
   * Loads the outlines. The map is rebuilt whenever it is handed another boundaries object, so a retry
   * (or the first load, slow on a busy machine) never replaces outlines already there nor asks twice; only
   * an import (`replace`) does.
   */
  private async loadBoundaries(replace: boolean): Promise<void> {
    if (!replace && (this.boundariesPending || this.snapshot.boundaries)) return;
    this.boundariesPending = true;
    try {
      const boundaries = await this.api.getBoundaries();
      if (replace || !this.snapshot.boundaries) this.update({ boundaries, error: null });
    } finally {
      this.boundariesPending = false;
    }
  }

  private async refreshKpis(): Promise<void> {
    this.kpiLastAt = this.timers.now();
    const kpis = await this.api.getKpis();
    this.update({ kpis, ...this.markData() });
  }

  private async refreshGrids(): Promise<void> {
    this.gridLastAt = this.timers.now();
    const grids = await this.api.listGrids();
    if (Array.isArray(grids) && (grids.length > 0 || this.snapshot.grids.length > 0)) this.update({ grids });
  }

  /** Pulls columns of one kind until `more` is false; a notice during a pull makes it go round again. */
  private async pull(kind: 'incident' | 'alert'): Promise<void> {
    const state = this.pulls[kind];
    if (state.running) {
      state.dirty = true;
      return;
    }
    state.running = true;
    try {
      do {
        state.dirty = false;
        for (let i = 0; i < MAX_CHUNKS_PER_PULL && !this.disposed; i++) {
          const more = kind === 'incident' ? await this.pullIncidentChunk() : await this.pullAlertChunk();
          if (!more) break;
        }
      } while (state.dirty && !this.disposed);
    } finally {
      state.running = false;
      // A pull cut short (the host went away mid-load) still shows what did arrive.
      if (kind === 'incident' && this.incidentsHeld && !this.disposed) this.publishIncidents();
    }
  }

  private lastBulkPublish = Number.NEGATIVE_INFINITY;

  private async pullIncidentChunk(): Promise<boolean> {
    const buf = this.incidents;
    const after = buf.columnsVersion;
    const cols = await this.api.getIncidentColumns({ afterVersion: after, limit: this.chunkSize });
    if (this.disposed) return false;
    applyIncidentColumns(buf, cols, this.hostNow());
    const more = cols.more === true && !(buf.columnsVersion <= after && cols.count === 0); // a host that says "more" but sends nothing
    const now = this.timers.now();
    this.incidentsHeld = true;
    if (!more || now - this.lastBulkPublish >= BULK_PUBLISH_MS) {
      this.lastBulkPublish = more ? now : Number.NEGATIVE_INFINITY;
      this.publishIncidents();
    }
    return more;
  }

  /** True while chunks applied to the buffer have not been handed to the map yet. */
  private incidentsHeld = false;

  private publishIncidents(): void {
    this.incidentsHeld = false;
    this.update({ incidents: incidentLayerData(this.incidents), ...this.markData() });
  }

  private async pullAlertChunk(): Promise<boolean> {
    const buf = this.alerts;
    const after = buf.columnsVersion;
    const cols = await this.api.getAlertColumns({ afterVersion: after, limit: this.chunkSize });
    if (this.disposed) return false;
    applyAlertColumns(buf, cols);
    this.update({ alerts: alertLayerData(buf), ...this.markData() });
    if (buf.columnsVersion <= after && cols.count === 0) return false;
    return cols.more === true;
  }

  // ---------- live ----------

  private onNotice(notice: ChangeNotice): void {
    if (this.disposed || !notice || typeof notice !== 'object') return;
    const patch: Patch = this.markData();
    if (this.snapshot.connection !== 'connected') patch.connection = 'connected';
    if (Array.isArray(notice.links)) patch.links = orderLinks(notice.links);
    if (Array.isArray(notice.activity) && notice.activity.length > 0) patch.activity = mergeActivity(this.snapshot.activity, notice.activity, this.tickerLength);
    this.update(patch);
    const kinds = Array.isArray(notice.kinds) ? notice.kinds : [];
    if (kinds.includes('incident')) this.catch(this.pull('incident'));
    if (kinds.includes('alert')) this.catch(this.pull('alert'));
    if (kinds.includes('incident') || kinds.includes('alert') || kinds.includes('camera')) this.requestKpis();
    if (kinds.includes('grid')) this.requestGrids();
    // issue 9: an import of boundaries replaces the outlines the map draws
    if (kinds.includes('boundaries')) this.catch(this.loadBoundaries(true));
  }

  private catch(p: Promise<unknown>): void {
    p.catch((err) => this.onCallFailed(err));
  }

  private requestKpis(): void {
    if (this.kpiHandle !== null) return;
    const wait = Math.max(0, this.kpiLastAt + KPI_MIN_INTERVAL_MS - this.timers.now());
    this.kpiHandle = this.timers.setTimeout(() => {
      this.kpiHandle = null;
      this.catch(this.refreshKpis());
    }, wait);
  }

  private requestGrids(): void {
    if (this.gridHandle !== null) return;
    const wait = Math.max(0, this.gridLastAt + GRID_MIN_INTERVAL_MS - this.timers.now());
    this.gridHandle = this.timers.setTimeout(() => {
      this.gridHandle = null;
      this.catch(this.refreshGrids());
    }, wait);
  }

  private scheduleTick(): void {
    if (this.disposed) return;
    // Tick just after each whole second of host time, so the clock never skips or repeats a second.
    const wait = 1000 - (((this.hostNow() % 1000) + 1000) % 1000) + 15;
    this.tickHandle = this.timers.setTimeout(() => {
      this.tickHandle = null;
      this.tick();
      this.scheduleTick();
    }, wait);
  }

  private tick(): void {
    if (this.disposed) return;
    this.ticks++;
    const now = this.hostNow();
    const patch: Patch = { now };
    const buf = this.incidents;
    if (refreshIncidentClock(buf, now)) patch.incidents = incidentLayerData(buf);
    const recent = recentIncidentPoints(buf, now, this.pulseWindowMs);
    if (recent.length > 0 || (this.snapshot.pulse?.points.length ?? 0) > 0) patch.pulse = pulseLayerData(recent, ++this.pulseVersion);
    this.update(patch);
    if (this.snapshot.connection !== 'connected') return;
    if (this.ticks % KPI_REFRESH_TICKS === 0) this.requestKpis();
    if (!this.snapshot.boundaries && this.ticks % BOUNDARY_RETRY_TICKS === 0) this.catch(this.loadBoundaries(false));
    if (this.ticks % INFO_REFRESH_TICKS === 0) this.catch(this.refreshInfo());
  }

  // ---------- host lost and back ----------

  private onCallFailed(err: unknown): void {
    if (this.disposed) return;
    // A failed call may be the host gone or just a bad answer: a probe tells which.
    this.api.getInfo().then(
      () => this.update({ error: errorText(err) }),
      (probeErr) => this.onHostLost(probeErr),
    );
  }

  private onHostLost(err: unknown): void {
    if (this.disposed) return;
    this.update({ connection: 'disconnected', ...(err ? { error: errorText(err) } : {}) });
    if (this.retryHandle !== null || this.syncing) return;
    this.retryHandle = this.timers.setTimeout(() => {
      this.retryHandle = null;
      this.onHostBack();
    }, RETRY_MS);
  }

  private onHostBack(): void {
    if (this.disposed || this.syncing) return;
    this.catch(this.syncAll());
  }
}
