// Retention of the cache's logs. The event log keeps every envelope for the replay and the ticker; left
// alone it grows by the district's whole traffic forever (tens of GB a year). Rows older than the
// retention are pruned — except each entity's newest row, which the replay needs for the state at the
// start of any period — and rejected envelopes older than the retention go too. Current state (the
// entity tables), the outbox and the audit log are never pruned. Work is done in small transactions so
// ingest never waits long behind it.
import type { Disposable } from '../../src-shared/api.ts';
import type { Store } from './store.ts';

export const DEFAULT_RETENTION_DAYS = 180;
const DAY_MS = 86_400_000;

export interface PruneResult {
  eventLog: number;
  rejected: number;
  /** False when maxBatches stopped it before the end (the next run goes on). */
  complete: boolean;
}

export function pruneLogs(store: Store, options: { now: number; retentionDays?: number; batchSize?: number; maxBatches?: number }): PruneResult {
  const cutoff = options.now - Math.max(1, options.retentionDays ?? DEFAULT_RETENTION_DAYS) * DAY_MS;
  const batchSize = Math.max(1, options.batchSize ?? 5_000);
  const maxBatches = options.maxBatches ?? 200;
  const result: PruneResult = { eventLog: 0, rejected: 0, complete: true };
  const deleteEvents = store.statement(
    `DELETE FROM event_log WHERE id IN (
       SELECT e.id FROM event_log e
       WHERE e.at < @cutoff
         AND EXISTS (SELECT 1 FROM event_log n WHERE n.entity_id = e.entity_id AND n.type = e.type AND n.id > e.id)
       LIMIT @batchSize)`,
  );
  const deleteRejected = store.statement(`DELETE FROM rejected WHERE id IN (SELECT id FROM rejected WHERE received_at < @cutoff LIMIT @batchSize)`);
  for (let i = 0; ; i++) {
    if (i >= maxBatches) {
      result.complete = false;
      break;
    }
    const n = store.write(() => deleteEvents.run({ cutoff, batchSize }).changes);
    result.eventLog += n;
    if (n < batchSize) break;
  }
  for (let i = 0; ; i++) {
    if (i >= maxBatches) {
      result.complete = false;
      break;
    }
    const n = store.write(() => deleteRejected.run({ cutoff, batchSize }).changes);
    result.rejected += n;
    if (n < batchSize) break;
  }
  return result;
}

/** Prunes once shortly after start and then every `intervalMs` (default 6 h). */
export function schedulePruning(
  store: Store,
  options: { now: () => number; retentionDays?: number; intervalMs?: number; firstAfterMs?: number; onPruned?: (r: PruneResult) => void; onError?: (err: unknown) => void },
): Disposable {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;
  const tick = (): void => {
    timer = null;
    if (disposed || store.isClosed() || store.readonly) return;
    try {
      const r = pruneLogs(store, { now: options.now(), ...(options.retentionDays !== undefined ? { retentionDays: options.retentionDays } : {}) });
      if (r.eventLog + r.rejected > 0) options.onPruned?.(r);
      if (!disposed) arm(r.complete ? (options.intervalMs ?? 6 * 3_600_000) : 1_000);
    } catch (err) {
      if (!store.isClosed()) options.onError?.(err);
      if (!disposed) arm(options.intervalMs ?? 6 * 3_600_000);
    }
  };
  const arm = (ms: number): void => {
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  arm(options.firstAfterMs ?? 120_000);
  return {
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
