// Read side of the cache: synchronous queries returning exactly the types of the console API
// (src-shared/api.ts). Statements are prepared once per store (store.statement caches them by text);
// filters use json_each(?) for lists so that one SQL text serves every list length.
import type {
  ActivityItem,
  AlertColumns,
  AlertQuery,
  AlertRow,
  CameraRow,
  ColumnsQuery,
  EpochMs,
  GridRow,
  IncidentColumns,
  IncidentDetail,
  IncidentQuery,
  IncidentRow,
  IndicatorQuery,
  IndicatorRow,
  Kpis,
  OrgRow,
  StationRow,
} from '../../src-shared/api.ts';
import { LEVEL_CODES, SEVERITY_CODES, SOURCE_CODES, STATUS_CODES } from '../../src-shared/api.ts';
import type { AlertState, CameraStatus, IncidentStatus, Level, Severity, Source } from '../../src-shared/sfp/schemas.ts';
import { INCIDENT_STATUSES, SEVERITIES } from '../../src-shared/sfp/schemas.ts';
import { clampLimit } from './outbox.ts';
import type { Store } from './store.ts';
import { shanghaiDayStart } from './time.ts';

export { listOutbox } from './outbox.ts';
export { getStoredLinks } from './links.ts';

export const DEFAULT_COLUMNS_LIMIT = 50_000;
export const MAX_COLUMNS_LIMIT = 200_000;
const ALERT_STATES: readonly AlertState[] = ['open', 'confirmed', 'dismissed'];
const OPEN = `status NOT IN ('closed', 'rejected')`;

// ---------- KPIs ----------

/** The wall's headline numbers at `nowMs`; "today" is the Asia/Shanghai calendar day. */
/** The KPI strip: the whole district, or one street (a street operator's scope) when `subcentreId` is given. */
export function getKpis(store: Store, nowMs: EpochMs, subcentreId: string | null = null): Kpis {
  const dayStart = shanghaiDayStart(nowMs);
  const inStreet = `(@street IS NULL OR subcentre_id = @street)`;
  return store.read(() => {
    const i = store
      .statement(
        `SELECT
           (SELECT count(*) FROM incidents WHERE ${OPEN} AND ${inStreet}) AS open,
           (SELECT count(*) FROM incidents WHERE ${OPEN} AND due_at < @now AND ${inStreet}) AS overdue,
           (SELECT count(*) FROM incidents WHERE reported_at >= @dayStart AND ${inStreet}) AS newToday,
           (SELECT count(*) FROM incidents WHERE status = 'closed' AND coalesce(closed_at, updated_at) >= @dayStart AND ${inStreet}) AS closedToday,
           (SELECT count(*) FROM incidents WHERE ${OPEN} AND severity = 'red' AND ${inStreet}) AS red,
           (SELECT count(*) FROM alerts WHERE state = 'open' AND ${inStreet}) AS alertsOpen,
           (SELECT count(*) FROM cameras WHERE status <> 'online' AND ${inStreet}) AS camerasOffline`,
      )
      .get({ now: nowMs, dayStart, street: subcentreId }) as Omit<Kpis, 'at'>;
    return { ...i, at: nowMs };
  });
}

// ---------- columns (map) ----------

function columnsWindow(q: ColumnsQuery | undefined): { after: number; limit: number } {
  const after = q?.afterVersion ?? 0;
  if (typeof after !== 'number' || !Number.isFinite(after)) throw new TypeError(`afterVersion must be a number, got ${JSON.stringify(after)}`);
  return { after: Math.max(0, Math.floor(after)), limit: clampLimit(q?.limit, DEFAULT_COLUMNS_LIMIT, MAX_COLUMNS_LIMIT) };
}

/**
 * Rows and tombstones share the lv sequence: take the first `limit` of both merged by lv, so that
 * paging with afterVersion = version never skips a change.
 */
function mergeByLv<R extends { lv: number }>(rows: R[], tombs: Array<{ id: string; lv: number }>, limit: number, afterVersion: number, storeVersion: number) {
  const taken: R[] = [];
  const deleted: string[] = [];
  let r = 0;
  let t = 0;
  let last = afterVersion;
  while (taken.length + deleted.length < limit && (r < rows.length || t < tombs.length)) {
    if (t >= tombs.length || (r < rows.length && rows[r]!.lv < tombs[t]!.lv)) {
      last = rows[r]!.lv;
      taken.push(rows[r++]!);
    } else {
      last = tombs[t]!.lv;
      deleted.push(tombs[t++]!.id);
    }
  }
  const more = r < rows.length || t < tombs.length;
  // With nothing left, everything up to the store's version has been seen: jump there.
  return { taken, deleted, more, version: more ? last : Math.max(last, storeVersion) };
}

function indexer(): { list: string[]; of(v: string): number } {
  const list: string[] = [];
  const map = new Map<string, number>();
  return {
    list,
    of(v) {
      let i = map.get(v);
      if (i === undefined) {
        i = list.length;
        list.push(v);
        map.set(v, i);
      }
      return i;
    },
  };
}

interface IncidentColumnRow {
  lv: number;
  id: string;
  lon: number;
  lat: number;
  severity: Severity;
  status: IncidentStatus;
  level: Level;
  source: Source;
  category: string;
  street: string;
  grid: string | null;
  reportedAt: number;
  updatedAt: number;
  dueAt: number | null;
}

/** Incidents changed after `afterVersion`, as parallel arrays, ordered by local version. */
export function getIncidentColumns(store: Store, q: ColumnsQuery = {}): IncidentColumns {
  const { after, limit } = columnsWindow(q);
  return store.read(() => {
    const rows = store
      .statement(
        `SELECT lv, incident_id AS id, lon, lat, severity, status, level, source, category_major AS category, subcentre_id AS street, grid_id AS grid,
                reported_at AS reportedAt, updated_at AS updatedAt, due_at AS dueAt
         FROM incidents WHERE lv > ? ORDER BY lv LIMIT ?`,
      )
      .all(after, limit + 1) as IncidentColumnRow[];
    const tombs = store.statement(`SELECT id, lv FROM tombstones WHERE kind = ? AND lv > ? ORDER BY lv LIMIT ?`).all('incident', after, limit + 1) as Array<{ id: string; lv: number }>;
    const m = mergeByLv(rows, tombs, limit, after, store.version());
    const categories = indexer();
    const streets = indexer();
    const grids = indexer(); // issue 4
    const gridOf: number[] = [];
    const out: IncidentColumns = {
      version: m.version,
      more: m.more,
      count: m.taken.length,
      ids: [],
      lon: [],
      lat: [],
      severity: [],
      status: [],
      level: [],
      source: [],
      category: [],
      categories: categories.list,
      street: [],
      streets: streets.list,
      reportedAt: [],
      updatedAt: [],
      dueAt: [],
      deleted: m.deleted,
    };
    for (const row of m.taken) {
      out.ids.push(row.id);
      out.lon.push(row.lon);
      out.lat.push(row.lat);
      out.severity.push(SEVERITY_CODES.indexOf(row.severity));
      out.status.push(STATUS_CODES.indexOf(row.status));
      out.level.push(LEVEL_CODES.indexOf(row.level));
      out.source.push(SOURCE_CODES.indexOf(row.source));
      out.category.push(categories.of(row.category));
      out.street.push(streets.of(row.street));
      out.reportedAt.push(row.reportedAt);
      out.updatedAt.push(row.updatedAt);
      out.dueAt.push(row.dueAt);
      gridOf.push(row.grid === null ? -1 : grids.of(row.grid));
    }
    out.grid = gridOf;
    out.grids = grids.list;
    return out;
  });
}

interface AlertColumnRow {
  lv: number;
  id: string;
  lon: number;
  lat: number;
  severity: Severity;
  state: AlertState;
  kind: string;
  street: string;
  raisedAt: number;
  updatedAt: number;
}

/** Alerts changed after `afterVersion`, as parallel arrays, ordered by local version. */
export function getAlertColumns(store: Store, q: ColumnsQuery = {}): AlertColumns {
  const { after, limit } = columnsWindow(q);
  return store.read(() => {
    const rows = store
      .statement(
        `SELECT lv, alert_id AS id, lon, lat, severity, state, kind, subcentre_id AS street, raised_at AS raisedAt, updated_at AS updatedAt
         FROM alerts WHERE lv > ? ORDER BY lv LIMIT ?`,
      )
      .all(after, limit + 1) as AlertColumnRow[];
    const tombs = store.statement(`SELECT id, lv FROM tombstones WHERE kind = ? AND lv > ? ORDER BY lv LIMIT ?`).all('alert', after, limit + 1) as Array<{ id: string; lv: number }>;
    const m = mergeByLv(rows, tombs, limit, after, store.version());
    const kinds = indexer();
    const streets = indexer();
    const out: AlertColumns = {
      version: m.version,
      more: m.more,
      count: m.taken.length,
      ids: [],
      lon: [],
      lat: [],
      severity: [],
      state: [],
      kinds: kinds.list,
      kind: [],
      street: [],
      streets: streets.list,
      raisedAt: [],
      updatedAt: [],
      deleted: m.deleted,
    };
    for (const row of m.taken) {
      out.ids.push(row.id);
      out.lon.push(row.lon);
      out.lat.push(row.lat);
      out.severity.push(SEVERITY_CODES.indexOf(row.severity));
      out.state.push(ALERT_STATES.indexOf(row.state));
      out.kind.push(kinds.of(row.kind));
      out.street.push(streets.of(row.street));
      out.raisedAt.push(row.raisedAt);
      out.updatedAt.push(row.updatedAt);
    }
    return out;
  });
}

// ---------- incidents ----------

const INCIDENT_ROW_SQL = `SELECT incident_id, subcentre_id, rev, title, category_major, category_minor, category_name, source, severity, level,
  status, lon, lat, grid_id, address, department, reported_at, updated_at, due_at, closed_at FROM incidents`;

interface IncidentDbRow {
  incident_id: string;
  subcentre_id: string;
  rev: number;
  title: string;
  category_major: string;
  category_minor: string;
  category_name: string;
  source: Source;
  severity: Severity;
  level: Level;
  status: IncidentStatus;
  lon: number;
  lat: number;
  grid_id: string | null;
  address: string | null;
  department: string | null;
  reported_at: number;
  updated_at: number;
  due_at: number | null;
  closed_at: number | null;
}

function toIncidentRow(r: IncidentDbRow): IncidentRow {
  return {
    incidentId: r.incident_id,
    subcentreId: r.subcentre_id,
    rev: r.rev,
    title: r.title,
    category: { major: r.category_major, minor: r.category_minor, name: r.category_name },
    source: r.source,
    severity: r.severity,
    level: r.level,
    status: r.status,
    lon: r.lon,
    lat: r.lat,
    gridId: r.grid_id,
    address: r.address,
    department: r.department,
    reportedAt: r.reported_at,
    updatedAt: r.updated_at,
    dueAt: r.due_at,
    closedAt: r.closed_at,
  };
}

const ORDER_COLUMNS: Record<NonNullable<IncidentQuery['orderBy']>, string> = {
  reportedAt: 'reported_at',
  updatedAt: 'updated_at',
  dueAt: 'due_at',
  severity: `CASE severity WHEN 'red' THEN 2 WHEN 'yellow' THEN 1 ELSE 0 END`,
};

function optionalString(name: string, v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new TypeError(`${name} must be a string`);
  return v;
}
function optionalNumber(name: string, v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${name} must be a number`);
  return v;
}
function optionalList<T extends string>(name: string, v: unknown, allowed: readonly T[]): T[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new TypeError(`${name} must be an array`);
  for (const x of v) if (!allowed.includes(x as T)) throw new TypeError(`${name}: unknown value ${JSON.stringify(x)} (one of ${allowed.join(', ')})`);
  return v as T[];
}

/**
 * Incidents matching a filter. Ordered by `orderBy` (default reportedAt), newest / most severe first
 * unless desc is false; dueAt puts incidents without a time limit last. Default limit 200, at most 10,000.
 */
export function listIncidents(store: Store, q: IncidentQuery = {}, nowMs: EpochMs = Date.now()): IncidentRow[] {
  const where: string[] = [];
  const p: Record<string, unknown> = {};
  const subcentreId = optionalString('subcentreId', q.subcentreId);
  const gridId = optionalString('gridId', q.gridId);
  const status = optionalList('status', q.status, INCIDENT_STATUSES);
  const severity = optionalList('severity', q.severity, SEVERITIES);
  const category = optionalString('category', q.category);
  const from = optionalNumber('from', q.from);
  const to = optionalNumber('to', q.to);
  const text = optionalString('text', q.text)?.trim();
  if (subcentreId !== undefined) (where.push('subcentre_id = @subcentreId'), (p.subcentreId = subcentreId));
  if (gridId !== undefined) (where.push('grid_id = @gridId'), (p.gridId = gridId));
  if (status) (where.push('status IN (SELECT value FROM json_each(@status))'), (p.status = JSON.stringify(status)));
  if (severity) (where.push('severity IN (SELECT value FROM json_each(@severity))'), (p.severity = JSON.stringify(severity)));
  if (category !== undefined) (where.push('category_major = @category'), (p.category = category));
  if (q.openOnly || q.overdueOnly) where.push(OPEN);
  if (q.overdueOnly) (where.push('due_at < @now'), (p.now = nowMs));
  if (from !== undefined) (where.push('reported_at >= @from'), (p.from = from));
  if (to !== undefined) (where.push('reported_at < @to'), (p.to = to));
  if (text) {
    where.push(`(title LIKE @text ESCAPE '\\' OR incident_id LIKE @text ESCAPE '\\' OR address LIKE @text ESCAPE '\\' OR category_name LIKE @text ESCAPE '\\')`);
    p.text = `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  }
  const orderBy = q.orderBy ?? 'reportedAt';
  const column = ORDER_COLUMNS[orderBy];
  if (!column) throw new TypeError(`orderBy: unknown value ${JSON.stringify(orderBy)}`);
  const dir = q.desc === false ? 'ASC' : 'DESC';
  const nullsLast = orderBy === 'dueAt' ? 'due_at IS NULL, ' : '';
  // Equal severities: the newest first (or oldest, with desc false).
  const tie = orderBy === 'severity' ? `reported_at ${dir}, ` : '';
  p.limit = clampLimit(q.limit, 200, 10_000);
  p.offset = Math.max(0, Math.floor(optionalNumber('offset', q.offset) ?? 0));
  const sql = `${INCIDENT_ROW_SQL}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${nullsLast}${column} ${dir}, ${tie}incident_id ${dir} LIMIT @limit OFFSET @offset`;
  return (store.statement(sql).all(p) as IncidentDbRow[]).map(toIncidentRow);
}

/** One incident with its raw body; accepts the id or the API's `{ incidentId }`. */
export function getIncident(store: Store, query: string | { incidentId: string }): IncidentDetail | null {
  const incidentId = typeof query === 'string' ? query : query?.incidentId;
  if (typeof incidentId !== 'string') throw new TypeError('incidentId must be a string');
  const row = store.statement(`${INCIDENT_ROW_SQL.replace(' FROM incidents', ', raw FROM incidents')} WHERE incident_id = ?`).get(incidentId) as
    | (IncidentDbRow & { raw: string })
    | undefined;
  if (!row) return null;
  return { ...toIncidentRow(row), raw: JSON.parse(row.raw) as Record<string, unknown> };
}

/** Every incident, for export; streams rows without holding them all. */
export function* iterateIncidents(store: Store): Generator<IncidentRow> {
  for (const r of store.statement(`${INCIDENT_ROW_SQL} ORDER BY reported_at, incident_id`).iterate() as IterableIterator<IncidentDbRow>) yield toIncidentRow(r);
}

// ---------- alerts ----------

const ALERT_ROW_SQL = `SELECT alert_id, subcentre_id, rev, camera_id, kind, confidence, severity, state, lon, lat, grid_id, raised_at, updated_at,
  incident_id, has_snapshot FROM alerts`;

interface AlertDbRow {
  alert_id: string;
  subcentre_id: string;
  rev: number;
  camera_id: string;
  kind: string;
  confidence: number;
  severity: Severity;
  state: AlertState;
  lon: number;
  lat: number;
  grid_id: string | null;
  raised_at: number;
  updated_at: number;
  incident_id: string | null;
  has_snapshot: number;
}

function toAlertRow(r: AlertDbRow): AlertRow {
  return {
    alertId: r.alert_id,
    subcentreId: r.subcentre_id,
    rev: r.rev,
    cameraId: r.camera_id,
    kind: r.kind,
    confidence: r.confidence,
    severity: r.severity,
    state: r.state,
    lon: r.lon,
    lat: r.lat,
    gridId: r.grid_id,
    raisedAt: r.raised_at,
    updatedAt: r.updated_at,
    incidentId: r.incident_id,
    hasSnapshot: r.has_snapshot === 1,
  };
}

/** Alerts, newest raised first. Default limit 500, at most 10,000. */
export function listAlerts(store: Store, q: AlertQuery = {}): AlertRow[] {
  const where: string[] = [];
  const p: Record<string, unknown> = {};
  const subcentreId = optionalString('subcentreId', q.subcentreId);
  const state = optionalList('state', q.state, ALERT_STATES);
  if (subcentreId !== undefined) (where.push('subcentre_id = @subcentreId'), (p.subcentreId = subcentreId));
  if (state) (where.push('state IN (SELECT value FROM json_each(@state))'), (p.state = JSON.stringify(state)));
  p.limit = clampLimit(q.limit, 500, 10_000);
  p.offset = Math.max(0, Math.floor(optionalNumber('offset', q.offset) ?? 0));
  const sql = `${ALERT_ROW_SQL}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY raised_at DESC, alert_id DESC LIMIT @limit OFFSET @offset`;
  return (store.statement(sql).all(p) as AlertDbRow[]).map(toAlertRow);
}

export function* iterateAlerts(store: Store): Generator<AlertRow> {
  for (const r of store.statement(`${ALERT_ROW_SQL} ORDER BY raised_at, alert_id`).iterate() as IterableIterator<AlertDbRow>) yield toAlertRow(r);
}

/** The alert's snapshot image (URL or data URI), kept out of the list rows because it can be large; accepts the id or `{ alertId }`. */
export function getAlertSnapshot(store: Store, query: string | { alertId: string }): string | null {
  const alertId = typeof query === 'string' ? query : query?.alertId;
  if (typeof alertId !== 'string') throw new TypeError('alertId must be a string');
  const row = store.statement(`SELECT json_extract(raw, '$.snapshot') AS snapshot FROM alerts WHERE alert_id = ?`).get(alertId) as { snapshot: unknown } | undefined;
  return typeof row?.snapshot === 'string' ? row.snapshot : null;
}

// ---------- the other entities ----------

export function listCameras(store: Store): CameraRow[] {
  const rows = store.statement(`SELECT camera_id, subcentre_id, name, lon, lat, grid_id, status FROM cameras ORDER BY camera_id`).all() as Array<{
    camera_id: string;
    subcentre_id: string;
    name: string;
    lon: number;
    lat: number;
    grid_id: string | null;
    status: CameraStatus;
  }>;
  return rows.map((r) => ({ cameraId: r.camera_id, subcentreId: r.subcentre_id, name: r.name, lon: r.lon, lat: r.lat, gridId: r.grid_id, status: r.status }));
}

export function listStations(store: Store): StationRow[] {
  const rows = store.statement(`SELECT station_id, subcentre_id, name, tier, lon, lat, open_now, visits_today FROM stations ORDER BY station_id`).all() as Array<{
    station_id: string;
    subcentre_id: string;
    name: string;
    tier: number;
    lon: number;
    lat: number;
    open_now: number;
    visits_today: number | null;
  }>;
  return rows.map((r) => ({
    stationId: r.station_id,
    subcentreId: r.subcentre_id,
    name: r.name,
    tier: r.tier,
    lon: r.lon,
    lat: r.lat,
    openNow: r.open_now === 1,
    visitsToday: r.visits_today,
  }));
}

interface GridDbRow {
  grid_id: string;
  subcentre_id: string;
  name: string;
  community_id: string;
  households: number | null;
  grid_worker: string | null;
  polygon: string;
}
const GRID_ROW_SQL = `SELECT grid_id, subcentre_id, name, community_id, households, grid_worker, json_extract(raw, '$.polygon') AS polygon FROM grids`;
function toGridRow(r: GridDbRow): GridRow {
  return {
    gridId: r.grid_id,
    subcentreId: r.subcentre_id,
    name: r.name,
    communityId: r.community_id,
    households: r.households,
    gridWorker: r.grid_worker,
    polygon: JSON.parse(r.polygon) as GridRow['polygon'],
  };
}

export function listGrids(store: Store): GridRow[] {
  return (store.statement(`${GRID_ROW_SQL} ORDER BY grid_id`).all() as GridDbRow[]).map(toGridRow);
}

export function* iterateGrids(store: Store): Generator<GridRow> {
  for (const r of store.statement(`${GRID_ROW_SQL} ORDER BY grid_id`).iterate() as IterableIterator<GridDbRow>) yield toGridRow(r);
}

export function listOrgs(store: Store): OrgRow[] {
  const rows = store.statement(`SELECT org_id, subcentre_id, kind, name, parent_id, grid_id, members, secretary FROM orgs ORDER BY org_id`).all() as Array<{
    org_id: string;
    subcentre_id: string;
    kind: string;
    name: string;
    parent_id: string | null;
    grid_id: string | null;
    members: number | null;
    secretary: string | null;
  }>;
  return rows.map((r) => ({
    orgId: r.org_id,
    subcentreId: r.subcentre_id,
    kind: r.kind,
    name: r.name,
    parentId: r.parent_id,
    gridId: r.grid_id,
    members: r.members,
    secretary: r.secretary,
  }));
}

/** Indicator reports, by period then org. Default limit 10,000, at most 200,000. */
export function listIndicators(store: Store, q: IndicatorQuery = {}): IndicatorRow[] {
  const where: string[] = [];
  const p: Record<string, unknown> = {};
  const orgId = optionalString('orgId', q.orgId);
  const period = optionalString('period', q.period);
  const fromPeriod = optionalString('fromPeriod', q.fromPeriod);
  const toPeriod = optionalString('toPeriod', q.toPeriod);
  if (orgId !== undefined) (where.push('org_id = @orgId'), (p.orgId = orgId));
  if (period !== undefined) (where.push('period = @period'), (p.period = period));
  if (fromPeriod !== undefined) (where.push('period >= @fromPeriod'), (p.fromPeriod = fromPeriod));
  if (toPeriod !== undefined) (where.push('period <= @toPeriod'), (p.toPeriod = toPeriod));
  p.limit = clampLimit(q.limit, 10_000, 200_000);
  const sql = `SELECT org_id, subcentre_id, period, "values" FROM indicator_reports${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY period, org_id LIMIT @limit`;
  const rows = store.statement(sql).all(p) as Array<{ org_id: string; subcentre_id: string; period: string; values: string }>;
  return rows.map((r) => ({ orgId: r.org_id, subcentreId: r.subcentre_id, period: r.period, values: JSON.parse(r.values) as Record<string, number> }));
}

// ---------- activity ----------

const ACTIVITY_SQL = `
  SELECT e.id, e.subcentre_id AS subcentreId, e.seq, e.type, e.at, e.entity_id AS entityId,
         json_extract(e.raw, '$.body.title') AS title,
         json_extract(e.raw, '$.body.name') AS name,
         json_extract(e.raw, '$.body.kind') AS kind,
         json_extract(e.raw, '$.body.severity') AS severity,
         json_extract(e.raw, '$.body.status') AS status,
         json_extract(e.raw, '$.body.state') AS state,
         json_extract(e.raw, '$.body.period') AS period,
         json_extract(e.raw, '$.body.orgId') AS orgId,
         i.title AS currentTitle, c.name AS cameraName, o.name AS orgName
  FROM event_log e
  LEFT JOIN incidents i ON e.type = 'incident.upsert' AND i.incident_id = e.entity_id
  LEFT JOIN cameras c ON e.type = 'alert.upsert' AND c.camera_id = json_extract(e.raw, '$.body.cameraId')
  LEFT JOIN orgs o ON e.type = 'indicators.report' AND o.org_id = json_extract(e.raw, '$.body.orgId')`;

interface ActivityDbRow {
  id: number;
  subcentreId: string;
  seq: number;
  type: string;
  at: number;
  entityId: string;
  title: unknown;
  name: unknown;
  kind: unknown;
  severity: unknown;
  status: unknown;
  state: unknown;
  period: unknown;
  orgId: unknown;
  currentTitle: string | null;
  cameraName: string | null;
  orgName: string | null;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function toActivity(r: ActivityDbRow): ActivityItem {
  let summary: string;
  let status: string | null = null;
  switch (r.type) {
    case 'incident.upsert':
      summary = r.currentTitle ?? text(r.title) ?? r.entityId;
      status = text(r.status);
      break;
    case 'alert.upsert':
      summary = [text(r.kind), r.cameraName].filter(Boolean).join(' · ') || r.entityId;
      status = text(r.state);
      break;
    case 'camera.upsert':
      summary = text(r.name) ?? r.entityId;
      status = text(r.status);
      break;
    case 'indicators.report':
      summary = `${r.orgName ?? text(r.orgId) ?? ''} ${text(r.period) ?? ''}`.trim();
      break;
    case 'entity.delete':
      summary = `${text(r.kind) ?? ''} ${r.entityId}`.trim();
      status = 'deleted';
      break;
    default:
      summary = text(r.name) ?? r.entityId;
  }
  const severity = SEVERITIES.includes(r.severity as Severity) ? (r.severity as Severity) : null;
  return { id: r.id, subcentreId: r.subcentreId, seq: r.seq, type: r.type, at: r.at, entityId: r.entityId, summary, severity, status };
}

/** The newest `limit` (default 50, at most 1,000) events, oldest first. */
export function getRecentActivity(store: Store, limit = 50): ActivityItem[] {
  const n = clampLimit(limit, 50, 1000);
  return (store.statement(`${ACTIVITY_SQL} ORDER BY e.id DESC LIMIT ?`).all(n) as ActivityDbRow[]).map(toActivity).reverse();
}

/** The newest `limit` events with id >= minId, oldest first (for change notices). */
export function getActivitySince(store: Store, minId: number, limit = 50): ActivityItem[] {
  const n = clampLimit(limit, 50, 1000);
  return (store.statement(`${ACTIVITY_SQL} WHERE e.id >= ? ORDER BY e.id DESC LIMIT ?`).all(minId, n) as ActivityDbRow[]).map(toActivity).reverse();
}

// ---------- ownership (for commands) ----------

/** Which sub-centre holds an incident or alert, and at which rev; null when the cache does not hold it. */
export function getEntityOwner(store: Store, kind: 'incident' | 'alert', id: string): { subcentreId: string; rev: number } | null {
  const sql =
    kind === 'incident'
      ? `SELECT subcentre_id AS subcentreId, rev FROM incidents WHERE incident_id = ?`
      : `SELECT subcentre_id AS subcentreId, rev FROM alerts WHERE alert_id = ?`;
  return (store.statement(sql).get(id) as { subcentreId: string; rev: number } | undefined) ?? null;
}
