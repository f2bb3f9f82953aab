// The 13 demo sub-centres on real loopback sockets with real SQLite logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { startDemoDistrict } from '../../../src-main/demo/district-runner.ts';
import { createScenarioClock } from '../../../src-main/demo/scenario.ts';
import { loadDemoDistrict } from '../../../src-main/demo/district.ts';
import { loadConsoleConfig } from '../../../src-main/config.ts';
import { LIXIA_STREETS } from '../../../src-shared/domain/lixia.ts';

const district = loadDemoDistrict();

type Health = { ok: boolean; subcentre: { id: string; name: string }; epoch: string; headSeq: number | null };

async function health(url: string): Promise<Health> {
  const res = await fetch(`${url}/healthz`);
  assert.equal(res.status, 200);
  return (await res.json()) as Health;
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'superbrain-demo-district-'));
}

test('starts 13 sub-centres on free ports that answer /healthz and whose logs fill up', async () => {
  const dir = tempDir();
  const demo = await startDemoDistrict({ dataDir: dir, basePort: 0, backfillHours: 1, clock: createScenarioClock(1200), district });
  try {
    assert.equal(demo.endpoints.length, 13);
    assert.deepEqual(demo.endpoints.map((e) => e.id), LIXIA_STREETS.map((s) => s.id));
    assert.equal(new Set(demo.endpoints.map((e) => e.url)).size, 13);
    for (const e of demo.endpoints) {
      assert.match(e.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(e.token, 'demo-token');
      assert.ok(existsSync(path.join(dir, `subcentre-${e.id}.db`)));
    }
    const first = await Promise.all(demo.endpoints.map((e) => health(e.url)));
    first.forEach((h, i) => {
      assert.equal(h.ok, true);
      assert.equal(h.subcentre.id, demo.endpoints[i]!.id);
      assert.equal(h.subcentre.name, demo.endpoints[i]!.name);
      assert.ok(h.headSeq! > 100, `${h.subcentre.id} holds its base and backfill (${h.headSeq})`);
    });
    // 1,200× speed: a real second is 20 demo minutes, enough for every street to publish something.
    await waitFor('every log to grow', async () => {
      const now = await Promise.all(demo.endpoints.map((e) => health(e.url)));
      return now.every((h, i) => h.headSeq! > first[i]!.headSeq!);
    });
  } finally {
    await demo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stopOne and startOne keep the port, the log and the epoch; a console gets hello and the street', async () => {
  const dir = tempDir();
  const demo = await startDemoDistrict({ dataDir: dir, basePort: 0, backfillHours: 0, token: 'secret', clock: createScenarioClock(60), district });
  let socket: Socket | null = null;
  try {
    const street = demo.endpoints[11]!; // 龙洞街道
    assert.equal(street.token, 'secret');
    const before = await health(street.url);
    await demo.stopOne(street.id);
    assert.equal(demo.server(street.id), undefined);
    await assert.rejects(fetch(`${street.url}/healthz`), 'the stopped sub-centre does not answer');
    await demo.stopOne(street.id); // stopping twice is harmless
    await demo.startOne(street.id);
    const after = await health(street.url);
    assert.equal(after.epoch, before.epoch);
    assert.ok(after.headSeq! >= before.headSeq!);
    assert.equal(demo.server(street.id)!.port, Number(new URL(street.url).port));
    assert.equal(demo.server(street.id)!.publisher.listEntities('grid').length, district.gridsOf(street.id).length, 'no grid twice');

    socket = io(`${street.url}/sfp1`, { transports: ['websocket'], reconnection: false, auth: { protocol: 'sfp/1', token: 'secret', consoleId: 'test-console' } });
    const hello = await new Promise<{ subcentre: { id: string; name: string; districtId: string }; epoch: string; headSeq: number }>((resolve, reject) => {
      socket!.once('hello', resolve);
      socket!.once('connect_error', reject);
    });
    assert.deepEqual(hello.subcentre, { id: '370102012', name: '龙洞街道', districtId: '370102' });
    assert.equal(hello.epoch, before.epoch);
    const grids = await new Promise<number>((resolve) => {
      let n = 0;
      socket!.on('snapshot', (msg: { seq: number; part?: number; parts?: number; entities: { grids?: unknown[] } }, ack: (a: unknown) => void) => {
        n += msg.entities.grids?.length ?? 0;
        const last = !msg.parts || msg.part === msg.parts;
        ack({ ackSeq: last ? msg.seq : null });
        if (last) resolve(n);
      });
    });
    assert.equal(grids, district.gridsOf('370102012').length);

    await assert.rejects(demo.startOne('999999999'), /no demo sub-centre/);
  } finally {
    socket?.close();
    await demo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fixed ports: street n listens on base-port + n - 1', async () => {
  const dir = tempDir();
  // A high base port that is very likely free on a test machine.
  const basePort = 20000 + Math.floor(Math.random() * 12000); // below the ephemeral range
  let demo;
  try {
    demo = await startDemoDistrict({ dataDir: dir, basePort, backfillHours: 0, clock: createScenarioClock(1), district });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') return; // taken by chance: nothing to learn
    throw err;
  }
  try {
    demo.endpoints.forEach((e, i) => assert.equal(e.url, `http://127.0.0.1:${basePort + i}`));
    assert.equal((await health(demo.endpoints[12]!.url)).subcentre.id, '370102013');
  } finally {
    await demo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('`superbrain demo --write-config` prints the endpoints, writes a config the console accepts, and stops on SIGINT', async () => {
  const dir = tempDir();
  const configFile = path.join(dir, 'console.json');
  const bin = path.resolve(import.meta.dirname, '../../../bin/superbrain.mjs');
  const child = spawn(process.execPath, [bin, 'demo', '--base-port', '0', '--data-dir', path.join(dir, 'data'), '--write-config', configFile, '--backfill-hours', '0', '--token', 'cli-token'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await waitFor('the config file', () => existsSync(configFile) && out.includes('Ctrl-C'), 30_000);
    const config = loadConsoleConfig(configFile);
    assert.equal(config.subcentres.length, 13);
    assert.ok(config.subcentres.every((s) => s.token === 'cli-token'));
    for (const s of config.subcentres) assert.ok(out.includes(`${s.id}`) && out.includes(`${s.url}/sfp1`), `prints ${s.id}`);
    assert.equal((await health(config.subcentres[0]!.url)).subcentre.id, '370102001');
    child.kill('SIGINT');
    assert.equal(await exited, 0, out);
    assert.ok(JSON.parse(readFileSync(configFile, 'utf8')).subcentres.length === 13);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('`superbrain demo` refuses bad options with a usage message', async () => {
  const { run } = await import('../../../src-main/cli/demo.ts');
  const errors: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void errors.push(args.join(' '));
  try {
    assert.equal(await run(['--speed', '0']), 2);
    assert.equal(await run(['--base-port', '70000']), 2);
    assert.equal(await run(['--nope']), 2);
    assert.equal(await run(['--burst-in', '5', '--burst-factor', '-1']), 2);
  } finally {
    console.error = original;
  }
  assert.match(errors[0]!, /--speed/);
  assert.match(errors[2]!, /unknown option --nope/);
  assert.ok(errors.every((e) => e.includes('usage: superbrain demo')));
});
