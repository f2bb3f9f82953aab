// How each SFP/1 entity maps onto its current-state table: the key, the columns queries filter on,
// and the upsert. Shared by the event-batch and snapshot paths so both write rows the same way.
import type { z } from 'zod';
import { Camera, Grid, Incident, IndicatorReport, OrgUnit, Station, VideoAlert } from '../../src-shared/sfp/schemas.ts';
import type { ChangeKind } from './store.ts';
import { isoToMs } from './time.ts';

export type EntityTableKind = 'incident' | 'alert' | 'camera' | 'station' | 'org' | 'grid' | 'indicator';

export interface EntityTable {
  kind: EntityTableKind;
  changeKind: ChangeKind;
  table: string;
  /** Key of the snapshot's `entities` object. */
  snapshotKey: 'incidents' | 'alerts' | 'cameras' | 'stations' | 'orgs' | 'grids' | 'indicators';
  schema: z.ZodType;
  /** The entity's id as used in tombstones and the event log. */
  idOf(body: Record<string, unknown>): string;
  /** Params locating one row (for the owner lookup and delete). */
  keyOf(id: string): unknown[];
  selectOwnerSql: string;
  deleteSql: string;
  idsOfSubcentreSql: string;
  deleteSubcentreSql: string;
  upsertSql: string;
  params(body: Record<string, unknown>, subcentreId: string, lv: number): Record<string, unknown>;
}

function upsert(table: string, key: string[], columns: string[]): string {
  const all = [...key, ...columns];
  const quoted = (c: string) => (c === 'values' ? '"values"' : c);
  return (
    `INSERT INTO ${table} (${all.map(quoted).join(', ')}) VALUES (${all.map((c) => '@' + c).join(', ')}) ` +
    `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${columns.map((c) => `${quoted(c)} = excluded.${quoted(c)}`).join(', ')}`
  );
}

function simple(kind: EntityTableKind, changeKind: ChangeKind, table: string, snapshotKey: EntityTable['snapshotKey'], idColumn: string, idField: string, schema: z.ZodType, columns: string[], params: EntityTable['params']): EntityTable {
  return {
    kind,
    changeKind,
    table,
    snapshotKey,
    schema,
    idOf: (body) => String(body[idField]),
    keyOf: (id) => [id],
    selectOwnerSql: `SELECT subcentre_id AS subcentreId, rev FROM ${table} WHERE ${idColumn} = ?`,
    deleteSql: `DELETE FROM ${table} WHERE ${idColumn} = ?`,
    idsOfSubcentreSql: `SELECT ${idColumn} AS id FROM ${table} WHERE subcentre_id = ?`,
    deleteSubcentreSql: `DELETE FROM ${table} WHERE subcentre_id = ?`,
    upsertSql: upsert(table, [idColumn], ['subcentre_id', 'rev', ...columns, 'raw', 'lv']),
    params,
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const point = (body: Record<string, unknown>) => (body.location ?? {}) as Record<string, unknown>;

const INCIDENTS = simple(
  'incident', 'incident', 'incidents', 'incidents', 'incident_id', 'incidentId', Incident,
  ['category_major', 'category_minor', 'category_name', 'title', 'source', 'severity', 'level', 'status', 'lon', 'lat', 'grid_id', 'address', 'department', 'alert_id', 'reported_at', 'updated_at', 'due_at', 'closed_at'],
  (b, subcentreId, lv) => {
    const category = b.category as Record<string, unknown>;
    const loc = point(b);
    return {
      incident_id: b.incidentId,
      subcentre_id: subcentreId,
      rev: b.rev,
      category_major: category.major,
      category_minor: category.minor,
      category_name: category.name,
      title: b.title,
      source: b.source,
      severity: b.severity,
      level: b.level,
      status: b.status,
      lon: loc.lon,
      lat: loc.lat,
      grid_id: str(loc.gridId),
      address: str(loc.address),
      department: str(b.department),
      alert_id: str(b.alertId),
      reported_at: isoToMs(b.reportedAt as string),
      updated_at: isoToMs(b.updatedAt as string),
      due_at: isoToMs(str(b.dueAt)),
      closed_at: isoToMs(str(b.closedAt)),
      raw: JSON.stringify(b),
      lv,
    };
  },
);

const ALERTS = simple(
  'alert', 'alert', 'alerts', 'alerts', 'alert_id', 'alertId', VideoAlert,
  ['camera_id', 'kind', 'confidence', 'severity', 'state', 'lon', 'lat', 'grid_id', 'raised_at', 'updated_at', 'incident_id', 'has_snapshot'],
  (b, subcentreId, lv) => {
    const loc = point(b);
    return {
      alert_id: b.alertId,
      subcentre_id: subcentreId,
      rev: b.rev,
      camera_id: b.cameraId,
      kind: b.kind,
      confidence: b.confidence,
      severity: b.severity,
      state: b.state,
      lon: loc.lon,
      lat: loc.lat,
      grid_id: str(loc.gridId),
      raised_at: isoToMs(b.raisedAt as string),
      updated_at: isoToMs(b.updatedAt as string),
      incident_id: str(b.incidentId),
      has_snapshot: typeof b.snapshot === 'string' && b.snapshot.length > 0 ? 1 : 0,
      raw: JSON.stringify(b),
      lv,
    };
  },
);

const CAMERAS = simple(
  'camera', 'camera', 'cameras', 'cameras', 'camera_id', 'cameraId', Camera,
  ['name', 'lon', 'lat', 'grid_id', 'status'],
  (b, subcentreId, lv) => {
    const loc = point(b);
    return { camera_id: b.cameraId, subcentre_id: subcentreId, rev: b.rev, name: b.name, lon: loc.lon, lat: loc.lat, grid_id: str(b.gridId), status: b.status, raw: JSON.stringify(b), lv };
  },
);

const STATIONS = simple(
  'station', 'station', 'stations', 'stations', 'station_id', 'stationId', Station,
  ['name', 'tier', 'lon', 'lat', 'open_now', 'visits_today'],
  (b, subcentreId, lv) => {
    const loc = point(b);
    return {
      station_id: b.stationId,
      subcentre_id: subcentreId,
      rev: b.rev,
      name: b.name,
      tier: b.tier,
      lon: loc.lon,
      lat: loc.lat,
      open_now: b.openNow ? 1 : 0,
      visits_today: num(b.visitsToday),
      raw: JSON.stringify(b),
      lv,
    };
  },
);

const ORGS = simple(
  'org', 'org', 'orgs', 'orgs', 'org_id', 'orgId', OrgUnit,
  ['kind', 'name', 'parent_id', 'grid_id', 'members', 'secretary'],
  (b, subcentreId, lv) => ({
    org_id: b.orgId,
    subcentre_id: subcentreId,
    rev: b.rev,
    kind: b.kind,
    name: b.name,
    parent_id: str(b.parentId),
    grid_id: str(b.gridId),
    members: num(b.members),
    secretary: str(b.secretary),
    raw: JSON.stringify(b),
    lv,
  }),
);

const GRIDS = simple(
  'grid', 'grid', 'grids', 'grids', 'grid_id', 'gridId', Grid,
  ['name', 'community_id', 'households', 'grid_worker'],
  (b, subcentreId, lv) => ({
    grid_id: b.gridId,
    subcentre_id: subcentreId,
    rev: b.rev,
    name: b.name,
    community_id: b.communityId,
    households: num(b.households),
    grid_worker: str(b.gridWorker),
    raw: JSON.stringify(b),
    lv,
  }),
);

// Indicator reports are keyed by (orgId, period); their one-string id is "orgId/period".
const INDICATOR_ID_SEPARATOR = '/';
const INDICATORS: EntityTable = {
  kind: 'indicator',
  changeKind: 'indicator',
  table: 'indicator_reports',
  snapshotKey: 'indicators',
  schema: IndicatorReport,
  idOf: (b) => `${String(b.orgId)}${INDICATOR_ID_SEPARATOR}${String(b.period)}`,
  keyOf: (id) => {
    const at = id.lastIndexOf(INDICATOR_ID_SEPARATOR);
    return [id.slice(0, at), id.slice(at + 1)];
  },
  selectOwnerSql: `SELECT subcentre_id AS subcentreId, rev FROM indicator_reports WHERE org_id = ? AND period = ?`,
  deleteSql: `DELETE FROM indicator_reports WHERE org_id = ? AND period = ?`,
  idsOfSubcentreSql: `SELECT org_id || '${INDICATOR_ID_SEPARATOR}' || period AS id FROM indicator_reports WHERE subcentre_id = ?`,
  deleteSubcentreSql: `DELETE FROM indicator_reports WHERE subcentre_id = ?`,
  upsertSql: upsert('indicator_reports', ['org_id', 'period'], ['subcentre_id', 'rev', 'values', 'raw', 'lv']),
  params: (b, subcentreId, lv) => ({
    org_id: b.orgId,
    period: b.period,
    subcentre_id: subcentreId,
    rev: b.rev,
    values: JSON.stringify(b.values ?? {}),
    raw: JSON.stringify(b),
    lv,
  }),
};

export const ENTITY_TABLES: readonly EntityTable[] = [INCIDENTS, ALERTS, CAMERAS, STATIONS, ORGS, GRIDS, INDICATORS];

export const TABLE_BY_KIND: Readonly<Record<EntityTableKind, EntityTable>> = {
  incident: INCIDENTS,
  alert: ALERTS,
  camera: CAMERAS,
  station: STATIONS,
  org: ORGS,
  grid: GRIDS,
  indicator: INDICATORS,
};

/** The table an upsert event type writes, or null for entity.delete. */
export const TABLE_BY_EVENT_TYPE: Readonly<Record<string, EntityTable>> = {
  'incident.upsert': INCIDENTS,
  'alert.upsert': ALERTS,
  'camera.upsert': CAMERAS,
  'station.upsert': STATIONS,
  'org.upsert': ORGS,
  'grid.upsert': GRIDS,
  'indicators.report': INDICATORS,
};
