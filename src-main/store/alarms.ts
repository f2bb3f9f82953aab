// Issue 4: the alarms table. The host records an alarm when an incident or video alert that matches the
// alarm rules first shows up as new activity (an event applied after the cache started watching, see
// isNewSince); an officer acknowledges it. Unacknowledged alarms are the wall's "missed alarms" list.
import { alarmKey, isAlarming, isNewSince } from '../../src-shared/domain/alarm.ts';
import type { AlarmCandidate, AlarmKind } from '../../src-shared/domain/alarm.ts';
import type { AlarmSettings } from '../../src-shared/settings.ts';
import type { Severity } from '../../src-shared/sfp/schemas.ts';
import type { AlarmList, AlarmQuery, AlarmRow } from '../../src-shared/wall-api.ts';
import { writeAudit } from './store.ts';
import type { Store } from './store.ts';

const SINCE_KEY = 'alarms_since';

/**
 * Since when this cache records alarms: set once, the first time it is asked (the first start of a
 * console with alarms), and kept, so that items raised while the console was down still alarm.
 */
export function alarmsSince(store: Store, now: number): number {
  store.statement(`INSERT OR IGNORE INTO meta (key, value) VALUES ('${SINCE_KEY}', ?)`).run(now);
  return readAlarmsSince(store) ?? now;
}

export function readAlarmsSince(store: Store): number | null {
  const row = store.statement(`SELECT value FROM meta WHERE key = '${SINCE_KEY}'`).get() as { value: number | string } | undefined;
  const n = row ? Number(row.value) : NaN;
  return Number.isFinite(n) ? n : null;
}

interface ActivityRef {
  type: string;
  entityId: string;
}

interface IncidentDbRow {
  subcentreId: string;
  severity: Severity;
  status: string;
  title: string;
  category: string;
  lon: number;
  lat: number;
  raisedAt: number;
}

interface AlertDbRow extends IncidentDbRow {
  kind: string;
}

/**
 * Records the alarms raised by the given event_log rows (a commit's activity ids): each incident or
 * alert they touched that now matches the rules, is new since `since` and has no alarm yet. Returns the
 * alarms written. One transaction; the commit carries the kind 'alarm' so that walls hear of it.
 */
export function recordAlarms(store: Store, activityIds: readonly number[], rules: AlarmSettings, since: number, now: number): AlarmRow[] {
  if (activityIds.length === 0) return [];
  const refs: ActivityRef[] = [];
  const seen = new Set<string>();
  const byId = store.statement(`SELECT type, entity_id AS entityId FROM event_log WHERE id = ?`);
  for (const id of activityIds) {
    const ref = byId.get(id) as ActivityRef | undefined;
    if (!ref || (ref.type !== 'incident.upsert' && ref.type !== 'alert.upsert')) continue;
    const kind: AlarmKind = ref.type === 'incident.upsert' ? 'incident' : 'alert';
    const key = alarmKey({ kind, id: ref.entityId });
    if (seen.has(key)) continue;
    seen.add(key);
    refs.push(ref);
  }
  if (refs.length === 0) return [];
  const exists = store.statement(`SELECT 1 FROM alarms WHERE kind = ? AND entity_id = ?`);
  const incident = store.statement(
    `SELECT subcentre_id AS subcentreId, severity, status, title, category_major AS category, lon, lat, reported_at AS raisedAt
       FROM incidents WHERE incident_id = ?`,
  );
  const alert = store.statement(
    `SELECT a.subcentre_id AS subcentreId, a.severity, a.state AS status, coalesce(c.name, a.camera_id) AS title, a.kind AS category,
            a.kind, a.lon, a.lat, a.raised_at AS raisedAt
       FROM alerts a LEFT JOIN cameras c ON c.camera_id = a.camera_id WHERE a.alert_id = ?`,
  );
  const found: AlarmRow[] = [];
  for (const ref of refs) {
    const kind: AlarmKind = ref.type === 'incident.upsert' ? 'incident' : 'alert';
    const row = (kind === 'incident' ? incident.get(ref.entityId) : alert.get(ref.entityId)) as AlertDbRow | undefined;
    if (!row) continue;
    const candidate: AlarmCandidate = { kind, id: ref.entityId, subcentreId: row.subcentreId, severity: row.severity, status: row.status, alertKind: row.kind ?? null };
    if (!isAlarming(candidate, rules) || !isNewSince(row.raisedAt, since)) continue;
    if (exists.get(kind, ref.entityId)) continue; // an item raises one alarm, however often it changes
    found.push({
      kind,
      id: ref.entityId,
      subcentreId: row.subcentreId,
      severity: row.severity,
      title: row.title,
      category: row.category,
      lon: row.lon,
      lat: row.lat,
      raisedAt: row.raisedAt,
      recordedAt: now,
      acknowledgedAt: null,
      acknowledgedBy: null,
    });
  }
  if (found.length === 0) return [];
  const insert = store.statement(
    `INSERT OR IGNORE INTO alarms (kind, entity_id, subcentre_id, severity, title, category, lon, lat, raised_at, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  store.write((tx) => {
    for (const a of found) insert.run(a.kind, a.id, a.subcentreId, a.severity, a.title, a.category, a.lon, a.lat, a.raisedAt, a.recordedAt);
    tx.changed('alarm');
  });
  return found;
}

const ROW_SQL = `SELECT kind, entity_id AS id, subcentre_id AS subcentreId, severity, title, category, lon, lat,
  raised_at AS raisedAt, recorded_at AS recordedAt, acknowledged_at AS acknowledgedAt, acknowledged_by AS acknowledgedBy FROM alarms`;

/** Alarms newest first (by raised time), limited to one street when `street` is given. */
export function listAlarms(store: Store, query: AlarmQuery, street: string | null): AlarmList {
  const limit = Math.max(1, Math.min(1000, Math.floor(query.limit ?? 100)));
  const unacked = (query.state ?? 'unacknowledged') === 'unacknowledged';
  const where = [unacked ? 'acknowledged_at IS NULL' : '1', '(@street IS NULL OR subcentre_id = @street)'].join(' AND ');
  return store.read(() => {
    const alarms = store.statement(`${ROW_SQL} WHERE ${where} ORDER BY raised_at DESC, recorded_at DESC LIMIT @limit`).all({ street, limit }) as AlarmRow[];
    const count = store
      .statement(`SELECT count(*) AS n FROM alarms WHERE acknowledged_at IS NULL AND (@street IS NULL OR subcentre_id = @street)`)
      .get({ street }) as { n: number };
    return { alarms, unacknowledged: count.n, since: readAlarmsSince(store) };
  });
}

export function getAlarm(store: Store, kind: AlarmKind, id: string): AlarmRow | null {
  return (store.statement(`${ROW_SQL} WHERE kind = ? AND entity_id = ?`).get(kind, id) as AlarmRow | undefined) ?? null;
}

/**
 * Acknowledges one alarm (idempotent: a second acknowledgement keeps the first one's time and name) with
 * its audit entry, in one transaction. Returns the alarm, or null when there is no such alarm.
 */
export function acknowledgeAlarm(store: Store, kind: AlarmKind, id: string, by: { actor: unknown; name: string; at: number }): AlarmRow | null {
  return store.write((tx) => {
    const current = getAlarm(store, kind, id);
    if (!current) return null;
    if (current.acknowledgedAt !== null) return current;
    store.statement(`UPDATE alarms SET acknowledged_at = ?, acknowledged_by = ? WHERE kind = ? AND entity_id = ?`).run(by.at, by.name, kind, id);
    writeAudit(store, { at: by.at, actor: by.actor, action: 'alarm.acknowledge', subject: `${kind}:${id}`, detail: { severity: current.severity, title: current.title, raisedAt: current.raisedAt } });
    tx.changed('alarm');
    return { ...current, acknowledgedAt: by.at, acknowledgedBy: by.name };
  });
}
