// The 13 demo sub-centres of Lixia: one SFP/1 server per street on loopback, each driven by its own
// scenario, all on one demo clock. What `superbrain demo` and the console's demo mode run.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { SubcentreEndpoint } from '../config.ts';
import { startSubcentreServer } from '../subcentre/server.ts';
import type { RunningSubcentre } from '../subcentre/types.ts';
import { loadDemoDistrict, type DemoDistrict } from './district.ts';
import { createScenarioClock, demoOnDuty, startScenario, type BurstOptions, type RunningScenario, type ScenarioClock, type ScenarioRates } from './scenario.ts';

export const DEFAULT_DEMO_TOKEN = 'demo-token';

export interface StartDemoDistrictOptions {
  /** Folder of the 13 logs (`subcentre-<street code>.db`); created if missing. */
  dataDir: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Street n (1..13) listens on basePort + n - 1; 0 = free ports. Default 0. */
  basePort?: number;
  /** Demo seconds per real second. Default 1. */
  speed?: number;
  /** Default 1. */
  seed?: number;
  /** The token consoles present. Default "demo-token". */
  token?: string;
  /** Hours of past activity on a fresh log. Default 6. */
  backfillHours?: number;
  burst?: BurstOptions;
  /** Default 10,000 ms (SFP/1 §3.5). */
  statusIntervalMs?: number;
  rates?: ScenarioRates;
  /** A clock to run on instead of createScenarioClock(speed). */
  clock?: ScenarioClock;
  /** Default: loadDemoDistrict(). */
  district?: DemoDistrict;
  /** One-line notes from the servers and scenarios. Default: silent. */
  log?: (message: string) => void;
}

export interface DemoDistrictHandle {
  /** One per street, url = http://host:port (the SFP/1 endpoint is url + "/sfp1"). */
  endpoints: SubcentreEndpoint[];
  clock: ScenarioClock;
  /** Stops one street's scenario and server (its log stays). */
  stopOne(streetId: string): Promise<void>;
  /** Starts it again: same port, same db file, so the same epoch. */
  startOne(streetId: string): Promise<void>;
  /** The running server of a street (undefined while stopped). */
  server(streetId: string): RunningSubcentre | undefined;
  stop(): Promise<void>;
}

interface Street {
  id: string;
  name: string;
  port: number;
  dbFile: string;
  running: { server: RunningSubcentre; scenario: RunningScenario } | null;
  /** The start or stop in progress, so that calls on one street run one after the other. */
  busy: Promise<void>;
}

export async function startDemoDistrict(options: StartDemoDistrictOptions): Promise<DemoDistrictHandle> {
  const host = options.host ?? '127.0.0.1';
  const basePort = options.basePort ?? 0;
  if (!Number.isInteger(basePort) || basePort < 0 || basePort > 65535 - 12) throw new RangeError(`basePort must be 0 or a port up to ${65535 - 12}, got ${basePort}`);
  const token = options.token ?? DEFAULT_DEMO_TOKEN;
  if (!token) throw new Error('the demo token must not be empty');
  const district = options.district ?? loadDemoDistrict();
  const clock = options.clock ?? createScenarioClock(options.speed ?? 1);
  const seed = options.seed ?? 1;
  const say = options.log ?? (() => {});
  mkdirSync(options.dataDir, { recursive: true });
  const urlHost = host.includes(':') ? `[${host}]` : host;

  const streets: Street[] = district.streets.map((s, i) => ({
    id: s.id,
    name: s.name,
    port: basePort === 0 ? 0 : basePort + i,
    dbFile: path.join(options.dataDir, `subcentre-${s.id}.db`),
    running: null,
    busy: Promise.resolve(),
  }));
  const byId = new Map(streets.map((s) => [s.id, s]));

  async function launch(street: Street): Promise<void> {
    if (street.running) return;
    const gridCount = district.gridsOf(street.id).length;
    const server = await startSubcentreServer({
      subcentre: { id: street.id, name: street.name, districtId: district.id },
      dbFile: street.dbFile,
      port: street.port,
      host,
      tokens: [token],
      now: () => clock.now(),
      onDuty: () => demoOnDuty(gridCount, clock.now()),
      ...(options.statusIntervalMs !== undefined ? { statusIntervalMs: options.statusIntervalMs } : {}),
      log: (m) => say(`${street.id} ${m}`),
    });
    let scenario: RunningScenario;
    try {
      scenario = startScenario(server.publisher, {
        streetId: street.id,
        seed,
        clock,
        district,
        ...(options.backfillHours !== undefined ? { backfillHours: options.backfillHours } : {}),
        ...(options.burst ? { burst: options.burst } : {}),
        ...(options.rates ? { rates: options.rates } : {}),
        log: (m) => say(`${street.id} scenario: ${m}`),
      });
    } catch (err) {
      await server.close();
      throw err;
    }
    street.port = server.port; // a free port, once chosen, is kept for restarts
    street.running = { server, scenario };
  }

  async function halt(street: Street): Promise<void> {
    const running = street.running;
    if (!running) return;
    street.running = null;
    running.scenario.stop();
    await running.server.close();
  }

  const serially = (street: Street, work: () => Promise<void>): Promise<void> => {
    const next = street.busy.then(work, work);
    street.busy = next.catch(() => {});
    return next;
  };

  const knownStreet = (streetId: string): Street => {
    const street = byId.get(streetId);
    if (!street) throw new Error(`no demo sub-centre for street ${streetId}`);
    return street;
  };

  try {
    // One after the other: each backfill is a burst of SQLite writes, and the machine may be small.
    for (const street of streets) await launch(street);
  } catch (err) {
    await Promise.allSettled(streets.map(halt));
    throw err;
  }

  return {
    endpoints: streets.map((s) => ({ id: s.id, name: s.name, url: `http://${urlHost}:${s.port}`, token, enabled: true })),
    clock,
    stopOne: async (streetId) => {
      const street = knownStreet(streetId);
      await serially(street, () => halt(street));
    },
    startOne: async (streetId) => {
      const street = knownStreet(streetId);
      await serially(street, () => launch(street));
    },
    server: (streetId) => byId.get(streetId)?.running?.server,
    stop: async () => {
      await Promise.allSettled(streets.map((s) => serially(s, () => halt(s))));
    },
  };
}
