import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { enqueueCommand, listOutbox, markCommandSent, pendingCommands, recordCommandResult } from '../../../src-main/store/outbox.ts';
import { getStoredLinks } from '../../../src-main/store/queries.ts';
import { applyEventBatch } from '../../../src-main/store/apply.ts';
import { batch, count, incident, STREET, tempStore } from './fixtures.ts';

const operator = { id: 'op-017', name: '张伟', role: 'duty-officer' };

function command(over: Record<string, unknown> = {}) {
  return {
    commandId: randomUUID(),
    type: 'incident.dispatch',
    issuedAt: '2026-11-23T08:05:00.000+08:00',
    operator,
    target: { incidentId: 'i-1', rev: 3 },
    args: { department: '城管' },
    ...over,
  };
}

test('outbox states survive a reopen: pending and sent are re-sent, acked and refused are not', () => {
  const t = tempStore();
  try {
    const a = command({ issuedAt: '2026-11-23T08:05:00.000+08:00' });
    const b = command({ issuedAt: '2026-11-23T08:06:00.000+08:00' });
    const c = command({ issuedAt: '2026-11-23T08:07:00.000+08:00', type: 'incident.note', args: { text: '已到场' } });
    const d = command({ issuedAt: '2026-11-23T08:08:00.000+08:00', type: 'incident.accept', args: {} });
    for (const cmd of [d, c, b, a]) enqueueCommand(t.store, { subcentreId: STREET, command: cmd });
    markCommandSent(t.store, b.commandId);
    markCommandSent(t.store, c.commandId);
    markCommandSent(t.store, d.commandId);
    recordCommandResult(t.store, c.commandId, { ok: true, rev: 4 });
    recordCommandResult(t.store, d.commandId, { ok: false, error: { code: 'illegal-transition', message: 'closed' } });

    const store = t.reopen();
    const pending = pendingCommands(store, STREET);
    assert.deepEqual(pending.map((p) => [p.commandId, p.state, p.attempts]), [[a.commandId, 'pending', 0], [b.commandId, 'sent', 1]]);
    assert.deepEqual(pending[1]!.command, b);
    const byId = new Map(listOutbox(store, 10).map((e) => [e.commandId, e]));
    assert.equal(byId.get(c.commandId)!.state, 'acked');
    assert.equal(byId.get(c.commandId)!.resultRev, 4);
    assert.equal(byId.get(d.commandId)!.state, 'refused');
    assert.deepEqual(byId.get(d.commandId)!.error, { code: 'illegal-transition', message: 'closed' });
    assert.equal(listOutbox(store, 10)[0]!.commandId, d.commandId, 'newest first');
  } finally {
    t.cleanup();
  }
});

test('only the first result of a command is recorded', () => {
  const t = tempStore();
  try {
    const a = command();
    enqueueCommand(t.store, { subcentreId: STREET, command: a });
    assert.equal(recordCommandResult(t.store, a.commandId, { ok: true, rev: 4 }).recorded, true);
    const second = recordCommandResult(t.store, a.commandId, { ok: false, error: { code: 'stale-rev', message: 'x' } });
    assert.equal(second.recorded, false);
    assert.equal(second.entry!.state, 'acked');
    assert.equal(count(t.store, 'audit', `action LIKE 'command.%ed' AND action <> 'command.issued'`), 1);
    assert.equal(recordCommandResult(t.store, 'unknown', { ok: true, rev: 1 }).recorded, false);
  } finally {
    t.cleanup();
  }
});

test('an unreadable acknowledgement refuses the command with code bad-ack', () => {
  const t = tempStore();
  try {
    const a = command();
    enqueueCommand(t.store, { subcentreId: STREET, command: a });
    const r = recordCommandResult(t.store, a.commandId, { yes: 'please' });
    assert.equal(r.entry!.state, 'refused');
    assert.equal(r.entry!.error!.code, 'bad-ack');
  } finally {
    t.cleanup();
  }
});

test('enqueueing audits the operator and refuses invalid or duplicate commands', () => {
  const t = tempStore();
  try {
    const a = command();
    const entry = enqueueCommand(t.store, { subcentreId: STREET, command: a });
    assert.equal(entry.state, 'pending');
    assert.equal(entry.issuedAt, Date.parse(a.issuedAt));
    const audit = t.store.db.prepare(`SELECT actor, action, subject FROM audit`).get() as { actor: string; action: string; subject: string };
    assert.deepEqual({ ...audit, actor: JSON.parse(audit.actor) }, { actor: operator, action: 'command.issued', subject: 'i-1' });
    assert.throws(() => enqueueCommand(t.store, { subcentreId: STREET, command: a }), /already in the outbox/);
    assert.throws(() => enqueueCommand(t.store, { subcentreId: STREET, command: command({ args: {} }) }), /invalid command: args/);
    assert.throws(() => enqueueCommand(t.store, { subcentreId: STREET, command: command({ type: 'incident.teleport' }) }), /unknown command type/);
  } finally {
    t.cleanup();
  }
});

test('stored links count pending commands and rejected envelopes', () => {
  const t = tempStore();
  try {
    applyEventBatch(t.store, STREET, 'e1', [...batch(1, [['incident.upsert', incident('i-1')]]), { seq: 2, junk: true }]);
    enqueueCommand(t.store, { subcentreId: STREET, command: command() });
    const [link] = getStoredLinks(t.store);
    assert.deepEqual(
      { id: link!.subcentreId, epoch: link!.epoch, ack: link!.lastAckSeq, pending: link!.pendingCommands, rejected: link!.rejectedEnvelopes },
      { id: STREET, epoch: 'e1', ack: 2, pending: 1, rejected: 1 },
    );
  } finally {
    t.cleanup();
  }
});
