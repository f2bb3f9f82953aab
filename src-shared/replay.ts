// The wall's time replay (issue 7): what getReplay answers. The state at `from` and every change inside
// [from, to) in time order, as the same columns the live wall reads, so that the wall's buffers apply
// them unchanged. A change's time is the state's own `updatedAt` (a sub-centre may publish a backfill
// long after the fact; the envelope's time would bunch it up).
import type { AlertColumns, EpochMs, IncidentColumns } from './api.ts';

export interface ReplayQuery {
  from: EpochMs;
  to: EpochMs;
}

export interface ReplayData {
  from: EpochMs;
  to: EpochMs;
  /** Each incident as it last stood before `from`. */
  initialIncidents: IncidentColumns;
  initialAlerts: AlertColumns;
  /** Every incident change in [from, to), oldest first; an id repeats once per change. */
  incidentChanges: IncidentColumns;
  /** The time of each incident change (parallel to incidentChanges). */
  incidentChangeAt: EpochMs[];
  alertChanges: AlertColumns;
  alertChangeAt: EpochMs[];
  /** True when the period held more than MAX_REPLAY_CHANGES changes: the replay stops early. */
  truncated: boolean;
}

export const MAX_REPLAY_CHANGES = 200_000;
/** Longest replay period (the wall holds every change of it in memory). */
export const MAX_REPLAY_DAYS = 31;
