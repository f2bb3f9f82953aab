// Property tests of what a sub-centre can send into the cache (SFP/1 §6.4): random JSON, mutated valid
// envelopes, `__proto__` keys, NaN / negative / duplicated / out-of-order seqs, deep nesting, huge
// strings, unknown types. applyEventBatch never throws on envelope content; every envelope it takes is
// either in the event log or in `rejected` with a reason; it never acknowledges past a gap; and a valid
// batch after the garbage still goes in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEventBatch, applySnapshot } from '../../../src-main/store/apply.ts';
import { count, envelope, incident, alert, camera, STREET, tempStore } from './fixtures.ts';
import { fuzzRuns } from '../../support/fuzz-runs.ts';

const EPOCH = 'e-fuzz';

/** A JSON-ish value with the nasty shapes the issue names. */
const nasty = fc.oneof(
  fc.anything({ maxDepth: 4, withNullPrototype: true, withBigInt: false, withObjectString: true }),
  fc.constantFrom(NaN, -1, 0, Infinity, -Infinity, 1e308, '', '1', null, [], {}),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "seq": 1}')),
  fc.integer({ min: 1, max: 200 }).map((d) => { let v: unknown = 1; for (let i = 0; i < d; i++) v = { a: v }; return v; }),
  fc.constant('x'.repeat(300 * 1024)),
);

const validBody = fc.constantFrom(
  ['incident.upsert', incident('370102012-20261123-0001')],
  ['alert.upsert', alert('a-1')],
  ['camera.upsert', camera('37010200001310000001')],
  ['entity.delete', { kind: 'incident', id: '370102012-20261123-0001' }],
) as fc.Arbitrary<[string, Record<string, unknown>]>;

/** A valid envelope with one random part replaced, removed or added. */
const mutated = fc.tuple(validBody, fc.constantFrom('seq', 'id', 'type', 'at', 'body', '__proto__', 'rev', 'incidentId', 'location', 'extra'), fc.option(nasty, { nil: undefined }), fc.boolean()).map(([[type, body], key, value, inBody]) => {
  const env = envelope(1, type, { ...body }) as Record<string, unknown>;
  const target = inBody ? (env.body as Record<string, unknown>) : env;
  if (value === undefined) delete target[key];
  else Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return env;
});

test('applyEventBatch takes any batch without throwing, rejects with a reason, never acks past a gap', () => {
  const s = tempStore();
  try {
    let seq = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(nasty, mutated), { minLength: 1, maxLength: 20 }), fc.boolean(), (items, renumber) => {
        const before = { log: count(s.store, 'event_log'), rejected: count(s.store, 'rejected') };
        // Half the batches carry the right consecutive seqs (content is then the only fault), half keep
        // whatever seqs the generator made (NaN, negative, duplicated, out of order, missing).
        const envs = renumber ? items.map((e, i) => (e && typeof e === 'object' && !Array.isArray(e) ? { ...(e as object), seq: seq + 1 + i } : e)) : items;
        const r = applyEventBatch(s.store, STREET, EPOCH, envs);
        assert.ok(r.ackSeq >= seq, 'the acknowledged position never goes back');
        const taken = r.ackSeq - seq;
        assert.equal(count(s.store, 'event_log') - before.log + (count(s.store, 'rejected') - before.rejected), taken, 'every seq taken is logged or rejected, once');
        assert.equal(r.applied + r.rejected, taken);
        if (renumber) assert.equal(taken, items.length, 'a batch with good seqs is taken whole, whatever its content');
        for (const reason of s.store.db.prepare('SELECT reason FROM rejected WHERE id > ?').pluck().all(before.rejected) as string[]) assert.ok(reason.length > 0);
        seq = r.ackSeq;
        assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
      }),
      { numRuns: fuzzRuns(150) },
    );
    // The stream goes on: a valid batch after all that is applied.
    const r = applyEventBatch(s.store, STREET, EPOCH, [envelope(seq + 1, 'incident.upsert', incident('370102012-20261123-0777', { rev: 99 }))]);
    assert.equal(r.ackSeq, seq + 1);
    assert.equal(r.applied, 1);
    assert.equal(count(s.store, 'incidents', 'incident_id = ?', '370102012-20261123-0777'), 1);
    assert.equal(s.store.db.pragma('integrity_check', { simple: true }), 'ok');
  } finally {
    s.cleanup();
  }
});

test('replayed and shuffled batches change nothing twice (dedupe on seq, rev guard)', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 12 }), fc.array(fc.nat(30), { minLength: 1, maxLength: 30 }), (revs, replayOrder) => {
      const s = tempStore();
      try {
        const envs = revs.map((rev, i) => envelope(i + 1, 'incident.upsert', incident('370102012-20261123-0001', { rev })));
        applyEventBatch(s.store, STREET, EPOCH, envs);
        const state = s.store.db.prepare('SELECT rev FROM incidents').pluck().all();
        const log = count(s.store, 'event_log');
        // Replays of any slice, in any order: the held state and the log do not move.
        for (const k of replayOrder) {
          const from = k % envs.length;
          const r = applyEventBatch(s.store, STREET, EPOCH, envs.slice(from));
          assert.equal(r.ackSeq, envs.length);
        }
        assert.deepEqual(s.store.db.prepare('SELECT rev FROM incidents').pluck().all(), state);
        assert.deepEqual(state, [Math.max(...revs)]);
        assert.equal(count(s.store, 'event_log'), log);
      } finally {
        s.cleanup();
      }
    }),
    { numRuns: fuzzRuns(30) },
  );
});

test('applySnapshot takes any entity lists without throwing; bad entities land in rejected', () => {
  const s = tempStore();
  try {
    let seq = 0;
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('incidents', 'alerts', 'cameras', 'stations', 'orgs', 'grids', 'indicators', '__proto__', 'other'), fc.array(fc.oneof(nasty, validBody.map(([, b]) => b)), { maxLength: 5 })), (entities) => {
        seq += 10;
        const before = count(s.store, 'rejected');
        const r = applySnapshot(s.store, STREET, EPOCH, seq, entities);
        assert.equal(r.ackSeq, seq);
        assert.equal(count(s.store, 'rejected') - before, r.rejected);
      }),
      { numRuns: fuzzRuns(80) },
    );
  } finally {
    s.cleanup();
  }
});
