// A real sub-centre server on a temp file with a hand-driven demo clock, and a publisher that records
// every fact the scenario engine publishes through it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSubcentreServer } from '../../../src-main/subcentre/server.ts';
import type { RunningSubcentre, SubcentrePublisher } from '../../../src-main/subcentre/types.ts';
import type { ScenarioClock } from '../../../src-main/demo/scenario.ts';
import { loadDemoDistrict, type DemoDistrict } from '../../../src-main/demo/district.ts';

let shared: DemoDistrict | null = null;
export function demoDistrict(): DemoDistrict {
  shared ??= loadDemoDistrict();
  return shared;
}

export interface ManualClock extends ScenarioClock {
  set(ms: number): void;
  advance(ms: number): void;
  ms(): number;
}

export function manualClock(startIso: string): ManualClock {
  let t = Date.parse(startIso);
  return { speed: 1, now: () => new Date(t), set: (ms) => void (t = ms), advance: (ms) => void (t += ms), ms: () => t };
}

export interface Fact {
  type: string;
  body: Record<string, unknown>;
}

export interface TestSubcentre {
  server: RunningSubcentre;
  /** The server's publisher, wrapped so that every fact is recorded in `facts`. */
  publisher: SubcentrePublisher;
  facts: Fact[];
  chunkSizes: number[];
  dir: string;
  dbFile: string;
  close(): Promise<void>;
}

export async function startTestSubcentre(streetId: string, clock: ScenarioClock, dir?: string): Promise<TestSubcentre> {
  const street = demoDistrict().street(streetId);
  const own = !dir;
  const folder = dir ?? mkdtempSync(path.join(os.tmpdir(), 'superbrain-demo-'));
  const dbFile = path.join(folder, `subcentre-${streetId}.db`);
  const server = await startSubcentreServer({
    subcentre: { id: streetId, name: street?.name ?? streetId, districtId: '370102' },
    dbFile,
    port: 0,
    tokens: ['test-token'],
    now: () => clock.now(),
  });
  const facts: Fact[] = [];
  const chunkSizes: number[] = [];
  const real = server.publisher;
  const record = (type: string, body: unknown): void => {
    facts.push({ type, body: structuredClone(body) as Record<string, unknown> });
  };
  const publisher: SubcentrePublisher = {
    get subcentre() {
      return real.subcentre;
    },
    get epoch() {
      return real.epoch;
    },
    headSeq: () => real.headSeq(),
    retainedFromSeq: () => real.retainedFromSeq(),
    publish: (type, body) => {
      const env = real.publish(type, body);
      record(env.type, env.body);
      return env;
    },
    publishMany: (items) => {
      chunkSizes.push(items.length);
      const envs = real.publishMany(items);
      for (const e of envs) record(e.type, e.body);
      return envs;
    },
    updateIncident: (id, mutate) => {
      const next = real.updateIncident(id, mutate);
      if (next) record('incident.upsert', next);
      return next;
    },
    updateAlert: (id, mutate) => {
      const next = real.updateAlert(id, mutate);
      if (next) record('alert.upsert', next);
      return next;
    },
    nextIncidentId: () => real.nextIncidentId(),
    getIncident: (id) => real.getIncident(id),
    getAlert: (id) => real.getAlert(id),
    listEntities: ((kind: Parameters<SubcentrePublisher['listEntities']>[0]) => real.listEntities(kind)) as SubcentrePublisher['listEntities'],
    listIndicatorReports: () => real.listIndicatorReports(),
    listOpenIncidents: () => real.listOpenIncidents(),
    onDidExecuteCommand: (listener) => real.onDidExecuteCommand(listener),
  };
  return {
    server,
    publisher,
    facts,
    chunkSizes,
    dir: folder,
    dbFile,
    close: async () => {
      await server.close();
      if (own) rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Facts without the fields the server stamps from its own clock (they depend on when a tick ran). */
export function comparable(facts: Fact[]): string[] {
  return facts.map((f) => {
    const { updatedAt: _u, ...rest } = f.body;
    return `${f.type} ${JSON.stringify(rest)}`;
  });
}

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
