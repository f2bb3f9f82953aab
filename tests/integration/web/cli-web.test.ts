// `superbrain web` as a user runs it: one SUPERBRAIN_URL= line to parse, the API behind the token, a
// clean exit on SIGINT/SIGTERM, and clear errors for bad options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { DEFAULT_ROOT } from '../../../src-main/runtime/paths.ts';
import { isLoopbackHost } from '../../../src-main/web/security.ts';

const BIN = path.join(DEFAULT_ROOT, 'bin', 'superbrain.mjs');

interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function superbrain(args: string[]): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: DEFAULT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function urlOf(p: Spawned, timeoutMs = 30_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const m = /^SUPERBRAIN_URL=(\S+)$/m.exec(p.stdout());
    if (m) return m[1]!;
    if (p.child.exitCode !== null) throw new Error(`exited early (${p.child.exitCode}):\n${p.stdout()}\n${p.stderr()}`);
    if (Date.now() > end) throw new Error(`no SUPERBRAIN_URL line:\n${p.stdout()}\n${p.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function call(url: string, method: string): Promise<unknown> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${u.host}/api?token=${u.searchParams.get('token')}`);
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ kind: 'call', id: 1, method })));
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { kind: string; id?: number; ok?: boolean; value?: unknown; error?: unknown };
      if (m.kind !== 'result' || m.id !== 1) return;
      ws.close();
      if (m.ok) resolve(m.value);
      else reject(new Error(JSON.stringify(m.error)));
    });
  });
}

function configFile(dir: string): string {
  const file = path.join(dir, 'console.json');
  // A sub-centre nobody answers for: the console still starts and shows the link down.
  writeFileSync(file, JSON.stringify({ consoleId: 'cli-test', subcentres: [{ id: '370102012', url: 'http://127.0.0.1:9/sfp1', token: 'x' }] }));
  return file;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`prints one SUPERBRAIN_URL line, serves the API with that token, and exits cleanly on ${signal}`, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-cli-web-'));
    const p = superbrain(['web', '--port', '0', '--config', configFile(dir), '--data-dir', path.join(dir, 'data')]);
    try {
      const url = await urlOf(p);
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32}$/);
      assert.equal(p.stdout().match(/^SUPERBRAIN_URL=/gm)?.length, 1);
      const info = (await call(url, 'getInfo')) as { consoleId: string; transport: string; demo: boolean; dataDir: string };
      assert.deepEqual([info.consoleId, info.transport, info.demo], ['cli-test', 'web', false]);
      assert.equal(info.dataDir, path.join(dir, 'data'));
      p.child.kill(signal);
      const { code } = await p.exit;
      assert.equal(code, 0, p.stderr());
    } finally {
      if (p.child.exitCode === null) p.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('refuses bad options with exit code 2 and says which', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['web', '--port', 'abc'], /--port must be a number/],
    [['web', '--port', '70000'], /--port must be an integer from 0 to 65535/],
    [['web', '--demo', '--config', 'x.json'], /--demo or --config, not both/],
    [['web', '--colour'], /unknown option --colour/],
  ];
  for (const [args, message] of cases) {
    const p = superbrain(args);
    const { code } = await p.exit;
    assert.equal(code, 2, args.join(' '));
    assert.match(p.stderr(), message);
  }
  const missing = superbrain(['web', '--config', '/nonexistent/console.json']);
  assert.equal((await missing.exit).code, 1);
  assert.match(missing.stderr(), /cannot read config file \/nonexistent\/console\.json: ENOENT/);
});

test('warns loudly when bound to an address other than loopback', async () => {
  assert.equal(isLoopbackHost('127.0.0.1'), true);
  assert.equal(isLoopbackHost('::1'), true);
  assert.equal(isLoopbackHost('localhost'), true);
  assert.equal(isLoopbackHost('0.0.0.0'), false);
  assert.equal(isLoopbackHost('192.168.1.5'), false);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-cli-web-'));
  const p = superbrain(['web', '--host', '0.0.0.0', '--port', '0', '--config', configFile(dir), '--data-dir', path.join(dir, 'data')]);
  try {
    const url = await urlOf(p);
    assert.match(url, /^http:\/\/127\.0\.0\.1:/, 'the address printed is one this machine can open');
    assert.match(p.stderr(), /WARNING — binding to 0\.0\.0\.0, not loopback/);
    p.child.kill('SIGTERM');
    assert.equal((await p.exit).code, 0);
  } finally {
    if (p.child.exitCode === null) p.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
