// The console's cache: one SQLite file (better-sqlite3), opened once per process. Every write goes
// through `store.write`, one IMMEDIATE transaction that allocates local versions (`lv`) and, after
// the commit, tells the onDidCommit listeners what changed.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ChangeNotice, Disposable } from '../../src-shared/api.ts';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.ts';

export type ChangeKind = ChangeNotice['kinds'][number];

/** What one committed transaction changed. `version` is the store's local version after it. */
export interface StoreCommit {
  version: number;
  kinds: Set<ChangeKind>;
  /** The sub-centre the transaction was about, when it was about one. */
  subcentreId?: string;
  /** Local ids of event_log rows added that changed state (for the activity ticker). */
  activityIds: number[];
}

export interface WriteContext {
  /** The next store-wide local version, for one row written (upsert or tombstone). */
  nextLv(): number;
  /** Marks a kind as changed by this transaction. */
  changed(kind: ChangeKind): void;
  /** Records an event_log id as new activity. */
  activity(id: number): void;
}

export interface Store {
  readonly file: string;
  readonly readonly: boolean;
  readonly db: Database.Database;
  /** The prepared statement for this SQL text, prepared once per store. */
  statement(sql: string): Database.Statement;
  /** Runs fn in one IMMEDIATE transaction (a savepoint when nested); listeners hear of it after the commit. */
  write<T>(fn: (tx: WriteContext) => T, subcentreId?: string): T;
  /** Runs fn in one read transaction, so that several statements see the same state. */
  read<T>(fn: () => T): T;
  /** The newest local version committed. */
  version(): number;
  onDidCommit(listener: (commit: StoreCommit) => void): Disposable;
  isClosed(): boolean;
  close(): void;
}

export interface OpenStoreOptions {
  /** Path of the better_sqlite3.node to load (Electron ships its own build). */
  nativeBinding?: string;
  /** Open for reading only (export, troubleshooting): no migration, no writes. */
  readonly?: boolean;
  /** How long a statement waits for another connection's lock. Default 5,000 ms. */
  busyTimeoutMs?: number;
  /** Where an exception thrown by an onDidCommit listener goes. Default: console.error. */
  onListenerError?: (err: unknown) => void;
  /** Run `PRAGMA quick_check` at open (issue 8). Default true for read-write opens. */
  integrityCheck?: boolean;
}

export class StoreError extends Error {
  override name = 'StoreError';
}

/** The cache file is damaged (integrity check failed, or SQLite says malformed): the message says how to restore. */
export class DamagedCacheError extends StoreError {
  override name = 'DamagedCacheError';
}

const DAMAGE = /malformed|not a database|corrupt|disk image|file is encrypted/i;

/** Issue 8: the way back, named in the message a person sees at start. */
function damaged(file: string, problem: string): DamagedCacheError {
  const dir = path.dirname(file);
  const backups = existsSync(path.join(dir, 'backups')) ? readdirSync(path.join(dir, 'backups')).filter((n) => /^console-.*\.db$/.test(n)).sort().reverse() : [];
  const way = backups.length
    ? `restore the newest backup with: superbrain restore --data-dir ${dir} --from ${path.join(dir, 'backups', backups[0]!)}`
    : `no backup exists in ${path.join(dir, 'backups')}; move ${file} aside (the console rebuilds its cache from the sub-centres, only unsent commands and the audit log are lost)`;
  return new DamagedCacheError(`the cache ${file} is damaged (${problem.slice(0, 500)}). Stop the console, then ${way}.`);
}

export interface DurabilitySettings {
  journalMode: string;
  synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';
  foreignKeys: boolean;
  busyTimeoutMs: number;
  schemaVersion: number;
}

const SYNCHRONOUS_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const;

export function openStore(file: string, options: OpenStoreOptions = {}): Store {
  const readonly = options.readonly ?? false;
  let db: Database.Database;
  try {
    db = new Database(file, {
      readonly,
      fileMustExist: readonly,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (err) {
    throw new StoreError(`cannot open the cache ${file}: ${(err as Error).message}${notWritableHint(file, err)}`);
  }
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    // Issue 8: a damaged file is found at start with a clear message, not later as a mid-ingest I/O error.
    if (options.integrityCheck ?? !readonly) {
      const problems = (db.pragma('quick_check(10)') as Array<{ quick_check: string }>).map((r) => r.quick_check).filter((r) => r !== 'ok');
      if (problems.length) throw damaged(file, `PRAGMA quick_check: ${problems.join('; ')}`);
    }
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      // Why FULL and not NORMAL: in WAL mode NORMAL does not fsync the WAL at each commit, so a power
      // cut can lose the last commits. We acknowledge a batch to the sub-centre only after its commit
      // (SFP/1 §6.1: nothing acknowledged is ever lost), so the commit must be on disk before the ack.
      db.pragma('synchronous = FULL');
      // Asserted, not assumed: a build or a filesystem that would not honour them must not run silently
      // without the guarantee. journal_mode may legitimately fall back to DELETE (no WAL on some
      // filesystems), which with synchronous=FULL is just as durable, only slower.
      const sync = db.pragma('synchronous', { simple: true }) as number;
      const journal = String(db.pragma('journal_mode', { simple: true })).toLowerCase();
      if (sync < 2) throw new StoreError(`the cache ${file} refuses synchronous=FULL (got ${sync}): acknowledged batches would not survive a power cut`);
      if (journal === 'off' || journal === 'memory') throw new StoreError(`the cache ${file} runs with journal_mode=${journal}: a crash could corrupt it`);
    }
    db.pragma('foreign_keys = ON');
    migrate(db, file, readonly);
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    if (DAMAGE.test((err as Error).message) && (err as { code?: string }).code !== 'SQLITE_READONLY') throw damaged(file, (err as Error).message);
    throw new StoreError(`cannot open the cache ${file}: ${(err as Error).message}${notWritableHint(file, err)}`);
  }
  return createStore(db, file, readonly, options.onListenerError);
}

/** Issue 8: a read-only data dir (or file) says so, instead of SQLite's bare "unable to open database file". */
function notWritableHint(file: string, err: unknown): string {
  const code = String((err as { code?: unknown }).code ?? '');
  if (!/^SQLITE_(READONLY|CANTOPEN|PERM|AUTH)/.test(code)) return '';
  return ` — the data directory ${path.dirname(file)} or the file is not writable (read-only file system or permissions); give a writable --data-dir`;
}

function migrate(db: Database.Database, file: string, readonly: boolean): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new StoreError(
      `the cache ${file} has schema version ${current}, but this Superbrain knows only up to ${SCHEMA_VERSION}: ` +
        'it was written by a newer version. Use that version, or another --data-dir.',
    );
  }
  if (current === SCHEMA_VERSION) return;
  if (current === 0) {
    const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'`).get() as { n: number };
    if (tables.n > 0) throw new StoreError(`${file} is an SQLite database but not a Superbrain cache (it has tables and no schema version)`);
  }
  if (readonly) {
    throw new StoreError(`the cache ${file} has schema version ${current} and needs an upgrade to ${SCHEMA_VERSION}: open it read-write once (e.g. superbrain headless)`);
  }
  db.transaction(() => {
    for (let v = current; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/**
 * The identity of this cache file, made once when the file is first opened for writing. Local versions
 * (`lv`) only mean something within one cache, so a renderer that finds another cache id behind the same
 * host (a restart on another data dir, a restored backup) starts its picture again from version 0.
 */
export function getCacheId(store: Store): string {
  const row = store.statement(`SELECT value FROM meta WHERE key = 'cache_id'`).get() as { value: string } | undefined;
  if (row) return row.value;
  if (store.readonly) return 'read-only';
  const id = randomUUID();
  store.statement(`INSERT OR IGNORE INTO meta (key, value) VALUES ('cache_id', ?)`).run(id);
  return (store.statement(`SELECT value FROM meta WHERE key = 'cache_id'`).get() as { value: string }).value;
}

interface Ctx extends WriteContext {
  startLv: number;
  lv: number;
  kinds: Set<ChangeKind>;
  activityIds: number[];
}

function createStore(db: Database.Database, file: string, readonly: boolean, onListenerError?: (err: unknown) => void): Store {
  const statements = new Map<string, Database.Statement>();
  const listeners = new Set<(commit: StoreCommit) => void>();
  const reportListenerError = onListenerError ?? ((err: unknown) => console.error('[superbrain] store commit listener failed:', err));
  const runInTransaction = db.transaction((fn: () => unknown) => fn());
  let current: Ctx | null = null;
  let closed = false;

  const statement = (sql: string): Database.Statement => {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
  const readLv = (): number => Number((statement(`SELECT value FROM meta WHERE key = 'lv'`).get() as { value: number } | undefined)?.value ?? 0);

  const store: Store = {
    file,
    readonly,
    db,
    statement,
    write<T>(fn: (tx: WriteContext) => T, subcentreId?: string): T {
      if (closed) throw new StoreError('the cache is closed');
      if (readonly) throw new StoreError('the cache is open read-only');
      if (current) {
        const outer = current;
        return runInTransaction(() => fn(outer)) as T;
      }
      const ctx: Ctx = {
        startLv: 0,
        lv: 0,
        kinds: new Set(),
        activityIds: [],
        nextLv() {
          return ++ctx.lv;
        },
        changed(kind) {
          ctx.kinds.add(kind);
        },
        activity(id) {
          ctx.activityIds.push(id);
        },
      };
      let result: T;
      current = ctx;
      try {
        result = runInTransaction.immediate(() => {
          ctx.startLv = ctx.lv = readLv();
          const r = fn(ctx);
          if (ctx.lv !== ctx.startLv) statement(`UPDATE meta SET value = ? WHERE key = 'lv'`).run(ctx.lv);
          return r;
        }) as T;
      } finally {
        current = null;
      }
      const commit: StoreCommit = { version: ctx.lv, kinds: ctx.kinds, activityIds: ctx.activityIds };
      if (subcentreId !== undefined) commit.subcentreId = subcentreId;
      for (const listener of [...listeners]) {
        try {
          listener(commit);
        } catch (err) {
          reportListenerError(err);
        }
      }
      return result;
    },
    read<T>(fn: () => T): T {
      if (closed) throw new StoreError('the cache is closed');
      if (current || db.inTransaction) return fn();
      return runInTransaction.deferred(fn) as T;
    },
    version() {
      return readLv();
    },
    onDidCommit(listener) {
      listeners.add(listener);
      return { dispose: () => void listeners.delete(listener) };
    },
    isClosed: () => closed,
    close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      statements.clear();
      db.close();
    },
  };
  return store;
}

/** The pragmas actually in force on this store's connection. */
export function durabilitySettings(store: Store): DurabilitySettings {
  const sync = store.db.pragma('synchronous', { simple: true }) as number;
  return {
    journalMode: String(store.db.pragma('journal_mode', { simple: true })),
    synchronous: SYNCHRONOUS_NAMES[sync] ?? 'OFF',
    foreignKeys: store.db.pragma('foreign_keys', { simple: true }) === 1,
    busyTimeoutMs: Number(store.db.pragma('busy_timeout', { simple: true })),
    schemaVersion: store.db.pragma('user_version', { simple: true }) as number,
  };
}

/** Appends an audit entry (inside the caller's transaction). */
export function writeAudit(store: Store, entry: { at: number; actor: unknown; action: string; subject: string; detail: unknown }): void {
  store
    .statement(`INSERT INTO audit (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)`)
    .run(entry.at, JSON.stringify(entry.actor ?? null), entry.action, entry.subject, JSON.stringify(entry.detail ?? null));
}
