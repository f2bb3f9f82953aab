// Issue 8, storage faults under a live feed: a full disk (SQLite's max_page_count, the portable stand-in
// for a full file system) makes the commit throw — and then nothing is acknowledged; once there is room
// the link resumes and everything is taken in. A read-only data dir is refused at start with a clear
// message (the CLI run as an unprivileged user when the tests run as root, since root ignores modes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StreetSubcentreLink } from '../../../src-main/feed/subcentre-link.ts';
import { openStore } from '../../../src-main/store/store.ts';
import { envelope, incident, STREET, tempStore } from '../../unit/store/fixtures.ts';
import { FAST_BACKOFF, hello, startFakeSubcentre, waitFor } from './fake-subcentre.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const HEAD = 60;
const events = Array.from({ length: HEAD }, (_, i) => envelope(i + 1, 'incident.upsert', incident(`370102012-20261123-${String(i + 1).padStart(4, '0')}`, { description: '满'.repeat(3000) })));

test('a full disk: the commit throws, nothing is acknowledged; with room again the feed resumes and catches up', { timeout: 60_000 }, async (t) => {
  const s = tempStore();
  const acks: number[] = [];
  const errors: string[] = [];
  const server = await startFakeSubcentre({
    onConnection: (socket, auth) => {
      socket.emit('hello', hello(STREET, 'e-1', HEAD));
      const from = auth.resume?.epoch === 'e-1' ? auth.resume.lastSeq : 0;
      // Batches of 10 from the resume point, each acknowledged (or not) by the console.
      for (let i = from; i < HEAD; i += 10) socket.emit('events', { epoch: 'e-1', events: events.slice(i, i + 10) }, (ack: { ackSeq: number }) => acks.push(ack.ackSeq));
    },
  });
  const link = new StreetSubcentreLink({ store: s.store, consoleId: 'full-disk', endpoint: server.endpoint(), backoff: FAST_BACKOFF, onError: (e) => errors.push(String(e)) });
  t.after(async () => {
    await link.stop();
    await server.close();
    s.cleanup();
  });
  // Room for about one batch more than the schema.
  const pages = s.store.db.pragma('page_count', { simple: true }) as number;
  s.store.db.pragma(`max_page_count = ${pages + 12}`);
  const seen: string[] = [];
  link.onDidChange((st) => void (st.lastError && seen.push(st.lastError)));
  link.start();
  await waitFor('the disk to be full', () => (seen.some((e) => e.includes('full')) ? true : undefined), 20_000).catch((e: Error) => assert.fail(`${e.message}: ${seen.join(' | ')} / ${errors.join(' | ')}`));
  const held = () => (s.store.db.prepare('SELECT last_ack_seq FROM links WHERE subcentre_id = ?').pluck().get(STREET) as number | undefined) ?? 0;
  const durable = held();
  assert.ok(durable < HEAD, 'not everything fitted');
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(Math.max(0, ...acks) <= durable, `acknowledged ${Math.max(...acks)} with only ${durable} durable`);
  assert.equal(s.store.db.prepare('SELECT count(*) FROM event_log WHERE seq > ?').pluck().get(durable), 0, 'nothing of a failed commit is left behind');

  // Room again: the link, which keeps retrying, resumes from what is durable and catches up.
  s.store.db.pragma('max_page_count = 1073741823');
  await waitFor('the catch-up', () => (held() === HEAD && Math.max(0, ...acks) === HEAD ? true : undefined), 20_000);
  assert.equal(s.store.db.prepare('SELECT count(*) FROM event_log').pluck().get(), HEAD);
});

test('a read-only data dir is refused at start with a clear message', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-readonly-'));
  try {
    const withCache = path.join(dir, 'with-cache');
    const empty = path.join(dir, 'empty');
    for (const d of [withCache, empty]) spawnSync('mkdir', ['-p', d]);
    openStore(path.join(withCache, 'console.db')).close();
    const config = path.join(dir, 'console.json');
    writeFileSync(config, JSON.stringify({ consoleId: 'ro', subcentres: [{ id: STREET, url: 'http://127.0.0.1:9', token: 'secret-token-never-logged' }] }));
    for (const d of [dir, withCache, empty]) chmodSync(d, 0o555);
    chmodSync(path.join(withCache, 'console.db'), 0o444);
    chmodSync(config, 0o444);
    const asRoot = process.getuid?.() === 0;
    for (const d of [withCache, empty]) {
      const args = [path.join(root, 'bin/superbrain.mjs'), 'headless', '--config', config, '--data-dir', d];
      // Root ignores file modes: run as "nobody", as an operator's account would be.
      const r = asRoot
        ? spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, HOME: '/tmp' } })
        : spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 1, `${d}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
      assert.match(r.stderr, /not writable|read-only/, r.stderr);
      assert.doesNotMatch(r.stdout + r.stderr, /secret-token-never-logged/);
    }
  } finally {
    spawnSync('chmod', ['-R', 'u+w', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});
