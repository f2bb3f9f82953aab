import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendHistory, applyIncidentCommand, legalCommands, MAX_HISTORY_ENTRIES } from '../../../src-shared/domain/lifecycle.ts';
import { Incident as IncidentSchema, type Command, type Incident, type IncidentStatus, type Level } from '../../../src-shared/sfp/schemas.ts';

const T0 = '2026-11-23T08:00:00.000+08:00';
const AT = '2026-11-23T09:30:00.000+08:00';
const OPERATOR = { id: 'op-017', name: '张伟', role: 'duty-officer' };

function incident(status: IncidentStatus, extra: Partial<Incident> = {}): Incident {
  return {
    incidentId: '370102012-20261123-0042',
    rev: 3,
    category: { major: '街面秩序', minor: '占道经营', name: '占道经营' },
    title: '龙洞路占道经营',
    source: 'grid-worker',
    severity: 'yellow',
    level: 'grid',
    status,
    location: { lon: 117.09, lat: 36.65, gridId: 'g-12' },
    reportedAt: T0,
    updatedAt: T0,
    history: [{ at: T0, action: 'report' }],
    ...extra,
  };
}

function cmd(type: Command['type'], args: Record<string, unknown> = {}, rev = 3): Command {
  return {
    commandId: `c-${type}`,
    type,
    issuedAt: AT,
    operator: OPERATOR,
    target: { incidentId: '370102012-20261123-0042', rev },
    args,
  } as Command;
}

function ok(result: ReturnType<typeof applyIncidentCommand>): Incident {
  assert.equal(result.ok, true, result.ok ? '' : `${result.code}: ${result.message}`);
  if (!result.ok) throw new Error('unreachable');
  assert.equal(IncidentSchema.safeParse(result.incident).success, true, 'the new state passes the SFP/1 schema');
  return result.incident;
}

function refused(result: ReturnType<typeof applyIncidentCommand>, code: string): void {
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.code, code);
  assert.ok(result.message.length > 0);
}

// ---- every row of §4.1 ----

test('reported: accept moves to accepted with a history entry, rev + 1 and updatedAt', () => {
  const before = incident('reported');
  const after = ok(applyIncidentCommand(before, cmd('incident.accept'), AT));
  assert.equal(after.status, 'accepted');
  assert.equal(after.rev, 4);
  assert.equal(after.updatedAt, AT);
  assert.deepEqual(after.history.at(-1), { at: AT, action: 'incident.accept', by: { id: 'op-017', name: '张伟' } });
  assert.equal(after.history.length, 2);
  assert.equal(before.status, 'reported', 'the input is not mutated');
  assert.equal(before.history.length, 1);
});

test('reported: reject moves to rejected and keeps the reason as the note', () => {
  const after = ok(applyIncidentCommand(incident('reported'), cmd('incident.reject', { reason: '重复上报' }), AT));
  assert.equal(after.status, 'rejected');
  assert.equal(after.history.at(-1)?.note, '重复上报');
});

test('accepted: dispatch moves to dispatched and sets department and dueAt', () => {
  const due = '2026-11-23T12:00:00.000+08:00';
  const after = ok(applyIncidentCommand(incident('accepted'), cmd('incident.dispatch', { department: '城管', dueAt: due }), AT));
  assert.equal(after.status, 'dispatched');
  assert.equal(after.department, '城管');
  assert.equal(after.dueAt, due);
  assert.equal(after.history.at(-1)?.action, 'incident.dispatch');
  assert.equal(after.history.at(-1)?.note, '城管');
});

test('accepted: resolve moves to resolved (handled inside the grid)', () => {
  const after = ok(applyIncidentCommand(incident('accepted'), cmd('incident.resolve', { text: '网格员现场劝离' }), AT));
  assert.equal(after.status, 'resolved');
  assert.equal(after.history.at(-1)?.note, '网格员现场劝离');
});

test('accepted: reject moves to rejected', () => {
  assert.equal(ok(applyIncidentCommand(incident('accepted'), cmd('incident.reject', { reason: '不属于本街道' }), AT)).status, 'rejected');
});

test('dispatched: re-dispatch stays dispatched with the new department, keeping dueAt when none is given', () => {
  const due = '2026-11-23T12:00:00.000+08:00';
  const after = ok(applyIncidentCommand(incident('dispatched', { department: '城管', dueAt: due }), cmd('incident.dispatch', { department: '市政' }), AT));
  assert.equal(after.status, 'dispatched');
  assert.equal(after.department, '市政');
  assert.equal(after.dueAt, due);
});

test('dispatched: resolve moves to resolved; a resolve without text leaves no note', () => {
  const after = ok(applyIncidentCommand(incident('dispatched'), cmd('incident.resolve', { text: '' }), AT));
  assert.equal(after.status, 'resolved');
  assert.equal('note' in after.history.at(-1)!, false);
});

test('handling: resolve moves to resolved', () => {
  assert.equal(ok(applyIncidentCommand(incident('handling'), cmd('incident.resolve', { text: '已清理' }), AT)).status, 'resolved');
});

test('resolved: close verified closes the incident with closedAt', () => {
  const after = ok(applyIncidentCommand(incident('resolved'), cmd('incident.close', { verified: true, text: '核查属实' }), AT));
  assert.equal(after.status, 'closed');
  assert.equal(after.closedAt, AT);
});

test('resolved: close not verified returns it to handling for rework, without closedAt', () => {
  const after = ok(applyIncidentCommand(incident('resolved'), cmd('incident.close', { verified: false, text: '现场仍有摊点' }), AT));
  assert.equal(after.status, 'handling');
  assert.equal(after.closedAt, undefined);
  assert.equal(after.history.at(-1)?.note, '现场仍有摊点');
});

test('closed and rejected are terminal: only note is legal', () => {
  for (const status of ['closed', 'rejected'] as const) {
    assert.deepEqual(legalCommands(incident(status)), ['incident.note']);
    for (const [type, args] of [
      ['incident.accept', {}],
      ['incident.dispatch', { department: '城管' }],
      ['incident.resolve', { text: 'x' }],
      ['incident.close', { verified: true, text: 'x' }],
      ['incident.reject', { reason: 'x' }],
      ['incident.rate', { severity: 'red' }],
      ['incident.escalate', { toLevel: 'street', reason: 'x' }],
    ] as const) {
      refused(applyIncidentCommand(incident(status), cmd(type, args), AT), 'illegal-transition');
    }
    const noted = ok(applyIncidentCommand(incident(status), cmd('incident.note', { text: '回访满意' }), AT));
    assert.equal(noted.status, status);
    assert.equal(noted.history.at(-1)?.note, '回访满意');
  }
});

// ---- rate, escalate, note ----

test('rate changes severity in every non-terminal state and not the status', () => {
  for (const status of ['reported', 'accepted', 'dispatched', 'handling', 'resolved'] as const) {
    const after = ok(applyIncidentCommand(incident(status), cmd('incident.rate', { severity: 'red' }), AT));
    assert.equal(after.severity, 'red');
    assert.equal(after.status, status);
    assert.equal(after.history.at(-1)?.note, 'yellow → red');
  }
});

test('escalate raises the level only, and needs a level above the current one', () => {
  const after = ok(applyIncidentCommand(incident('dispatched', { level: 'community' }), cmd('incident.escalate', { toLevel: 'district', reason: '涉及多部门' }), AT));
  assert.equal(after.level, 'district');
  assert.equal(after.status, 'dispatched');
  assert.equal(after.history.at(-1)?.note, 'community → district: 涉及多部门');
  refused(applyIncidentCommand(incident('accepted', { level: 'street' }), cmd('incident.escalate', { toLevel: 'street', reason: 'x' }), AT), 'illegal-transition');
  refused(applyIncidentCommand(incident('accepted', { level: 'street' }), cmd('incident.escalate', { toLevel: 'grid', reason: 'x' }), AT), 'illegal-transition');
});

test('escalate is not offered at city level, the top of the five', () => {
  assert.equal(legalCommands(incident('accepted', { level: 'city' })).includes('incident.escalate'), false);
  refused(applyIncidentCommand(incident('accepted', { level: 'city' as Level }), cmd('incident.escalate', { toLevel: 'city', reason: 'x' }), AT), 'illegal-transition');
});

test('legalCommands lists exactly the table, in a stable order', () => {
  assert.deepEqual(legalCommands(incident('reported')), ['incident.accept', 'incident.rate', 'incident.escalate', 'incident.note', 'incident.reject']);
  assert.deepEqual(legalCommands(incident('accepted')), ['incident.rate', 'incident.dispatch', 'incident.escalate', 'incident.note', 'incident.resolve', 'incident.reject']);
  assert.deepEqual(legalCommands(incident('dispatched')), ['incident.rate', 'incident.dispatch', 'incident.escalate', 'incident.note', 'incident.resolve']);
  assert.deepEqual(legalCommands(incident('handling')), ['incident.rate', 'incident.escalate', 'incident.note', 'incident.resolve']);
  assert.deepEqual(legalCommands(incident('resolved')), ['incident.rate', 'incident.escalate', 'incident.note', 'incident.close']);
});

// ---- illegal ones ----

test('illegal transitions are refused and name the state', () => {
  const cases: Array<[IncidentStatus, Command['type'], Record<string, unknown>]> = [
    ['reported', 'incident.dispatch', { department: '城管' }],
    ['reported', 'incident.resolve', { text: 'x' }],
    ['reported', 'incident.close', { verified: true, text: 'x' }],
    ['accepted', 'incident.accept', {}],
    ['accepted', 'incident.close', { verified: true, text: 'x' }],
    ['dispatched', 'incident.reject', { reason: 'x' }],
    ['dispatched', 'incident.accept', {}],
    ['handling', 'incident.dispatch', { department: '城管' }],
    ['handling', 'incident.close', { verified: true, text: 'x' }],
    ['resolved', 'incident.resolve', { text: 'x' }],
    ['resolved', 'incident.reject', { reason: 'x' }],
  ];
  for (const [status, type, args] of cases) {
    const r = applyIncidentCommand(incident(status), cmd(type, args), AT);
    refused(r, 'illegal-transition');
    if (!r.ok) assert.match(r.message, new RegExp(status));
  }
});

test('a command against another rev is stale, checked before legality', () => {
  refused(applyIncidentCommand(incident('reported'), cmd('incident.accept', {}, 2), AT), 'stale-rev');
  refused(applyIncidentCommand(incident('closed'), cmd('incident.accept', {}, 4), AT), 'stale-rev');
});

test('an alert command or another incident id is invalid for this incident', () => {
  const alertCmd = { commandId: 'c1', type: 'alert.dismiss', issuedAt: AT, operator: OPERATOR, target: { alertId: 'a1', rev: 3 }, args: { reason: 'duplicate' } } as Command;
  refused(applyIncidentCommand(incident('reported'), alertCmd, AT), 'invalid');
  const other = { ...cmd('incident.accept'), target: { incidentId: 'other', rev: 3 } } as Command;
  refused(applyIncidentCommand(incident('reported'), other, AT), 'invalid');
});

test('a full history keeps its first entry and the newest ones', () => {
  const history = Array.from({ length: MAX_HISTORY_ENTRIES }, (_, i) => ({ at: T0, action: i === 0 ? 'report' : 'incident.note', note: String(i) }));
  const next = appendHistory(history, { at: AT, action: 'incident.close' });
  assert.equal(next.length, MAX_HISTORY_ENTRIES);
  assert.equal(next[0]!.action, 'report');
  assert.equal(next[1]!.note, '2');
  assert.equal(next.at(-1)!.action, 'incident.close');
  const after = ok(applyIncidentCommand(incident('resolved', { history }), cmd('incident.close', { verified: true, text: '' }), AT));
  assert.equal(after.history.length, MAX_HISTORY_ENTRIES);
});

test('a walk through the whole closed loop bumps rev once per command', () => {
  let x = incident('reported', { rev: 1 });
  const steps: Array<[Command['type'], Record<string, unknown>, IncidentStatus]> = [
    ['incident.accept', {}, 'accepted'],
    ['incident.rate', { severity: 'red' }, 'accepted'],
    ['incident.dispatch', { department: '城管' }, 'dispatched'],
    ['incident.resolve', { text: '已处置' }, 'resolved'],
    ['incident.close', { verified: false, text: '返工' }, 'handling'],
    ['incident.resolve', { text: '再次处置' }, 'resolved'],
    ['incident.close', { verified: true, text: '结案' }, 'closed'],
  ];
  for (const [type, args, status] of steps) {
    x = ok(applyIncidentCommand(x, cmd(type, args, x.rev), AT));
    assert.equal(x.status, status);
  }
  assert.equal(x.rev, 1 + steps.length);
  assert.deepEqual(
    x.history.map((h) => h.action),
    ['report', ...steps.map((s) => s[0])],
  );
});
