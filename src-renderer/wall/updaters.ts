// Pure updaters of the wall's state: plain data in, plain data out, tested without a browser.
import type { ActivityItem, EpochMs, IncidentRow, LinkState } from '../../src-shared/api.ts';

/** What the ticker shows: incidents, video alerts and cameras; the rest (stations, org units, grids,
 * indicator reports) would only push the events a duty officer watches off the wall. */
const TICKER_TYPES = new Set(['incident.upsert', 'alert.upsert', 'camera.upsert']);
export function isTickerEvent(item: ActivityItem): boolean {
  return TICKER_TYPES.has(item.type);
}

/**
 * The ticker: newest first, no duplicates, at most `max` items. Backfilled lines (negative ids, see
 * incidentRowsAsActivity) give way to a real event about the same incident that is as new or newer.
 */
export function mergeActivity(current: readonly ActivityItem[], incoming: readonly ActivityItem[] | null | undefined, max: number): ActivityItem[] {
  if (!Array.isArray(incoming) || incoming.length === 0) return current as ActivityItem[];
  const byId = new Map<number, ActivityItem>();
  for (const item of current) byId.set(item.id, item);
  for (const item of incoming) {
    if (item && typeof item.id === 'number' && Number.isFinite(item.at) && isTickerEvent(item)) byId.set(item.id, item);
  }
  const newestReal = new Map<string, number>();
  for (const item of byId.values()) {
    if (item.id > 0) newestReal.set(item.entityId, Math.max(newestReal.get(item.entityId) ?? -Infinity, item.at));
  }
  return [...byId.values()]
    .filter((item) => item.id > 0 || !((newestReal.get(item.entityId) ?? -Infinity) >= item.at))
    .sort((a, b) => b.at - a.at || b.id - a.id)
    .slice(0, max);
}

/**
 * The latest incidents as ticker lines, for a wall that starts when little has happened since the host
 * started (events of the initial snapshot are not activity). Ids are negative so they never meet real ones.
 */
export function incidentRowsAsActivity(rows: readonly IncidentRow[] | null | undefined): ActivityItem[] {
  if (!Array.isArray(rows)) return [];
  return rows
    .filter((r) => r && typeof r.incidentId === 'string' && Number.isFinite(r.updatedAt))
    .map((r, i) => ({
      id: -(i + 1),
      subcentreId: r.subcentreId,
      seq: 0,
      type: 'incident.upsert',
      at: r.updatedAt,
      entityId: r.incidentId,
      summary: r.title,
      severity: r.severity,
      status: r.status,
    }));
}

/** Links in a stable order (by sub-centre code), so rows do not jump around on the wall. */
export function orderLinks(links: readonly LinkState[] | null | undefined): LinkState[] {
  if (!Array.isArray(links)) return [];
  return links.filter((l) => l && typeof l.subcentreId === 'string').sort((a, b) => a.subcentreId.localeCompare(b.subcentreId));
}

/** The host's clock from the local one and the offset measured at the last getInfo. */
export function hostTime(localNow: number, offsetMs: number): EpochMs {
  return localNow + offsetMs;
}

/**
 * Offset of the host clock against the local one, from a getInfo answer: the host's time is taken to be
 * the middle of the round trip.
 */
export function clockOffset(serverTime: EpochMs, sentAt: number, receivedAt: number): number {
  if (!Number.isFinite(serverTime)) return 0;
  return serverTime - (sentAt + receivedAt) / 2;
}

export interface LinkSummary {
  total: number;
  up: number;
  stale: number;
  down: number;
}

export function summariseLinks(links: readonly LinkState[]): LinkSummary {
  let up = 0;
  let stale = 0;
  let down = 0;
  for (const l of links) {
    if (l.state === 'connected') up++;
    else if (l.state === 'stale') stale++;
    else if (l.state === 'down') down++;
  }
  return { total: links.length, up, stale, down };
}
