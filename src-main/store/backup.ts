// Backups of the console's cache, made with SQLite's online backup API (better-sqlite3 `db.backup()`):
// a consistent copy taken page by page while the feed keeps writing. They go to
// `<data-dir>/backups/console-<UTC time>.db`, the newest `keep` are kept, and `superbrain restore` puts
// one back when the cache is found damaged at start (see checkIntegrity in store.ts).
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Disposable } from '../../src-shared/api.ts';
import type { Store } from './store.ts';

export const BACKUP_DIR = 'backups';
export const DEFAULT_BACKUP_KEEP = 5;
/** Every 6 hours by default: the cache is rebuilt from the sub-centres anyway; a backup saves the outbox, the audit and a long catch-up. */
export const DEFAULT_BACKUP_INTERVAL_MS = 6 * 60 * 60 * 1000;
const NAME = /^console-(\d{8}T\d{6}(?:\d{3})?Z)\.db$/;

export function backupDirOf(cacheFile: string): string {
  return path.join(path.dirname(cacheFile), BACKUP_DIR);
}

/** Backups of the cache beside `cacheFile`, newest first. */
export function listBackups(cacheFile: string): string[] {
  const dir = backupDirOf(cacheFile);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => NAME.test(n))
    .sort()
    .reverse()
    .map((n) => path.join(dir, n));
}

function stamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.(\d{3})Z$/, '$1Z');
}

/**
 * Takes one online backup of `store` into its backups folder and removes the oldest beyond `keep`.
 * The copy is written under a temporary name and renamed when complete, so a crash mid-backup never
 * leaves a half file that looks like a backup.
 */
export async function backupStore(store: Store, options: { keep?: number; now?: () => Date } = {}): Promise<string> {
  const dir = backupDirOf(store.file);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `console-${stamp((options.now ?? (() => new Date()))())}.db`);
  const partial = `${file}.partial`;
  try {
    await store.db.backup(partial);
    renameSync(partial, file);
  } catch (err) {
    rmSync(partial, { force: true });
    throw new Error(`backup of ${store.file} failed: ${(err as Error).message}`);
  }
  const keep = Math.max(1, options.keep ?? DEFAULT_BACKUP_KEEP);
  for (const old of listBackups(store.file).slice(keep)) rmSync(old, { force: true });
  return file;
}

/** Backs the store up every `intervalMs` (first one after `firstAfterMs`); errors go to onError, never thrown. */
export function scheduleBackups(store: Store, options: { intervalMs?: number; firstAfterMs?: number; keep?: number; onBackup?: (file: string) => void; onError?: (err: unknown) => void } = {}): Disposable {
  const intervalMs = Math.max(1000, options.intervalMs ?? DEFAULT_BACKUP_INTERVAL_MS);
  let running = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;
  const tick = async (): Promise<void> => {
    timer = null;
    if (disposed || store.isClosed() || store.readonly || running) return;
    running = true;
    try {
      const file = await backupStore(store, options.keep !== undefined ? { keep: options.keep } : {});
      options.onBackup?.(file);
    } catch (err) {
      if (!store.isClosed()) options.onError?.(err);
    } finally {
      running = false;
      if (!disposed) arm(intervalMs);
    }
  };
  const arm = (ms: number): void => {
    timer = setTimeout(() => void tick(), ms);
    timer.unref();
  };
  arm(Math.max(0, options.firstAfterMs ?? 60_000));
  return {
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/** `PRAGMA quick_check` of a database file: 'ok' or the problems SQLite lists (first ten). */
export function quickCheckFile(file: string): string[] {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma('quick_check(10)', { simple: false }) as Array<{ quick_check: string }>;
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (problems.length === 0 && version === 0) return ['not a Superbrain cache (no schema version)'];
    return problems;
  } catch (err) {
    return [(err as Error).message];
  } finally {
    db?.close();
  }
}

/**
 * Puts `from` (a backup) in place of the cache `cacheFile`. The file there now, with its -wal and -shm,
 * is moved aside to `<cacheFile>.replaced-<time>` (never deleted). Refuses a backup that fails its
 * integrity check. The console must not be running on this data dir.
 */
export function restoreBackup(cacheFile: string, from: string, now: Date = new Date()): { restored: string; movedAside: string[] } {
  if (!existsSync(from) || !statSync(from).isFile()) throw new Error(`no backup file ${from}`);
  const problems = quickCheckFile(from);
  if (problems.length > 0) throw new Error(`${from} cannot be restored: ${problems.join('; ')}`);
  mkdirSync(path.dirname(cacheFile), { recursive: true });
  const movedAside: string[] = [];
  const suffix = `.replaced-${stamp(now)}`;
  for (const ext of ['', '-wal', '-shm']) {
    if (existsSync(cacheFile + ext)) {
      renameSync(cacheFile + ext, cacheFile + suffix + ext);
      movedAside.push(cacheFile + suffix + ext);
    }
  }
  // Through SQLite, not a file copy: the result is a complete, checkpointed database.
  const src = new Database(from, { readonly: true });
  try {
    src.exec(`VACUUM INTO '${cacheFile.replaceAll("'", "''")}'`);
  } finally {
    src.close();
  }
  return { restored: cacheFile, movedAside };
}
