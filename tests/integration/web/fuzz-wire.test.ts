// Fuzzing the web-mode API over a real WebSocket: random WireRequests (every method, random params with
// `__proto__` keys, NaN, deep nesting, huge strings), random JSON and non-JSON text. Every call with a
// usable id gets exactly one result (a value or a plain {name, message} error); the socket and the host
// stay up; a good call afterwards is answered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { WebSocket } from 'ws';
import { API_METHODS, type WireMessage } from '../../../src-shared/api.ts';
import { startWebHost } from '../../../src-main/web/web-host.ts';
import { setupApi } from '../../unit/api/fixtures.ts';
import { fuzzRuns } from '../../support/fuzz-runs.ts';

const nasty = fc.oneof(
  fc.anything({ maxDepth: 3, withBigInt: false }),
  fc.constantFrom(NaN, -1, 0, 1e308, '', null, [], {}, 'x'.repeat(200_000)),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "limit": -1}')),
  fc.integer({ min: 50, max: 300 }).map((d) => { let v: unknown = 1; for (let i = 0; i < d; i++) v = { a: v }; return v; }),
  fc.record({ limit: fc.oneof(fc.integer(), fc.constant(NaN)), bbox: nasty0(), since: fc.oneof(fc.integer(), fc.string()), incidentId: fc.string(), type: fc.string(), target: nasty0() }, { requiredKeys: [] }),
);
function nasty0() {
  return fc.anything({ maxDepth: 2, withBigInt: false });
}

test('random wire requests over a real WebSocket: one answer each, nothing crashes, the socket stays usable', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-fuzz-wire-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
  const api = setupApi({ changeIntervalMs: 50 });
  const host = await startWebHost({ api: api.api, port: 0, rendererDir: dir, maxInFlight: 1000 });
  t.after(async () => {
    await host.close();
    api.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
  const results = new Map<number, WireMessage[]>();
  const untagged: WireMessage[] = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as WireMessage;
    if (m.kind !== 'result') return;
    if (m.id >= 0) results.set(m.id, [...(results.get(m.id) ?? []), m]);
    else untagged.push(m);
  });
  await new Promise<void>((r, j) => { ws.once('open', () => r()); ws.once('error', j); });

  const calls = fc.sample(fc.record({ method: fc.oneof(fc.constantFrom(...API_METHODS), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', ''), fc.string()), param: nasty, withParam: fc.boolean() }), { numRuns: fuzzRuns(400), seed: 85 });
  calls.forEach((c, id) => ws.send(JSON.stringify({ kind: 'call', id, method: c.method, ...(c.withParam ? { param: c.param } : {}) })));
  // Garbage that has no usable id: answered with id -1, never a crash.
  const junk = ['{', 'null', '[]', '"call"', JSON.stringify({ kind: 'call', id: -1, method: 'getInfo' }), JSON.stringify({ kind: 'nope', id: 1.5 }), JSON.stringify({ kind: 'call', id: NaN })];
  for (const j of junk) ws.send(j);
  ws.send(Buffer.from([1, 2, 3]), { binary: true });
  const deadline = Date.now() + 60_000;
  while ((results.size < calls.length || untagged.length < junk.length + 1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(results.size, calls.length, 'every call answered');
  for (const [id, msgs] of results) {
    assert.equal(msgs.length, 1, `call ${id} answered once`);
    const m = msgs[0]!;
    if (m.kind === 'result' && !m.ok) assert.ok(typeof m.error.name === 'string' && typeof m.error.message === 'string', `call ${id}: a plain error`);
  }
  assert.equal(untagged.length, junk.length + 1);
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
  assert.equal(ws.readyState, WebSocket.OPEN, 'the socket is still open');
  ws.send(JSON.stringify({ kind: 'call', id: 100_000, method: 'getInfo' }));
  while (!results.has(100_000) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const info = results.get(100_000)?.[0];
  assert.ok(info && info.kind === 'result' && info.ok, 'a good call afterwards is answered');
  ws.close();
});
