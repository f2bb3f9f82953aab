// A command issued while its sub-centre is down — and the console restarted meanwhile — is delivered
// once the sub-centre is back, with its original commandId, and takes effect exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSubcentreServer } from '../../../src-main/subcentre/server.ts';
import type { RunningSubcentre } from '../../../src-main/subcentre/types.ts';
import { openStore, getIncident, listOutbox, type Store } from '../../../src-main/store/index.ts';
import { FeedManager } from '../../../src-main/feed/index.ts';
import { formatShanghaiIso } from '../../../src-shared/domain/time.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await sleep(50);
  }
}

test('a command issued while the sub-centre is down is delivered after it returns, exactly once in effect', { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-cmd-down-'));
  const subcentre = { id: '370102012', name: '龙洞街道', districtId: '370102' };
  const dbFile = path.join(dir, 'subcentre.db');
  let server: RunningSubcentre | undefined = await startSubcentreServer({ subcentre, dbFile, port: 0, tokens: ['t'], statusIntervalMs: 500 });
  const port = server.port;
  const now = formatShanghaiIso(new Date());
  server.publisher.publish('incident.upsert', {
    incidentId: '370102012-20261123-0042', rev: 1, category: { major: '街面秩序', minor: '占道经营', name: '占道经营' },
    title: '龙洞路占道经营', source: 'grid-worker', severity: 'yellow', level: 'grid', status: 'reported',
    location: { lon: 117.13, lat: 36.64 }, reportedAt: now, updatedAt: now, history: [{ at: now, action: 'report' }],
  });
  const endpoints = [{ id: subcentre.id, url: `http://127.0.0.1:${port}`, token: 't', enabled: true }];
  const cache = path.join(dir, 'console.db');
  let store: Store = openStore(cache);
  let feed = new FeedManager({ store, consoleId: 'wall-01', endpoints, backoff: { baseMs: 50, maxMs: 300 } });
  t.after(async () => {
    await feed.stop();
    if (!store.isClosed()) store.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  feed.start();
  await waitFor('the incident in the cache', () => getIncident(store, '370102012-20261123-0042') !== null);

  await server.close();
  server = undefined;
  await waitFor('the link down', () => feed.links()[0]!.state === 'down');
  const entry = feed.issueCommand({ type: 'incident.accept', target: { incidentId: '370102012-20261123-0042', rev: 1 }, args: {} }, { id: 'op-017', name: '张伟', role: 'duty-officer' });
  assert.equal(entry.state, 'pending');

  // The console restarts while the sub-centre is still down: the outbox is on disk.
  await feed.stop();
  store.close();
  store = openStore(cache);
  feed = new FeedManager({ store, consoleId: 'wall-01', endpoints, backoff: { baseMs: 50, maxMs: 300 } });
  feed.start();
  assert.equal(listOutbox(store, 10)[0]!.state, 'pending');

  server = await startSubcentreServer({ subcentre, dbFile, port, tokens: ['t'], statusIntervalMs: 500 });
  await waitFor('the acknowledgement', () => listOutbox(store, 10)[0]!.state === 'acked');
  const acked = listOutbox(store, 10)[0]!;
  assert.equal(acked.commandId, entry.commandId);
  assert.equal(acked.resultRev, 2);
  await waitFor('the new rev in the cache', () => getIncident(store, '370102012-20261123-0042')!.rev === 2);

  const onServer = server.publisher.getIncident('370102012-20261123-0042')!;
  assert.equal(onServer.status, 'accepted');
  assert.equal(onServer.rev, 2);
  assert.equal(onServer.history.filter((h) => h.action === 'incident.accept').length, 1);
  const cached = getIncident(store, '370102012-20261123-0042')!;
  assert.equal(cached.status, 'accepted');
});
