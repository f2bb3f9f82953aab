// Issue 4: what raises the wall's alarm. Pure rules over plain data, used by the host (which records
// alarms in the cache as items are applied, so that nothing raised while no wall watched is lost) and by
// the wall (which decides which recorded alarms are new to it and sound).
import type { AlarmSettings } from '../settings.ts';
import type { Severity } from '../sfp/schemas.ts';

export type AlarmKind = 'incident' | 'alert';

/** An incident or video alert as the alarm rules see it. */
export interface AlarmCandidate {
  kind: AlarmKind;
  id: string;
  subcentreId: string;
  severity: Severity;
  /** Incident status or alert state. */
  status: string;
  /** The video-analytics kind (alerts only). */
  alertKind?: string | null;
}

/** States in which an item no longer needs anyone's attention. */
const DONE_STATES = new Set(['closed', 'rejected', 'resolved', 'dismissed', 'confirmed']);

/** Whether the item is still waiting for someone (a confirmed alert has become an incident). */
export function isAlarmOpen(status: string): boolean {
  return !DONE_STATES.has(status);
}

/** Whether the item matches the alarm settings: severity, alert kind and street, and still open. */
export function isAlarming(item: AlarmCandidate, rules: AlarmSettings): boolean {
  if (!isAlarmOpen(item.status)) return false;
  if (rules.streets.length > 0 && !rules.streets.includes(item.subcentreId)) return false;
  if (item.kind === 'incident') return rules.incidentSeverities.includes(item.severity);
  if (!rules.alertSeverities.includes(item.severity)) return false;
  return rules.alertKinds.length === 0 || (item.alertKind != null && rules.alertKinds.includes(item.alertKind));
}

/** The key that identifies one alarm (an item raises at most one). */
export function alarmKey(a: { kind: AlarmKind; id: string }): string {
  return `${a.kind}:${a.id}`;
}

/**
 * Whether an item first seen now is new enough to alarm: raised after the cache started watching for
 * alarms (`since`). Items from before — the history a fresh cache receives from its sub-centres — are
 * not alarms; items raised while the console was down are, however late they arrive.
 */
export function isNewSince(raisedAt: number, since: number): boolean {
  return Number.isFinite(raisedAt) && raisedAt >= since;
}
