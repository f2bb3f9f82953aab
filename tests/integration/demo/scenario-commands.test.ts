// The scenario engine and a console's commands over a real socket: the engine reads the current
// state before each step, leaves terminal incidents alone and carries on from what a console did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { startSubcentreServer } from '../../../src-main/subcentre/server.ts';
import { startScenario } from '../../../src-main/demo/scenario.ts';
import { loadDemoDistrict } from '../../../src-main/demo/district.ts';
import type { CommandResult } from '../../../src-shared/sfp/schemas.ts';

const STREET = '370102009'; // 甸柳街道
const MIN = 60_000;

test('a console rejects, dispatches and confirms; the demo sub-centre carries on from there', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-demo-cmd-'));
  let t = Date.parse('2026-11-23T09:00:00+08:00');
  const clock = { speed: 1, now: () => new Date(t) };
  const server = await startSubcentreServer({ subcentre: { id: STREET, name: '甸柳街道', districtId: '370102' }, dbFile: path.join(dir, 's.db'), port: 0, tokens: ['tk'], now: clock.now });
  const scenario = startScenario(server.publisher, { streetId: STREET, clock, district: loadDemoDistrict(), tickMs: 0, backfillHours: 0, rates: { incidentsPerDay: 4000, alertsPerDay: 4000 } });
  const p = server.publisher;
  let socket: Socket | null = null;
  const advance = (ms: number, step = MIN): void => {
    for (const end = t + ms; t < end; ) {
      t = Math.min(end, t + step);
      scenario.tick();
    }
  };
  try {
    socket = io(`${server.url}/sfp1`, { transports: ['websocket'], reconnection: false, auth: { protocol: 'sfp/1', token: 'tk', consoleId: 'console-under-test' } });
    socket.on('snapshot', (m: { seq: number; part?: number; parts?: number }, ack: (a: unknown) => void) => ack({ ackSeq: !m.parts || m.part === m.parts ? m.seq : null }));
    socket.on('events', (m: { events: Array<{ seq: number }> }, ack: (a: unknown) => void) => ack({ ackSeq: m.events[m.events.length - 1]!.seq }));
    await new Promise<void>((resolve, reject) => {
      socket!.once('hello', () => resolve());
      socket!.once('connect_error', reject);
    });
    const operator = { id: 'op-test', name: '测试值班员', role: 'duty-officer' };
    const command = async (type: string, target: Record<string, unknown>, args: Record<string, unknown>): Promise<CommandResult> =>
      (await socket!.timeout(5000).emitWithAck('command', { commandId: randomUUID(), type, issuedAt: clock.now().toISOString(), operator, target, args })) as CommandResult;

    let reported = p.listOpenIncidents().filter((i) => i.status === 'reported');
    while (reported.length < 2) {
      advance(MIN);
      reported = p.listOpenIncidents().filter((i) => i.status === 'reported');
    }
    const [toReject, toDispatch] = reported;

    const rejected = await command('incident.reject', { incidentId: toReject!.incidentId, rev: toReject!.rev }, { reason: '测试驳回' });
    assert.equal(rejected.ok, true);
    const accepted = await command('incident.accept', { incidentId: toDispatch!.incidentId, rev: toDispatch!.rev }, {});
    assert.equal(accepted.ok, true);
    const dispatched = await command('incident.dispatch', { incidentId: toDispatch!.incidentId, rev: accepted.ok ? accepted.rev : 0 }, { department: '环保' });
    assert.equal(dispatched.ok, true);

    let open = p.listEntities('alert').filter((a) => a.state === 'open');
    while (open.length < 2) {
      advance(MIN);
      open = p.listEntities('alert').filter((a) => a.state === 'open');
    }
    const [toConfirm, toDismiss] = open;
    const confirmed = await command('alert.confirm', { alertId: toConfirm!.alertId, rev: toConfirm!.rev }, {});
    assert.equal(confirmed.ok, true);
    const dismissed = await command('alert.dismiss', { alertId: toDismiss!.alertId, rev: toDismiss!.rev }, { reason: 'duplicate' });
    assert.equal(dismissed.ok, true);
    const confirmedIncidentId = p.getAlert(toConfirm!.alertId)!.incidentId!;
    assert.ok(confirmedIncidentId);
    const rejectedRev = p.getIncident(toReject!.incidentId)!.rev;
    const dismissedRev = p.getAlert(toDismiss!.alertId)!.rev;

    advance(4 * 24 * 60 * MIN, 10 * MIN);

    const r = p.getIncident(toReject!.incidentId)!;
    assert.equal(r.status, 'rejected');
    assert.equal(r.rev, rejectedRev, 'a rejected incident is left alone');
    const d = p.getIncident(toDispatch!.incidentId)!;
    assert.equal(d.status, 'closed', 'the dispatched incident went on to handling, resolved and closed');
    assert.equal(d.department, '环保', "the console's department is kept");
    assert.deepEqual(
      d.history.map((h) => h.action).slice(0, 4),
      ['report', 'incident.accept', 'incident.dispatch', 'handle'],
    );
    assert.equal(d.history[1]!.by!.name, '测试值班员');
    const c = p.getIncident(confirmedIncidentId)!;
    assert.equal(c.alertId, toConfirm!.alertId);
    assert.ok(c.status !== 'reported' && c.rev > 1, "the incident a console's confirmation opened is taken over");
    assert.equal(p.getAlert(toDismiss!.alertId)!.rev, dismissedRev, 'a dismissed alert is left alone');
    assert.equal(scenario.stats().errors, 0);
  } finally {
    socket?.close();
    scenario.stop();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
