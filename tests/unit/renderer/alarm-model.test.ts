// Issue 4: which alarms the wall shouts about (pure).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAlarming } from '../../../src-shared/domain/alarm.ts';
import { AlarmSettings } from '../../../src-shared/settings.ts';
import type { AlarmRow } from '../../../src-shared/wall-api.ts';
import { activeAlarms, alarmBaseline, dedupeAlarms, missedAlarms, parseLocalAcks, serialiseLocalAcks, soundDue } from '../../../src-renderer/wall/alarm-model.ts';

function row(id: string, raisedAt: number, recordedAt: number, over: Partial<AlarmRow> = {}): AlarmRow {
  return { kind: 'incident', id, subcentreId: '370102012', severity: 'red', title: id, category: '安全隐患', lon: 117, lat: 36.6, raisedAt, recordedAt, acknowledgedAt: null, acknowledgedBy: null, ...over };
}

test('the rules: severity per kind, alert kinds, streets, and only open items', () => {
  const rules = AlarmSettings.parse({});
  const base = { kind: 'incident' as const, id: 'i', subcentreId: '370102012', severity: 'red' as const, status: 'reported' };
  assert.equal(isAlarming(base, rules), true);
  assert.equal(isAlarming({ ...base, severity: 'yellow' }, rules), false);
  assert.equal(isAlarming({ ...base, status: 'closed' }, rules), false);
  assert.equal(isAlarming({ ...base, kind: 'alert', status: 'open', alertKind: 'crowd' }, rules), true);
  assert.equal(isAlarming({ ...base, kind: 'alert', status: 'dismissed', alertKind: 'crowd' }, rules), false);
  const narrow = AlarmSettings.parse({ alertKinds: ['fire-smoke'], streets: ['370102001'], incidentSeverities: ['red', 'yellow'] });
  assert.equal(isAlarming({ ...base, kind: 'alert', status: 'open', alertKind: 'crowd', subcentreId: '370102001' }, narrow), false);
  assert.equal(isAlarming({ ...base, kind: 'alert', status: 'open', alertKind: 'fire-smoke', subcentreId: '370102001' }, narrow), true);
  assert.equal(isAlarming({ ...base, severity: 'yellow', subcentreId: '370102001' }, narrow), true);
  assert.equal(isAlarming({ ...base, subcentreId: '370102012' }, narrow), false, 'another street');
});

test('only alarms recorded after the first look are active; the older ones are missed', () => {
  const first = [row('old', 100, 1000)];
  const baseline = alarmBaseline(first);
  const later = [row('new', 200, 2000), ...first];
  assert.deepEqual(activeAlarms(later, baseline, new Set()).map((r) => r.id), ['new']);
  assert.deepEqual(missedAlarms(later, new Set()).map((r) => r.id), ['new', 'old']);
  assert.deepEqual(activeAlarms(later, null, new Set()), [], 'nothing is active before the first look');
  // A row that slides into the list later (another was acknowledged) but was recorded before is not new.
  assert.deepEqual(activeAlarms([row('slid', 50, 900), ...later], baseline, new Set()).map((r) => r.id), ['new']);
  // Acknowledged at the host or on this wall: neither active nor missed.
  assert.deepEqual(activeAlarms(later, baseline, new Set(['incident:new'])), []);
  assert.deepEqual(missedAlarms([row('new', 200, 2000, { acknowledgedAt: 5 })], new Set()), []);
});

test('dedupe keeps one row per alarm, newest first, alerts and incidents apart', () => {
  const rows = dedupeAlarms([row('a', 1, 1), row('b', 3, 3), row('a', 1, 1, { title: 'later copy' }), row('a', 2, 2, { kind: 'alert' })]);
  assert.deepEqual(rows.map((r) => `${r.kind}:${r.id}`), ['incident:b', 'alert:a', 'incident:a']);
  assert.equal(rows[2]!.title, 'later copy');
});

test('the sound is due at once for a new alarm, then every repeatSeconds, and never with none active', () => {
  const a = [row('x', 1, 1)];
  assert.equal(soundDue([], null, null, 0, 6), false);
  assert.equal(soundDue(a, null, null, 0, 6), true);
  assert.equal(soundDue(a, 0, 'incident:x', 5999, 6), false);
  assert.equal(soundDue(a, 0, 'incident:x', 6000, 6), true);
  assert.equal(soundDue([row('y', 2, 2), ...a], 0, 'incident:x', 1000, 6), true, 'a newer alarm sounds at once');
});

test('local acknowledgements round-trip through storage and survive garbage', () => {
  assert.deepEqual([...parseLocalAcks(serialiseLocalAcks(new Set(['incident:a', 'alert:b'])))], ['incident:a', 'alert:b']);
  assert.equal(parseLocalAcks('not json').size, 0);
  assert.equal(parseLocalAcks('{"a":1}').size, 0);
  assert.equal(parseLocalAcks(null).size, 0);
});
