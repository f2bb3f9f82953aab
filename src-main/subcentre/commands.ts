// Operator commands (SFP/1 §4): validate, deduplicate on commandId, decide with the pure domain
// rules, and append the new state plus the stored result in one transaction.
import type { CommandResult } from '../../src-shared/sfp/schemas.ts';
import { checkCommand } from '../../src-shared/sfp/validate.ts';
import { applyIncidentCommand } from '../../src-shared/domain/lifecycle.ts';
import { applyAlertCommand } from '../../src-shared/domain/alerts.ts';
import { formatShanghaiIso } from '../../src-shared/domain/time.ts';
import type { SubcentreLog } from './log.ts';

export interface CommandOutcome {
  result: CommandResult;
  /** Set when the payload was a well-formed command. */
  command?: { commandId: string; type: string };
  /** False for invalid payloads and for repeats of an already executed commandId. */
  executed: boolean;
}

const fail = (code: 'invalid' | 'not-found' | 'stale-rev' | 'forbidden' | 'illegal-transition', message: string): CommandResult => ({ ok: false, error: { code, message } });

/** Executes one command payload from a console. Never throws. */
export function executeCommand(log: SubcentreLog, raw: unknown, now: () => Date): CommandOutcome {
  const checked = checkCommand(raw);
  if (!checked.ok) return { result: fail('invalid', checked.reason), executed: false };
  const command = checked.value;
  const ref = { commandId: command.commandId, type: command.type };
  try {
    return log.transaction((): CommandOutcome => {
      const earlier = log.getCommandResult(command.commandId);
      if (earlier) return { result: earlier, command: ref, executed: false };
      const at = formatShanghaiIso(now());
      let result: CommandResult;
      if (command.type === 'alert.confirm' || command.type === 'alert.dismiss') {
        const alert = log.getAlert(command.target.alertId);
        if (!alert) {
          result = fail('not-found', `no alert ${command.target.alertId} at sub-centre ${log.subcentre.id}`);
        } else {
          const incidentId = command.type === 'alert.confirm' && alert.state === 'open' && alert.rev === command.target.rev ? log.nextIncidentId() : undefined;
          const applied = applyAlertCommand(alert, command, at, incidentId);
          if (!applied.ok) {
            result = fail(applied.code, applied.message);
          } else {
            // The incident first: a console that sees the confirmed alert can already find it.
            log.publishMany(applied.incident ? [{ type: 'incident.upsert', body: applied.incident }, { type: 'alert.upsert', body: applied.alert }] : [{ type: 'alert.upsert', body: applied.alert }]);
            result = applied.incident ? { ok: true, rev: applied.alert.rev, incidentId: applied.incident.incidentId } : { ok: true, rev: applied.alert.rev };
          }
        }
      } else {
        const incident = log.getIncident(command.target.incidentId);
        if (!incident) {
          result = fail('not-found', `no incident ${command.target.incidentId} at sub-centre ${log.subcentre.id}`);
        } else {
          const applied = applyIncidentCommand(incident, command, at);
          if (!applied.ok) {
            result = fail(applied.code, applied.message);
          } else {
            log.publish('incident.upsert', applied.incident);
            result = { ok: true, rev: applied.incident.rev };
          }
        }
      }
      log.storeCommandResult(command.commandId, result);
      return { result, command: ref, executed: true };
    });
  } catch (err) {
    // e.g. the new state does not pass the schema: nothing was appended (the transaction rolled back).
    return { result: fail('invalid', `command could not be executed: ${(err as Error).message}`), command: ref, executed: false };
  }
}
