import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SubcentreLog } from '../../../src-main/subcentre/log.ts';
import { executeCommand } from '../../../src-main/subcentre/commands.ts';
import { LONGDONG, alert, command, fixedClock, incident, tempDir } from './fixtures.ts';

function withLog(fn: (log: SubcentreLog, now: () => Date) => void) {
  return () => {
    const tmp = tempDir();
    const clock = fixedClock('2026-11-23T01:00:00.000Z');
    const log = new SubcentreLog({ dbFile: tmp.file('sub.sqlite'), subcentre: LONGDONG, retainEvents: 1000, now: clock.now });
    try {
      fn(log, clock.now);
    } finally {
      log.close();
      tmp.remove();
    }
  };
}

test('a legal command appends the new state as incident.upsert with rev + 1', withLog((log, now) => {
  log.publish('incident.upsert', incident('i-1'));
  const out = executeCommand(log, command('incident.accept', { incidentId: 'i-1', rev: 1 }), now);
  assert.deepEqual(out.result, { ok: true, rev: 2 });
  assert.equal(out.executed, true);
  assert.equal(log.headSeq(), 2);
  const row = log.readEvents(2, 1)[0]!;
  assert.equal(row.type, 'incident.upsert');
  const body = JSON.parse(row.body);
  assert.equal(body.status, 'accepted');
  assert.equal(body.rev, 2);
  assert.equal(body.updatedAt, '2026-11-23T09:00:00.000+08:00');
  assert.deepEqual(body.history.at(-1).by, { id: 'op-017', name: '张伟' });
}));

test('an illegal command is refused with illegal-transition and appends nothing', withLog((log, now) => {
  log.publish('incident.upsert', incident('i-1'));
  const out = executeCommand(log, command('incident.close', { incidentId: 'i-1', rev: 1 }, { verified: true, text: '' }), now);
  assert.equal(out.result.ok, false);
  assert.equal(!out.result.ok && out.result.error.code, 'illegal-transition');
  assert.equal(log.headSeq(), 1);
  assert.equal(log.getIncident('i-1')?.rev, 1);
}));

test('a command against an old rev is stale; an unknown incident or alert is not found', withLog((log, now) => {
  log.publish('incident.upsert', incident('i-1', { rev: 5 }));
  const stale = executeCommand(log, command('incident.accept', { incidentId: 'i-1', rev: 4 }), now);
  assert.equal(!stale.result.ok && stale.result.error.code, 'stale-rev');
  const missing = executeCommand(log, command('incident.accept', { incidentId: 'nope', rev: 1 }), now);
  assert.equal(!missing.result.ok && missing.result.error.code, 'not-found');
  const missingAlert = executeCommand(log, command('alert.dismiss', { alertId: 'nope', rev: 1 }, { reason: 'duplicate' }), now);
  assert.equal(!missingAlert.result.ok && missingAlert.result.error.code, 'not-found');
  assert.equal(log.headSeq(), 1);
}));

test('the same commandId twice returns the original result and executes once', withLog((log, now) => {
  log.publish('incident.upsert', incident('i-1'));
  const c = command('incident.accept', { incidentId: 'i-1', rev: 1 }, {}, 'c-fixed');
  const first = executeCommand(log, c, now);
  const second = executeCommand(log, c, now);
  assert.deepEqual(second.result, first.result);
  assert.equal(second.executed, false);
  assert.equal(log.headSeq(), 2);
  assert.equal(log.getIncident('i-1')?.rev, 2);
  // also a refused one: the retry gets the same refusal even though the rev would now match
  const early = command('incident.dispatch', { incidentId: 'i-1', rev: 1 }, { department: '城管' }, 'c-early');
  const refused = executeCommand(log, early, now);
  assert.equal(!refused.result.ok && refused.result.error.code, 'stale-rev');
  assert.deepEqual(executeCommand(log, early, now).result, refused.result);
}));

test('bad payloads are answered invalid and never throw', withLog((log, now) => {
  for (const raw of [undefined, null, 42, 'x', [], {}, { commandId: 'c', type: 'incident.launch', issuedAt: '2026-11-23T08:00:00+08:00', operator: { id: 'a', name: 'b', role: 'c' }, target: {}, args: {} }]) {
    const out = executeCommand(log, raw, now);
    assert.equal(!out.result.ok && out.result.error.code, 'invalid', JSON.stringify(raw));
    assert.equal(out.executed, false);
  }
  const noArgs = command('incident.dispatch', { incidentId: 'i-1', rev: 1 }, {});
  const r = executeCommand(log, noArgs, now).result;
  assert.equal(!r.ok && r.error.code, 'invalid');
  assert.match(r.ok ? '' : r.error.message, /^args: department/);
}));

test('alert.confirm opens an incident and confirms the alert, in that order, in one go', withLog((log, now) => {
  log.publish('alert.upsert', alert('a-1'));
  const out = executeCommand(log, command('alert.confirm', { alertId: 'a-1', rev: 1 }, { severity: 'yellow' }), now);
  assert.equal(out.result.ok, true);
  assert.equal(out.result.ok && out.result.rev, 2);
  assert.equal((out.result as Record<string, unknown>).incidentId, '370102012-20261123-0001');
  assert.deepEqual(log.readEvents(2, 10).map((r) => r.type), ['incident.upsert', 'alert.upsert']);
  const inc = log.getIncident('370102012-20261123-0001')!;
  assert.equal(inc.status, 'reported');
  assert.equal(inc.source, 'video');
  assert.equal(inc.alertId, 'a-1');
  assert.equal(inc.severity, 'yellow');
  assert.equal(inc.category.major, '突发事件');
  assert.equal(inc.location.gridId, 'g-2');
  const a = log.getAlert('a-1')!;
  assert.equal(a.state, 'confirmed');
  assert.equal(a.incidentId, inc.incidentId);
  const again = executeCommand(log, command('alert.confirm', { alertId: 'a-1', rev: 2 }), now);
  assert.equal(!again.result.ok && again.result.error.code, 'illegal-transition');
}));

test('alert.dismiss sets dismissed with the reason', withLog((log, now) => {
  log.publish('alert.upsert', alert('a-1'));
  const out = executeCommand(log, command('alert.dismiss', { alertId: 'a-1', rev: 1 }, { reason: 'false-positive' }), now);
  assert.deepEqual(out.result, { ok: true, rev: 2 });
  assert.equal(log.getAlert('a-1')?.state, 'dismissed');
  assert.equal(log.getAlert('a-1')?.dismissReason, 'false-positive');
  assert.equal(log.listEntities('incident').length, 0);
}));
