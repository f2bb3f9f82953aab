// Sub-centre endpoints saved in the app (issue 9). The token stays in this table: it goes to the feed
// link that needs it and nowhere else (not into the audit, not into API answers, not into exports).
import { applySnapshot } from './apply.ts';
import { writeAudit, type Store } from './store.ts';

export interface StoredEndpoint {
  id: string;
  name: string | null;
  url: string;
  token: string;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
}

interface EndpointRow {
  subcentre_id: string;
  name: string | null;
  url: string;
  token: string;
  enabled: number;
  created_at: number;
  updated_at: number;
}

const toEndpoint = (r: EndpointRow): StoredEndpoint => ({
  id: r.subcentre_id,
  name: r.name,
  url: r.url,
  token: r.token,
  enabled: r.enabled === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function listStoredEndpoints(store: Store): StoredEndpoint[] {
  return (store.statement(`SELECT * FROM endpoints ORDER BY subcentre_id`).all() as EndpointRow[]).map(toEndpoint);
}

export function getStoredEndpoint(store: Store, id: string): StoredEndpoint | null {
  const r = store.statement(`SELECT * FROM endpoints WHERE subcentre_id = ?`).get(id) as EndpointRow | undefined;
  return r ? toEndpoint(r) : null;
}

export interface EndpointInput {
  id: string;
  name?: string | null;
  url: string;
  /** Absent on a change: the stored token is kept. Required for a new endpoint. */
  token?: string;
  enabled: boolean;
}

/** Adds or changes one endpoint with its audit entry (which says whether the token changed, never the token). */
export function saveStoredEndpoint(store: Store, input: EndpointInput, by: { actor: unknown; at: number }): { created: boolean; endpoint: StoredEndpoint } {
  return store.write((tx) => {
    const before = getStoredEndpoint(store, input.id);
    if (!before && !input.token) throw new Error(`sub-centre ${input.id}: a new endpoint needs a token`);
    const token = input.token ?? before!.token;
    const name = input.name === undefined ? (before?.name ?? null) : input.name;
    store
      .statement(
        `INSERT INTO endpoints (subcentre_id, name, url, token, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (subcentre_id) DO UPDATE SET name = excluded.name, url = excluded.url, token = excluded.token,
           enabled = excluded.enabled, updated_at = excluded.updated_at`,
      )
      .run(input.id, name, input.url, token, input.enabled ? 1 : 0, by.at, by.at);
    writeAudit(store, {
      at: by.at,
      actor: by.actor,
      action: before ? 'endpoint.changed' : 'endpoint.added',
      subject: input.id,
      detail: { subcentreId: input.id, name, url: input.url, enabled: input.enabled, tokenChanged: before ? token !== before.token : true },
    });
    tx.changed('settings');
    return { created: !before, endpoint: getStoredEndpoint(store, input.id)! };
  });
}

/** Removes one endpoint; false when there was none. What the cache holds from that sub-centre stays. */
export function removeStoredEndpoint(store: Store, id: string, by: { actor: unknown; at: number }): boolean {
  return store.write((tx) => {
    const before = getStoredEndpoint(store, id);
    if (!before) return false;
    store.statement(`DELETE FROM endpoints WHERE subcentre_id = ?`).run(id);
    writeAudit(store, { at: by.at, actor: by.actor, action: 'endpoint.removed', subject: id, detail: { subcentreId: id, name: before.name, url: before.url } });
    tx.changed('settings');
    return true;
  });
}

/** Whether this cache ever left the demo (it then never starts the demo again by itself). */
export function hasLeftDemo(store: Store): boolean {
  return store.statement(`SELECT 1 FROM audit WHERE action = 'demo.left' LIMIT 1`).get() !== undefined;
}

/** The epoch a retired demo sub-centre is left at, so that a real server of the same street sends a full snapshot. */
export const RETIRED_DEMO_EPOCH = 'demo-retired';

/**
 * Leaving the demo: everything the demo's sub-centres put in the cache is fictitious and must not be
 * shown next to real data. Their entities are removed (tombstoned, so that walls drop them too), their
 * unsent commands are refused with a reason, and their links start over.
 */
export function retireDemoData(store: Store, subcentreIds: readonly string[], by: { actor: unknown; at: number }): { removed: number; cancelledCommands: number } {
  let removed = 0;
  for (const id of subcentreIds) removed += applySnapshot(store, id, RETIRED_DEMO_EPOCH, 0, {}, { now: by.at }).removed;
  const cancelledCommands = store.write((tx) => {
    let n = 0;
    const result = JSON.stringify({ ok: false, error: { code: 'cancelled', message: 'the console left the demo; this command was for a demo sub-centre' } });
    for (const id of subcentreIds) {
      n += store
        .statement(`UPDATE outbox SET state = 'refused', result = ?, acked_at = ? WHERE subcentre_id = ? AND state IN ('pending', 'sent')`)
        .run(result, by.at, id).changes;
    }
    writeAudit(store, { at: by.at, actor: by.actor, action: 'demo.left', subject: 'demo', detail: { subcentres: subcentreIds.length, removedEntities: removed, cancelledCommands: n } });
    if (n > 0) tx.changed('outbox');
    tx.changed('settings');
    return n;
  });
  return { removed, cancelledCommands };
}
