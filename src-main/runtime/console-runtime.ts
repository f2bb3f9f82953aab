// The console's data plane in one object, shared by both shells (Electron, web mode): the local store,
// the feed links to the sub-centres (or, in demo mode, to 13 embedded demo sub-centres on loopback),
// the boundaries and the ConsoleApi over them. No Electron here: paths and the native binding are
// passed in by whoever starts it.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getCacheId, openStore } from '../store/store.ts';
import { scheduleBackups } from '../store/backup.ts';
import { countAccounts, createAccount } from '../store/accounts.ts';
import type { Role } from '../../src-shared/domain/roles.ts';
import { FeedManager } from '../feed/feed-manager.ts';
import { createConsoleApi, DEFAULT_OPERATOR, type ConsoleApiHandle } from '../api/console-api.ts';
import { BoundariesError, loadBoundaries } from './boundaries.ts';
import { createIndexEngine, DEFAULT_INDEX_MODEL_FILE, loadIndexModel } from '../index/index-engine.ts'; // issue 6
import { DEFAULT_RESOURCES_DIR, DEFAULT_ROOT } from './paths.ts';
import { startAlarmRecorder } from '../alarm/alarm-recorder.ts'; // issue 4
import type { ConsoleConfig, SubcentreEndpoint } from '../config.ts';
import type { Operator } from '../../src-shared/sfp/schemas.ts';
import type { Boundaries, ConsoleInfo } from '../../src-shared/api.ts';
import { createTileService } from '../tiles/tile-service.ts'; // issue 4
import { readSettings } from '../store/settings.ts'; // issues 4 and 9
import { schedulePruning } from '../store/retention.ts';
import { createEndpointControl, savedFeedEndpoints } from './endpoint-control.ts'; // issue 9
import { hasLeftDemo } from '../store/endpoints.ts'; // issue 9

export interface ConsoleRuntimeOptions {
  /** Where console.db (and, in demo mode, demo/) live; created if missing. */
  dataDir: string;
  /** Sub-centres to connect to. Ignored when `demo` is given. */
  config?: ConsoleConfig;
  /** Run the embedded Lixia demo district instead of a configuration. */
  demo?: { speed?: number; seed?: number };
  /** issue 9: with `demo`, start on the sub-centres saved in the app instead when there are some (the default start without --demo). */
  preferSavedEndpoints?: boolean;
  transport: 'electron' | 'web';
  /** better-sqlite3's compiled module (Electron builds its own). */
  nativeBinding?: string;
  operator?: Operator;
  /** The repository's resources/ (demo boundaries); defaults to the one next to this source tree. */
  resourcesDir?: string;
  /** Shown in getInfo; defaults to package.json's version. */
  version?: string;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
  /** The strength-index model file (issue 6); default resources/index-model/default.json. */
  indexModelFile?: string;
}

export type DemoDistrict = Awaited<ReturnType<typeof import('../demo/district-runner.ts').startDemoDistrict>>;

export interface ConsoleRuntime {
  readonly api: ConsoleApiHandle;
  readonly info: Omit<ConsoleInfo, 'serverTime'>;
  readonly dataDir: string;
  /** The embedded demo district (stop/start one street for drills), or null on a configuration. */
  readonly demo: DemoDistrict | null;
  readonly endpoints: readonly SubcentreEndpoint[];
  /** Closes the API, the feed links, the demo servers and the store, in that order. */
  stop(): Promise<void>;
}

/** The demo's accounts (issue 5), created on a fresh demo cache; all have DEMO_PASSWORD. */
export const DEMO_PASSWORD = 'superbrain-demo';
export const DEMO_ACCOUNTS: ReadonlyArray<{ name: string; displayName: string; role: Role; street?: string }> = [
  { name: 'duty', displayName: '值班员', role: 'duty-officer' },
  { name: 'admin', displayName: '管理员', role: 'admin' },
  { name: 'leader', displayName: '领导', role: 'leader' },
  { name: 'longdong', displayName: '龙洞街道分中心', role: 'street-operator', street: '370102012' },
  { name: 'jiefanglu', displayName: '解放路街道分中心', role: 'street-operator', street: '370102001' },
];

export const DEMO_CONSOLE_ID = 'superbrain-demo';
export const DEMO_DISTRICT = { id: '370102', name: '历下区' } as const;


function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(DEFAULT_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export async function startConsoleRuntime(options: ConsoleRuntimeOptions): Promise<ConsoleRuntime> {
  const log = options.log ?? ((line: string) => console.error(`[superbrain] ${line}`));
  if (!options.demo && !options.config) throw new Error('startConsoleRuntime needs a configuration (config) or the demo (demo)');
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const resourcesDir = path.resolve(options.resourcesDir ?? DEFAULT_RESOURCES_DIR);

  // Everything opened so far, closed in reverse if a later step fails.
  const undo: Array<() => Promise<void> | void> = [];
  const unwind = async (): Promise<void> => {
    for (const step of undo.reverse()) {
      try {
        await step();
      } catch (err) {
        log(`while stopping: ${(err as Error).message}`);
      }
    }
    undo.length = 0;
  };

  try {
    const store = openStore(path.join(dataDir, 'console.db'), options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    undo.push(() => store.close());
    // issue 8: online backups into <data-dir>/backups/ (rotated), the way back from a damaged cache.
    const backups = scheduleBackups(store, { onError: (err) => log(`backup failed: ${(err as Error).message}`) });
    undo.push(() => backups.dispose());

    let demo: DemoDistrict | null = null;
    let endpoints: SubcentreEndpoint[];
    // issue 9: endpoints saved in the app join the config file's; without a config file they replace the demo.
    const fixedEndpoints = options.config?.subcentres ?? [];
    const savedAtStart = savedFeedEndpoints(store, fixedEndpoints);
    // A cache that left the demo once holds real data: the demo never comes back by itself (only --demo).
    const runDemo = Boolean(options.demo) && !(options.preferSavedEndpoints && (savedAtStart.length > 0 || hasLeftDemo(store)));
    if (options.demo && !runDemo) log(`starting on the ${savedAtStart.length} sub-centres saved in the app (this cache has left the demo)`);
    if (runDemo && options.demo) {
      const demoDir = path.join(dataDir, 'demo');
      mkdirSync(demoDir, { recursive: true });
      // Loaded only for the demo: a console on a configuration never needs the scenario engine.
      const [{ startDemoDistrict }, { loadDemoDistrict }] = await Promise.all([import('../demo/district-runner.ts'), import('../demo/district.ts')]);
      demo = await startDemoDistrict({
        // From our resourcesDir, not the demo module's own location (which moves when bundled or packaged).
        district: loadDemoDistrict(path.join(resourcesDir, 'demo', 'lixia')),
        dataDir: demoDir,
        host: '127.0.0.1',
        basePort: 0,
        token: randomBytes(16).toString('hex'),
        ...(options.demo.speed !== undefined ? { speed: options.demo.speed } : {}),
        ...(options.demo.seed !== undefined ? { seed: options.demo.seed } : {}),
      });
      const running = demo;
      undo.push(() => running.stop());
      endpoints = running.endpoints;
      log(`demo district: ${endpoints.length} sub-centres on loopback`);
    } else {
      endpoints = [...fixedEndpoints, ...savedAtStart.map((e) => ({ ...e, enabled: e.enabled !== false }))];
    }

    // A console on saved endpoints only has no config file to name it: its cache does (unique per install).
    const liveConsoleId = options.config?.consoleId ?? `superbrain-${getCacheId(store).slice(0, 8)}`;
    const consoleId = runDemo ? DEMO_CONSOLE_ID : liveConsoleId;
    const staleAfterMs = (options.config?.staleAfterSeconds ?? 30) * 1000;
    // In the demo every fact carries demo time (its clock may run faster than real time); the console's
    // own clock follows it, so "today", "overdue" and "new" on the wall agree with the data.
    // issue 9: leaving the demo while running puts the console back on real time (demoClock = undefined).
    let demoClock = demo?.clock;
    const now = (): number => (demoClock ? demoClock.now().getTime() : Date.now());
    // issue 4: alarms are recorded as items are applied, whether or not a wall is open (before the feed starts).
    const alarms = startAlarmRecorder({ store, now, settingsFromFile: options.config?.wall });
    undo.push(() => alarms.dispose());
    const feed = new FeedManager({ store, consoleId, endpoints, staleAfterMs, now });
    feed.start();
    undo.push(() => feed.stop());

    let boundaries: Boundaries | null = null;
    let boundariesProblem = '';
    try {
      boundaries = loadBoundaries(path.join(resourcesDir, 'demo', 'lixia'));
    } catch (err) {
      boundariesProblem = (err as Error).message;
      log(`no boundaries for the map: ${boundariesProblem}`);
    }

    const info: Omit<ConsoleInfo, 'serverTime'> = {
      version: options.version ?? readVersion(),
      transport: options.transport,
      consoleId,
      demo: runDemo,
      district: options.config ? { ...options.config.district } : { ...DEMO_DISTRICT },
      dataDir,
      cacheId: getCacheId(store),
    };
    // issue 6: a bad model file stops the start with the line and the problem named.
    const indexModelFile = path.resolve(options.indexModelFile ?? DEFAULT_INDEX_MODEL_FILE(resourcesDir));
    const indexEngine = createIndexEngine({ store, model: loadIndexModel(indexModelFile) });
    undo.push(() => indexEngine.dispose());
    indexEngine.recomputeAll();
    const operator = options.operator ?? DEFAULT_OPERATOR;
    // The event log keeps `retentionDays` (the replay's reach); each entity's newest row is always kept.
    const pruning = schedulePruning(store, {
      now,
      ...(options.config?.retentionDays !== undefined ? { retentionDays: options.config.retentionDays } : {}),
      onPruned: (r) => log(`retention: pruned ${r.eventLog} event-log rows and ${r.rejected} rejected envelopes`),
      onError: (err) => log(`retention failed: ${(err as Error).message}`),
    });
    undo.push(() => pruning.dispose());
    // issue 4: the wall's basemap tiles follow the tile-source setting (the config file's wins).
    const tiles = createTileService({ ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}), log });
    undo.push(() => tiles.close());
    const settingsFile = options.config?.wall ?? {};
    const settingsNow = readSettings(store, settingsFile);
    for (const problem of settingsNow.problems) log(`settings: ${problem}`);
    void tiles.configure(settingsNow.settings.tileSource);
    const tileSettingsWatch = store.onDidCommit((commit) => {
      if (![...commit.kinds].includes('settings') || store.isClosed()) return;
      void tiles.configure(readSettings(store, settingsFile).settings.tileSource);
    });
    undo.push(() => tileSettingsWatch.dispose());
    // issue 9: sub-centres saved in the app, applied live (and the way out of the demo).
    const endpointControl = createEndpointControl({
      store,
      feed,
      fixed: fixedEndpoints,
      demo: demo ? { endpoints: demo.endpoints, stop: demo.stop } : null,
      consoleId,
      liveConsoleId,
      onLeftDemo: () => {
        demoClock = undefined;
        demo = null;
        info.demo = false;
        info.consoleId = liveConsoleId;
      },
      now,
      log,
    });
    const api = createConsoleApi({
      endpoints: endpointControl, // issue 9
      tiles, // issue 4
      store,
      feed,
      info,
      now,
      index: { engine: indexEngine, modelFile: indexModelFile }, // issue 6
      ...(options.config?.wall ? { settingsFromFile: options.config.wall } : {}), // issue 9
      operator: () => operator,
      boundaries: () => {
        if (!boundaries) throw new BoundariesError(`boundaries are not available: ${boundariesProblem}`);
        return boundaries;
      },
    });
    undo.push(() => api.dispose());

    // issue 5: the demo starts with documented accounts (README "Accounts"); a configured console starts
    // with none and asks for its first account (createAccount without sign-in, once).
    if (runDemo && countAccounts(store) === 0) {
      for (const a of DEMO_ACCOUNTS) await createAccount(store, { ...a, password: DEMO_PASSWORD }, { id: 'console', name: 'demo', role: 'system' }, now());
      log(`demo accounts created (password "${DEMO_PASSWORD}"): ${DEMO_ACCOUNTS.map((a) => `${a.name} (${a.role}${a.street ? ' ' + a.street : ''})`).join(', ')}`);
    }

    let stopping: Promise<void> | null = null;
    return {
      api,
      info,
      dataDir,
      // issue 9: both change when the demo is left or endpoints are saved.
      get demo() {
        return demo;
      },
      get endpoints() {
        return feed.endpoints().map((e) => ({ ...e, enabled: e.enabled !== false }));
      },
      stop() {
        stopping ??= unwind();
        return stopping;
      },
    };
  } catch (err) {
    await unwind();
    throw err;
  }
}
