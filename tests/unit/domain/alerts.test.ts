import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyAlertCommand, categoryForAlertKind, incidentFromAlert, legalAlertCommands } from '../../../src-shared/domain/alerts.ts';
import { Incident as IncidentSchema, VideoAlert as AlertSchema, type Command, type VideoAlert } from '../../../src-shared/sfp/schemas.ts';

const T0 = '2026-11-23T08:00:00.000+08:00';
const AT = '2026-11-23T08:02:00.000+08:00';
const OPERATOR = { id: 'op-3', name: '李娜', role: 'street-operator' };

function alert(extra: Partial<VideoAlert> = {}): VideoAlert {
  return {
    alertId: 'a-1',
    rev: 2,
    cameraId: '37010200001310000001',
    kind: 'street-vending',
    confidence: 0.91,
    severity: 'yellow',
    location: { lon: 117.1, lat: 36.66, gridId: 'g-7' },
    raisedAt: T0,
    updatedAt: T0,
    state: 'open',
    ...extra,
  };
}

const confirm = (args: Record<string, unknown> = {}, rev = 2): Command =>
  ({ commandId: 'c1', type: 'alert.confirm', issuedAt: AT, operator: OPERATOR, target: { alertId: 'a-1', rev }, args }) as Command;
const dismiss = (reason: string, rev = 2): Command =>
  ({ commandId: 'c2', type: 'alert.dismiss', issuedAt: AT, operator: OPERATOR, target: { alertId: 'a-1', rev }, args: { reason } }) as Command;

test('confirming an open alert opens a reported video incident at its place and marks the alert confirmed', () => {
  const r = applyAlertCommand(alert(), confirm(), AT, '370102012-20261123-0001');
  assert.equal(r.ok, true);
  if (!r.ok) return;
  assert.equal(r.alert.state, 'confirmed');
  assert.equal(r.alert.incidentId, '370102012-20261123-0001');
  assert.equal(r.alert.rev, 3);
  assert.equal(r.alert.updatedAt, AT);
  const inc = r.incident!;
  assert.equal(IncidentSchema.safeParse(inc).success, true);
  assert.equal(inc.incidentId, '370102012-20261123-0001');
  assert.equal(inc.status, 'reported');
  assert.equal(inc.source, 'video');
  assert.equal(inc.alertId, 'a-1');
  assert.equal(inc.severity, 'yellow', 'the alert severity when none is given');
  assert.deepEqual(inc.category, { major: '街面秩序', minor: '占道经营', name: '占道经营' });
  assert.deepEqual(inc.location, { lon: 117.1, lat: 36.66, gridId: 'g-7' });
  assert.equal(inc.rev, 1);
  assert.deepEqual(inc.history[0]?.by, { id: 'op-3', name: '李娜' });
});

test('the operator may set category and severity when confirming', () => {
  const category = { major: '市容环境', minor: '乱堆物料', name: '乱堆物料' };
  const r = applyAlertCommand(alert(), confirm({ category, severity: 'red' }), AT, 'i-1');
  assert.equal(r.ok && r.incident?.severity, 'red');
  assert.deepEqual(r.ok && r.incident?.category, category);
});

test('dismissing keeps the reason in dismissReason and opens nothing', () => {
  const r = applyAlertCommand(alert(), dismiss('false-positive'), AT);
  assert.equal(r.ok, true);
  if (!r.ok) return;
  assert.equal(r.alert.state, 'dismissed');
  assert.equal(r.alert.dismissReason, 'false-positive');
  assert.equal(r.incident, undefined);
  assert.equal(AlertSchema.safeParse(r.alert).success, true);
});

test('only an open alert can be confirmed or dismissed', () => {
  for (const state of ['confirmed', 'dismissed'] as const) {
    assert.deepEqual(legalAlertCommands({ state }), []);
    const r = applyAlertCommand(alert({ state }), confirm(), AT, 'i-1');
    assert.equal(!r.ok && r.code, 'illegal-transition');
    const d = applyAlertCommand(alert({ state }), dismiss('duplicate'), AT);
    assert.equal(!d.ok && d.code, 'illegal-transition');
  }
  assert.deepEqual(legalAlertCommands({ state: 'open' }), ['alert.confirm', 'alert.dismiss']);
});

test('a command against another alert rev is stale', () => {
  const r = applyAlertCommand(alert(), confirm({}, 1), AT, 'i-1');
  assert.equal(!r.ok && r.code, 'stale-rev');
});

test('unknown alert kinds map to a generic safety-hazard category', () => {
  assert.deepEqual(categoryForAlertKind('ufo'), { major: '安全隐患', minor: '视频告警', name: '视频告警' });
  assert.equal(categoryForAlertKind('fire-smoke').major, '突发事件');
  const inc = incidentFromAlert(alert({ kind: 'ufo', location: { lon: 1, lat: 2 } }), { incidentId: 'i', at: AT });
  assert.equal(inc.location.gridId, undefined);
  assert.equal(IncidentSchema.safeParse(inc).success, true);
});
