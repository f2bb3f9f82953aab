// `superbrain demo`: the 13 Lixia demo sub-centres on loopback, until Ctrl-C. Prints each endpoint;
// with --write-config it also writes a console config file for `superbrain headless --config FILE`.
import { writeFileSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, optionHelp, UsageError, type OptionSpec } from './args.ts';
import { parseConsoleConfig, type ConsoleConfig } from '../config.ts';
import { SFP_NAMESPACE } from '../../src-shared/sfp/schemas.ts';
import { formatShanghaiIso } from '../../src-shared/domain/time.ts';
import { DEFAULT_DEMO_TOKEN, startDemoDistrict } from '../demo/district-runner.ts';
import type { BurstOptions } from '../demo/rates.ts';

const SPEC = {
  'data-dir': { type: 'string', help: 'folder of the 13 sub-centre logs', default: './.superbrain-data/demo' },
  'base-port': { type: 'number', help: 'street n listens on base-port + n - 1 (0 = free ports)', default: 7401 },
  host: { type: 'string', help: 'address to listen on', default: '127.0.0.1' },
  speed: { type: 'number', help: 'demo seconds per real second', default: 1 },
  seed: { type: 'number', help: 'random seed of the scenario', default: 1 },
  token: { type: 'string', help: 'token consoles present', default: DEFAULT_DEMO_TOKEN },
  'write-config': { type: 'string', help: 'write a console config file for these endpoints' },
  'backfill-hours': { type: 'number', help: 'hours of past activity published on a fresh log', default: 6 },
  'incidents-per-day': { type: 'number', help: 'district-wide incident rate at normal times', default: 2500 },
  'burst-in': { type: 'number', help: 'start a burst (storm of incidents) this many demo minutes after start' },
  'burst-minutes': { type: 'number', help: 'length of the burst in demo minutes', default: 60 },
  'burst-factor': { type: 'number', help: 'how many times the normal rate during the burst', default: 20 },
  help: { type: 'boolean', help: 'this help' },
} satisfies OptionSpec;

const USAGE = `usage: superbrain demo [options]\n\nRuns the 13 demo sub-centres of Jinan's Lixia district (历下区) on this machine.\n\n${optionHelp(SPEC)}`;

export async function run(argv: string[]): Promise<number> {
  let opts;
  let burst: BurstOptions | undefined;
  try {
    opts = parseArgs(argv, SPEC);
    if (opts.help) {
      console.log(USAGE);
      return 0;
    }
    if (opts._.length > 0) throw new UsageError(`unexpected argument "${opts._[0]}"`);
    const basePort = opts['base-port'];
    if (basePort === undefined || !Number.isInteger(basePort) || basePort < 0 || basePort > 65535 - 12) throw new UsageError(`--base-port must be 0 or an integer up to ${65535 - 12}`);
    if (opts.speed === undefined || !(opts.speed > 0 && opts.speed <= 10_000)) throw new UsageError('--speed must be above 0 and at most 10000');
    if (opts.seed === undefined || !Number.isInteger(opts.seed)) throw new UsageError('--seed must be an integer');
    if (!opts.token) throw new UsageError('--token must not be empty');
    if (!opts.host) throw new UsageError('--host must not be empty');
    if (!opts['data-dir']) throw new UsageError('--data-dir must not be empty');
    const backfill = opts['backfill-hours'];
    if (backfill === undefined || !(backfill >= 0 && backfill <= 168)) throw new UsageError('--backfill-hours must be from 0 to 168');
    const perDay = opts['incidents-per-day'];
    if (perDay === undefined || !(perDay >= 0 && perDay <= 1_000_000)) throw new UsageError('--incidents-per-day must be from 0 to 1000000');
    if (opts['burst-in'] !== undefined) {
      const minutes = opts['burst-minutes'] ?? 60;
      const factor = opts['burst-factor'] ?? 20;
      if (!(opts['burst-in'] >= 0)) throw new UsageError('--burst-in must be 0 or more minutes');
      if (!(minutes > 0)) throw new UsageError('--burst-minutes must be above 0');
      if (!(factor >= 0 && factor <= 1000)) throw new UsageError('--burst-factor must be from 0 to 1000');
      burst = { startInMinutes: opts['burst-in'], durationMinutes: minutes, factor };
    }
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`superbrain demo: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }

  const dataDir = path.resolve(opts['data-dir']!);
  const say = (message: string): void => console.log(`${formatShanghaiIso(new Date())} ${message}`);
  const demo = await startDemoDistrict({
    dataDir,
    host: opts.host!,
    basePort: opts['base-port']!,
    speed: opts.speed!,
    seed: opts.seed!,
    token: opts.token!,
    backfillHours: opts['backfill-hours']!,
    rates: { incidentsPerDay: opts['incidents-per-day']! },
    ...(burst ? { burst } : {}),
    log: (m) => {
      if (m.includes('error') || m.includes('failed') || m.includes('refused')) say(m);
    },
  });

  let stopping = false;
  try {
    for (const e of demo.endpoints) console.log(`${e.id} ${(e.name ?? '').padEnd(6, '　')} ${e.url}${SFP_NAMESPACE}`);
    if (opts['write-config']) {
      const file = path.resolve(opts['write-config']);
      writeConfig(file, {
        consoleId: 'superbrain-demo-console',
        district: { id: '370102', name: '历下区' },
        subcentres: demo.endpoints,
        staleAfterSeconds: 30,
      });
      const shown = path.relative(process.cwd(), file);
      console.log(`console config written to ${file} (superbrain headless --config ${shown && !shown.startsWith('..') ? shown : file})`);
    }
    console.log(`demo clock at ${formatShanghaiIso(demo.clock.now())}, speed ${demo.clock.speed}; data in ${dataDir}. Ctrl-C stops.`);
  } catch (err) {
    await demo.stop();
    throw err;
  }

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  say('stopping the demo sub-centres');
  await demo.stop();
  return 0;
}

/** Writes atomically, and only a config that the console would accept. */
function writeConfig(file: string, config: ConsoleConfig): void {
  parseConsoleConfig(config, 'the generated config');
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`);
  renameSync(tmp, file);
}
