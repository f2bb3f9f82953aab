// `superbrain headless --config FILE --data-dir DIR`: the console's data plane without a UI — the feed
// links fill <data-dir>/console.db; one log line per link state change; SIGINT/SIGTERM stop it cleanly.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { LinkState } from '../../src-shared/api.ts';
import { loadConsoleConfig } from '../config.ts';
import type { BackoffOptions } from '../feed/backoff.ts';
import { FeedManager } from '../feed/feed-manager.ts';
import { scheduleBackups } from '../store/backup.ts';
import { openStore } from '../store/store.ts';
import { savedFeedEndpoints } from '../runtime/endpoint-control.ts'; // issue 9
import { formatShanghaiIso } from '../store/time.ts';
import { optionHelp, parseCommandArgs, type OptionSpec } from './args.ts';

const SPEC = {
  config: { type: 'string', help: 'console config file (JSON): consoleId, sub-centre endpoints and tokens' },
  'data-dir': { type: 'string', help: 'where the cache lives (console.db is created there)' },
  help: { type: 'boolean', help: 'show this help' },
} satisfies OptionSpec;

const USAGE = `usage: superbrain headless --config FILE --data-dir DIR

Connects to every enabled sub-centre of the config (SFP/1), keeps <data-dir>/console.db up to date and
logs each change of a link's state. Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.

options:
${optionHelp(SPEC)}`;

export interface HeadlessOptions {
  configFile: string;
  dataDir: string;
  /** Aborting it stops the feed and closes the cache. */
  signal: AbortSignal;
  log?: (line: string) => void;
  now?: () => number;
  backoff?: BackoffOptions;
  nativeBinding?: string;
}

export async function run(argv: string[]): Promise<number> {
  const opts = parseCommandArgs('headless', argv, SPEC, USAGE);
  if (typeof opts === 'number') return opts;
  if (!opts.config || !opts['data-dir']) {
    console.error(`superbrain headless: --config and --data-dir are both required\n\n${USAGE}`);
    return 2;
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await runHeadless({ configFile: opts.config, dataDir: opts['data-dir'], signal: controller.signal });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** Runs until `signal` aborts; returns the exit code. Config and cache errors throw with a clear message. */
export async function runHeadless(options: HeadlessOptions): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line));
  const now = options.now ?? Date.now;
  const config = loadConsoleConfig(options.configFile);
  try {
    mkdirSync(options.dataDir, { recursive: true });
  } catch (err) {
    throw new Error(`cannot create the data directory ${options.dataDir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const file = path.join(options.dataDir, 'console.db');
  const store = openStore(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  let feed: FeedManager | null = null;
  // Online backups into <data-dir>/backups/, rotated (issue 8).
  const backups = scheduleBackups(store, { onError: (err) => log(`${formatShanghaiIso(now())} backup failed: ${(err as Error).message}`) });
  try {
    feed = new FeedManager({
      store,
      consoleId: config.consoleId,
      // issue 9: sub-centres saved in the app (web / Electron on the same data dir) join the config file's.
      endpoints: [...config.subcentres, ...savedFeedEndpoints(store, config.subcentres)],
      staleAfterMs: config.staleAfterSeconds * 1000,
      now,
      ...(options.backoff ? { backoff: options.backoff } : {}),
      onError: (err) => log(`${formatShanghaiIso(now())} error: ${(err as Error)?.message ?? String(err)}`),
    });
    const shown = new Map<string, string>();
    const show = (links: LinkState[]) => {
      for (const l of links) {
        const key = `${l.state}|${l.lastError ?? ''}`;
        if (shown.get(l.subcentreId) === key) continue;
        shown.set(l.subcentreId, key);
        log(describeLink(l, now()));
      }
    };
    feed.onDidChangeLinks(show);
    const enabled = config.subcentres.filter((s) => s.enabled).length;
    log(`${formatShanghaiIso(now())} superbrain headless: console ${config.consoleId}, ${enabled} of ${config.subcentres.length} sub-centres enabled, cache ${file}`);
    show(feed.links());
    if (!options.signal.aborted) {
      feed.start();
      await new Promise<void>((resolve) => options.signal.addEventListener('abort', () => resolve(), { once: true }));
    }
    log(`${formatShanghaiIso(now())} superbrain headless: stopping`);
    await feed.stop();
    log(`${formatShanghaiIso(now())} superbrain headless: stopped`);
    return 0;
  } finally {
    backups.dispose();
    await feed?.stop();
    store.close();
  }
}

/** "2026-11-23T08:00:00.000+08:00 370102012 龙洞街道 connected epoch=e-1 ack=120/120" */
export function describeLink(l: LinkState, at: number): string {
  const error = l.lastError ? ` (${l.lastError})` : '';
  return `${formatShanghaiIso(at)} ${l.subcentreId} ${l.name} ${l.state}${error} epoch=${l.epoch ?? '-'} ack=${l.lastAckSeq}/${l.headSeq}`;
}
