// The incident closed loop of SFP/1 §4.1 as pure functions over plain data. The sub-centre server
// decides with applyIncidentCommand; the renderer calls legalCommands to offer only legal actions.
import { LEVELS, type Command, type CommandErrorCode, type CommandType, type HistoryEntry, type Incident, type IncidentStatus, type Level } from '../sfp/schemas.ts';

export type IncidentCommandType = Extract<CommandType, `incident.${string}`>;
export type IncidentCommand = Extract<Command, { type: IncidentCommandType }>;

export type ApplyIncidentResult = { ok: true; incident: Incident } | { ok: false; code: CommandErrorCode; message: string };

/** Commands that move `status` (§4.1), per current status. rate/escalate/note are handled apart. */
const TRANSITIONS: Record<IncidentStatus, readonly IncidentCommandType[]> = {
  reported: ['incident.accept', 'incident.reject'],
  accepted: ['incident.dispatch', 'incident.resolve', 'incident.reject'],
  dispatched: ['incident.dispatch', 'incident.resolve'],
  handling: ['incident.resolve'],
  resolved: ['incident.close'],
  closed: [],
  rejected: [],
};

const ORDER: readonly IncidentCommandType[] = [
  'incident.accept',
  'incident.rate',
  'incident.dispatch',
  'incident.escalate',
  'incident.note',
  'incident.resolve',
  'incident.close',
  'incident.reject',
];

/** SFP/1 caps `history` at 1,000 entries (schemas.ts). */
export const MAX_HISTORY_ENTRIES = 1000;

/**
 * Appends one entry; when full, drops the oldest entry after the first (the report), so that a
 * talkative incident can still be closed and its origin stays on record.
 */
export function appendHistory(history: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  if (history.length < MAX_HISTORY_ENTRIES) return [...history, entry];
  return [history[0]!, ...history.slice(history.length - MAX_HISTORY_ENTRIES + 2), entry];
}

export function isTerminalStatus(status: IncidentStatus): boolean {
  return status === 'closed' || status === 'rejected';
}

/** Open = still in the loop (not closed, not rejected). */
export function isOpenIncident(incident: Pick<Incident, 'status'>): boolean {
  return !isTerminalStatus(incident.status);
}

/** -1 for an unknown level, so that anything known is above it. */
export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

/** The levels an incident at `level` may be escalated to (strictly above it). */
export function levelsAbove(level: Level): Level[] {
  return LEVELS.filter((l) => levelRank(l) > levelRank(level));
}

/** The incident commands legal now, in a stable order (accept, rate, dispatch, escalate, note, resolve, close, reject). */
export function legalCommands(incident: Pick<Incident, 'status' | 'level'>): IncidentCommandType[] {
  const terminal = isTerminalStatus(incident.status);
  const legal = new Set<IncidentCommandType>(TRANSITIONS[incident.status] ?? []);
  legal.add('incident.note');
  if (!terminal) {
    legal.add('incident.rate');
    if (levelsAbove(incident.level).length > 0) legal.add('incident.escalate');
  }
  return ORDER.filter((t) => legal.has(t));
}

/**
 * Applies one operator command to an incident: the next state with a new history entry, rev + 1 and
 * updatedAt = `at` — or the reason it is refused (stale-rev, illegal-transition, invalid).
 * Never mutates its inputs.
 */
export function applyIncidentCommand(incident: Incident, command: Command, at: string): ApplyIncidentResult {
  if (!command.type.startsWith('incident.') || !('incidentId' in command.target)) {
    return { ok: false, code: 'invalid', message: `${command.type} is not an incident command` };
  }
  const cmd = command as IncidentCommand;
  if (cmd.target.incidentId !== incident.incidentId) {
    return { ok: false, code: 'invalid', message: `command targets ${cmd.target.incidentId}, not ${incident.incidentId}` };
  }
  if (cmd.target.rev !== incident.rev) {
    return { ok: false, code: 'stale-rev', message: `incident ${incident.incidentId} is at rev ${incident.rev}, the command was issued against rev ${cmd.target.rev}` };
  }
  if (!legalCommands(incident).includes(cmd.type)) {
    // escalate is the one command whose legality depends on its args; say why precisely.
    const why = cmd.type === 'incident.escalate' && !isTerminalStatus(incident.status) ? `level ${incident.level} is already the highest` : `not legal when the incident is ${incident.status}`;
    return { ok: false, code: 'illegal-transition', message: `${cmd.type}: ${why}` };
  }

  const next: Incident = { ...incident };
  let note: string | undefined;
  switch (cmd.type) {
    case 'incident.accept':
      next.status = 'accepted';
      break;
    case 'incident.reject':
      next.status = 'rejected';
      note = cmd.args.reason;
      break;
    case 'incident.rate':
      next.severity = cmd.args.severity;
      note = `${incident.severity} → ${cmd.args.severity}`;
      break;
    case 'incident.dispatch':
      next.status = 'dispatched';
      next.department = cmd.args.department;
      if (cmd.args.dueAt !== undefined) next.dueAt = cmd.args.dueAt;
      note = cmd.args.department;
      break;
    case 'incident.escalate':
      if (levelRank(cmd.args.toLevel) <= levelRank(incident.level)) {
        return { ok: false, code: 'illegal-transition', message: `incident.escalate: ${cmd.args.toLevel} is not above the current level ${incident.level}` };
      }
      next.level = cmd.args.toLevel;
      note = `${incident.level} → ${cmd.args.toLevel}: ${cmd.args.reason}`;
      break;
    case 'incident.note':
      note = cmd.args.text;
      break;
    case 'incident.resolve':
      next.status = 'resolved';
      note = cmd.args.text;
      break;
    case 'incident.close':
      if (cmd.args.verified) {
        next.status = 'closed';
        next.closedAt = at;
      } else {
        next.status = 'handling'; // returned for rework
      }
      note = cmd.args.text;
      break;
  }

  const entry: HistoryEntry = { at, action: cmd.type, by: { id: cmd.operator.id, name: cmd.operator.name } };
  if (note) entry.note = note;
  next.history = appendHistory(incident.history, entry);
  next.rev = incident.rev + 1;
  next.updatedAt = at;
  return { ok: true, incident: next };
}
