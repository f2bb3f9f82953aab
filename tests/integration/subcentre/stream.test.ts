// The SFP/1 handshake and event stream over real sockets on loopback and a real SQLite file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Hello, Status } from '../../../src-shared/sfp/schemas.ts';
import { checkEnvelope } from '../../../src-shared/sfp/validate.ts';
import { camera, grid, incident, indicators, org } from '../../unit/subcentre/fixtures.ts';
import { harness, sleep, waitFor } from './helpers.ts';

test('hello comes first and says protocol, sub-centre, epoch, head and retention', async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start();
  server.publisher.publish('camera.upsert', camera('cam-1'));
  const c = h.connect(server);
  await waitFor(() => c.snapshots.length === 1, 'the snapshot');
  assert.equal(c.order[0], 'hello');
  assert.equal(Hello.safeParse(c.hello).success, true);
  assert.deepEqual(c.hello!.subcentre, { id: '370102012', name: '龙洞街道', districtId: '370102' });
  assert.equal(c.hello!.protocol, 'sfp/1');
  assert.equal(c.hello!.epoch, server.publisher.epoch);
  assert.equal(c.hello!.headSeq, 1);
  assert.equal(c.hello!.retainedFromSeq, 1);
  assert.match(String(c.hello!.serverTime), /\+08:00$/);
  assert.equal(server.connectedClients(), 1);
});

test('a wrong or missing token is refused as unauthorized, a wrong protocol as unsupported-protocol', async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start();
  const cases: Array<[Parameters<typeof h.connect>[1], string]> = [
    [{ token: 'wrong' }, 'unauthorized'],
    [{ token: '' }, 'unauthorized'],
    [{ token: 'wrong', protocol: 'sfp/2' }, 'unauthorized'],
    [{ protocol: 'sfp/2' }, 'unsupported-protocol'],
  ];
  for (const [options, message] of cases) {
    const c = h.connect(server, options);
    await waitFor(() => c.connectError !== null, `connect_error for ${JSON.stringify(options)}`);
    assert.equal(c.connectError, message);
    assert.equal(c.hello, null);
  }
  assert.equal(server.connectedClients(), 0);
});

test('a first connection gets a snapshot of the current state, then the events after it', async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start();
  const p = server.publisher;
  p.publish('org.upsert', org('o-1'));
  p.publish('grid.upsert', grid('g-1'));
  p.publish('incident.upsert', incident('i-1'));
  p.updateIncident('i-1', (i) => ({ ...i, status: 'accepted' }));
  p.publish('indicators.report', indicators('o-1', '2026-11'));
  const c = h.connect(server);
  await waitFor(() => c.snapshots.length === 1, 'the snapshot');
  const snap = c.snapshots[0]!;
  assert.equal(snap.epoch, p.epoch);
  assert.equal(snap.seq, 5);
  assert.equal(snap.part, undefined);
  assert.deepEqual(snap.entities.incidents!.map((i) => [i.incidentId, i.rev, i.status]), [['i-1', 2, 'accepted']]);
  assert.equal(snap.entities.orgs!.length, 1);
  assert.equal(snap.entities.grids!.length, 1);
  assert.equal(snap.entities.indicators!.length, 1);
  assert.equal(c.batches.length, 0, 'nothing older than the snapshot is streamed');

  p.publish('camera.upsert', camera('cam-1'));
  await waitFor(() => c.batches.length === 1, 'the new event');
  assert.deepEqual(c.seqs(), [6]);
  assert.equal(c.batches[0]!.epoch, p.epoch);
  assert.equal(checkEnvelope(c.batches[0]!.events[0]).ok, true);
});

test('a large snapshot comes in parts; each is acknowledged, and the last with the snapshot seq', async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start({ snapshotPartSize: 2 });
  server.publisher.publishMany(Array.from({ length: 5 }, (_, i) => ({ type: 'camera.upsert' as const, body: camera(`cam-${i}`) })));
  const c = h.connect(server);
  await waitFor(() => c.snapshots.length === 3, 'three parts');
  assert.deepEqual(c.snapshots.map((s) => [s.part, s.parts, s.seq]), [[1, 3, 5], [2, 3, 5], [3, 3, 5]]);
  const ids = c.snapshots.flatMap((s) => (s.entities.cameras ?? []).map((x) => x.cameraId));
  assert.deepEqual(ids.sort(), ['cam-0', 'cam-1', 'cam-2', 'cam-3', 'cam-4']);
  server.publisher.publish('camera.upsert', camera('cam-9'));
  await waitFor(() => c.seqs().includes(6), 'the event after the snapshot');
});

test('resuming from lastSeq sends only the later events, without a snapshot', async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start();
  const p = server.publisher;
  for (let i = 1; i <= 5; i++) p.publish('camera.upsert', camera(`cam-${i}`));
  const c = h.connect(server, { resume: { epoch: p.epoch, lastSeq: 3 } });
  await waitFor(() => c.seqs().length === 2, 'events 4 and 5');
  assert.deepEqual(c.seqs(), [4, 5]);
  assert.equal(c.snapshots.length, 0);
  const upToDate = h.connect(server, { resume: { epoch: p.epoch, lastSeq: 5 } });
  await waitFor(() => upToDate.hello !== null, 'hello');
  p.publish('camera.upsert', camera('cam-6'));
  await waitFor(() => upToDate.seqs().length === 1, 'the new event');
  assert.deepEqual(upToDate.seqs(), [6]);
  assert.equal(upToDate.snapshots.length, 0);
});

test('resuming behind retention, with another epoch, or ahead of the head gets a snapshot', async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start({ retainEvents: 3 });
  const p = server.publisher;
  for (let i = 1; i <= 6; i++) p.publish('camera.upsert', camera(`cam-${i}`));
  assert.equal(p.retainedFromSeq(), 4);
  const cases = [
    { epoch: p.epoch, lastSeq: 1 },
    { epoch: p.epoch, lastSeq: 2 },
    { epoch: 'e-20200101-00000000', lastSeq: 5 },
    { epoch: p.epoch, lastSeq: 7 },
  ];
  for (const resume of cases) {
    const c = h.connect(server, { resume });
    await waitFor(() => c.snapshots.length === 1, `a snapshot for ${JSON.stringify(resume)}`);
    assert.equal(c.snapshots[0]!.seq, 6);
    assert.equal(c.snapshots[0]!.entities.cameras!.length, 6);
    c.close();
  }
  const atEdge = h.connect(server, { resume: { epoch: p.epoch, lastSeq: 3 } });
  await waitFor(() => atEdge.seqs().length === 3, 'events 4..6');
  assert.deepEqual(atEdge.seqs(), [4, 5, 6]);
  assert.equal(atEdge.snapshots.length, 0);
});

test('a client that does not acknowledge sees at most 8 batches; one ack lets the rest through', async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start();
  const p = server.publisher;
  const c = h.connect(server, { autoAck: false, resume: { epoch: p.epoch, lastSeq: 0 } });
  await waitFor(() => c.hello !== null, 'hello');
  // One event per tick: an idle pipe sends each at once, so each is a batch of its own.
  for (let i = 1; i <= 20; i++) {
    p.publish('camera.upsert', camera(`cam-${i}`));
    await new Promise((r) => setImmediate(r));
    await sleep(2);
  }
  await waitFor(() => c.batches.length === 8, '8 batches');
  await sleep(150);
  assert.equal(c.batches.length, 8, 'no ninth batch before an acknowledgement');
  assert.deepEqual(c.seqs(), c.seqs().map((_, i) => i + 1), 'consecutive seqs from 1');
  const sentBeforeAck = c.seqs().length;
  c.ackNext();
  await waitFor(() => c.batches.length === 9, 'the ninth batch');
  assert.equal(c.seqs().at(-1), 20, 'the ninth batch carries everything that waited');
  assert.deepEqual(c.batches[8]!.events.map((e) => e.seq), Array.from({ length: 20 - sentBeforeAck }, (_, i) => sentBeforeAck + 1 + i));
});

test('an acknowledgement that does not come within ackTimeoutMs disconnects the socket', async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start({ ackTimeoutMs: 200 });
  server.publisher.publish('camera.upsert', camera('cam-1'));
  const c = h.connect(server, { autoAck: false });
  await waitFor(() => c.snapshots.length === 1, 'the snapshot');
  await waitFor(() => c.disconnectReason !== null, 'the disconnect', 3000);
  assert.equal(c.disconnectReason, 'io server disconnect');
  await waitFor(() => server.connectedClients() === 0, 'the server to let go');
});

test('events published in one burst reach the console in order, in batches of at most 500', async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start();
  const c = h.connect(server, { resume: { epoch: server.publisher.epoch, lastSeq: 0 } });
  await waitFor(() => c.hello !== null, 'hello');
  server.publisher.publishMany(Array.from({ length: 1200 }, (_, i) => ({ type: 'camera.upsert' as const, body: camera(`cam-${i}`) })));
  await waitFor(() => c.seqs().length === 1200, '1200 events');
  assert.deepEqual(c.seqs(), Array.from({ length: 1200 }, (_, i) => i + 1));
  assert.ok(c.batches.every((b) => b.events.length >= 1 && b.events.length <= 500));
  assert.ok(c.batches.length <= 4, `burst batched: ${c.batches.length} batches`);
});

test('a restart on the same file keeps the epoch and the seqs, and a client resumes where it was', async (t) => {
  const h = harness();
  t.after(() => h.done());
  const first = await h.start();
  first.publisher.publish('camera.upsert', camera('cam-1'));
  first.publisher.publish('camera.upsert', camera('cam-2'));
  const epoch = first.publisher.epoch;
  await first.close();

  const second = await h.start();
  assert.equal(second.publisher.epoch, epoch);
  assert.equal(second.publisher.headSeq(), 2);
  assert.equal(second.publisher.publish('camera.upsert', camera('cam-3')).seq, 3);
  const c = h.connect(second, { resume: { epoch, lastSeq: 2 } });
  await waitFor(() => c.seqs().length === 1, 'event 3');
  assert.deepEqual(c.seqs(), [3]);
  assert.equal(c.hello!.epoch, epoch);
  assert.equal(c.hello!.headSeq, 3);
  await second.close();

  const third = await h.start({ resetEpoch: true });
  assert.notEqual(third.publisher.epoch, epoch);
  assert.equal(third.publisher.headSeq(), 0);
  const d = h.connect(third, { resume: { epoch, lastSeq: 3 } });
  await waitFor(() => d.snapshots.length === 1, 'a snapshot of the new epoch');
  assert.equal(d.snapshots[0]!.epoch, third.publisher.epoch);
  assert.equal(d.snapshots[0]!.seq, 0);
});

test('status comes on its interval with head, people on duty and the incident queue', async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start({ statusIntervalMs: 50, onDuty: () => ({ gridWorkers: 68, operators: 3 }) });
  server.publisher.publish('incident.upsert', incident('i-1', { status: 'dispatched', dueAt: '2020-01-01T00:00:00.000+08:00' }));
  server.publisher.publish('incident.upsert', incident('i-2', { status: 'closed' }));
  const c = h.connect(server);
  await waitFor(() => c.statuses.length >= 3, 'three statuses');
  const s = c.statuses.at(-1)!;
  assert.equal(Status.safeParse(s).success, true);
  assert.equal(s.headSeq, 2);
  assert.deepEqual(s.onDuty, { gridWorkers: 68, operators: 3 });
  assert.deepEqual(s.queue, { open: 1, overdue: 1 });
});

test('the main namespace is refused', async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start();
  const { io } = await import('socket.io-client');
  const s = io(server.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { protocol: 'sfp/1', token: 'test-token', consoleId: 'x' } });
  try {
    const message = await new Promise<string>((resolve) => s.on('connect_error', (e) => resolve(e.message)));
    assert.match(message, /sfp1/);
  } finally {
    s.disconnect();
  }
});
