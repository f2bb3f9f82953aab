// The console's feed: one StreetSubcentreLink per configured sub-centre, their merged states, and the
// operator's commands (made durable in the outbox first, then sent by the owning link).
import { randomUUID } from 'node:crypto';
import type { Disposable, EpochMs, IssueCommandRequest, LinkState, OutboxEntry } from '../../src-shared/api.ts';
import { STALE_AFTER_MS, type Operator } from '../../src-shared/sfp/schemas.ts';
import { isCommandType } from '../../src-shared/sfp/validate.ts';
import type { SubcentreEndpoint } from '../config.ts';
import { enqueueCommand } from '../store/outbox.ts';
import { getEntityOwner } from '../store/queries.ts';
import type { Store } from '../store/store.ts';
import { formatShanghaiIso } from '../store/time.ts';
import type { BackoffOptions } from './backoff.ts';
import { GroupCommitter } from './group-commit.ts';
import { StreetSubcentreLink } from './subcentre-link.ts';

export type FeedEndpoint = Pick<SubcentreEndpoint, 'id' | 'url' | 'token'> & { name?: string; enabled?: boolean };

export interface FeedManagerOptions {
  store: Store;
  consoleId: string;
  endpoints: FeedEndpoint[];
  /** Default 30,000 ms (SFP/1 §3.5). */
  staleAfterMs?: number;
  /** Reconnection backoff; default base 500 ms, max 30 s, full jitter. */
  backoff?: BackoffOptions;
  /** How long to wait for a command's acknowledgement before sending it again. Default 15,000 ms. */
  commandAckTimeoutMs?: number;
  /** How long a connection attempt (up to `hello`) may take. Default 10,000 ms. */
  connectTimeoutMs?: number;
  now?: () => EpochMs;
  /** Unexpected errors. Default: console.error. */
  onError?: (err: unknown) => void;
}

export class FeedManager {
  private readonly store: Store;
  private readonly now: () => EpochMs;
  private readonly options: FeedManagerOptions;
  private readonly committer: GroupCommitter;
  private linkList: StreetSubcentreLink[];
  private readonly byId = new Map<string, StreetSubcentreLink>();
  /** The endpoint each link was made from (issue 9: setEndpoints compares against it). */
  private readonly endpointOf = new Map<string, FeedEndpoint>();
  private consoleId: string;
  private changing: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(links: LinkState[]) => void>();
  private readonly onError: (err: unknown) => void;
  private started = false;
  private stopping: Promise<void> | null = null;

  constructor(options: FeedManagerOptions) {
    this.store = options.store;
    this.now = options.now ?? Date.now;
    this.onError = options.onError ?? ((err: unknown) => console.error('[superbrain] feed:', err));
    this.options = options;
    this.consoleId = options.consoleId;
    this.committer = new GroupCommitter(options.store);
    this.linkList = options.endpoints.map((endpoint) => {
      if (this.byId.has(endpoint.id)) throw new Error(`sub-centre ${endpoint.id} is configured twice`);
      return this.createLink(endpoint);
    });
  }

  private createLink(endpoint: FeedEndpoint): StreetSubcentreLink {
    const options = this.options;
    const link = new StreetSubcentreLink({
      store: options.store,
      consoleId: this.consoleId,
      endpoint,
      staleAfterMs: options.staleAfterMs ?? STALE_AFTER_MS,
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.commandAckTimeoutMs !== undefined ? { commandAckTimeoutMs: options.commandAckTimeoutMs } : {}),
      ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
      now: this.now,
      onError: this.onError,
      committer: this.committer,
    });
    this.byId.set(endpoint.id, link);
    this.endpointOf.set(endpoint.id, { ...endpoint });
    link.onDidChange(() => this.emit());
    return link;
  }

  /**
   * Issue 9: the sub-centres to be connected to change while the console runs. A link whose endpoint is
   * gone is closed; a new one connects at once (when started); a changed URL, token, name or enabled flag
   * closes the old link and opens a new one. Unchanged links are not touched. Calls run one at a time.
   * `consoleId` (optional) is what new links say in their handshake from now on.
   */
  setEndpoints(endpoints: readonly FeedEndpoint[], options: { consoleId?: string } = {}): Promise<void> {
    const ids = new Set<string>();
    for (const e of endpoints) {
      if (ids.has(e.id)) return Promise.reject(new Error(`sub-centre ${e.id} is configured twice`));
      ids.add(e.id);
    }
    const run = async (): Promise<void> => {
      if (this.stopping) return;
      if (options.consoleId) this.consoleId = options.consoleId;
      const same = (a: FeedEndpoint, b: FeedEndpoint) =>
        a.url === b.url && a.token === b.token && (a.name ?? null) === (b.name ?? null) && (a.enabled !== false) === (b.enabled !== false);
      const closing: StreetSubcentreLink[] = [];
      for (const [id, link] of this.byId) {
        const wanted = endpoints.find((e) => e.id === id);
        if (!wanted || !same(wanted, this.endpointOf.get(id)!)) {
          closing.push(link);
          this.byId.delete(id);
          this.endpointOf.delete(id);
        }
      }
      await Promise.all(closing.map((l) => l.stop()));
      this.linkList = endpoints.map((e) => {
        const kept = this.byId.get(e.id);
        if (kept) return kept;
        const link = this.createLink(e);
        if (this.started && !this.stopping) link.start();
        return link;
      });
      this.emit();
    };
    this.changing = this.changing.then(run, run);
    return this.changing;
  }

  /** The endpoints the links were made from (tokens included: for the host only). */
  endpoints(): FeedEndpoint[] {
    return this.linkList.map((l) => ({ ...this.endpointOf.get(l.subcentreId)! }));
  }

  start(): void {
    if (this.started || this.stopping) return;
    this.started = true;
    for (const link of this.linkList) link.start();
  }

  /** Closes every link; the store stays open (the caller closes it after). */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.changing.catch(() => undefined);
      await Promise.all(this.linkList.map((l) => l.stop()));
      this.listeners.clear();
    })();
    return this.stopping;
  }

  links(): LinkState[] {
    return this.linkList.map((l) => l.state());
  }

  onDidChangeLinks(listener: (links: LinkState[]) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /**
   * Queues an operator's command for the sub-centre that holds its target, durably, and sends it if
   * that link is connected. Throws an Error with a clear message when the target is not in the cache,
   * its sub-centre is not configured here, or the command is invalid.
   */
  issueCommand(request: IssueCommandRequest, operator: Operator): OutboxEntry {
    if (!request || typeof request !== 'object') throw new TypeError('a command request must be an object');
    const { type } = request;
    if (typeof type !== 'string' || !isCommandType(type)) throw new Error(`unknown command type ${JSON.stringify(type)}`);
    if (!request.target || typeof request.target !== 'object') throw new Error(`${type}: target must be an object`);
    const target: Record<string, unknown> = { ...request.target };
    const kind = type.startsWith('alert.') ? 'alert' : 'incident';
    const idField = kind === 'alert' ? 'alertId' : 'incidentId';
    const id = target[idField];
    if (typeof id !== 'string' || id.length === 0) throw new Error(`${type}: target.${idField} must be a non-empty string`);
    const owner = getEntityOwner(this.store, kind, id);
    if (!owner) throw new Error(`${type}: unknown ${kind} "${id}" (not in this console's cache)`);
    // Without a rev the command is about the state the console shows now.
    if (target.rev === undefined) target.rev = owner.rev;
    const link = this.byId.get(owner.subcentreId);
    if (!link) throw new Error(`${type}: ${kind} "${id}" belongs to sub-centre ${owner.subcentreId}, which this console is not configured to reach`);
    const command = {
      commandId: randomUUID(),
      type,
      issuedAt: formatShanghaiIso(this.now()),
      operator,
      target,
      args: request.args ?? {},
    };
    const entry = enqueueCommand(this.store, { subcentreId: owner.subcentreId, command }, { now: this.now() });
    link.emitChange();
    link.flushOutbox();
    return entry;
  }

  private emit(): void {
    if (this.listeners.size === 0) return;
    let links: LinkState[];
    try {
      links = this.links();
    } catch (err) {
      this.onError(err);
      return;
    }
    for (const l of [...this.listeners]) {
      try {
        l(links);
      } catch (err) {
        this.onError(err);
      }
    }
  }
}
