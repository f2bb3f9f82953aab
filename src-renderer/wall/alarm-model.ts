// Issue 4: which recorded alarms the wall shouts about. Pure functions over plain data (tested without a
// browser). The host records every alarm; the wall sounds and flashes only for those that are new to it
// (recorded after its first look: arrived while it watched, or while it was disconnected) and that nobody
// has acknowledged, here or elsewhere. Everything unacknowledged is in the "missed alarms" list.
import { alarmKey } from '../../src-shared/domain/alarm.ts';
import type { AlarmRow } from '../../src-shared/wall-api.ts';

/** What the wall saw at its first look: alarms older than this are "missed", not new. */
export interface AlarmBaseline {
  keys: ReadonlySet<string>;
  /** The newest recordedAt of the first look (-Infinity when there was none). */
  recordedAt: number;
}

export function alarmBaseline(rows: readonly AlarmRow[]): AlarmBaseline {
  let recordedAt = -Infinity;
  for (const r of rows) if (r.recordedAt > recordedAt) recordedAt = r.recordedAt;
  return { keys: new Set(rows.map(alarmKey)), recordedAt };
}

/** Newest first (raised time, then recorded time), one row per alarm (the later copy wins). */
export function dedupeAlarms(rows: readonly AlarmRow[]): AlarmRow[] {
  const byKey = new Map<string, AlarmRow>();
  for (const r of rows) if (r && typeof r.id === 'string') byKey.set(alarmKey(r), r);
  return [...byKey.values()].sort((a, b) => b.raisedAt - a.raisedAt || b.recordedAt - a.recordedAt || alarmKey(a).localeCompare(alarmKey(b)));
}

/** Unacknowledged here and at the host, newest first. */
export function missedAlarms(rows: readonly AlarmRow[], localAcks: ReadonlySet<string>): AlarmRow[] {
  return dedupeAlarms(rows).filter((r) => r.acknowledgedAt === null && !localAcks.has(alarmKey(r)));
}

/** The alarms that sound and flash: unacknowledged and new since the baseline, newest first. */
export function activeAlarms(rows: readonly AlarmRow[], baseline: AlarmBaseline | null, localAcks: ReadonlySet<string>): AlarmRow[] {
  if (!baseline) return [];
  return missedAlarms(rows, localAcks).filter((r) => !baseline.keys.has(alarmKey(r)) && r.recordedAt >= baseline.recordedAt);
}

/** Whether the sound is due now: at once for a new alarm, then every repeatSeconds until none is active. */
export function soundDue(active: readonly AlarmRow[], lastPlayedAt: number | null, newestPlayedKey: string | null, now: number, repeatSeconds: number): boolean {
  if (active.length === 0) return false;
  const newest = alarmKey(active[0]!);
  if (newest !== newestPlayedKey) return true;
  return lastPlayedAt === null || now - lastPlayedAt >= repeatSeconds * 1000;
}

/** Local acknowledgements kept across a reload (a wall that is not signed in), bounded. */
export function parseLocalAcks(text: string | null): Set<string> {
  if (!text) return new Set();
  try {
    const v = JSON.parse(text) as unknown;
    return new Set(Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string').slice(-2000) : []);
  } catch {
    return new Set();
  }
}

export function serialiseLocalAcks(keys: ReadonlySet<string>): string {
  return JSON.stringify([...keys].slice(-2000));
}
