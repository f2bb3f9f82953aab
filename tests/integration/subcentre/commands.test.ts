// Operator commands over a real socket: results, idempotency, and their effect in the stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alert, command, incident } from '../../unit/subcentre/fixtures.ts';
import { harness, sleep, waitFor } from './helpers.ts';

test('a legal command is acknowledged with rev + 1 and its new state reaches every console in the stream', async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start();
  server.publisher.publish('incident.upsert', incident('i-1'));
  const executed: Array<{ commandId: string; type: string; ok: boolean }> = [];
  server.publisher.onDidExecuteCommand((e) => executed.push(e));
  const a = h.connect(server);
  const b = h.connect(server, { consoleId: 'other-console' });
  await waitFor(() => a.snapshots.length === 1 && b.snapshots.length === 1, 'both snapshots');

  assert.deepEqual(await a.command(command('incident.accept', { incidentId: 'i-1', rev: 1 }, {}, 'c-1')), { ok: true, rev: 2 });
  for (const probe of [a, b]) {
    await waitFor(() => probe.seqs().length === 1, 'the new incident.upsert');
    const e = probe.envelopes()[0]!;
    assert.equal(e.seq, 2);
    assert.equal(e.type, 'incident.upsert');
    assert.equal(e.body.rev, 2);
    assert.equal(e.body.status, 'accepted');
  }
  assert.deepEqual(executed, [{ commandId: 'c-1', type: 'incident.accept', ok: true }]);
});

test('an illegal command is answered illegal-transition and appends nothing; a stale rev is answered stale-rev', async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start();
  server.publisher.publish('incident.upsert', incident('i-1'));
  const c = h.connect(server);
  await waitFor(() => c.snapshots.length === 1, 'the snapshot');
  const illegal = await c.command(command('incident.close', { incidentId: 'i-1', rev: 1 }, { verified: true, text: '' }));
  assert.equal(illegal.ok, false);
  assert.equal((illegal.error as { code: string }).code, 'illegal-transition');
  const stale = await c.command(command('incident.accept', { incidentId: 'i-1', rev: 0 }));
  assert.equal((stale.error as { code: string }).code, 'stale-rev');
  const missing = await c.command(command('incident.accept', { incidentId: 'i-404', rev: 1 }));
  assert.equal((missing.error as { code: string }).code, 'not-found');
  const invalid = await c.command({ commandId: 'c-bad', type: 'incident.accept' });
  assert.equal((invalid.error as { code: string }).code, 'invalid');
  await sleep(50);
  assert.equal(server.publisher.headSeq(), 1);
  assert.equal(c.batches.length, 0);
});

test('the same commandId sent twice gets the same result and makes one event', async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start();
  server.publisher.publish('incident.upsert', incident('i-1'));
  const c = h.connect(server);
  await waitFor(() => c.snapshots.length === 1, 'the snapshot');
  const cmd = command('incident.rate', { incidentId: 'i-1', rev: 1 }, { severity: 'red' }, 'c-twice');
  const first = await c.command(cmd);
  const second = await c.command(cmd);
  assert.deepEqual(first, { ok: true, rev: 2 });
  assert.deepEqual(second, first);
  // and again after a reconnection, as a console's outbox would
  c.close();
  const again = h.connect(server, { resume: { epoch: server.publisher.epoch, lastSeq: 2 } });
  await waitFor(() => again.hello !== null, 'hello');
  assert.deepEqual(await again.command(cmd), first);
  assert.equal(server.publisher.headSeq(), 2);
  assert.equal(server.publisher.getIncident('i-1')?.rev, 2);
});

test('alert.confirm opens an incident that reaches the stream, and marks the alert confirmed', async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start();
  server.publisher.publish('alert.upsert', alert('a-1'));
  const c = h.connect(server);
  await waitFor(() => c.snapshots.length === 1, 'the snapshot');
  const result = await c.command(command('alert.confirm', { alertId: 'a-1', rev: 1 }, {}));
  assert.equal(result.ok, true);
  assert.equal(result.rev, 2);
  assert.match(String(result.incidentId), /^370102012-\d{8}-0001$/);
  await waitFor(() => c.seqs().length === 2, 'two events');
  const [inc, al] = c.envelopes();
  assert.equal(inc!.type, 'incident.upsert');
  assert.equal(inc!.body.incidentId, result.incidentId);
  assert.equal(inc!.body.status, 'reported');
  assert.equal(inc!.body.source, 'video');
  assert.equal(inc!.body.alertId, 'a-1');
  assert.equal(al!.type, 'alert.upsert');
  assert.equal(al!.body.state, 'confirmed');
  assert.equal(al!.body.incidentId, result.incidentId);
});

test('a command without an acknowledgement callback is still executed, and junk never stops the server', async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start();
  server.publisher.publish('incident.upsert', incident('i-1'));
  const c = h.connect(server);
  await waitFor(() => c.snapshots.length === 1, 'the snapshot');
  c.socket.emit('command', 'not a command');
  c.socket.emit('command');
  c.socket.emit('command', { commandId: {}, type: 7 }, 'extra', 42);
  c.socket.emit('command', command('incident.accept', { incidentId: 'i-1', rev: 1 }));
  await waitFor(() => c.seqs().length === 1, 'the accepted incident');
  assert.equal(c.envelopes()[0]!.body.status, 'accepted');
  assert.equal(c.connected, true);
  assert.deepEqual(await c.command(command('incident.note', { incidentId: 'i-1', rev: 2 }, { text: '仍在' })), { ok: true, rev: 3 });
});
