// HTTP ingestion (POST /ingest/<kind>) and /healthz over a real socket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { camera, incident } from '../../unit/subcentre/fixtures.ts';
import { harness, waitFor } from './helpers.ts';

const INGEST = 'ingest-secret';

async function post(url: string, body: string, token: string | null = INGEST, method = 'POST'): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method, body: method === 'GET' ? undefined : body, headers: token ? { authorization: `Bearer ${token}`, 'content-type': 'application/json' } : {} });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

function bare(i: ReturnType<typeof incident>): Record<string, unknown> {
  const { rev: _rev, history: _history, updatedAt: _updatedAt, ...rest } = i;
  return rest;
}

test('valid items are accepted with rev, history and updatedAt set by the server, and reach a console', async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start({ ingestToken: INGEST });
  const c = h.connect(server, { resume: { epoch: server.publisher.epoch, lastSeq: 0 } });
  await waitFor(() => c.hello !== null, 'hello');
  const r = await post(`${server.url}/ingest/incidents`, JSON.stringify([bare(incident('i-1')), bare(incident('i-2'))]));
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { accepted: 2, rejected: [] });
  const held = server.publisher.getIncident('i-1')!;
  assert.equal(held.rev, 1);
  assert.deepEqual(held.history, [{ at: held.reportedAt, action: 'report' }]);
  assert.match(held.updatedAt, /\+08:00$/);
  await waitFor(() => c.seqs().length === 2, 'two events');

  // one object (not an array) is fine too; the server bumps the rev it holds, whatever the body says
  const again = await post(`${server.url}/ingest/incidents`, JSON.stringify({ ...incident('i-1', { rev: 99, status: 'accepted' }) }));
  assert.equal(again.status, 200);
  assert.equal(server.publisher.getIncident('i-1')?.rev, 2);
  assert.equal(server.publisher.getIncident('i-1')?.status, 'accepted');
  const cams = await post(`${server.url}/ingest/cameras`, JSON.stringify([camera('cam-1')]));
  assert.deepEqual(cams.json, { accepted: 1, rejected: [] });
});

test('invalid items are reported by index and reason while the valid ones are accepted', async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start({ ingestToken: INGEST });
  const items = [bare(incident('i-1')), { ...bare(incident('i-2')), severity: 'purple' }, 'text', bare(incident('i-3'))];
  const some = await post(`${server.url}/ingest/incidents`, JSON.stringify(items));
  assert.equal(some.status, 207);
  assert.equal(some.json.accepted, 2);
  const rejected = some.json.rejected as Array<{ index: number; reason: string }>;
  assert.deepEqual(rejected.map((r) => r.index), [1, 2]);
  assert.match(rejected[0]!.reason, /severity/);
  assert.match(rejected[1]!.reason, /not a JSON object/);
  assert.equal(server.publisher.headSeq(), 2);

  const none = await post(`${server.url}/ingest/alerts`, JSON.stringify([{ alertId: 'a-1' }]));
  assert.equal(none.status, 422);
  assert.equal(none.json.accepted, 0);
});

test('bad tokens, bad JSON, unknown paths, wrong methods and oversized bodies get their status codes', async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start({ ingestToken: INGEST });
  const body = JSON.stringify([bare(incident('i-1'))]);
  assert.equal((await post(`${server.url}/ingest/incidents`, body, 'wrong')).status, 401);
  assert.equal((await post(`${server.url}/ingest/incidents`, body, null)).status, 401);
  assert.equal((await post(`${server.url}/ingest/incidents`, body, 'test-token')).status, 401, 'a console token is not the ingest token');
  assert.equal((await post(`${server.url}/ingest/incidents`, '{not json')).status, 400);
  assert.equal((await post(`${server.url}/ingest/incidents`, '[]')).status, 400);
  assert.equal((await post(`${server.url}/ingest/unicorns`, body)).status, 404);
  assert.equal((await post(`${server.url}/elsewhere`, body)).status, 404);
  assert.equal((await post(`${server.url}/ingest/incidents`, body, INGEST, 'PUT')).status, 405);
  assert.equal((await post(`${server.url}/ingest/incidents`, JSON.stringify(Array.from({ length: 1001 }, () => ({}))))).status, 413);
  const big = JSON.stringify([{ ...bare(incident('i-big')), description: 'x'.repeat(6 * 1024 * 1024) }]);
  const tooBig = await fetch(`${server.url}/ingest/incidents`, { method: 'POST', body: big, headers: { authorization: `Bearer ${INGEST}` } }).then(
    (r) => r.status,
    () => 413, // the server may drop the connection while the client is still sending
  );
  assert.equal(tooBig, 413);
  assert.equal(server.publisher.headSeq(), 0);
});

test('/healthz says who and where the log is', async (t) => {
  const h = harness();
  t.after(() => h.done());
  const server = await h.start();
  server.publisher.publish('camera.upsert', camera('cam-1'));
  const r = await post(`${server.url}/healthz`, '', null, 'GET');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { ok: true, subcentre: { id: '370102012', name: '龙洞街道', districtId: '370102' }, epoch: server.publisher.epoch, headSeq: 1 });
});
