// Issue 4: the wall's alarms and side-panel charts, as they cross the ConsoleApi (plain data).
import type { AlarmKind } from './domain/alarm.ts';
import type { Severity } from './sfp/schemas.ts';

type EpochMs = number;

/** One recorded alarm: an incident or video alert that matched the alarm rules when it was first applied. */
export interface AlarmRow {
  kind: AlarmKind;
  id: string;
  subcentreId: string;
  severity: Severity;
  /** The incident's title, or the alert's camera name. */
  title: string;
  /** The incident's category (major name) or the alert's kind code. */
  category: string;
  lon: number;
  lat: number;
  /** When the item was reported / raised (the sub-centre's time). */
  raisedAt: EpochMs;
  /** When the host first applied it (host time). */
  recordedAt: EpochMs;
  acknowledgedAt: EpochMs | null;
  /** Display name of whoever acknowledged it. */
  acknowledgedBy: string | null;
}

export interface AlarmQuery {
  /** Default 'unacknowledged'. */
  state?: 'unacknowledged' | 'all';
  /** Default 100, at most 1,000. */
  limit?: number;
}

export interface AlarmList {
  /** Newest first. */
  alarms: AlarmRow[];
  /** How many are unacknowledged in all (the list may be cut at `limit`). */
  unacknowledged: number;
  /** Since when this cache records alarms (items raised before are history, not alarms). */
  since: EpochMs | null;
}

export interface AcknowledgeAlarmRequest {
  kind: AlarmKind;
  id: string;
}

/** The wall's side-panel charts, computed by the host in SQL over the caller's scope. */
export interface WallCharts {
  at: EpochMs;
  /** Local midnight (Asia/Shanghai) of today. */
  dayStart: EpochMs;
  /** Incidents reported today by category (major), most first. */
  byCategoryToday: Array<{ category: string; count: number; red: number }>;
  /** The last 24 hours by hour, oldest first: 24 entries, the last one the current hour. */
  byHour: Array<{ hourStart: EpochMs; reported: number; closed: number; alerts: number }>;
}
