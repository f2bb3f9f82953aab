// The console's data plane in one object, shared by both shells (Electron, web mode): the local store,
// the feed links to the sub-centres (or, in demo mode, to 13 embedded demo sub-centres on loopback),
// the boundaries and the ConsoleApi over them. No Electron here: paths and the native binding are
// passed in by whoever starts it.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getCacheId, openStore } from '../store/store.ts';
import { FeedManager } from '../feed/feed-manager.ts';
import { createConsoleApi, DEFAULT_OPERATOR, type ConsoleApiHandle } from '../api/console-api.ts';
import { BoundariesError, loadBoundaries } from './boundaries.ts';
import { DEFAULT_RESOURCES_DIR, DEFAULT_ROOT } from './paths.ts';
import type { ConsoleConfig, SubcentreEndpoint } from '../config.ts';
import type { Operator } from '../../src-shared/sfp/schemas.ts';
import type { Boundaries, ConsoleInfo } from '../../src-shared/api.ts';

export interface ConsoleRuntimeOptions {
  /** Where console.db (and, in demo mode, demo/) live; created if missing. */
  dataDir: string;
  /** Sub-centres to connect to. Ignored when `demo` is given. */
  config?: ConsoleConfig;
  /** Run the embedded Lixia demo district instead of a configuration. */
  demo?: { speed?: number; seed?: number };
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

    let demo: DemoDistrict | null = null;
    let endpoints: SubcentreEndpoint[];
    if (options.demo) {
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
      endpoints = options.config!.subcentres;
    }

    const consoleId = options.demo ? DEMO_CONSOLE_ID : options.config!.consoleId;
    const staleAfterMs = (options.config?.staleAfterSeconds ?? 30) * 1000;
    // In the demo every fact carries demo time (its clock may run faster than real time); the console's
    // own clock follows it, so "today", "overdue" and "new" on the wall agree with the data.
    const demoClock = demo?.clock;
    const now = demoClock ? () => demoClock.now().getTime() : Date.now;
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
      demo: Boolean(options.demo),
      district: options.demo ? { ...DEMO_DISTRICT } : { ...options.config!.district },
      dataDir,
      cacheId: getCacheId(store),
    };
    const operator = options.operator ?? DEFAULT_OPERATOR;
    const api = createConsoleApi({
      store,
      feed,
      info,
      now,
      operator: () => operator,
      boundaries: () => {
        if (!boundaries) throw new BoundariesError(`boundaries are not available: ${boundariesProblem}`);
        return boundaries;
      },
    });
    undo.push(() => api.dispose());

    let stopping: Promise<void> | null = null;
    return {
      api,
      info,
      dataDir,
      demo,
      endpoints,
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
