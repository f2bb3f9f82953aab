// Issue 4: alarms recorded by the host as items are applied (real store file), listed, acknowledged
// with an audit entry, and kept across a reopen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAlarmRecorder } from '../../../src-main/alarm/alarm-recorder.ts';
import { createCallerSession, runAsCaller } from '../../../src-main/api/caller.ts';
import { createAlarmMethods } from '../../../src-main/api/alarm-methods.ts';
import { applyEventBatch } from '../../../src-main/store/apply.ts';
import { writeSection } from '../../../src-main/store/settings.ts';
import type { AlarmRow } from '../../../src-shared/wall-api.ts';
import { alert, batch, incident, OTHER_STREET, STREET, tempStore } from '../../unit/store/fixtures.ts';

const SINCE = Date.parse('2026-11-23T09:00:00.000+08:00');
const NOW = Date.parse('2026-11-23T10:00:00.000+08:00');

function setup() {
  const tmp = tempStore();
  const heard: AlarmRow[] = [];
  let recorder = startAlarmRecorder({ store: tmp.store, now: () => NOW, onAlarm: (a) => heard.push(a) });
  const seqs = new Map<string, number>();
  const apply = (street: string, items: Array<[string, unknown]>) => {
    const seq = seqs.get(street) ?? 0;
    applyEventBatch(tmp.store, street, 'e1', batch(seq + 1, items), { now: NOW });
    seqs.set(street, seq + items.length);
  };
  const methods = () => createAlarmMethods({ store: tmp.store, now: () => NOW + 1000, live: () => {}, defaultOperator: () => ({ id: 'console', name: '值班员', role: 'duty-officer' }) });
  return {
    tmp,
    heard,
    apply,
    methods,
    restartRecorder(now: number) {
      recorder.dispose();
      recorder = startAlarmRecorder({ store: tmp.store, now: () => now, onAlarm: (a) => heard.push(a) });
      return recorder;
    },
    cleanup() {
      recorder.dispose();
      tmp.cleanup();
    },
  };
}

/** A fresh recorder marks "since" at its first start; set it back so the fixtures' 08:00-10:00 items count. */
function backdate(t: ReturnType<typeof setup>, since: number) {
  t.tmp.store.db.prepare(`UPDATE meta SET value = ? WHERE key = 'alarms_since'`).run(since);
  return t.restartRecorder(NOW);
}

const at = (hhmm: string) => `2026-11-23T${hhmm}:00.000+08:00`;

test('a new red incident and a new red alert are recorded once; yellow, old and closed ones are not', async () => {
  const t = setup();
  try {
    assert.equal(backdate(t, SINCE).since, SINCE, 'since is kept once set');
    t.apply(STREET, [
      ['incident.upsert', incident('i-red', { severity: 'red', reportedAt: at('09:30') })],
      ['incident.upsert', incident('i-yellow', { severity: 'yellow', reportedAt: at('09:31') })],
      ['incident.upsert', incident('i-old', { severity: 'red', reportedAt: at('08:59') })],
      ['incident.upsert', incident('i-closed', { severity: 'red', status: 'closed', reportedAt: at('09:40') })],
      ['alert.upsert', alert('a-red', { raisedAt: at('09:45') })],
    ]);
    assert.deepEqual(t.heard.map((a) => `${a.kind}:${a.id}`).sort(), ['alert:a-red', 'incident:i-red']);
    // An update of the same incident does not raise a second alarm.
    t.apply(STREET, [['incident.upsert', incident('i-red', { rev: 2, severity: 'red', status: 'accepted', reportedAt: at('09:30') })]]);
    assert.equal(t.heard.length, 2);
    // A yellow incident raised to red later does alarm (it is new as a red item).
    t.apply(STREET, [['incident.upsert', incident('i-yellow', { rev: 2, severity: 'red', reportedAt: at('09:31') })]]);
    assert.deepEqual(t.heard.map((a) => a.id).sort(), ['a-red', 'i-red', 'i-yellow']);
    const list = await t.methods().listAlarms({});
    assert.equal(list.unacknowledged, 3);
    assert.deepEqual(list.alarms.map((a) => a.id), ['a-red', 'i-yellow', 'i-red'], 'newest first');
    assert.equal(list.since, SINCE);
  } finally {
    t.cleanup();
  }
});

test('the alarm rules follow the settings: severities, alert kinds and streets', async () => {
  const t = setup();
  try {
    backdate(t, SINCE);
    writeSection(t.tmp.store, 'alarm', { incidentSeverities: ['red', 'yellow'], alertKinds: ['crowd'], streets: [STREET] }, { actor: null, at: NOW });
    t.apply(STREET, [
      ['incident.upsert', incident('y1', { severity: 'yellow', reportedAt: at('09:10') })],
      ['alert.upsert', alert('smoke', { kind: 'fire-smoke', raisedAt: at('09:11') })],
      ['alert.upsert', alert('crowd', { kind: 'crowd', raisedAt: at('09:12') })],
    ]);
    t.apply(OTHER_STREET, [['incident.upsert', incident('other', { severity: 'red', reportedAt: at('09:13') })]]);
    assert.deepEqual(t.heard.map((a) => a.id).sort(), ['crowd', 'y1']);
  } finally {
    t.cleanup();
  }
});

test('acknowledging needs a signed-in acting role, is audited, idempotent, and survives a reopen', async () => {
  const t = setup();
  try {
    backdate(t, SINCE);
    t.apply(STREET, [['incident.upsert', incident('i1', { severity: 'red', reportedAt: at('09:30') })]]);
    t.apply(OTHER_STREET, [['incident.upsert', incident('i2', { severity: 'red', reportedAt: at('09:35') })]]);
    const m = t.methods();
    const anonymous = createCallerSession('web');
    await assert.rejects(runAsCaller(anonymous, () => m.acknowledgeAlarm({ kind: 'incident', id: 'i1' })), { name: 'Unauthorized' });
    const leader = createCallerSession('web');
    leader.account = { accountId: 'l', name: 'leader', displayName: '领导', role: 'leader', street: null };
    await assert.rejects(runAsCaller(leader, () => m.acknowledgeAlarm({ kind: 'incident', id: 'i1' })), { name: 'Forbidden' });
    await assert.rejects(m.acknowledgeAlarm({ kind: 'incident', id: 'nope' }), { name: 'NotFound' });
    await assert.rejects(m.acknowledgeAlarm({ kind: 'fire', id: 'i1' }), { name: 'BadRequest' });
    // A street operator sees and acknowledges only their street's alarms.
    const street = createCallerSession('web');
    street.account = { accountId: 's', name: 'longdong', displayName: '龙洞', role: 'street-operator', street: STREET };
    assert.deepEqual((await runAsCaller(street, () => m.listAlarms({}))).alarms.map((a) => a.id), ['i1']);
    await assert.rejects(runAsCaller(street, () => m.acknowledgeAlarm({ kind: 'incident', id: 'i2' })), { name: 'NotFound' });
    const duty = createCallerSession('web');
    duty.account = { accountId: 'd', name: 'duty', displayName: '值班员甲', role: 'duty-officer', street: null };
    const acked = await runAsCaller(duty, () => m.acknowledgeAlarm({ kind: 'incident', id: 'i1' }));
    assert.equal(acked.acknowledgedBy, '值班员甲');
    assert.equal(acked.acknowledgedAt, NOW + 1000);
    const again = await runAsCaller(duty, () => m.acknowledgeAlarm({ kind: 'incident', id: 'i1' }));
    assert.equal(again.acknowledgedAt, NOW + 1000);
    const audit = t.tmp.store.db.prepare(`SELECT action, subject, actor FROM audit WHERE action = 'alarm.acknowledge'`).all() as Array<{ subject: string; actor: string }>;
    assert.equal(audit.length, 1, 'one audit entry for one acknowledgement');
    assert.equal(audit[0]!.subject, 'incident:i1');
    assert.equal(JSON.parse(audit[0]!.actor).name, '值班员甲');
    t.tmp.reopen();
    const m2 = createAlarmMethods({ store: t.tmp.store, now: () => NOW, live: () => {}, defaultOperator: () => ({ id: 'c', name: 'c', role: 'duty-officer' }) });
    const unacked = await m2.listAlarms({});
    assert.deepEqual(unacked.alarms.map((a) => a.id), ['i2']);
    assert.equal(unacked.unacknowledged, 1);
    const all = await m2.listAlarms({ state: 'all' });
    assert.deepEqual(all.alarms.map((a) => [a.id, a.acknowledgedBy]), [['i2', null], ['i1', '值班员甲']]);
  } finally {
    t.cleanup();
  }
});

test('a fresh cache takes its history without alarms; items raised while the console was down alarm later', () => {
  const t = setup();
  try {
    // First start at NOW: everything the sub-centre reported before is history.
    t.apply(STREET, [['incident.upsert', incident('h1', { severity: 'red', reportedAt: at('09:59') })]]);
    assert.equal(t.heard.length, 0);
    // The console is down from 10:00 to 12:00; an item raised at 11:00 arrives when it is back.
    t.restartRecorder(Date.parse(at('12:00')));
    t.apply(STREET, [['incident.upsert', incident('d1', { severity: 'red', reportedAt: at('11:00') })]]);
    assert.deepEqual(t.heard.map((a) => a.id), ['d1']);
  } finally {
    t.cleanup();
  }
});
