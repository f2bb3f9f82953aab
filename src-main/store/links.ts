// What the cache remembers about each sub-centre link: where the stream stands (epoch, last
// acknowledged seq: the `resume` of the next handshake) and the last state, for display after a restart.
import type { EpochMs, LinkStateName } from '../../src-shared/api.ts';
import type { Resume } from '../../src-shared/sfp/schemas.ts';
import type { Store } from './store.ts';

export interface StoredLink {
  subcentreId: string;
  epoch: string | null;
  lastAckSeq: number;
  state: LinkStateName;
  headSeq: number;
  lastHeardAt: EpochMs | null;
  lastError: string | null;
  updatedAt: EpochMs;
  /** Commands still waiting for their acknowledgement. */
  pendingCommands: number;
  rejectedEnvelopes: number;
}

export interface LinkStatusPatch {
  state?: LinkStateName;
  headSeq?: number;
  lastHeardAt?: EpochMs | null;
  lastError?: string | null;
}

const SELECT_LINKS = `
  SELECT l.subcentre_id AS subcentreId, l.epoch, l.last_ack_seq AS lastAckSeq, l.state, l.head_seq AS headSeq,
         l.last_heard_at AS lastHeardAt, l.last_error AS lastError, l.updated_at AS updatedAt,
         (SELECT count(*) FROM outbox o WHERE o.subcentre_id = l.subcentre_id AND o.state IN ('pending', 'sent')) AS pendingCommands,
         (SELECT count(*) FROM rejected r WHERE r.subcentre_id = l.subcentre_id) AS rejectedEnvelopes
  FROM links l`;

export function getStoredLinks(store: Store): StoredLink[] {
  return store.statement(`${SELECT_LINKS} ORDER BY l.subcentre_id`).all() as StoredLink[];
}

export function getStoredLink(store: Store, subcentreId: string): StoredLink | null {
  return (store.statement(`${SELECT_LINKS} WHERE l.subcentre_id = ?`).get(subcentreId) as StoredLink | undefined) ?? null;
}

/** The `resume` to send in the handshake (SFP/1 §2): null when nothing is held for this sub-centre. */
export function getResume(store: Store, subcentreId: string): Resume | null {
  const row = store.statement(`SELECT epoch, last_ack_seq AS lastSeq FROM links WHERE subcentre_id = ?`).get(subcentreId) as
    | { epoch: string | null; lastSeq: number }
    | undefined;
  return row?.epoch ? { epoch: row.epoch, lastSeq: row.lastSeq } : null;
}

export function countRejected(store: Store, subcentreId: string): number {
  return (store.statement(`SELECT count(*) AS n FROM rejected WHERE subcentre_id = ?`).get(subcentreId) as { n: number }).n;
}

/**
 * Remembers the live state of a link (for display after a restart). Bookkeeping only: it changes no
 * cached entity, so it is written outside `store.write` and notifies no commit listener.
 */
export function recordLinkStatus(store: Store, subcentreId: string, patch: LinkStatusPatch, now: EpochMs = Date.now()): void {
  const params = {
    id: subcentreId,
    now,
    setState: patch.state !== undefined ? 1 : 0,
    state: patch.state ?? 'down',
    setHead: patch.headSeq !== undefined ? 1 : 0,
    head: patch.headSeq ?? 0,
    setHeard: patch.lastHeardAt !== undefined ? 1 : 0,
    heard: patch.lastHeardAt ?? null,
    setError: patch.lastError !== undefined ? 1 : 0,
    error: patch.lastError ?? null,
  };
  store
    .statement(
      `INSERT INTO links (subcentre_id, epoch, last_ack_seq, state, head_seq, last_heard_at, last_error, updated_at)
       VALUES (@id, NULL, 0, @state, @head, @heard, @error, @now)
       ON CONFLICT (subcentre_id) DO UPDATE SET
         state = CASE WHEN @setState THEN excluded.state ELSE links.state END,
         head_seq = CASE WHEN @setHead THEN excluded.head_seq ELSE links.head_seq END,
         last_heard_at = CASE WHEN @setHeard THEN excluded.last_heard_at ELSE links.last_heard_at END,
         last_error = CASE WHEN @setError THEN excluded.last_error ELSE links.last_error END,
         updated_at = excluded.updated_at`,
    )
    .run(params);
}
