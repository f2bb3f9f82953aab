import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { runHeadless, run } from '../../../src-main/cli/headless.ts';
import { openStore } from '../../../src-main/store/store.ts';
import { incident, STREET, tempDir, batch } from '../../unit/store/fixtures.ts';
import { FAST_BACKOFF, hello, startFakeSubcentre, waitFor } from './fake-subcentre.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

async function feedingServer() {
  return startFakeSubcentre({
    onConnection: async (socket, auth) => {
      socket.emit('hello', hello(STREET, 'e1', 2));
      if (!auth.resume) {
        await socket.timeout(3000).emitWithAck('snapshot', { epoch: 'e1', seq: 0, entities: {} }).catch(() => {});
        await socket.timeout(3000).emitWithAck('events', { epoch: 'e1', events: batch(1, [['incident.upsert', incident('i-1')], ['incident.upsert', incident('i-2')]]) }).catch(() => {});
      }
    },
  });
}

test('headless fills <data-dir>/console.db, logs link state changes and stops cleanly when aborted', async () => {
  const d = tempDir();
  const server = await feedingServer();
  try {
    const config = path.join(d.dir, 'console.json');
    writeFileSync(config, JSON.stringify({ consoleId: 'wall-01', subcentres: [server.endpoint()] }));
    const lines: string[] = [];
    const controller = new AbortController();
    const done = runHeadless({ configFile: config, dataDir: path.join(d.dir, 'data'), signal: controller.signal, log: (l) => lines.push(l), backoff: FAST_BACKOFF });
    await waitFor('connected line', () => lines.some((l) => / 370102012 龙洞街道 connected /.test(l)));
    const store = openStore(path.join(d.dir, 'data', 'console.db'), { readonly: true });
    try {
      await waitFor('both incidents in the cache', () => (store.db.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n === 2);
    } finally {
      store.close();
    }
    controller.abort();
    assert.equal(await done, 0);
    assert.match(lines[0]!, /console wall-01, 1 of 1 sub-centres enabled/);
    assert.match(lines.at(-1)!, /stopped$/);
    assert.ok(lines.some((l) => / 370102012 龙洞街道 down epoch=e1 ack=2\/2$/.test(l)));
    await waitFor('server side closed', () => server.sockets().length === 0);
  } finally {
    await server.close();
    d.cleanup();
  }
});

test('headless refuses a bad config with a message naming the field', async () => {
  const d = tempDir();
  try {
    const config = path.join(d.dir, 'console.json');
    writeFileSync(config, JSON.stringify({ subcentres: [{ id: '3701', url: 'ftp://x', token: '' }] }));
    await assert.rejects(runHeadless({ configFile: config, dataDir: d.dir, signal: new AbortController().signal }), /subcentres\[0\]\.(id|url|token)/);
    const original = console.error;
    console.error = () => {};
    try {
      assert.equal(await run(['--config', config]), 2);
    } finally {
      console.error = original;
    }
  } finally {
    d.cleanup();
  }
});

test('the headless process exits 0 on SIGTERM after connecting', async () => {
  const d = tempDir();
  const server = await feedingServer();
  const config = path.join(d.dir, 'console.json');
  writeFileSync(config, JSON.stringify({ consoleId: 'wall-02', subcentres: [server.endpoint()] }));
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'superbrain.mjs'), 'headless', '--config', config, '--data-dir', path.join(d.dir, 'data')], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await waitFor('connected', () => / connected /.test(output), 20_000);
    child.kill('SIGTERM');
    assert.equal(await exited, 0, output);
    assert.match(output, /stopped/);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await server.close();
    d.cleanup();
  }
});
