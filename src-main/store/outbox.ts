// The outbox: operator commands made durable before they are sent, re-sent with their original
// commandId until the sub-centre acknowledges them — across disconnections and restarts (SFP/1 §4, §6.5).
import type { OutboxEntry, OutboxState } from '../../src-shared/api.ts';
import { CommandResult, type Command } from '../../src-shared/sfp/schemas.ts';
import { checkCommand, describeZodError } from '../../src-shared/sfp/validate.ts';
import { writeAudit, type Store } from './store.ts';

export interface PendingCommand {
  commandId: string;
  subcentreId: string;
  state: 'pending' | 'sent';
  attempts: number;
  /** The command exactly as first built: send this, unchanged, every time. */
  command: Command;
}

interface OutboxRow {
  command_id: string;
  subcentre_id: string;
  type: string;
  target: string;
  args: string;
  issued_at: number;
  state: OutboxState;
  attempts: number;
  result: string | null;
  acked_at: number | null;
  raw: string;
}

const ROW_COLUMNS = 'command_id, subcentre_id, type, target, args, issued_at, state, attempts, result, acked_at, raw';

function parseObject(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function toEntry(row: OutboxRow): OutboxEntry {
  const result = parseObject(row.result);
  const error = result.ok === false && result.error && typeof result.error === 'object' ? (result.error as Record<string, unknown>) : null;
  return {
    commandId: row.command_id,
    subcentreId: row.subcentre_id,
    type: row.type as OutboxEntry['type'],
    target: parseObject(row.target),
    args: parseObject(row.args),
    issuedAt: row.issued_at,
    state: row.state,
    attempts: row.attempts,
    resultRev: result.ok === true && typeof result.rev === 'number' ? result.rev : null,
    error: error ? { code: String(error.code ?? 'unknown'), message: String(error.message ?? '') } : null,
    ackedAt: row.acked_at,
  };
}

export function getOutboxEntry(store: Store, commandId: string): OutboxEntry | null {
  const row = store.statement(`SELECT ${ROW_COLUMNS} FROM outbox WHERE command_id = ?`).get(commandId) as OutboxRow | undefined;
  return row ? toEntry(row) : null;
}

/**
 * Makes a command durable (state pending) with an audit entry naming the operator. Throws an Error with
 * the reason when the command is invalid or its commandId is already in the outbox.
 */
export function enqueueCommand(store: Store, input: { subcentreId: string; command: unknown }, options: { now?: number } = {}): OutboxEntry {
  if (typeof input?.subcentreId !== 'string' || input.subcentreId.length === 0) throw new TypeError('subcentreId must be a non-empty string');
  const checked = checkCommand(input.command);
  if (!checked.ok) throw new Error(`invalid command: ${checked.reason}`);
  const command = checked.value;
  const now = options.now ?? Date.now();
  const issuedAt = Date.parse(command.issuedAt);
  store.write((tx) => {
    if (store.statement(`SELECT 1 FROM outbox WHERE command_id = ?`).get(command.commandId)) {
      throw new Error(`command ${command.commandId} is already in the outbox`);
    }
    store
      .statement(
        `INSERT INTO outbox (command_id, subcentre_id, type, target, args, operator, issued_at, state, attempts, raw)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)`,
      )
      .run(command.commandId, input.subcentreId, command.type, JSON.stringify(command.target), JSON.stringify(command.args), JSON.stringify(command.operator), issuedAt, JSON.stringify(command));
    writeAudit(store, {
      at: now,
      actor: command.operator,
      action: 'command.issued',
      subject: targetId(command.target as Record<string, unknown>),
      detail: { commandId: command.commandId, type: command.type, subcentreId: input.subcentreId, target: command.target, args: command.args },
    });
    tx.changed('outbox');
  });
  return getOutboxEntry(store, command.commandId)!;
}

function targetId(target: Record<string, unknown>): string {
  return String(target.incidentId ?? target.alertId ?? '');
}

/** Commands of one sub-centre still waiting for an acknowledgement, in issue order. */
export function pendingCommands(store: Store, subcentreId: string): PendingCommand[] {
  const rows = store
    .statement(`SELECT ${ROW_COLUMNS} FROM outbox WHERE subcentre_id = ? AND state IN ('pending', 'sent') ORDER BY issued_at, rowid`)
    .all(subcentreId) as OutboxRow[];
  const out: PendingCommand[] = [];
  for (const row of rows) {
    const checked = checkCommand(parseObject(row.raw));
    // A row that no longer validates (hand-edited file) is skipped rather than sent broken.
    if (!checked.ok) continue;
    out.push({ commandId: row.command_id, subcentreId: row.subcentre_id, state: row.state as 'pending' | 'sent', attempts: row.attempts, command: checked.value });
  }
  return out;
}

export function countPendingCommands(store: Store, subcentreId: string): number {
  return (store.statement(`SELECT count(*) AS n FROM outbox WHERE subcentre_id = ? AND state IN ('pending', 'sent')`).get(subcentreId) as { n: number }).n;
}

/** Records one attempt to send (state sent). An acknowledged or refused command is left as it is. */
export function markCommandSent(store: Store, commandId: string, options: { now?: number } = {}): void {
  const now = options.now ?? Date.now();
  store.write((tx) => {
    const r = store
      .statement(`UPDATE outbox SET state = 'sent', attempts = attempts + 1, last_attempt_at = ? WHERE command_id = ? AND state IN ('pending', 'sent')`)
      .run(now, commandId);
    if (r.changes > 0) tx.changed('outbox');
  });
}

/**
 * Records the sub-centre's acknowledgement: ok → acked (with the new rev), not ok → refused (with the
 * error). Only the first result counts: a re-sent command acknowledged twice is recorded once.
 * An acknowledgement that is not a CommandResult is recorded as refused with code "bad-ack".
 */
export function recordCommandResult(store: Store, commandId: string, result: unknown, options: { now?: number } = {}): { recorded: boolean; entry: OutboxEntry | null } {
  const now = options.now ?? Date.now();
  const parsed = CommandResult.safeParse(result);
  const stored: { ok: true; rev: number } | { ok: false; error: { code: string; message: string } } = parsed.success
    ? parsed.data.ok
      ? { ok: true, rev: parsed.data.rev }
      : { ok: false, error: { code: parsed.data.error.code, message: parsed.data.error.message } }
    : { ok: false, error: { code: 'bad-ack', message: `unreadable acknowledgement from the sub-centre: ${describeZodError(parsed.error)}` } };
  const recorded = store.write((tx) => {
    const r = store
      .statement(`UPDATE outbox SET state = ?, result = ?, acked_at = ? WHERE command_id = ? AND state IN ('pending', 'sent')`)
      .run(stored.ok ? 'acked' : 'refused', JSON.stringify(stored), now, commandId);
    if (r.changes === 0) return false;
    const row = store.statement(`SELECT target, subcentre_id FROM outbox WHERE command_id = ?`).get(commandId) as { target: string; subcentre_id: string };
    writeAudit(store, {
      at: now,
      actor: { kind: 'subcentre', id: row.subcentre_id },
      action: stored.ok ? 'command.acked' : 'command.refused',
      subject: targetId(parseObject(row.target)),
      detail: { commandId, result: stored },
    });
    tx.changed('outbox');
    return true;
  });
  return { recorded, entry: getOutboxEntry(store, commandId) };
}

/** The newest outbox entries first. */
export function listOutbox(store: Store, limit = 100): OutboxEntry[] {
  const n = clampLimit(limit, 100, 10_000);
  const rows = store.statement(`SELECT ${ROW_COLUMNS} FROM outbox ORDER BY issued_at DESC, rowid DESC LIMIT ?`).all(n) as OutboxRow[];
  return rows.map(toEntry);
}

export function clampLimit(limit: unknown, fallback: number, max: number): number {
  if (limit === undefined || limit === null) return fallback;
  if (typeof limit !== 'number' || !Number.isFinite(limit)) throw new TypeError(`limit must be a number, got ${JSON.stringify(limit)}`);
  return Math.max(1, Math.min(max, Math.floor(limit)));
}
