// Fuzzing the sub-centre server over real sockets: random handshake `auth` objects, random command
// payloads, random acknowledgements of batches and snapshots, and random bodies on the HTTP ingestion
// endpoint. The server answers each with a refusal or a result (never a crash, never a 5xx), its log stays
// gap-free, and a good console afterwards is served as usual.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { io } from 'socket.io-client';
import Database from 'better-sqlite3';
import { incident } from '../../unit/subcentre/fixtures.ts';
import { harness, TOKEN, waitFor } from './helpers.ts';
import { fuzzRuns } from '../../support/fuzz-runs.ts';

const nasty = fc.oneof(
  fc.anything({ maxDepth: 3, withBigInt: false }),
  fc.constantFrom(NaN, -1, 0, '', null, [], {}, 'x'.repeat(100_000)),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}}')),
  fc.integer({ min: 50, max: 120 }).map((d) => { let v: unknown = 1; for (let i = 0; i < d; i++) v = { a: v }; return v; }),
);

const commandLike = fc.record({
  commandId: fc.oneof(fc.uuid(), nasty),
  type: fc.oneof(fc.constantFrom('incident.accept', 'incident.note', 'incident.close', 'alert.confirm', 'nope', '__proto__', 'constructor'), nasty),
  issuedAt: fc.oneof(fc.constant('2026-11-23T08:00:00.000+08:00'), nasty),
  operator: fc.oneof(fc.constant({ id: 'op', name: '张伟', role: 'duty-officer' }), nasty),
  target: fc.oneof(fc.record({ incidentId: fc.constantFrom('i-1', 'i-none'), rev: fc.oneof(fc.integer({ min: -2, max: 3 }), fc.constant(NaN)) }), nasty),
  args: fc.oneof(fc.record({ text: fc.string() }), nasty),
}, { requiredKeys: [] });

test('random auth, commands and acks never crash the server; it answers each and goes on', { timeout: 120_000 }, async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start({ statusIntervalMs: 200, ackTimeoutMs: 1000 });
  server.publisher.publish('incident.upsert', incident('i-1'));

  // Handshakes with random auth: refused with one of the documented reasons, or accepted.
  for (const auth of fc.sample(fc.oneof(nasty, fc.record({ protocol: fc.oneof(fc.constant('sfp/1'), nasty), token: fc.oneof(fc.constant(TOKEN), nasty), consoleId: fc.oneof(fc.string(), nasty), resume: fc.oneof(fc.record({ epoch: fc.oneof(fc.constant(server.publisher.epoch), fc.string()), lastSeq: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant(NaN), fc.constant(1e300)) }), nasty) }, { requiredKeys: [] })), { numRuns: fuzzRuns(40), seed: 81 })) {
    const outcome = await new Promise<string>((resolve) => {
      const s = io(`${server.url}/sfp1`, { auth: (auth && typeof auth === 'object' && !Array.isArray(auth) ? auth : { token: auth }) as object, transports: ['websocket'], reconnection: false, forceNew: true });
      const done = (r: string) => { s.disconnect(); resolve(r); };
      s.on('connect_error', (e: Error) => done(e.message));
      s.on('hello', () => done('hello'));
      setTimeout(() => done('silence'), 3000);
    });
    assert.ok(["unauthorized", "unsupported-protocol", "invalid-auth", "hello"].includes(outcome), `handshake outcome ${outcome} for ${JSON.stringify(auth)?.slice(0, 300)}`);
  }

  // One accepted console sends random commands and acknowledges batches with garbage.
  const bad = io(`${server.url}/sfp1`, { auth: { protocol: 'sfp/1', token: TOKEN, consoleId: 'fuzzer' }, transports: ['websocket'], reconnection: false, forceNew: true });
  const garbage = fc.sample(nasty, { numRuns: fuzzRuns(200), seed: 82 });
  let g = 0;
  bad.on('events', (_b: unknown, ack: (v: unknown) => void) => ack(garbage[g++ % garbage.length]));
  bad.on('snapshot', (_s: unknown, ack: (v: unknown) => void) => ack(garbage[g++ % garbage.length]));
  await new Promise<void>((r) => bad.once('hello', () => r()));
  for (const cmd of fc.sample(fc.oneof(commandLike, nasty), { numRuns: fuzzRuns(150), seed: 83 })) {
    const result = (await bad.timeout(5000).emitWithAck('command', cmd)) as { ok?: unknown; error?: { code?: unknown } };
    assert.ok(result && typeof result === 'object' && typeof result.ok === 'boolean', `a result for every command: ${JSON.stringify(result)}`);
    if (!result.ok) assert.ok(['invalid', 'not-found', 'stale-rev', 'forbidden', 'illegal-transition'].includes(String(result.error?.code)));
  }
  for (let i = 0; i < 20; i++) server.publisher.publish('incident.upsert', incident(`i-x${i}`));
  await new Promise((r) => setTimeout(r, 300));
  bad.disconnect();
  assert.equal(({} as Record<string, unknown>).polluted, undefined);

  // A good console is still served everything, gap-free.
  const good = h.connect(server, { consoleId: 'good' });
  await waitFor(() => good.snapshots.length > 0 && good.hello !== null, 'a snapshot for the good console');
  const db = new Database(h.dbFile, { readonly: true });
  const r = db.prepare('SELECT count(*) AS n, max(seq) AS hi, min(seq) AS lo FROM events').get() as { n: number; hi: number; lo: number };
  db.close();
  assert.equal(r.hi - r.lo + 1, r.n, 'the server log is gap-free');
});

test('random bodies on the HTTP ingestion endpoint get 2xx/4xx answers, never a 5xx or a crash', { timeout: 60_000 }, async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start({ ingestToken: 'ingest-secret' });
  const paths = ['incidents', 'alerts', 'cameras', 'stations', 'orgs', 'grids', 'indicators', '__proto__', 'nope'];
  const bodies = fc.sample(fc.oneof(
    nasty.map((v) => { try { return JSON.stringify(v) ?? 'undefined'; } catch { return '{'; } }),
    fc.string({ maxLength: 200 }),
    fc.array(fc.record({ incidentId: fc.oneof(fc.string(), nasty), rev: nasty, location: nasty }, { requiredKeys: [] }), { maxLength: 5 }).map((v) => JSON.stringify(v)),
    fc.constant(JSON.stringify(Array.from({ length: 1001 }, () => ({})))),
    fc.constant('x'.repeat(6 * 1024 * 1024)),
  ), { numRuns: fuzzRuns(120), seed: 84 });
  let i = 0;
  for (const body of bodies) {
    const p = paths[i++ % paths.length];
    const res = await fetch(`${server.url}/ingest/${p}`, { method: 'POST', body, headers: { authorization: 'Bearer ingest-secret', 'content-type': 'application/json' } }).catch((e: Error) => ({ status: 0, text: async () => e.message }));
    assert.ok(res.status >= 200 && res.status < 500, `/ingest/${p} answered ${res.status} to ${body.slice(0, 80)}: ${await res.text()}`);
  }
  const health = await fetch(`${server.url}/healthz`);
  assert.equal(health.status, 200);
});
