// Which sub-centres the running console connects to (issue 9), and how that changes while it runs.
//
//   config file's `subcentres`   fixed (shown as such, changed only in the file)
// + endpoints saved in the app   added to them, live: saved → connected at once, disabled/removed → closed
// = the feed's links
//
// Demo mode (no config file, nothing saved): the 13 embedded demo sub-centres. Saving a first endpoint
// leaves the demo at once — an operations centre must never see fictitious incidents next to real ones:
// the demo links and servers stop, what the demo put in the cache is removed, the console's clock goes
// back to real time and the saved endpoints connect. The next start of the same data directory begins
// with the saved endpoints (no demo).
import type { FeedEndpoint, FeedManager } from '../feed/feed-manager.ts';
import { listStoredEndpoints, retireDemoData } from '../store/endpoints.ts';
import type { Store } from '../store/store.ts';
import type { EndpointPort } from '../api/endpoint-methods.ts';

export interface EndpointControlOptions {
  store: Store;
  feed: FeedManager;
  /** The config file's sub-centres ([] without a config file). */
  fixed: readonly FeedEndpoint[];
  /** The running demo, or null. */
  demo: { endpoints: readonly FeedEndpoint[]; stop(): Promise<void> } | null;
  /** The consoleId in demo mode and the one used once the demo is left. */
  consoleId: string;
  liveConsoleId: string;
  /** Called once the demo is gone (the runtime switches its clock and ConsoleInfo). */
  onLeftDemo: () => void;
  now: () => number;
  log: (line: string) => void;
}

/** The saved endpoints the feed should have next to the fixed ones (a saved id the config also names is the config's). */
export function savedFeedEndpoints(store: Store, fixed: readonly FeedEndpoint[]): FeedEndpoint[] {
  const fixedIds = new Set(fixed.map((e) => e.id));
  return listStoredEndpoints(store)
    .filter((e) => !fixedIds.has(e.id))
    .map((e) => ({ id: e.id, url: e.url, token: e.token, enabled: e.enabled, ...(e.name ? { name: e.name } : {}) }));
}

export function createEndpointControl(options: EndpointControlOptions): EndpointPort {
  let demo = options.demo;
  let consoleId = options.consoleId;
  let chain: Promise<void> = Promise.resolve();

  const apply = async (actor: unknown): Promise<void> => {
    const saved = savedFeedEndpoints(options.store, options.fixed);
    if (demo) {
      if (saved.length === 0) return;
      const leaving = demo;
      const demoIds = leaving.endpoints.map((e) => e.id);
      // Order matters: close the demo links before their data go, and the data before a real server of
      // the same street may send its snapshot.
      await options.feed.setEndpoints([]);
      try {
        await leaving.stop();
      } catch (err) {
        options.log(`while stopping the demo: ${(err as Error).message}`);
      }
      const r = retireDemoData(options.store, demoIds, { actor, at: Date.now() });
      demo = null;
      consoleId = options.liveConsoleId;
      options.onLeftDemo();
      options.log(`left the demo: ${demoIds.length} demo sub-centres closed, ${r.removed} demo records removed, ${r.cancelledCommands} demo commands cancelled`);
    }
    await options.feed.setEndpoints([...options.fixed, ...saved], { consoleId });
    options.log(`sub-centres: ${options.fixed.length} from the config file, ${saved.length} saved in the app`);
  };

  return {
    fixed: () => options.fixed,
    demo: () => demo?.endpoints ?? [],
    consoleId: () => consoleId,
    apply(actor) {
      // One change at a time, in the order asked.
      const run = () => apply(actor);
      chain = chain.then(run, run);
      return chain;
    },
  };
}
