// Keeps a QueueModel in step with the host: the whole queue in chunks at start, then only what changed
// (afterVersion) on each change notice; also the links and this console's recent commands (outbox).
import { QueueModel } from './queue-model.ts';
import type { ConsoleApi, Disposable, LinkState, OutboxEntry } from '../../src-shared/api.ts';

export interface QueueSnapshot {
  /** Bumped on every change so React re-renders. */
  tick: number;
  loading: boolean;
  links: LinkState[];
  outbox: OutboxEntry[];
  /** Host clock minus local clock (ms), for countdowns on the host's (demo) time. */
  clockOffset: number;
}

export class LiveQueue {
  readonly model = new QueueModel();
  private state: QueueSnapshot = { tick: 0, loading: true, links: [], outbox: [], clockOffset: 0 };
  private listeners = new Set<() => void>();
  private subscription: Disposable | null = null;
  private pulling: Promise<void> | null = null;
  private again = false;
  private disposed = false;

  constructor(private readonly api: ConsoleApi) {}

  snapshot(): QueueSnapshot {
    return this.state;
  }

  onDidChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  async start(): Promise<void> {
    this.subscription = this.api.onChanges((notice) => {
      if (notice.links) this.set({ links: notice.links });
      if (notice.kinds.includes('incident')) void this.pull();
      if (notice.kinds.includes('outbox')) void this.refreshOutbox();
    });
    const [info, links] = await Promise.all([this.api.getInfo(), this.api.getLinks()]);
    this.set({ links, clockOffset: info.serverTime - Date.now() });
    await Promise.all([this.pull(), this.refreshOutbox()]);
    this.set({ loading: false });
  }

  /** The host's clock now (the demo's clock may run faster than real time; re-synced on every pull). */
  now(): number {
    return Date.now() + this.state.clockOffset;
  }

  pull(): Promise<void> {
    if (this.pulling) {
      this.again = true;
      return this.pulling;
    }
    this.pulling = (async () => {
      do {
        this.again = false;
        for (;;) {
          const chunk = await this.api.getQueueColumns({ afterVersion: this.model.version, limit: 20_000 });
          if (this.disposed) return;
          this.model.apply(chunk);
          if (!chunk.more) break;
        }
        this.set({});
      } while (this.again && !this.disposed);
    })().finally(() => {
      this.pulling = null;
    });
    return this.pulling;
  }

  async refreshOutbox(): Promise<void> {
    const outbox = await this.api.listOutbox({ limit: 200 });
    const info = await this.api.getInfo();
    if (!this.disposed) this.set({ outbox, clockOffset: info.serverTime - Date.now() });
  }

  /** Records a command just issued, before the next outbox refresh. */
  noteIssued(entry: OutboxEntry): void {
    this.set({ outbox: [entry, ...this.state.outbox.filter((e) => e.commandId !== entry.commandId)] });
  }

  private branches: Promise<Map<string, { name: string; secretary: string | null; members: number | null }>> | null = null;

  /** The grid party branch of a grid (organisation tree, loaded once). */
  async branchOf(gridId: string): Promise<{ name: string; secretary: string | null; members: number | null } | null> {
    this.branches ??= this.api.listOrgs().then(
      (orgs) => new Map(orgs.filter((o) => o.kind === 'grid-branch' && o.gridId).map((o) => [o.gridId!, { name: o.name, secretary: o.secretary, members: o.members }])),
      () => new Map(),
    );
    return (await this.branches).get(gridId) ?? null;
  }

  dispose(): void {
    this.disposed = true;
    this.subscription?.dispose();
    this.listeners.clear();
  }

  private set(patch: Partial<QueueSnapshot>): void {
    this.state = { ...this.state, ...patch, tick: this.state.tick + 1 };
    for (const l of [...this.listeners]) l();
  }
}
