import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FeedManager } from '../../../src-main/feed/feed-manager.ts';
import { applySnapshot } from '../../../src-main/store/apply.ts';
import { listOutbox } from '../../../src-main/store/queries.ts';
import type { Store } from '../../../src-main/store/store.ts';
import { alert, count, incident, STREET, tempStore } from '../../unit/store/fixtures.ts';
import { FAST_BACKOFF, freePort, hello, startFakeSubcentre, waitFor, type FakeSubcentre } from './fake-subcentre.ts';

const operator = { id: 'op-017', name: '张伟', role: 'duty-officer' };

/** The cache already holds incident i-1 (rev 3) and alert a-1 of STREET at (e1, 1). */
function seed(store: Store): void {
  applySnapshot(store, STREET, 'e1', 1, { incidents: [incident('i-1', { rev: 3 })], alerts: [alert('a-1')] });
}

function helloOnConnect(socket: import('socket.io').Socket): void {
  socket.emit('hello', hello(STREET, 'e1', 1));
}

test('a command issued while the server is down is delivered, with the same commandId, once it is up — across a console restart', async () => {
  const t = tempStore();
  seed(t.store);
  const port = await freePort();
  const endpoint = { id: STREET, name: '龙洞街道', url: `http://127.0.0.1:${port}`, token: 'secret-token', enabled: true };
  let feed = new FeedManager({ store: t.store, consoleId: 'c', endpoints: [endpoint], backoff: FAST_BACKOFF, now: () => Date.parse('2026-11-23T08:05:00.000+08:00') });
  let server: FakeSubcentre | null = null;
  try {
    feed.start();
    await waitFor('down', () => feed.links()[0]!.lastError === 'ECONNREFUSED');
    const entry = feed.issueCommand({ type: 'incident.dispatch', target: { incidentId: 'i-1' }, args: { department: '城管' } }, operator);
    assert.equal(entry.state, 'pending');
    assert.equal(entry.subcentreId, STREET);
    assert.deepEqual(entry.target, { incidentId: 'i-1', rev: 3 }, 'the held rev fills a missing one');
    assert.equal(feed.links()[0]!.pendingCommands, 1);

    // The console restarts before the sub-centre comes back.
    await feed.stop();
    const store = t.reopen();
    feed = new FeedManager({ store, consoleId: 'c', endpoints: [endpoint], backoff: FAST_BACKOFF });
    feed.start();
    server = await startFakeSubcentre({ port, onConnection: helloOnConnect, onCommand: () => ({ ok: true, rev: 4 }) });
    await waitFor('the command acknowledged', () => listOutbox(store, 10)[0]!.state === 'acked');
    assert.equal(server.commands.length, 1);
    assert.deepEqual(server.commands[0], {
      commandId: entry.commandId,
      type: 'incident.dispatch',
      issuedAt: '2026-11-23T08:05:00.000+08:00',
      operator,
      target: { incidentId: 'i-1', rev: 3 },
      args: { department: '城管' },
    });
    const [after] = listOutbox(store, 10);
    assert.deepEqual({ state: after!.state, resultRev: after!.resultRev, attempts: after!.attempts }, { state: 'acked', resultRev: 4, attempts: 1 });
    await waitFor('no pending command left', () => feed.links()[0]!.pendingCommands === 0);
  } finally {
    await feed.stop();
    await server?.close();
    t.cleanup();
  }
});

test('a command whose acknowledgement was lost reaches the server twice with one commandId, and one result is recorded', async () => {
  const t = tempStore();
  seed(t.store);
  const server = await startFakeSubcentre({
    onConnection: helloOnConnect,
    onCommand: (command, socket) => {
      // The first time, the connection breaks before the acknowledgement leaves.
      if (server.commands.length === 1) {
        socket.disconnect(true);
        return undefined;
      }
      return { ok: true, rev: 4 };
    },
  });
  const feed = new FeedManager({ store: t.store, consoleId: 'c', endpoints: [server.endpoint()], backoff: FAST_BACKOFF });
  try {
    feed.start();
    await waitFor('connected', () => feed.links()[0]!.state === 'connected');
    const entry = feed.issueCommand({ type: 'alert.dismiss', target: { alertId: 'a-1', rev: 1 }, args: { reason: 'false-positive' } }, operator);
    await waitFor('acked', () => listOutbox(t.store, 10)[0]!.state === 'acked');
    assert.deepEqual(server.commands.map((c) => c.commandId), [entry.commandId, entry.commandId]);
    assert.equal(server.auths.length, 2, 'the second delivery came after reconnecting');
    assert.equal(listOutbox(t.store, 10)[0]!.attempts, 2);
    assert.equal(count(t.store, 'audit', `action IN ('command.acked', 'command.refused')`), 1);
  } finally {
    await feed.stop();
    await server.close();
    t.cleanup();
  }
});

test('no acknowledgement within the timeout: the command is sent again on the same connection and a late answer is ignored', async () => {
  const t = tempStore();
  seed(t.store);
  const server = await startFakeSubcentre({
    onConnection: helloOnConnect,
    onCommand: () =>
      server.commands.length === 1
        ? new Promise((resolve) => setTimeout(() => resolve({ ok: true, rev: 4 }), 400))
        : { ok: false, error: { code: 'illegal-transition', message: 'already dispatched' } },
  });
  const feed = new FeedManager({ store: t.store, consoleId: 'c', endpoints: [server.endpoint()], backoff: FAST_BACKOFF, commandAckTimeoutMs: 150 });
  try {
    feed.start();
    await waitFor('connected', () => feed.links()[0]!.state === 'connected');
    const entry = feed.issueCommand({ type: 'incident.accept', target: { incidentId: 'i-1', rev: 3 }, args: {} }, operator);
    const refused = await waitFor('refused', () => listOutbox(t.store, 10).find((e) => e.state === 'refused'));
    assert.deepEqual(refused.error, { code: 'illegal-transition', message: 'already dispatched' });
    assert.deepEqual(server.commands.map((c) => c.commandId), [entry.commandId, entry.commandId]);
    assert.equal(server.auths.length, 1, 'same connection');
    // The first, late answer arrives after the client gave up on it: it changes nothing.
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(listOutbox(t.store, 10)[0]!.state, 'refused');
    assert.equal(count(t.store, 'audit', `action IN ('command.acked', 'command.refused')`), 1);
  } finally {
    await feed.stop();
    await server.close();
    t.cleanup();
  }
});

test('commands in the outbox go in issue order; an unknown target is a clear error', async () => {
  const t = tempStore();
  seed(t.store);
  const server = await startFakeSubcentre({ onConnection: helloOnConnect, onCommand: () => ({ ok: true, rev: 9 }) });
  const feed = new FeedManager({ store: t.store, consoleId: 'c', endpoints: [server.endpoint()], backoff: FAST_BACKOFF });
  try {
    const a = feed.issueCommand({ type: 'incident.note', target: { incidentId: 'i-1', rev: 3 }, args: { text: '一' } }, operator);
    const b = feed.issueCommand({ type: 'incident.note', target: { incidentId: 'i-1', rev: 3 }, args: { text: '二' } }, operator);
    feed.start();
    await waitFor('both acked', () => listOutbox(t.store, 10).every((e) => e.state === 'acked'));
    assert.deepEqual(server.commands.map((c) => c.commandId), [a.commandId, b.commandId]);
    assert.throws(() => feed.issueCommand({ type: 'incident.accept', target: { incidentId: 'nope' }, args: {} }, operator), /unknown incident "nope"/);
    assert.throws(() => feed.issueCommand({ type: 'incident.dispatch', target: { incidentId: 'i-1' }, args: {} }, operator), /invalid command: args/);
    assert.throws(() => feed.issueCommand({ type: 'incident.fly' as never, target: {}, args: {} }, operator), /unknown command type/);
  } finally {
    await feed.stop();
    await server.close();
    t.cleanup();
  }
});
