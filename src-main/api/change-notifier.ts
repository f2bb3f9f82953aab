// Turns the stream of store commits and link changes into ChangeNotices a renderer can keep up with:
// per listener at most one notice per interval (250 ms by default), merging the kinds, keeping the newest
// version, carrying the link states only when they changed, and the new activity items (at most 50).
// A burst of thousands of commits therefore costs the renderer a handful of notices, never a flood.
import type { ActivityItem, ChangeNotice, Disposable, LinkState } from '../../src-shared/api.ts';

export type ChangeKind = ChangeNotice['kinds'][number];
const KINDS: readonly ChangeKind[] = ['incident', 'alert', 'camera', 'station', 'org', 'grid', 'indicator', 'outbox', 'settings', 'boundaries', 'alarm'];

/** What the store reports after each transaction. */
export interface StoreCommit {
  version: number;
  kinds: Iterable<string>;
  activityIds: readonly number[];
}

export interface ChangeSource {
  onDidCommit(listener: (commit: StoreCommit) => void): Disposable;
  onDidChangeLinks(listener: () => void): Disposable;
  links(): LinkState[];
  /** The newest `limit` activity items with id >= minId, in any order. */
  activitySince(minId: number, limit: number): ActivityItem[];
}

export interface ChangeNotifierOptions {
  intervalMs?: number;
  maxActivity?: number;
  now?: () => number;
  /** Where a listener's exception goes (it never reaches the store or the other listeners). */
  onListenerError?: (err: unknown) => void;
}

export interface ChangeNotifier {
  subscribe(listener: (notice: ChangeNotice) => void): Disposable;
  /** The newest store version seen so far. */
  version(): number;
  listenerCount(): number;
  dispose(): void;
}

/** Maps the store's kind names ("incident", "incidents", "incident.upsert", "indicators") onto the contract's. */
export function normaliseKind(kind: string): ChangeKind | null {
  const base = kind.split('.')[0]!.toLowerCase();
  if ((KINDS as readonly string[]).includes(base)) return base as ChangeKind;
  const singular = base.endsWith('s') ? base.slice(0, -1) : base;
  if ((KINDS as readonly string[]).includes(singular)) return singular as ChangeKind;
  if (base === 'command' || base === 'commands') return 'outbox';
  return null;
}

interface Pending {
  listener: (notice: ChangeNotice) => void;
  kinds: Set<ChangeKind>;
  linksChanged: boolean;
  /** Lowest activity id not yet delivered, or Infinity. */
  activityFrom: number;
  dirty: boolean;
  lastSentAt: number;
  timer: ReturnType<typeof setTimeout> | null;
}

export function createChangeNotifier(source: ChangeSource, initialVersion: number, options: ChangeNotifierOptions = {}): ChangeNotifier {
  const intervalMs = options.intervalMs ?? 250;
  const maxActivity = options.maxActivity ?? 50;
  const now = options.now ?? Date.now;
  const onListenerError = options.onListenerError ?? ((err: unknown) => console.error('[superbrain] change listener failed:', err));
  const pendings = new Set<Pending>();
  let version = initialVersion;
  let upstream: Disposable[] = [];
  let disposed = false;

  function connectUpstream(): void {
    if (upstream.length) return;
    upstream = [
      source.onDidCommit((commit) => {
        if (Number.isFinite(commit.version) && commit.version > version) version = commit.version;
        const kinds = new Set<ChangeKind>();
        for (const k of commit.kinds) {
          const n = normaliseKind(String(k));
          if (n) kinds.add(n);
        }
        const minActivity = commit.activityIds.length ? Math.min(...commit.activityIds) : Infinity;
        for (const p of pendings) {
          for (const k of kinds) p.kinds.add(k);
          if (minActivity < p.activityFrom) p.activityFrom = minActivity;
          p.dirty = true;
          schedule(p);
        }
      }),
      source.onDidChangeLinks(() => {
        for (const p of pendings) {
          p.linksChanged = true;
          p.dirty = true;
          schedule(p);
        }
      }),
    ];
  }

  function disconnectUpstream(): void {
    for (const d of upstream) d.dispose();
    upstream = [];
  }

  function schedule(p: Pending): void {
    if (p.timer || disposed) return;
    const wait = Math.max(0, p.lastSentAt + intervalMs - now());
    // Even with no wait, defer to a macrotask so that the commits of one tick make one notice.
    p.timer = setTimeout(() => flush(p), wait);
  }

  // Activity is read once per version for all listeners flushing at the same moment.
  let activityCache: { version: number; from: number; items: ActivityItem[] } | null = null;
  function activityFrom(from: number): ActivityItem[] {
    if (!Number.isFinite(from)) return [];
    if (!activityCache || activityCache.version !== version || activityCache.from > from) {
      const items = source.activitySince(from, maxActivity).slice();
      items.sort((a, b) => a.id - b.id);
      activityCache = { version, from, items };
    }
    return activityCache.items.filter((a) => a.id >= from).slice(-maxActivity);
  }

  function flush(p: Pending): void {
    p.timer = null;
    if (!p.dirty || !pendings.has(p)) return;
    let notice: ChangeNotice;
    try {
      notice = {
        version,
        kinds: KINDS.filter((k) => p.kinds.has(k)),
        links: p.linksChanged ? source.links() : null,
        activity: activityFrom(p.activityFrom),
      };
    } catch (err) {
      // The store may be closing; drop this notice rather than crash the host.
      onListenerError(err);
      return;
    }
    p.kinds.clear();
    p.linksChanged = false;
    p.activityFrom = Infinity;
    p.dirty = false;
    p.lastSentAt = now();
    try {
      p.listener(notice);
    } catch (err) {
      onListenerError(err);
    }
  }

  return {
    subscribe(listener) {
      if (disposed) return { dispose() {} };
      const p: Pending = { listener, kinds: new Set(), linksChanged: false, activityFrom: Infinity, dirty: false, lastSentAt: -Infinity, timer: null };
      pendings.add(p);
      connectUpstream();
      return {
        dispose() {
          if (!pendings.delete(p)) return;
          if (p.timer) clearTimeout(p.timer);
          p.timer = null;
          if (pendings.size === 0) disconnectUpstream();
        },
      };
    },
    version: () => version,
    listenerCount: () => pendings.size,
    dispose() {
      disposed = true;
      for (const p of pendings) if (p.timer) clearTimeout(p.timer);
      pendings.clear();
      disconnectUpstream();
    },
  };
}
