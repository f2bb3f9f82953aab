// Processes the end-to-end specs drive: the web console (`superbrain web`) and stand-alone sub-centres
// (`superbrain subcentre`), each started the way a user would and stopped (and cleaned up) by the spec.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'superbrain.mjs');
const START_TIMEOUT_MS = 60_000;

export interface RunningProcess {
  readonly pid: number;
  /** SIGTERM, then SIGKILL if it has not exited within 10 s; resolves once it has exited. */
  stop(): Promise<void>;
  kill(signal: NodeJS.Signals): void;
}

/** Spawns `node bin/superbrain.mjs …args` and resolves when a line of its stdout matches `ready`. */
function spawnUntil(args: string[], ready: RegExp, what: string): Promise<{ child: ChildProcess; match: RegExpExecArray; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const output = (): string => `--- stdout ---\n${stdout.slice(-4000)}\n--- stderr ---\n${stderr.slice(-4000)}`;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      reject(new Error(`${what} ${why}\n${output()}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    let pending = '';
    child.stdout!.on('data', (chunk: string) => {
      stdout += chunk;
      if (settled) return;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const m = ready.exec(line);
        if (m) {
          settled = true;
          clearTimeout(timer);
          resolve({ child, match: m, output });
          return;
        }
      }
    });
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk;
      if (process.env.SUPERBRAIN_E2E_VERBOSE) process.stderr.write(chunk);
    });
    child.on('error', (err) => fail(`could not be spawned: ${err.message}`));
    child.on('exit', (code, signal) => fail(`exited before it was ready (code ${code}, signal ${signal})`));
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  let stopping: Promise<void> | null = null;
  return () => {
    stopping ??= new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill('SIGTERM');
    });
    return stopping;
  };
}

/**
 * Starts `superbrain web --port 0 --data-dir <fresh temp dir> …args` (the demo district unless args say
 * --config) and resolves with the address it printed (SUPERBRAIN_URL=…). `stop()` ends it and removes the
 * temp dir.
 */
export async function startWebConsole(args: string[] = []): Promise<{ url: string; dataDir: string; pid: number; stop(): Promise<void> }> {
  const ownDir = args.includes('--data-dir') ? null : mkdtempSync(path.join(os.tmpdir(), 'superbrain-e2e-'));
  const dataArgs = ownDir ? ['--data-dir', ownDir] : [];
  let started;
  try {
    started = await spawnUntil(['web', '--port', '0', ...dataArgs, ...args], /^SUPERBRAIN_URL=(\S+)$/, 'superbrain web');
  } catch (err) {
    if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    throw err;
  }
  const stop = stopper(started.child);
  return {
    url: started.match[1]!,
    dataDir: ownDir ?? args[args.indexOf('--data-dir') + 1]!,
    pid: started.child.pid!,
    async stop() {
      await stop();
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    },
  };
}

/** Starts `superbrain subcentre` and resolves once it says it is listening. */
export async function startSubcentreProcess(opts: {
  street: string;
  port: number;
  dataDir: string;
  token: string;
  scenario?: boolean;
  speed?: number;
  /** Seconds between `status` messages (default 10, as SFP/1 §3.5 allows at most). */
  statusIntervalSeconds?: number;
}): Promise<RunningProcess & { url: string }> {
  const args = ['subcentre', '--street', opts.street, '--port', String(opts.port), '--data-dir', opts.dataDir, '--token', opts.token];
  if (opts.scenario) args.push('--scenario', 'on');
  if (opts.speed !== undefined) args.push('--speed', String(opts.speed));
  if (opts.statusIntervalSeconds !== undefined) args.push('--status-interval', String(opts.statusIntervalSeconds));
  const { child, match } = await spawnUntil(args, /listening on (\S+)/, `superbrain subcentre ${opts.street}`);
  return {
    pid: child.pid!,
    url: match[1]!,
    stop: stopper(child),
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** issue 4: starts `superbrain demo …args` (the 13 Lixia demo sub-centres in one process) and resolves once it prints its clock. */
export async function startDemoProcess(args: string[]): Promise<RunningProcess> {
  const { child } = await spawnUntil(['demo', ...args], /^demo clock at /, 'superbrain demo');
  return {
    pid: child.pid!,
    stop: stopper(child),
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}
