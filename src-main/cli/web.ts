// `superbrain web`: the console in a browser. Starts the runtime (the demo by default, or --config),
// serves the built renderer and the API on loopback, and prints the address to open as one line
// SUPERBRAIN_URL=http://127.0.0.1:PORT/?token=TOKEN (scripts and tests read it). Ctrl-C stops it cleanly.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, optionHelp, UsageError } from './args.ts';
import { loadConsoleConfig } from '../config.ts';
import { startConsoleRuntime, type ConsoleRuntime } from '../runtime/console-runtime.ts';
import { DEFAULT_RENDERER_DIR } from '../runtime/paths.ts';
import { startWebHost, type WebHost } from '../web/web-host.ts';
import { isLoopbackHost } from '../web/security.ts';
import { openInBrowser } from '../web/open-browser.ts';

const SPEC = {
  port: { type: 'number', help: 'port to listen on; 0 picks a free one', default: 0 },
  host: { type: 'string', help: 'address to bind; anything but loopback exposes the console to the network', default: '127.0.0.1' },
  demo: { type: 'boolean', help: 'run the embedded Lixia demo district (the default without --config)' },
  speed: { type: 'number', help: 'demo clock speed (1 = real time)' },
  seed: { type: 'number', help: 'demo random seed' },
  config: { type: 'string', help: 'console configuration file (sub-centre endpoints and tokens)' },
  'data-dir': { type: 'string', help: 'where the local cache lives', default: './.superbrain-data' },
  'index-model': { type: 'string', help: 'strength-index model file (default resources/index-model/default.json)' }, // issue 6
  open: { type: 'boolean', help: 'open the console in a browser window' },
  help: { type: 'boolean', help: 'show this help' },
} as const;

const RENDERER_DIR = DEFAULT_RENDERER_DIR;

export async function run(argv: string[]): Promise<number> {
  let opts;
  try {
    opts = parseArgs(argv, SPEC);
    if (opts._.length) throw new UsageError(`unexpected argument "${opts._[0]}"`);
    if (opts.port === undefined || !Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new UsageError('--port must be an integer from 0 to 65535');
    if (opts.speed !== undefined && !(opts.speed > 0 && opts.speed <= 10_000)) throw new UsageError('--speed must be a number above 0 and at most 10000');
    if (opts.seed !== undefined && !Number.isInteger(opts.seed)) throw new UsageError('--seed must be an integer');
    if (opts.demo && opts.config) throw new UsageError('choose --demo or --config, not both');
    if (!opts.host) throw new UsageError('--host must not be empty');
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`superbrain web: ${err.message}\n\n${usage()}`);
      return 2;
    }
    throw err;
  }
  if (opts.help) {
    console.log(usage());
    return 0;
  }

  const config = opts.config ? loadConsoleConfig(opts.config) : undefined;
  const demo = config ? undefined : { ...(opts.speed !== undefined ? { speed: opts.speed } : {}), ...(opts.seed !== undefined ? { seed: opts.seed } : {}) };
  const dataDir = path.resolve(opts['data-dir'] ?? './.superbrain-data');
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    console.error(`superbrain web: the renderer is not built (${path.relative(process.cwd(), RENDERER_DIR) || RENDERER_DIR}/index.html is missing). Run \`npm run build\`; until then only the API is served.`);
  }
  if (!isLoopbackHost(opts.host!)) {
    console.error(
      `superbrain web: WARNING — binding to ${opts.host}, not loopback: anyone who can reach this machine on port ${opts.port || '(chosen)'} ` +
        'can load the console page, and anyone who also learns the token can use the API. There is no TLS. Only do this on a trusted network.',
    );
  }

  // Signals that arrive while starting still stop everything once it is up.
  // A second signal a moment later (a user pressing Ctrl-C again) exits at once; one arriving together
  // with the first (Ctrl-C reaches a whole process group, a parent may also pass on SIGTERM) does not.
  let stopRequested = 0;
  let wake: (() => void) | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopRequested && Date.now() - stopRequested > 1000) {
      console.error(`superbrain web: ${signal} again — exiting now`);
      process.exit(130);
    }
    stopRequested ||= Date.now();
    wake?.();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let runtime: ConsoleRuntime | null = null;
  let host: WebHost | null = null;
  let browser: { close(): void } | null = null;
  try {
    runtime = await startConsoleRuntime({ dataDir, transport: 'web', ...(config ? { config } : { demo, preferSavedEndpoints: !opts.demo }), ...(opts['index-model'] ? { indexModelFile: opts['index-model'] } : {}) });
    if (!stopRequested) {
      host = await startWebHost({ api: runtime.api, port: opts.port, host: opts.host!, rendererDir: RENDERER_DIR });
      console.log(`SUPERBRAIN_URL=${host.url}`);
      console.log(`Superbrain 城市超脑 (${runtime.info.demo ? 'demo district' : `${runtime.endpoints.length} sub-centres`}) — open ${host.url} in a browser; Ctrl-C stops it.`);
      if (opts.open) browser = openInBrowser(host.url, { profileDir: path.join(dataDir, 'browser-profile') });
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (stopRequested) resolve();
      });
    }
    console.error('superbrain web: stopping…');
    return 0;
  } finally {
    browser?.close();
    await host?.close().catch((err: Error) => console.error(`superbrain web: ${err.message}`));
    await runtime?.stop().catch((err: Error) => console.error(`superbrain web: ${err.message}`));
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // If a library left a timer or socket behind, do not hang after a clean stop.
    setTimeout(() => process.exit(process.exitCode ?? 0), 3000).unref();
  }
}

function usage(): string {
  return `usage: superbrain web [options]\n\nServes the console to a browser: the demo district by default, or the sub-centres of --config.\n\n${optionHelp(SPEC)}`;
}
