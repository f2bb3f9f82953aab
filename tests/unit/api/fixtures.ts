// A ConsoleApi over a real store file in a temp dir, with a feed stand-in that queues commands in that
// store (what the FeedManager does first) and lets a test change the link states. Shared by the API
// unit tests and the web transport's integration tests.
import { randomUUID } from 'node:crypto';
import { createConsoleApi, DEFAULT_OPERATOR, type FeedPort } from '../../../src-main/api/console-api.ts';
import { applyEventBatch } from '../../../src-main/store/apply.ts';
import { enqueueCommand } from '../../../src-main/store/outbox.ts';
import type { Store } from '../../../src-main/store/store.ts';
import type { Boundaries, Disposable, IssueCommandRequest, LinkState } from '../../../src-shared/api.ts';
import type { Operator } from '../../../src-shared/sfp/schemas.ts';
import { batch, STREET, tempStore } from '../store/fixtures.ts';

export const NOW = Date.parse('2026-11-23T10:00:00.000+08:00');

function link(state: LinkState['state']): LinkState {
  return {
    subcentreId: STREET, name: '龙洞街道', url: 'http://127.0.0.1:1/sfp1', state, epoch: 'e1', lastAckSeq: 0, headSeq: 0, lag: 0,
    lastHeardAt: null, connectedSince: null, lastError: null, onDuty: null, queue: null, pendingCommands: 0, rejectedEnvelopes: 0,
  };
}

/** A feed that queues commands in the real store (what the FeedManager does first) and lets the test change link states. */
export class TestFeed implements FeedPort {
  state: LinkState[] = [link('connecting')];
  issued: Array<{ request: IssueCommandRequest; operator: Operator }> = [];
  private listeners = new Set<(links: LinkState[]) => void>();
  constructor(private readonly store: Store) {}
  links(): LinkState[] {
    return this.state;
  }
  onDidChangeLinks(listener: (links: LinkState[]) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }
  setState(s: LinkState['state']): void {
    this.state = [link(s)];
    for (const l of this.listeners) l(this.state);
  }
  listenerCount(): number {
    return this.listeners.size;
  }
  issueCommand(request: IssueCommandRequest, operator: Operator) {
    this.issued.push({ request, operator });
    const command = { commandId: randomUUID(), type: request.type, issuedAt: '2026-11-23T10:00:00.000+08:00', operator, target: request.target, args: request.args };
    return enqueueCommand(this.store, { subcentreId: STREET, command });
  }
}

export const BOUNDARIES: Boundaries = {
  district: { type: 'Feature', properties: { id: '370102', name: '历下区', level: 'district' }, geometry: { type: 'Polygon', coordinates: [[[117, 36], [117.1, 36], [117.1, 36.1], [117, 36]]] } },
  streets: [],
  communities: [],
  bbox: [117, 36, 117.1, 36.1],
  source: 'test',
};

export function setupApi(options: { boundaries?: Boundaries | null; changeIntervalMs?: number } = {}) {
  const tmp = tempStore();
  const feed = new TestFeed(tmp.store);
  const api = createConsoleApi({
    store: tmp.store,
    feed,
    info: { version: '9.9.9', transport: 'web', consoleId: 'test-console', demo: true, district: { id: '370102', name: '历下区' }, dataDir: tmp.dir, cacheId: 'test-cache' },
    operator: () => DEFAULT_OPERATOR,
    boundaries: () => {
      if (options.boundaries === null) throw Object.assign(new Error('boundaries are not available: no files'), { name: 'BoundariesUnavailable' });
      return options.boundaries ?? BOUNDARIES;
    },
    now: () => NOW,
    changeIntervalMs: options.changeIntervalMs ?? 250,
  });
  let seq = 0;
  const apply = (items: Array<[string, unknown]>) => {
    const r = applyEventBatch(tmp.store, STREET, 'e1', batch(seq + 1, items), { now: NOW });
    seq += items.length;
    return r;
  };
  return {
    api,
    feed,
    store: tmp.store,
    apply,
    cleanup() {
      api.dispose();
      tmp.cleanup();
    },
  };
}

