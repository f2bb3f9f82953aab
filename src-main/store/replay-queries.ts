// The wall's time replay (issue 7) read from the event log: the state of every incident and alert at
// `from`, then each change in [from, to) in the order it happened, as map columns.
import { LEVEL_CODES, SEVERITY_CODES, SOURCE_CODES, STATUS_CODES } from '../../src-shared/api.ts';
import type { AlertColumns, EpochMs, IncidentColumns } from '../../src-shared/api.ts';
import { MAX_REPLAY_CHANGES, type ReplayData, type ReplayQuery } from '../../src-shared/replay.ts';
import type { Incident, VideoAlert } from '../../src-shared/sfp/schemas.ts';
import type { Store } from './store.ts';

const ALERT_STATES = ['open', 'confirmed', 'dismissed'];
/** A sub-centre publishes a backfill at most this long after the facts (the demo: 7 days). */
const PUBLISH_LAG_MS = 8 * 86_400_000;

interface LogRow {
  id: number;
  subcentre_id: string;
  type: 'incident.upsert' | 'alert.upsert';
  entity_id: string;
  at: number;
  raw: string;
}

function indexer() {
  const list: string[] = [];
  const map = new Map<string, number>();
  return {
    list,
    of(v: string): number {
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

function incidentColumns(items: Array<{ street: string; body: Incident }>): IncidentColumns {
  const categories = indexer();
  const streets = indexer();
  const out: IncidentColumns = {
    version: 0, more: false, count: items.length, ids: [], lon: [], lat: [], severity: [], status: [], level: [], source: [],
    category: [], categories: categories.list, street: [], streets: streets.list, reportedAt: [], updatedAt: [], dueAt: [], deleted: [],
  };
  for (const { street, body: b } of items) {
    out.ids.push(b.incidentId);
    out.lon.push(b.location.lon);
    out.lat.push(b.location.lat);
    out.severity.push(SEVERITY_CODES.indexOf(b.severity));
    out.status.push(STATUS_CODES.indexOf(b.status));
    out.level.push(LEVEL_CODES.indexOf(b.level));
    out.source.push(SOURCE_CODES.indexOf(b.source));
    out.category.push(categories.of(b.category.major));
    out.street.push(streets.of(street));
    out.reportedAt.push(Date.parse(b.reportedAt));
    out.updatedAt.push(Date.parse(b.updatedAt));
    out.dueAt.push(b.dueAt ? Date.parse(b.dueAt) : null);
  }
  return out;
}

function alertColumns(items: Array<{ street: string; body: VideoAlert }>): AlertColumns {
  const kinds = indexer();
  const streets = indexer();
  const out: AlertColumns = {
    version: 0, more: false, count: items.length, ids: [], lon: [], lat: [], severity: [], state: [], kinds: kinds.list, kind: [],
    street: [], streets: streets.list, raisedAt: [], updatedAt: [], deleted: [],
  };
  for (const { street, body: b } of items) {
    out.ids.push(b.alertId);
    out.lon.push(b.location.lon);
    out.lat.push(b.location.lat);
    out.severity.push(SEVERITY_CODES.indexOf(b.severity));
    out.state.push(ALERT_STATES.indexOf(b.state));
    out.kind.push(kinds.of(b.kind));
    out.street.push(streets.of(street));
    out.raisedAt.push(Date.parse(b.raisedAt));
    out.updatedAt.push(Date.parse(b.updatedAt));
  }
  return out;
}

type Parsed = { id: number; street: string; type: LogRow['type']; entity: string; t: number; body: Incident | VideoAlert };

function parse(row: LogRow): Parsed | null {
  try {
    const env = JSON.parse(row.raw) as { body?: { updatedAt?: string } };
    const body = env.body as Incident | VideoAlert | undefined;
    if (!body) return null;
    const t = Date.parse(body.updatedAt ?? '');
    return { id: row.id, street: row.subcentre_id, type: row.type, entity: row.entity_id, t: Number.isFinite(t) ? t : row.at, body };
  } catch {
    return null; // the log only holds validated envelopes; a broken one is left out of the replay
  }
}

/** `street`: only that sub-centre's incidents and alerts (a street operator's scope), null for the district. */
export function getReplay(store: Store, q: ReplayQuery, street: string | null = null): ReplayData {
  const { from, to } = q;
  if (!(to > from)) throw new RangeError('a replay period needs from < to');
  return store.read(() => {
    // The last change of each entity logged before `from` …
    const before = store
      .statement(
        `SELECT e.id, e.subcentre_id, e.type, e.entity_id, e.at, e.raw FROM event_log e
         JOIN (SELECT max(id) AS id FROM event_log WHERE type IN ('incident.upsert', 'alert.upsert') AND at < @from AND (@street IS NULL OR subcentre_id = @street) GROUP BY type, entity_id) l ON l.id = e.id`,
      )
      .all({ from, street }) as LogRow[];
    const initial = new Map<string, Parsed>();
    for (const row of before) {
      const p = parse(row);
      if (p && p.t < from) initial.set(`${p.type}|${p.entity}`, p);
    }
    // … then everything logged since: a change that happened before `from` (logged late) still belongs to
    // the starting state; one inside the period is a step of the replay.
    const since = store
      .statement(
        `SELECT id, subcentre_id, type, entity_id, at, raw FROM event_log
         WHERE type IN ('incident.upsert', 'alert.upsert') AND at >= @from AND at < @until AND (@street IS NULL OR subcentre_id = @street)
         ORDER BY id LIMIT @limit`,
      )
      .all({ from, until: to + PUBLISH_LAG_MS, limit: MAX_REPLAY_CHANGES * 4, street }) as LogRow[];
    const changes: Parsed[] = [];
    for (const row of since) {
      const p = parse(row);
      if (!p) continue;
      if (p.t < from) {
        const key = `${p.type}|${p.entity}`;
        const held = initial.get(key);
        if (!held || held.id < p.id) initial.set(key, p);
      } else if (p.t < to) changes.push(p);
    }
    changes.sort((a, b) => a.t - b.t || a.id - b.id);
    const truncated = changes.length > MAX_REPLAY_CHANGES || since.length >= MAX_REPLAY_CHANGES * 4;
    const steps = changes.slice(0, MAX_REPLAY_CHANGES);
    const starts = [...initial.values()].sort((a, b) => a.id - b.id);
    const incidents = (list: Parsed[]) => list.filter((p) => p.type === 'incident.upsert');
    const alerts = (list: Parsed[]) => list.filter((p) => p.type === 'alert.upsert');
    const incidentSteps = incidents(steps);
    const alertSteps = alerts(steps);
    return {
      from,
      to,
      initialIncidents: incidentColumns(incidents(starts).map((p) => ({ street: p.street, body: p.body as Incident }))),
      initialAlerts: alertColumns(alerts(starts).map((p) => ({ street: p.street, body: p.body as VideoAlert }))),
      incidentChanges: incidentColumns(incidentSteps.map((p) => ({ street: p.street, body: p.body as Incident }))),
      incidentChangeAt: incidentSteps.map((p) => p.t as EpochMs),
      alertChanges: alertColumns(alertSteps.map((p) => ({ street: p.street, body: p.body as VideoAlert }))),
      alertChangeAt: alertSteps.map((p) => p.t as EpochMs),
      truncated,
    };
  });
}
