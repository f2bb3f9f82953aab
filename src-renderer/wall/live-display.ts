// Issue 4: the wall's display state beside the LiveWall — its settings (alarm rules, layout, carousel),
// the recorded alarms and the side-panel charts — followed through change notices ('alarm', 'settings',
// 'incident', 'alert'), throttled. No React and no DOM: timers and storage are passed in.
import type { ConsoleApi, Disposable } from '../../src-shared/api.ts';
import { alarmKey } from '../../src-shared/domain/alarm.ts';
import { DEFAULT_SETTINGS } from '../../src-shared/settings.ts';
import type { ConsoleSettings } from '../../src-shared/settings.ts';
import type { AlarmRow, WallCharts } from '../../src-shared/wall-api.ts';
import { activeAlarms, alarmBaseline, dedupeAlarms, missedAlarms, parseLocalAcks, serialiseLocalAcks } from './alarm-model.ts';
import type { AlarmBaseline } from './alarm-model.ts';
import type { HostConnectionSignal, WallTimers } from './live-wall.ts';

export interface DisplaySnapshot {
  /** Null until the host answered (the defaults apply meanwhile). */
  readonly settings: ConsoleSettings | null;
  /** Unacknowledged alarms as the host listed them (newest first). */
  readonly alarms: readonly AlarmRow[];
  /** The host's count of unacknowledged alarms (the list may be cut). */
  readonly unacknowledged: number;
  readonly localAcks: ReadonlySet<string>;
  /** New to this wall and unacknowledged: these sound, flash and fill the banner. */
  readonly active: readonly AlarmRow[];
  /** Every unacknowledged alarm not acknowledged on this wall. */
  readonly missed: readonly AlarmRow[];
  readonly charts: WallCharts | null;
  /** The last acknowledgement made here: at the host, or only on this wall (not signed in). */
  readonly lastAck: { key: string; local: boolean; reason: string | null } | null;
  /** Who is signed in on this wall's connection (acknowledgements are recorded in their name). */
  readonly account: { displayName: string; role: string } | null;
}

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface LiveDisplayOptions {
  timers?: WallTimers;
  connection?: HostConnectionSignal | null;
  storage?: KeyValueStorage | null;
  /** Alarms fetched per list call. */
  alarmLimit?: number;
}

const LOCAL_ACKS_KEY = 'superbrain.wall.localAlarmAcks';
const ALARM_MIN_INTERVAL_MS = 300;
const CHART_MIN_INTERVAL_MS = 5000;
const CHART_REFRESH_MS = 60_000;
const ALARM_REFRESH_MS = 30_000;
const RETRY_MS = 5000;

const DEFAULT_TIMERS: WallTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

type Job = 'alarms' | 'charts' | 'settings';

export class LiveDisplay {
  private snapshot: DisplaySnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly timers: WallTimers;
  private baseline: AlarmBaseline | null = null;
  private subscriptions: Disposable[] = [];
  private disposed = false;
  private readonly handles: Record<Job, unknown> = { alarms: null, charts: null, settings: null };
  private readonly lastAt: Record<Job, number> = { alarms: -Infinity, charts: -Infinity, settings: -Infinity };
  private readonly intervals: Record<Job, number> = { alarms: ALARM_MIN_INTERVAL_MS, charts: CHART_MIN_INTERVAL_MS, settings: 0 };
  private periodicHandle: unknown = null;

  constructor(
    private readonly api: ConsoleApi,
    private readonly options: LiveDisplayOptions = {},
  ) {
    this.timers = options.timers ?? DEFAULT_TIMERS;
    const localAcks = parseLocalAcks(safeGet(options.storage, LOCAL_ACKS_KEY));
    this.snapshot = { settings: null, alarms: [], unacknowledged: 0, localAcks, active: [], missed: [], charts: null, lastAck: null, account: null };
  }

  getSnapshot = (): DisplaySnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The settings in force (the defaults until the host answered). */
  get settings(): ConsoleSettings {
    return this.snapshot.settings ?? DEFAULT_SETTINGS;
  }

  async start(): Promise<void> {
    this.subscriptions.push(
      this.api.onChanges((notice) => {
        const kinds = Array.isArray(notice?.kinds) ? notice.kinds : [];
        if (kinds.includes('alarm')) this.request('alarms');
        if (kinds.includes('settings')) this.request('settings');
        if (kinds.includes('incident') || kinds.includes('alert')) this.request('charts');
      }),
    );
    const signal = this.options.connection;
    if (signal) {
      // Back from a lost connection: alarms recorded meanwhile raised no notice we heard.
      this.subscriptions.push(signal.onDidChangeConnection((up) => up && this.refreshAll()));
    }
    this.schedulePeriodic();
    const who = Promise.resolve()
      .then(() => this.api.whoAmI())
      .then(
      (w) => this.update({ account: w.account ? { displayName: w.account.displayName, role: w.account.role } : null }),
      () => undefined,
    );
    await Promise.all([this.refreshAll(), who]);
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.subscriptions) s.dispose();
    this.subscriptions = [];
    for (const job of Object.keys(this.handles) as Job[]) if (this.handles[job] !== null) this.timers.clearTimeout(this.handles[job]);
    if (this.periodicHandle !== null) this.timers.clearTimeout(this.periodicHandle);
    this.listeners.clear();
  }

  /**
   * Acknowledges one alarm at the host; a wall that is not signed in (or may not act) acknowledges it
   * on this wall only, which stops the sound here and says so, while the host keeps it as missed.
   */
  async acknowledge(row: Pick<AlarmRow, 'kind' | 'id'>): Promise<void> {
    const key = alarmKey(row);
    let local = false;
    let reason: string | null = null;
    try {
      const done = await this.api.acknowledgeAlarm({ kind: row.kind, id: row.id });
      this.setAlarms(this.snapshot.alarms.map((a) => (alarmKey(a) === key ? done : a)).filter((a) => a.acknowledgedAt === null), Math.max(0, this.snapshot.unacknowledged - 1));
    } catch (err) {
      // Not signed in, a read-only role, or the host unreachable: the sound stops here all the same.
      local = true;
      reason = err && typeof err === 'object' && 'name' in err ? String((err as { name: unknown }).name) : String(err);
    }
    const localAcks = new Set(this.snapshot.localAcks);
    if (local) {
      localAcks.add(key);
      safeSet(this.options.storage, LOCAL_ACKS_KEY, serialiseLocalAcks(localAcks));
    }
    this.update({ localAcks, lastAck: { key, local, reason } });
    this.request('alarms');
  }

  /** Signs this wall's connection in, so that its acknowledgements are recorded; throws the host's refusal. */
  async signIn(name: string, password: string): Promise<void> {
    const account = await this.api.signIn({ name, password });
    this.update({ account: { displayName: account.displayName, role: account.role } });
  }

  async signOut(): Promise<void> {
    await this.api.signOut();
    this.update({ account: null });
  }

  /** Acknowledges every alarm the banner shows. */
  async acknowledgeActive(): Promise<void> {
    for (const row of [...this.snapshot.active]) await this.acknowledge(row);
  }

  // ---------- loading ----------

  private async refreshAll(): Promise<void> {
    await Promise.allSettled([this.run('settings'), this.run('alarms'), this.run('charts')]);
  }

  private request(job: Job): void {
    if (this.disposed || this.handles[job] !== null) return;
    const wait = Math.max(0, this.lastAt[job] + this.intervals[job] - this.timers.now());
    this.handles[job] = this.timers.setTimeout(() => {
      this.handles[job] = null;
      void this.run(job);
    }, wait);
  }

  private async run(job: Job): Promise<void> {
    if (this.disposed) return;
    this.lastAt[job] = this.timers.now();
    try {
      if (job === 'settings') {
        const view = await this.api.getSettings();
        this.update({ settings: view.settings });
      } else if (job === 'alarms') {
        const list = await this.api.listAlarms({ state: 'unacknowledged', limit: this.options.alarmLimit ?? 200 });
        // The first answer is the baseline: what was there before this wall looked is missed, not new.
        this.baseline ??= alarmBaseline(list.alarms);
        this.setAlarms(list.alarms, list.unacknowledged);
      } else {
        const charts = await this.api.getWallCharts();
        this.update({ charts });
      }
    } catch {
      if (this.disposed) return;
      // The LiveWall shows the lost host; here we only try again.
      if (this.handles[job] === null) {
        this.handles[job] = this.timers.setTimeout(() => {
          this.handles[job] = null;
          void this.run(job);
        }, RETRY_MS);
      }
    }
  }

  private schedulePeriodic(): void {
    if (this.disposed) return;
    this.periodicHandle = this.timers.setTimeout(() => {
      this.periodicHandle = null;
      this.request('charts');
      this.request('alarms');
      this.schedulePeriodic();
    }, Math.min(CHART_REFRESH_MS, ALARM_REFRESH_MS));
  }

  private setAlarms(rows: readonly AlarmRow[], unacknowledged: number): void {
    const alarms = dedupeAlarms(rows);
    // A local acknowledgement is forgotten once the host no longer lists the alarm (acknowledged there).
    const listed = new Set(alarms.map(alarmKey));
    const localAcks = new Set([...this.snapshot.localAcks].filter((k) => listed.has(k) || alarms.length >= (this.options.alarmLimit ?? 200)));
    this.update({ alarms, unacknowledged, localAcks });
  }

  private update(patch: Partial<DisplaySnapshot>): void {
    if (this.disposed) return;
    const next = { ...this.snapshot, ...patch };
    next.missed = missedAlarms(next.alarms, next.localAcks);
    next.active = activeAlarms(next.alarms, this.baseline, next.localAcks);
    this.snapshot = next;
    for (const l of [...this.listeners]) l();
  }
}

function safeGet(storage: KeyValueStorage | null | undefined, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function safeSet(storage: KeyValueStorage | null | undefined, key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch {
    /* a full or disabled storage: the acknowledgement holds until the reload */
  }
}
