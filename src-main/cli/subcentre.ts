// `superbrain subcentre`: one SFP/1 sub-centre server, optionally driven by the demo scenario.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, optionHelp, UsageError, type OptionSpec } from './args.ts';
import { findLixiaStreet } from '../../src-shared/domain/lixia.ts';
import { formatShanghaiIso } from '../../src-shared/domain/time.ts';
import { SFP_NAMESPACE } from '../../src-shared/sfp/schemas.ts';
import { startSubcentreServer } from '../subcentre/server.ts';

const SPEC = {
  street: { type: 'string', help: 'street code, e.g. 370102012 (required)' },
  name: { type: 'string', help: 'street name (default: from the Lixia table, e.g. 龙洞街道)' },
  district: { type: 'string', help: 'district code (default: the first 6 digits of --street)' },
  port: { type: 'number', help: 'TCP port (0 picks a free one)', default: 7312 },
  host: { type: 'string', help: 'address to listen on', default: '127.0.0.1' },
  'data-dir': { type: 'string', help: 'folder for the event log (required)' },
  token: { type: 'string', help: 'shared secret consoles present (required)' },
  'ingest-token': { type: 'string', help: 'bearer token for POST /ingest/* (default: --token)' },
  scenario: { type: 'string', help: 'on|off: drive the server with the demo scenario', default: 'off' },
  speed: { type: 'number', help: 'scenario speed factor' },
  seed: { type: 'number', help: 'scenario random seed' },
  'reset-epoch': { type: 'boolean', help: 'drop the log and start a new epoch at seq 1' },
  'status-interval': { type: 'number', help: 'seconds between status messages (SFP/1: at most 10)', default: 10 },
  help: { type: 'boolean', help: 'this help' },
} satisfies OptionSpec;

const USAGE = `usage: superbrain subcentre --street CODE --data-dir DIR --token T [options]\n\n${optionHelp(SPEC)}`;

export async function run(argv: string[]): Promise<number> {
  let opts;
  try {
    opts = parseArgs(argv, SPEC);
    if (opts.help) {
      console.log(USAGE);
      return 0;
    }
    if (opts._.length > 0) throw new UsageError(`unexpected argument "${opts._[0]}"`);
    if (!opts.street || !/^\d{6,12}$/.test(opts.street)) throw new UsageError('--street must be a street code of 6 to 12 digits, e.g. 370102012');
    if (!opts['data-dir']) throw new UsageError('--data-dir is required');
    if (!opts.token) throw new UsageError('--token is required');
    if (opts.scenario !== 'on' && opts.scenario !== 'off') throw new UsageError('--scenario must be on or off');
    if (opts.port === undefined || !Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new UsageError('--port must be an integer 0..65535');
    if (opts.speed !== undefined && !(opts.speed > 0)) throw new UsageError('--speed must be above 0');
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`superbrain subcentre: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }

  const street = opts.street;
  const name = opts.name ?? findLixiaStreet(street)?.name;
  if (!name) {
    console.error(`superbrain subcentre: street ${street} is not one of Lixia's 13; give its name with --name`);
    return 2;
  }
  const dataDir = path.resolve(opts['data-dir']);
  mkdirSync(dataDir, { recursive: true });
  const say = (message: string): void => console.log(`${formatShanghaiIso(new Date())} ${street} ${message}`);

  // The scenario's clock drives the server too, so that envelope times follow demo time.
  const demo = opts.scenario === 'on' ? await import('../demo/scenario.ts') : null;
  const clock = demo?.createScenarioClock(opts.speed ?? 1);
  const now = clock ? () => clock.now() : () => new Date();

  const server = await startSubcentreServer({
    subcentre: { id: street, name, districtId: opts.district ?? street.slice(0, 6) },
    dbFile: path.join(dataDir, `subcentre-${street}.sqlite`),
    port: opts.port,
    host: opts.host ?? '127.0.0.1',
    tokens: [opts.token],
    ...(opts['ingest-token'] ? { ingestToken: opts['ingest-token'] } : {}),
    resetEpoch: opts['reset-epoch'],
    statusIntervalMs: statusIntervalMs(opts['status-interval']),
    now,
    ...(demo ? { onDuty: (base: { gridWorkers: number }) => demo.demoOnDuty(base.gridWorkers, now()) } : {}),
    log: say,
  });

  let scenario: { stop(): void } | null = null;
  if (demo && clock) {
    try {
      scenario = demo.startScenario(server.publisher, {
        streetId: street,
        clock,
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
        log: (m) => say(`scenario: ${m}`),
      });
    } catch (err) {
      await server.close();
      throw err;
    }
  }

  const { publisher } = server;
  console.log(`subcentre ${street} ${name} listening on ${server.url}${SFP_NAMESPACE} (epoch ${publisher.epoch}, head ${publisher.headSeq()})`);

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  say('shutting down');
  scenario?.stop();
  await server.close();
  return 0;
}

function statusIntervalMs(seconds: number | undefined): number {
  const s = seconds ?? 10;
  if (!(s >= 0.1 && s <= 10)) throw new UsageError(`--status-interval must be between 0.1 and 10 seconds (SFP/1 §3.5), got ${s}`);
  return Math.round(s * 1000);
}
