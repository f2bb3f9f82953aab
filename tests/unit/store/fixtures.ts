// Builders of valid SFP/1 bodies and envelopes for the store and feed tests, and a temp-dir store.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { openStore, type Store } from '../../../src-main/store/store.ts';
import type { Camera, Grid, Incident, IndicatorReport, OrgUnit, Station, VideoAlert } from '../../../src-shared/sfp/schemas.ts';

export const STREET = '370102012';
export const OTHER_STREET = '370102001';

/** A fresh store in its own temp dir; `cleanup` closes it and removes the dir. */
export function tempStore(): { store: Store; dir: string; file: string; reopen(): Store; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-store-'));
  const file = path.join(dir, 'console.db');
  const handle = {
    store: openStore(file),
    dir,
    file,
    reopen() {
      handle.store.close();
      handle.store = openStore(file);
      return handle.store;
    },
    cleanup() {
      handle.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return handle;
}

export function tempDir(prefix = 'superbrain-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function incident(id: string, over: Partial<Incident> = {}): Incident {
  return {
    incidentId: id,
    rev: 1,
    category: { major: '街面秩序', minor: '0201', name: '占道经营' },
    title: `占道经营 ${id}`,
    source: 'grid-worker',
    severity: 'yellow',
    level: 'grid',
    status: 'reported',
    location: { lon: 117.05, lat: 36.67, gridId: 'g-1' },
    reportedAt: '2026-11-23T08:00:00.000+08:00',
    updatedAt: '2026-11-23T08:00:00.000+08:00',
    history: [],
    ...over,
  };
}

export function alert(id: string, over: Partial<VideoAlert> = {}): VideoAlert {
  return {
    alertId: id,
    rev: 1,
    cameraId: '37010200001310000001',
    kind: 'fire-smoke',
    confidence: 0.9,
    severity: 'red',
    location: { lon: 117.06, lat: 36.66 },
    raisedAt: '2026-11-23T08:00:00.000+08:00',
    updatedAt: '2026-11-23T08:00:00.000+08:00',
    state: 'open',
    ...over,
  };
}

export function camera(id: string, over: Partial<Camera> = {}): Camera {
  return { cameraId: id, rev: 1, name: `摄像机 ${id}`, location: { lon: 117.06, lat: 36.66 }, status: 'online', ...over };
}

export function station(id: string, over: Partial<Station> = {}): Station {
  return { stationId: id, rev: 1, name: `驿站 ${id}`, tier: 4, location: { lon: 117.06, lat: 36.66 }, openNow: true, ...over };
}

export function org(id: string, over: Partial<OrgUnit> = {}): OrgUnit {
  return { orgId: id, rev: 1, kind: 'grid-branch', name: `网格党支部 ${id}`, ...over };
}

export function grid(id: string, over: Partial<Grid> = {}): Grid {
  return {
    gridId: id,
    rev: 1,
    name: `网格 ${id}`,
    communityId: 'c-1',
    polygon: { type: 'Polygon', coordinates: [[[117, 36], [117.01, 36], [117.01, 36.01], [117, 36]]] },
    ...over,
  };
}

export function indicators(orgId: string, period: string, over: Partial<IndicatorReport> = {}): IndicatorReport {
  return { orgId, period, values: { meetings: 3 }, rev: 1, ...over };
}

export function envelope(seq: number, type: string, body: unknown, at = '2026-11-23T08:00:00.000+08:00'): Record<string, unknown> {
  return { seq, id: randomUUID(), type, at, body };
}

/** Envelopes with consecutive seqs starting at `first`. */
export function batch(first: number, items: Array<[type: string, body: unknown]>): Record<string, unknown>[] {
  return items.map(([type, body], i) => envelope(first + i, type, body));
}

export function count(store: Store, table: string, where = '1 = 1', ...params: unknown[]): number {
  return (store.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get(...params) as { n: number }).n;
}
