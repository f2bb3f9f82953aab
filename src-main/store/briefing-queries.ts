// The leaders' briefing (issue 7) as SQL over the cache's current state: incidents by their reported
// time, alerts by their raised time, for a period and the previous period of equal length. One read
// transaction, so that every panel sees the same cache. Definitions are in src-shared/briefing.ts.
import type {
  Briefing,
  BriefingCount,
  BriefingFigures,
  BriefingGridProblem,
  BriefingMapPoints,
  BriefingOverdueRow,
  BriefingQuery,
} from '../../src-shared/briefing.ts';
import {
  EARLY_WARNING_FACTOR,
  EARLY_WARNING_MIN_COUNT,
  EARLY_WARNING_MIN_EXCESS,
  EARLY_WARNING_WINDOWS,
  MAP_POINTS_LIMIT,
  OVERDUE_LIST_LIMIT,
  REPEATED_LIMIT,
  WARNINGS_LIMIT,
} from '../../src-shared/briefing.ts';
import { daysOf, previousPeriod, shanghaiDay } from '../../src-shared/domain/briefing-period.ts';
import type { EpochMs } from '../../src-shared/api.ts';
import type { IncidentStatus, Severity } from '../../src-shared/sfp/schemas.ts';
import type { Store } from './store.ts';

const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;

/** Closed before the period's end. */
const CLOSED = `status = 'closed' AND closed_at IS NOT NULL AND closed_at < @to`;
/**
 * Handled inside the grid: no history entry whose action is a dispatch or an escalation. SQLite renders
 * the extracted history as minified JSON, where `"action":"incident.dispatch"` can only be an entry's
 * action (inside a note the quotes would be escaped). This expression and SATISFACTION are indexed
 * (schema.ts, incidents_briefing), so they are computed once per write, not per briefing: keep them
 * textually equal to the index.
 */
const IN_GRID = `(instr(json_extract(raw, '$.history'), '"action":"incident.dispatch"') + instr(json_extract(raw, '$.history'), '"action":"incident.escalate"') = 0)`;
const SATISFACTION = `json_extract(raw, '$.satisfaction')`;
const RATED = `${SATISFACTION} BETWEEN 1 AND 5`;
/** Past its limit and not closed at @cutoff = min(now, period end). */
const OVERDUE = `status <> 'rejected' AND due_at < @cutoff AND (closed_at IS NULL OR status <> 'closed' OR closed_at >= @cutoff)`;

const FIGURES_SQL = /* sql */ `
SELECT
  count(*) AS total,
  coalesce(sum(status = 'rejected'), 0) AS rejected,
  coalesce(sum(${CLOSED}), 0) AS closed,
  coalesce(sum(${CLOSED} AND due_at IS NOT NULL), 0) AS closedWithDue,
  coalesce(sum(${CLOSED} AND due_at IS NOT NULL AND closed_at <= due_at), 0) AS closedOnTime,
  avg(CASE WHEN ${CLOSED} THEN closed_at - reported_at END) AS avgCloseMs,
  coalesce(sum(CASE WHEN ${CLOSED} THEN ${IN_GRID} ELSE 0 END), 0) AS inGrid,
  coalesce(sum(CASE WHEN ${CLOSED} THEN ${RATED} ELSE 0 END), 0) AS rated,
  avg(CASE WHEN ${CLOSED} AND ${RATED} THEN ${SATISFACTION} END) AS satisfactionAvg,
  coalesce(sum(CASE WHEN ${CLOSED} AND ${RATED} THEN ${SATISFACTION} >= 4 ELSE 0 END), 0) AS satisfied,
  coalesce(sum(${OVERDUE}), 0) AS overdue
FROM incidents
WHERE reported_at >= @from AND reported_at < @to AND (@street IS NULL OR subcentre_id = @street)`;

const ALERT_FIGURES_SQL = /* sql */ `
SELECT
  count(*) AS total,
  coalesce(sum(state = 'open'), 0) AS open,
  coalesce(sum(state = 'confirmed'), 0) AS confirmed,
  coalesce(sum(state = 'dismissed'), 0) AS dismissed,
  coalesce(sum(state = 'dismissed' AND json_extract(raw, '$.dismissReason') = 'false-positive'), 0) AS falsePositive
FROM alerts
WHERE raised_at >= @from AND raised_at < @to AND (@street IS NULL OR subcentre_id = @street)`;

const BY_DAY_SQL = /* sql */ `
SELECT (reported_at + ${OFFSET_MS}) / ${DAY_MS} AS dayNo, count(*) AS n
FROM incidents WHERE reported_at >= @from AND reported_at < @to AND (@street IS NULL OR subcentre_id = @street) GROUP BY dayNo`;

/** Counts in [@from, @to) and in [@pfrom, @from) by category × source × street: one scan of the index for all three. */
const COUNTS_SQL = /* sql */ `
SELECT category_major AS category, source, subcentre_id AS street,
       coalesce(sum(reported_at >= @from), 0) AS count, coalesce(sum(reported_at < @from), 0) AS prev
FROM incidents WHERE reported_at >= @pfrom AND reported_at < @to AND (@street IS NULL OR subcentre_id = @street)
GROUP BY category_major, source, subcentre_id`;

const ALERT_KINDS_SQL = /* sql */ `
SELECT kind AS key, coalesce(sum(raised_at >= @from), 0) AS count, coalesce(sum(raised_at < @from), 0) AS prev
FROM alerts WHERE raised_at >= @pfrom AND raised_at < @to AND (@street IS NULL OR subcentre_id = @street)
GROUP BY kind ORDER BY count DESC, prev DESC, kind`;

const OVERDUE_LIST_SQL = /* sql */ `
SELECT i.incident_id AS incidentId, i.subcentre_id AS subcentreId, i.grid_id AS gridId, g.name AS gridName,
       i.title, i.category_name AS category, i.severity, i.status, i.department,
       i.reported_at AS reportedAt, i.due_at AS dueAt, @cutoff - i.due_at AS overdueMs
FROM incidents i LEFT JOIN grids g ON g.grid_id = i.grid_id
WHERE i.rowid IN (
  -- found in the covering index; only the rows listed are read
  SELECT rowid FROM incidents INDEXED BY incidents_briefing
  WHERE reported_at >= @from AND reported_at < @to AND ${OVERDUE} AND (@street IS NULL OR subcentre_id = @street)
  ORDER BY due_at, rowid LIMIT ${OVERDUE_LIST_LIMIT})
ORDER BY i.due_at, i.rowid`;

/**
 * Grid × category counts in the period and in the EARLY_WARNING_WINDOWS periods before: one scan gives
 * both the repeated problems (count in the period) and the early warnings (count against the baseline).
 */
const GRID_CATEGORY_SQL = /* sql */ `
SELECT grid_id AS gridId, min(subcentre_id) AS subcentreId, category_major AS category,
       coalesce(sum(reported_at >= @from), 0) AS count, coalesce(sum(reported_at < @from), 0) AS before
FROM incidents
WHERE reported_at >= @bfrom AND reported_at < @to AND grid_id IS NOT NULL AND status <> 'rejected' AND (@street IS NULL OR subcentre_id = @street)
GROUP BY grid_id, category_major`;

const GRID_NAMES_SQL = /* sql */ `SELECT grid_id AS gridId, name FROM grids WHERE grid_id IN (SELECT value FROM json_each(?))`;

interface GridCategoryRow {
  gridId: string;
  subcentreId: string;
  category: string;
  count: number;
  before: number;
}

/** Repeated problems and early warnings from the grid × category counts (rules in src-shared/briefing.ts). */
export function gridProblems(rows: readonly GridCategoryRow[]): { repeated: BriefingGridProblem[]; warnings: BriefingGridProblem[] } {
  const byKey = (a: GridCategoryRow, b: GridCategoryRow): number => (a.gridId < b.gridId ? -1 : a.gridId > b.gridId ? 1 : a.category < b.category ? -1 : a.category > b.category ? 1 : 0);
  const repeated = rows
    .filter((r) => r.count >= 2)
    .sort((a, b) => b.count - a.count || byKey(a, b))
    .slice(0, REPEATED_LIMIT)
    .map((r) => ({ gridId: r.gridId, gridName: null, subcentreId: r.subcentreId, category: r.category, count: r.count }));
  const warnings = rows
    .map((r) => ({ r, baseline: r.before / EARLY_WARNING_WINDOWS }))
    .filter(({ r, baseline }) => r.count >= EARLY_WARNING_MIN_COUNT && r.count >= EARLY_WARNING_FACTOR * baseline && r.count - baseline >= EARLY_WARNING_MIN_EXCESS)
    .sort((a, b) => b.r.count - b.baseline - (a.r.count - a.baseline) || byKey(a.r, b.r))
    .slice(0, WARNINGS_LIMIT)
    .map(({ r, baseline }) => ({ gridId: r.gridId, gridName: null, subcentreId: r.subcentreId, category: r.category, count: r.count, baseline }));
  return { repeated, warnings };
}

interface RawFigures {
  total: number;
  rejected: number;
  closed: number;
  closedWithDue: number;
  closedOnTime: number;
  avgCloseMs: number | null;
  inGrid: number;
  rated: number;
  satisfactionAvg: number | null;
  satisfied: number;
  overdue: number;
}
interface RawAlertFigures {
  total: number;
  open: number;
  confirmed: number;
  dismissed: number;
  falsePositive: number;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

function figures(store: Store, from: number, to: number, cutoff: number, street: string | null): BriefingFigures {
  const f = store.statement(FIGURES_SQL).get({ from, to, cutoff, street }) as RawFigures;
  const a = store.statement(ALERT_FIGURES_SQL).get({ from, to, street }) as RawAlertFigures;
  return {
    total: f.total,
    rejected: f.rejected,
    closed: f.closed,
    closureRate: ratio(f.closed, f.total - f.rejected),
    closedWithDue: f.closedWithDue,
    closedOnTime: f.closedOnTime,
    onTimeRate: ratio(f.closedOnTime, f.closedWithDue),
    avgCloseMs: f.avgCloseMs,
    inGrid: f.inGrid,
    inGridRate: ratio(f.inGrid, f.closed),
    rated: f.rated,
    satisfactionAvg: f.satisfactionAvg,
    satisfiedRate: ratio(f.satisfied, f.rated),
    overdue: f.overdue,
    alerts: { ...a, falsePositiveRate: ratio(a.falsePositive, a.confirmed + a.dismissed) },
  };
}

function byDay(store: Store, from: number, to: number, street: string | null): Array<{ day: string; count: number }> {
  const rows = store.statement(BY_DAY_SQL).all({ from, to, street }) as Array<{ dayNo: number; n: number }>;
  const counts = new Map(rows.map((r) => [shanghaiDay(r.dayNo * DAY_MS), r.n]));
  return daysOf({ from, to }).map((day) => ({ day, count: counts.get(day) ?? 0 }));
}

interface CountRow {
  category: string;
  source: string;
  street: string;
  count: number;
  prev: number;
}

/** Most first (then most before, then by key). */
function ranked(map: Map<string, BriefingCount>): BriefingCount[] {
  return [...map.values()].sort((a, b) => b.count - a.count || b.prev - a.prev || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function countsByDimension(rows: CountRow[]): Pick<Briefing, 'byCategory' | 'bySource' | 'byStreet'> {
  const dims = { category: new Map<string, BriefingCount>(), source: new Map<string, BriefingCount>(), street: new Map<string, BriefingCount>() };
  for (const r of rows) {
    for (const d of ['category', 'source', 'street'] as const) {
      const key = r[d];
      const c = dims[d].get(key) ?? { key, count: 0, prev: 0 };
      c.count += r.count;
      c.prev += r.prev;
      dims[d].set(key, c);
    }
  }
  return { byCategory: ranked(dims.category), bySource: ranked(dims.source), byStreet: ranked(dims.street) };
}

const MAP_POINTS_SQL = `
  SELECT lon, lat,
         CASE severity WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END AS sev,
         (status = 'closed' AND closed_at IS NOT NULL AND closed_at < @to) AS closed
  FROM incidents
  WHERE reported_at >= @from AND reported_at < @to AND status != 'rejected'
    AND (@street IS NULL OR subcentre_id = @street)
  ORDER BY sev, reported_at DESC
  LIMIT @limit`;
const MAP_TOTAL_SQL = `
  SELECT count(*) AS n FROM incidents
  WHERE reported_at >= @from AND reported_at < @to AND status != 'rejected'
    AND (@street IS NULL OR subcentre_id = @street)`;

/** The positions of the period's incidents for the briefing's map (the most severe first, capped). */
export function getBriefingMapPoints(store: Store, q: { from: EpochMs; to: EpochMs }, street: string | null = null, limit = MAP_POINTS_LIMIT): BriefingMapPoints {
  return store.read(() => {
    const params = { from: q.from, to: q.to, street, limit };
    const rows = store.statement(MAP_POINTS_SQL).all(params) as Array<{ lon: number; lat: number; sev: number; closed: number }>;
    const out: BriefingMapPoints = { total: (store.statement(MAP_TOTAL_SQL).get(params) as { n: number }).n, lon: [], lat: [], severity: [], closed: [] };
    for (const r of rows) {
      out.lon.push(r.lon);
      out.lat.push(r.lat);
      out.severity.push(r.sev);
      out.closed.push(r.closed);
    }
    return out;
  });
}

/**
 * The whole briefing for [from, to) against the period of equal length before it, judged at `nowMs`;
 * `street`: only that sub-centre's incidents and alerts (a street operator's scope), null for the district.
 */
export function getBriefing(store: Store, q: BriefingQuery, nowMs: EpochMs, street: string | null = null): Briefing {
  const { from, to } = q;
  if (!(to > from)) throw new RangeError('a briefing period needs from < to');
  const prev = previousPeriod({ from, to });
  const len = to - from;
  return store.read(() => {
    const params = { from, to, pfrom: prev.from, street };
    const split = countsByDimension(store.statement(COUNTS_SQL).all(params) as CountRow[]);
    const problems = gridProblems(store.statement(GRID_CATEGORY_SQL).all({ from, to, bfrom: from - EARLY_WARNING_WINDOWS * len, street }) as GridCategoryRow[]);
    const ids = [...new Set([...problems.repeated, ...problems.warnings].map((p) => p.gridId))];
    const names = new Map((store.statement(GRID_NAMES_SQL).all(JSON.stringify(ids)) as Array<{ gridId: string; name: string }>).map((g) => [g.gridId, g.name]));
    for (const p of [...problems.repeated, ...problems.warnings]) p.gridName = names.get(p.gridId) ?? null;
    return {
      period: { from, to },
      previous: prev,
      generatedAt: nowMs,
      current: figures(store, from, to, Math.min(nowMs, to), street),
      prev: figures(store, prev.from, prev.to, Math.min(nowMs, prev.to), street),
      byDay: byDay(store, from, to, street),
      prevByDay: byDay(store, prev.from, prev.to, street),
      ...split,
      alertsByKind: store.statement(ALERT_KINDS_SQL).all(params) as BriefingCount[],
      overdueList: (store.statement(OVERDUE_LIST_SQL).all({ from, to, cutoff: Math.min(nowMs, to), street }) as Array<
        Omit<BriefingOverdueRow, 'severity' | 'status'> & { severity: string; status: string }
      >).map((r) => ({ ...r, severity: r.severity as Severity, status: r.status as IncidentStatus })),
      ...problems,
      // the strength index comes from the index engine: the API adds it (briefing-index.ts)
      index: null,
    };
  });
}
