// Plain SFP/1 bodies and a temporary folder for the sub-centre tests (unit and integration).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Camera, Command, Grid, Incident, IndicatorReport, OrgUnit, VideoAlert } from '../../../src-shared/sfp/schemas.ts';
import type { SubcentreIdentity } from '../../../src-main/subcentre/types.ts';

export const LONGDONG: SubcentreIdentity = { id: '370102012', name: '龙洞街道', districtId: '370102' };
export const T0 = '2026-11-23T08:00:00.000+08:00';

/** A clock that stands still unless moved: `clock.set(...)`, `clock.advance(ms)`. */
export function fixedClock(iso = '2026-11-23T00:00:00.000Z'): { now: () => Date; advance(ms: number): void; set(iso: string): void } {
  let t = Date.parse(iso);
  return { now: () => new Date(t), advance: (ms) => void (t += ms), set: (s) => void (t = Date.parse(s)) };
}

export function tempDir(): { dir: string; file(name: string): string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-subcentre-'));
  return { dir, file: (name) => path.join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function incident(id: string, extra: Partial<Incident> = {}): Incident {
  return {
    incidentId: id,
    rev: 1,
    category: { major: '街面秩序', minor: '占道经营', name: '占道经营' },
    title: `事件 ${id}`,
    source: 'grid-worker',
    severity: 'yellow',
    level: 'grid',
    status: 'reported',
    location: { lon: 117.1, lat: 36.66, gridId: 'g-1' },
    reportedAt: T0,
    updatedAt: T0,
    history: [{ at: T0, action: 'report' }],
    ...extra,
  };
}

export function alert(id: string, extra: Partial<VideoAlert> = {}): VideoAlert {
  return {
    alertId: id,
    rev: 1,
    cameraId: '37010200001310000001',
    kind: 'fire-smoke',
    confidence: 0.88,
    severity: 'red',
    location: { lon: 117.11, lat: 36.67, gridId: 'g-2' },
    raisedAt: T0,
    updatedAt: T0,
    state: 'open',
    ...extra,
  };
}

export function camera(id: string, extra: Partial<Camera> = {}): Camera {
  return { cameraId: id, rev: 1, name: `摄像机 ${id}`, location: { lon: 117.1, lat: 36.6 }, status: 'online', ...extra };
}

export function grid(id: string, extra: Partial<Grid> = {}): Grid {
  return {
    gridId: id,
    rev: 1,
    name: `网格 ${id}`,
    communityId: 'c-1',
    polygon: { type: 'Polygon', coordinates: [[[117, 36], [117.01, 36], [117.01, 36.01], [117, 36]]] },
    gridWorker: '王芳',
    ...extra,
  };
}

export function org(id: string, extra: Partial<OrgUnit> = {}): OrgUnit {
  return { orgId: id, rev: 1, kind: 'grid-branch', name: `支部 ${id}`, ...extra };
}

export function indicators(orgId: string, period: string, extra: Partial<IndicatorReport> = {}): IndicatorReport {
  return { orgId, period, values: { meetings: 3 }, rev: 1, ...extra };
}

export const OPERATOR = { id: 'op-017', name: '张伟', role: 'duty-officer' };

export function command(type: Command['type'], target: Record<string, unknown>, args: Record<string, unknown> = {}, commandId = `c-${Math.random().toString(16).slice(2)}`): Command {
  return { commandId, type, issuedAt: T0, operator: OPERATOR, target, args } as Command;
}
