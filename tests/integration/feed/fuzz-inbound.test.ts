// Fuzzing the console's feed client over a real socket: a hostile sub-centre sends random `hello`,
// `status`, `snapshot` and `events` payloads (random JSON, `__proto__` keys, NaN and negative seqs, deep
// nesting, huge strings, oversized batches, unknown fields) and random command acknowledgements. The
// console never crashes, never acknowledges a seq it was not sent, and a well-behaved connection after
// all of it is taken in and acknowledged (the stream goes on).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Socket } from 'socket.io';
import { StreetSubcentreLink } from '../../../src-main/feed/subcentre-link.ts';
import { enqueueCommand, getOutboxEntry } from '../../../src-main/store/outbox.ts';
import { envelope, incident, count, STREET, tempStore } from '../../unit/store/fixtures.ts';
import { FAST_BACKOFF, hello, startFakeSubcentre, waitFor } from './fake-subcentre.ts';
import { fuzzRuns } from '../../support/fuzz-runs.ts';

const nasty = fc.oneof(
  fc.anything({ maxDepth: 3, withBigInt: false }),
  fc.constantFrom(NaN, -1, 0, 1e308, '', null, [], {}),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "epoch": "e1", "seq": 1, "events": []}')),
  fc.integer({ min: 50, max: 150 }).map((d) => { let v: unknown = 1; for (let i = 0; i < d; i++) v = [v]; return v; }),
  fc.constant({ epoch: 'e1', events: Array.from({ length: 600 }, (_, i) => ({ seq: i + 1 })) }),
  fc.constant({ epoch: 'e1', events: [{ seq: 1, id: 'x', type: 'incident.upsert', at: 'now', body: { title: 'y'.repeat(400_000) } }] }),
);

/** One connection's worth of messages: optionally a valid hello first, so the later ones get looked at. */
const script = fc.record({
  validHello: fc.boolean(),
  epoch: fc.constantFrom('e1', 'e2', ''),
  messages: fc.array(fc.tuple(fc.constantFrom('hello', 'status', 'snapshot', 'events', 'nonsense'), fc.oneof(nasty, fc.record({ epoch: fc.constantFrom('e1', 'e2'), seq: fc.oneof(fc.integer({ min: -5, max: 20 }), fc.constant(NaN)), events: fc.array(nasty, { maxLength: 5 }), entities: fc.dictionary(fc.constantFrom('incidents', 'alerts', '__proto__'), fc.array(nasty, { maxLength: 3 })) }))), { maxLength: 6 }),
});

test('a hostile sub-centre cannot crash the console or make it ack what it was not sent; the stream goes on', { timeout: 120_000 }, async (t) => {
  const s = tempStore();
  const scripts = fc.sample(script, { numRuns: fuzzRuns(40), seed: 8 });
  const acksBeyond: string[] = [];
  // An ack is "the highest seq now durable" (SFP/1): a duplicate batch on a later connection is answered with the
  // position stored from earlier ones, so "sent" counts every connection so far, not only this one.
  let sentEver = 0;
  const errors: unknown[] = [];
  let final = false;
  const finalAcks: unknown[] = [];
  const server = await startFakeSubcentre({
    // Command acknowledgements are garbage too, except now and then.
    onCommand: () => fc.sample(fc.oneof(nasty, fc.constant({ ok: true, rev: 2 })), 1)[0],
    onConnection: (socket: Socket) => {
      const next = scripts.shift();
      if (!next) {
        // The well-behaved sub-centre: hello, a snapshot, then a batch after it.
        final = true;
        socket.emit('hello', hello(STREET, 'e-good', 12));
        socket.emit('snapshot', { epoch: 'e-good', seq: 10, entities: { incidents: [incident('370102012-20261123-0042')] } }, () => {
          socket.emit('events', { epoch: 'e-good', events: [envelope(11, 'incident.upsert', incident('370102012-20261123-0042', { rev: 2 })), { seq: 12, id: 'bad', type: 'no.such.type', at: 'x', body: {} }] }, (ack: unknown) => finalAcks.push(ack));
        });
        return;
      }
      if (next.validHello) socket.emit('hello', hello(STREET, next.epoch || 'e1', 20));
      for (const [name, payload] of next.messages) {
        const events = (payload as { events?: unknown })?.events;
        if (Array.isArray(events)) for (const e of events) sentEver = Math.max(sentEver, Number((e as { seq?: unknown })?.seq) || 0);
        socket.emit(name, payload, (ack: unknown) => {
          const seq = (ack as { ackSeq?: unknown })?.ackSeq;
          if (typeof seq === 'number' && name === 'events' && seq > sentEver && seq > 0) acksBeyond.push(`acked ${seq}, sent up to ${sentEver}`);
        });
      }
      // Then hang up, so that the next script gets a fresh connection.
      setTimeout(() => socket.disconnect(true), 30);
    },
  });
  const link = new StreetSubcentreLink({ store: s.store, consoleId: 'fuzz', endpoint: server.endpoint(), backoff: FAST_BACKOFF, commandAckTimeoutMs: 200, onError: (e) => errors.push(e) });
  t.after(async () => {
    await link.stop();
    await server.close();
    s.cleanup();
  });
  const commandIds = Array.from({ length: 3 }, (_, i) => enqueueCommand(s.store, { subcentreId: STREET, command: { commandId: `00000000-0000-4000-8000-00000000000${i}`, type: 'incident.note', issuedAt: '2026-11-23T08:00:00.000+08:00', operator: { id: 'op', name: '张伟', role: 'duty-officer' }, target: { incidentId: '370102012-20261123-0042', rev: 1 }, args: { text: `n${i}` } } }).commandId);
  link.start();
  await waitFor('the well-behaved connection to be acknowledged', () => final && finalAcks.length > 0, 90_000);
  assert.deepEqual(finalAcks, [{ ackSeq: 12 }], 'the good batch is acknowledged whole, its bad envelope included');
  assert.deepEqual(acksBeyond, []);
  assert.equal(count(s.store, 'rejected', 'subcentre_id = ? AND epoch = ? AND seq = 12', STREET, 'e-good'), 1);
  assert.equal(s.store.db.prepare(`SELECT rev FROM incidents WHERE incident_id = ?`).pluck().get('370102012-20261123-0042'), 2);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  // Commands answered with garbage stay in the outbox (re-sent), those answered properly are recorded.
  for (const id of commandIds) assert.ok(['pending', 'sent', 'acked', 'refused'].includes(getOutboxEntry(s.store, id)!.state));
  // Errors reported are the link's own (unexpected throws would show here as non-Error values).
  for (const e of errors) assert.ok(e instanceof Error, String(e));
});
