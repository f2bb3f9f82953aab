import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'socket.io';
import { FeedManager } from '../../../src-main/feed/feed-manager.ts';
import { getResume } from '../../../src-main/store/links.ts';
import { listIncidents } from '../../../src-main/store/queries.ts';
import { batch, count, envelope, incident, camera, STREET, tempStore } from '../../unit/store/fixtures.ts';
import { FAST_BACKOFF, hello, startFakeSubcentre, waitFor, type FakeSubcentre } from './fake-subcentre.ts';

type Ack = { ackSeq: number | null };

async function send(socket: Socket, event: 'events' | 'snapshot', payload: unknown, timeoutMs = 3000): Promise<Ack | Error> {
  try {
    return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as Ack;
  } catch (err) {
    return err as Error;
  }
}

function manager(store: import('../../../src-main/store/store.ts').Store, server: FakeSubcentre, over: Partial<ConstructorParameters<typeof FeedManager>[0]> = {}) {
  return new FeedManager({ store, consoleId: 'test-console', endpoints: [server.endpoint()], backoff: FAST_BACKOFF, onError: (e) => assert.fail(String(e)), ...over });
}

test('handshake, snapshot and events land in the cache and are acknowledged after commit', async () => {
  const t = tempStore();
  const acks: Array<Ack | Error> = [];
  const server = await startFakeSubcentre({
    onConnection: async (socket) => {
      socket.emit('hello', hello(STREET, 'e1', 3));
      acks.push(await send(socket, 'snapshot', { epoch: 'e1', seq: 0, entities: {} }));
      acks.push(await send(socket, 'events', { epoch: 'e1', events: batch(1, [['incident.upsert', incident('i-1')], ['incident.upsert', incident('i-2')], ['camera.upsert', camera('c-1')]]) }));
    },
  });
  const feed = manager(t.store, server);
  try {
    const changes: string[] = [];
    feed.onDidChangeLinks((links) => changes.push(links[0]!.state));
    feed.start();
    await waitFor('two acks', () => acks.length === 2);
    assert.deepEqual(acks, [{ ackSeq: 0 }, { ackSeq: 3 }]);
    assert.equal(count(t.store, 'incidents'), 2);
    assert.equal(count(t.store, 'cameras'), 1);
    assert.deepEqual(server.auths[0], { protocol: 'sfp/1', token: 'secret-token', consoleId: 'test-console', resume: null });
    const [link] = feed.links();
    assert.equal(link!.state, 'connected');
    assert.deepEqual(
      { epoch: link!.epoch, lastAckSeq: link!.lastAckSeq, headSeq: link!.headSeq, lag: link!.lag, name: link!.name, lastError: link!.lastError },
      { epoch: 'e1', lastAckSeq: 3, headSeq: 3, lag: 0, name: '龙洞街道', lastError: null },
    );
    assert.ok(link!.connectedSince !== null);
    assert.ok(changes.includes('connecting') && changes.includes('connected'));
  } finally {
    await feed.stop();
    await server.close();
    t.cleanup();
  }
});

test('resumes from the last acknowledged seq after a restart of the console (new FeedManager, same DB)', async () => {
  const t = tempStore();
  let acked = 0;
  const server = await startFakeSubcentre({
    onConnection: async (socket, auth) => {
      socket.emit('hello', hello(STREET, 'e7', 7));
      if (!auth.resume) {
        await send(socket, 'snapshot', { epoch: 'e7', seq: 0, entities: {} });
        const r = await send(socket, 'events', { epoch: 'e7', events: batch(1, [1, 2, 3, 4, 5].map((n) => ['incident.upsert', incident(`i-${n}`)] as [string, unknown])) });
        if (!(r instanceof Error)) acked = r.ackSeq ?? 0;
      } else {
        // Resume: the log from lastSeq + 1.
        const r = await send(socket, 'events', { epoch: 'e7', events: batch(auth.resume.lastSeq + 1, [['incident.upsert', incident('i-6')], ['incident.upsert', incident('i-7')]]) });
        if (!(r instanceof Error)) acked = r.ackSeq ?? 0;
      }
    },
  });
  let feed = manager(t.store, server);
  try {
    feed.start();
    await waitFor('ack of 5', () => acked === 5);
    await feed.stop();
    const store = t.reopen();
    feed = manager(store, server);
    feed.start();
    await waitFor('ack of 7', () => acked === 7);
    assert.deepEqual(server.auths.map((a) => a.resume ?? null), [null, { epoch: 'e7', lastSeq: 5 }]);
    assert.equal(count(store, 'incidents'), 7);
    assert.equal(count(store, 'event_log'), 7);
  } finally {
    await feed.stop();
    await server.close();
    t.cleanup();
  }
});

test('a snapshot in 3 parts is committed only when the last part has arrived', async () => {
  const t = tempStore();
  const seen: Array<{ ack: Ack | Error; incidents: number }> = [];
  const server = await startFakeSubcentre({
    onConnection: async (socket) => {
      socket.emit('hello', hello(STREET, 'e1', 30));
      const parts = [
        { incidents: [incident('i-1'), incident('i-2')] },
        { incidents: [incident('i-3')], cameras: [camera('c-1')] },
        { alerts: [] },
      ];
      for (const [i, entities] of parts.entries()) {
        const ack = await send(socket, 'snapshot', { epoch: 'e1', seq: 30, part: i + 1, parts: 3, entities });
        seen.push({ ack, incidents: count(t.store, 'incidents') });
      }
    },
  });
  const feed = manager(t.store, server);
  try {
    feed.start();
    await waitFor('three parts acknowledged', () => seen.length === 3);
    assert.deepEqual(seen, [
      { ack: { ackSeq: null }, incidents: 0 },
      { ack: { ackSeq: null }, incidents: 0 },
      { ack: { ackSeq: 30 }, incidents: 3 },
    ]);
    assert.equal(count(t.store, 'cameras'), 1);
    assert.deepEqual(getResume(t.store, STREET), { epoch: 'e1', lastSeq: 30 });
  } finally {
    await feed.stop();
    await server.close();
    t.cleanup();
  }
});

test('a new epoch on the server: its snapshot replaces the state held from the old one', async () => {
  const t = tempStore();
  let epoch = 'e1';
  let done = 0;
  const server = await startFakeSubcentre({
    onConnection: async (socket, auth) => {
      socket.emit('hello', hello(STREET, epoch, epoch === 'e1' ? 2 : 1));
      if (auth.resume?.epoch !== epoch) {
        const entities = epoch === 'e1' ? { incidents: [incident('old-1'), incident('old-2')] } : { incidents: [incident('new-1')] };
        await send(socket, 'snapshot', { epoch, seq: epoch === 'e1' ? 2 : 1, entities });
        done++;
      }
    },
  });
  const feed = manager(t.store, server);
  try {
    feed.start();
    await waitFor('first snapshot', () => done === 1);
    assert.deepEqual(listIncidents(t.store).map((i) => i.incidentId).sort(), ['old-1', 'old-2']);
    epoch = 'e2';
    server.io.of('/sfp1').disconnectSockets();
    await waitFor('second snapshot', () => done === 2);
    assert.deepEqual(server.auths.at(-1)!.resume, { epoch: 'e1', lastSeq: 2 });
    assert.deepEqual(listIncidents(t.store).map((i) => i.incidentId), ['new-1']);
    assert.deepEqual(getResume(t.store, STREET), { epoch: 'e2', lastSeq: 1 });
    await waitFor('connected again', () => feed.links()[0]!.state === 'connected');
  } finally {
    await feed.stop();
    await server.close();
    t.cleanup();
  }
});

test('a batch with malformed envelopes is acknowledged and the stream goes on', async () => {
  const t = tempStore();
  const acks: Array<Ack | Error> = [];
  const server = await startFakeSubcentre({
    onConnection: async (socket) => {
      socket.emit('hello', hello(STREET, 'e1', 4));
      await send(socket, 'snapshot', { epoch: 'e1', seq: 0, entities: {} });
      acks.push(await send(socket, 'events', {
        epoch: 'e1',
        events: [envelope(1, 'incident.upsert', incident('i-1')), envelope(2, 'incident.upsert', { incidentId: 'half' }), { seq: 3, type: 'x.y' }],
      }));
      acks.push(await send(socket, 'events', { epoch: 'e1', events: [envelope(4, 'incident.upsert', incident('i-4'))] }));
    },
  });
  const feed = manager(t.store, server);
  try {
    feed.start();
    await waitFor('two acks', () => acks.length === 2);
    assert.deepEqual(acks, [{ ackSeq: 3 }, { ackSeq: 4 }]);
    assert.equal(count(t.store, 'rejected'), 2);
    assert.equal(count(t.store, 'incidents'), 2);
    assert.equal(feed.links()[0]!.rejectedEnvelopes, 2);
    assert.equal(feed.links()[0]!.state, 'connected');
  } finally {
    await feed.stop();
    await server.close();
    t.cleanup();
  }
});

test('a gap is never acknowledged: the link reconnects and resume asks for the missing seqs', async () => {
  const t = tempStore();
  const first: Array<Ack | Error> = [];
  const resumed: Array<Ack | Error> = [];
  const server = await startFakeSubcentre({
    onConnection: async (socket, auth) => {
      socket.emit('hello', hello(STREET, 'e1', 6));
      if (!auth.resume) {
        await send(socket, 'snapshot', { epoch: 'e1', seq: 0, entities: {} });
        first.push(await send(socket, 'events', { epoch: 'e1', events: batch(1, [['incident.upsert', incident('i-1')], ['incident.upsert', incident('i-2')]]) }));
        // 3 and 4 are "lost".
        first.push(await send(socket, 'events', { epoch: 'e1', events: batch(5, [['incident.upsert', incident('i-5')], ['incident.upsert', incident('i-6')]]) }, 500));
      } else {
        const from = auth.resume.lastSeq + 1;
        resumed.push(await send(socket, 'events', { epoch: 'e1', events: batch(from, [3, 4, 5, 6].filter((n) => n >= from).map((n) => ['incident.upsert', incident(`i-${n}`)] as [string, unknown])) }));
      }
    },
  });
  const feed = manager(t.store, server);
  try {
    feed.start();
    await waitFor('the resumed batch acknowledged', () => resumed.length === 1 && first.length === 2);
    assert.deepEqual(first[0], { ackSeq: 2 });
    assert.ok(first[1] instanceof Error, 'the batch after the gap is not acknowledged');
    assert.deepEqual(resumed[0], { ackSeq: 6 });
    assert.deepEqual(server.auths[1]!.resume, { epoch: 'e1', lastSeq: 2 });
    assert.equal(count(t.store, 'incidents'), 6);
  } finally {
    await feed.stop();
    await server.close();
    t.cleanup();
  }
});

test('a batch of another epoch than the hello is ignored and the link reconnects', async () => {
  const t = tempStore();
  const acks: Array<Ack | Error> = [];
  const server = await startFakeSubcentre({
    onConnection: async (socket) => {
      socket.emit('hello', hello(STREET, 'e1', 1));
      if (server.auths.length === 1) acks.push(await send(socket, 'events', { epoch: 'zz', events: batch(1, [['incident.upsert', incident('i-1')]]) }, 500));
    },
  });
  const feed = manager(t.store, server);
  try {
    feed.start();
    await waitFor('a second connection', () => server.auths.length >= 2);
    await waitFor('the first batch answered', () => acks.length === 1);
    assert.ok(acks[0] instanceof Error);
    assert.equal(count(t.store, 'incidents'), 0);
  } finally {
    await feed.stop();
    await server.close();
    t.cleanup();
  }
});

test('a wrong token: lastError "unauthorized" and state down', async () => {
  const t = tempStore();
  const server = await startFakeSubcentre();
  const feed = new FeedManager({ store: t.store, consoleId: 'c', endpoints: [server.endpoint({ token: 'wrong' })], backoff: { baseMs: 1000, maxMs: 1000 } });
  try {
    feed.start();
    const link = await waitFor('refusal', () => feed.links().find((l) => l.lastError !== null));
    assert.equal(link.lastError, 'unauthorized');
    assert.equal(link.state, 'down');
    assert.equal(server.sockets().length, 0);
  } finally {
    await feed.stop();
    await server.close();
    t.cleanup();
  }
});

test('a server that says it is another sub-centre: lastError "subcentre-mismatch", state down', async () => {
  const t = tempStore();
  const server = await startFakeSubcentre({ onConnection: (socket) => void socket.emit('hello', hello('370102001', 'e1', 0)) });
  const feed = new FeedManager({ store: t.store, consoleId: 'c', endpoints: [server.endpoint()], backoff: { baseMs: 1000, maxMs: 1000 } });
  try {
    feed.start();
    const link = await waitFor('mismatch', () => feed.links().find((l) => l.lastError !== null));
    assert.deepEqual({ state: link.state, lastError: link.lastError }, { state: 'down', lastError: 'subcentre-mismatch' });
    await waitFor('server side closed', () => server.sockets().length === 0);
  } finally {
    await feed.stop();
    await server.close();
    t.cleanup();
  }
});

test('stale after staleAfterMs with no status, connected again when a status arrives', async () => {
  const t = tempStore();
  let socketRef: Socket | null = null;
  const server = await startFakeSubcentre({
    onConnection: (socket) => {
      socketRef = socket;
      socket.emit('hello', hello(STREET, 'e1', 0));
    },
  });
  const feed = manager(t.store, server, { staleAfterMs: 150 });
  try {
    feed.start();
    await waitFor('connected', () => feed.links()[0]!.state === 'connected');
    await waitFor('stale', () => feed.links()[0]!.state === 'stale', 3000);
    socketRef!.emit('status', { at: '2026-11-23T08:00:10.000+08:00', headSeq: 9, onDuty: { gridWorkers: 68, operators: 3 }, queue: { open: 41, overdue: 3 } });
    const link = await waitFor('connected after status', () => feed.links().find((l) => l.state === 'connected'));
    assert.deepEqual({ headSeq: link.headSeq, lag: link.lag, onDuty: link.onDuty, queue: link.queue }, { headSeq: 9, lag: 9, onDuty: { gridWorkers: 68, operators: 3 }, queue: { open: 41, overdue: 3 } });
  } finally {
    await feed.stop();
    await server.close();
    t.cleanup();
  }
});

test('a disabled endpoint never connects and shows as disabled', async () => {
  const t = tempStore();
  const server = await startFakeSubcentre();
  const feed = manager(t.store, server, { endpoints: [server.endpoint({ enabled: false })] });
  try {
    feed.start();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(feed.links()[0]!.state, 'disabled');
    assert.equal(server.auths.length, 0);
  } finally {
    await feed.stop();
    await server.close();
    t.cleanup();
  }
});
