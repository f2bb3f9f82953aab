// Applying what a sub-centre sends (SFP/1 §3) to the cache. Each call is ONE transaction, so that the
// feed acknowledges only what is durable (§3.2, §6.1), never past a gap (§6.2), and a replay changes
// nothing twice (§6.3). Bad envelopes are recorded in `rejected` and still count as processed (§6.4).
import type { EntityKind, SnapshotEntities } from '../../src-shared/sfp/schemas.ts';
import { MAX_ENVELOPE_BYTES } from '../../src-shared/sfp/schemas.ts';
import { checkEnvelope, describeZodError } from '../../src-shared/sfp/validate.ts';
import { ENTITY_TABLES, TABLE_BY_EVENT_TYPE, TABLE_BY_KIND, type EntityTable } from './entities.ts';
import { writeAudit, type ChangeKind, type Store, type WriteContext } from './store.ts';

export interface BatchResult {
  /** The highest seq of this epoch now durable (0 when nothing of this epoch is held). */
  ackSeq: number;
  /** Valid envelopes appended to the event log (including those the rev guard made no-ops). */
  applied: number;
  /** Of `applied`: upserts with rev <= the held rev, and deletes of entities not held. */
  unchanged: number;
  /** Envelopes already held (seq <= the last acknowledged seq), skipped. */
  duplicates: number;
  /** Envelopes recorded in `rejected` (they still advance ackSeq). */
  rejected: number;
  /** A seq is missing (or the epoch is not the one held): nothing after it was applied; reconnect and resume. */
  gap: boolean;
  kinds: Set<ChangeKind>;
  /** event_log ids of the envelopes that changed state. */
  activityIds: number[];
}

export interface SnapshotResult {
  ackSeq: number;
  /** Entities written. */
  applied: number;
  /** Entities that failed validation (recorded in `rejected`). */
  rejected: number;
  /** Entities held before and absent from the snapshot (tombstoned). */
  removed: number;
  kinds: Set<ChangeKind>;
}

export interface ApplyOptions {
  /** Clock for received_at / updated_at. Default Date.now(). */
  now?: number;
}

// A rejected envelope is kept for troubleshooting, but one absurdly large one must not bloat the cache.
const MAX_REJECTED_RAW_CHARS = MAX_ENVELOPE_BYTES + 4096;

interface HeldLink {
  epoch: string | null;
  lastAckSeq: number;
  headSeq: number;
}

function heldLink(store: Store, subcentreId: string): HeldLink | undefined {
  return store
    .statement(`SELECT epoch, last_ack_seq AS lastAckSeq, head_seq AS headSeq FROM links WHERE subcentre_id = ?`)
    .get(subcentreId) as HeldLink | undefined;
}

function saveLinkPosition(store: Store, subcentreId: string, epoch: string, lastAckSeq: number, now: number): void {
  store
    .statement(
      `INSERT INTO links (subcentre_id, epoch, last_ack_seq, state, head_seq, updated_at) VALUES (@id, @epoch, @seq, 'down', @seq, @now)
       ON CONFLICT (subcentre_id) DO UPDATE SET
         head_seq = CASE WHEN links.epoch IS excluded.epoch THEN max(links.head_seq, excluded.head_seq) ELSE excluded.head_seq END,
         epoch = excluded.epoch, last_ack_seq = excluded.last_ack_seq, updated_at = excluded.updated_at`,
    )
    .run({ id: subcentreId, epoch, seq: lastAckSeq, now });
}

function requireText(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${name} must be a non-empty string`);
}

function serialise(raw: unknown): string | undefined {
  try {
    return JSON.stringify(raw);
  } catch {
    return undefined;
  }
}

/** The raw text kept for a rejected item: the JSON as received, cut at a sane size. */
export function rawText(raw: unknown, serialised = serialise(raw)): string {
  const text = serialised ?? `[not serialisable as JSON: ${typeof raw}]`;
  return text.length > MAX_REJECTED_RAW_CHARS ? `${text.slice(0, MAX_REJECTED_RAW_CHARS)}…[truncated]` : text;
}

function readSeq(raw: unknown): number | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const seq = (raw as { seq?: unknown }).seq;
  return typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 1 ? seq : null;
}

/**
 * The seq of every envelope. A batch holds consecutive seqs (§3.2), so an unreadable one is the previous
 * seq + 1 (or, before the first readable one, counted back from it; with none readable, `fallbackFirst`).
 */
export function resolveSeqs(envelopes: readonly unknown[], fallbackFirst: number): number[] {
  const read = envelopes.map(readSeq);
  const firstReadable = read.findIndex((s) => s !== null);
  const seqs: number[] = [];
  for (let i = 0; i < envelopes.length; i++) {
    const own = read[i];
    if (own !== null && own !== undefined) seqs.push(own);
    else if (i > 0) seqs.push(seqs[i - 1]! + 1);
    else seqs.push(firstReadable < 0 ? fallbackFirst : read[firstReadable]! - firstReadable);
  }
  return seqs;
}

function recordRejected(store: Store, subcentreId: string, epoch: string, seq: number | null, raw: string, reason: string, now: number): void {
  store
    .statement(`INSERT INTO rejected (subcentre_id, epoch, seq, raw, reason, received_at) VALUES (?, ?, ?, ?, ?, ?)`)
    .run(subcentreId, epoch, seq, raw, reason.slice(0, 2000), now);
}

function owner(store: Store, table: EntityTable, id: string): { subcentreId: string; rev: number } | undefined {
  return store.statement(table.selectOwnerSql).get(...table.keyOf(id)) as { subcentreId: string; rev: number } | undefined;
}

function writeEntity(store: Store, tx: WriteContext, table: EntityTable, body: Record<string, unknown>, subcentreId: string, isNew: boolean): void {
  store.statement(table.upsertSql).run(table.params(body, subcentreId, tx.nextLv()));
  // Only an entity not held now can have a tombstone (it was deleted before).
  if (isNew) store.statement(`DELETE FROM tombstones WHERE kind = ? AND id = ?`).run(table.kind, table.idOf(body));
  tx.changed(table.changeKind);
}

function tombstone(store: Store, tx: WriteContext, table: EntityTable, id: string): void {
  store
    .statement(`INSERT INTO tombstones (kind, id, lv) VALUES (?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET lv = excluded.lv`)
    .run(table.kind, id, tx.nextLv());
  tx.changed(table.changeKind);
}

/**
 * Applies one `events` batch of one sub-centre in ONE transaction (see the file comment). The caller
 * acknowledges `ackSeq` after this returns, and reconnects when `gap` is true.
 */
export function applyEventBatch(store: Store, subcentreId: string, epoch: string, envelopes: readonly unknown[], options: ApplyOptions = {}): BatchResult {
  requireText('subcentreId', subcentreId);
  requireText('epoch', epoch);
  if (!Array.isArray(envelopes)) throw new TypeError('envelopes must be an array');
  const now = options.now ?? Date.now();
  const result: BatchResult = { ackSeq: 0, applied: 0, unchanged: 0, duplicates: 0, rejected: 0, gap: false, kinds: new Set(), activityIds: [] };
  if (envelopes.length === 0) {
    const held = heldLink(store, subcentreId);
    result.ackSeq = held?.epoch === epoch ? held.lastAckSeq : 0;
    return result;
  }

  return store.write((tx) => {
    const held = heldLink(store, subcentreId);
    let lastAck: number;
    if (held?.epoch === epoch) lastAck = held.lastAckSeq;
    else {
      // Another epoch is held (its snapshot has not arrived) or nothing is: only a log that starts at
      // seq 1 on an empty cache can be taken without a snapshot.
      const first = resolveSeqs(envelopes, 1)[0];
      if ((held?.epoch ?? null) !== null || first !== 1 || hasAnyState(store, subcentreId)) {
        result.gap = true;
        return result;
      }
      lastAck = 0;
    }
    const startAck = lastAck;
    const seqs = resolveSeqs(envelopes, lastAck + 1);

    for (let i = 0; i < envelopes.length; i++) {
      const seq = seqs[i]!;
      if (seq <= lastAck) {
        result.duplicates++;
        continue;
      }
      if (seq !== lastAck + 1) {
        result.gap = true;
        break;
      }
      applyOne(store, tx, subcentreId, epoch, seq, envelopes[i], now, result);
      lastAck = seq;
    }

    if (lastAck !== startAck || held?.epoch !== epoch) saveLinkPosition(store, subcentreId, epoch, lastAck, now);
    result.ackSeq = lastAck;
    for (const k of result.kinds) tx.changed(k);
    return result;
  }, subcentreId);
}

function hasAnyState(store: Store, subcentreId: string): boolean {
  for (const t of ENTITY_TABLES) {
    if (store.statement(`SELECT 1 FROM ${t.table} WHERE subcentre_id = ? LIMIT 1`).get(subcentreId)) return true;
  }
  return false;
}

function applyOne(store: Store, tx: WriteContext, subcentreId: string, epoch: string, seq: number, raw: unknown, now: number, result: BatchResult): void {
  const full = serialise(raw);
  const text = rawText(raw, full);
  const checked = checkEnvelope(raw, full);
  if (!checked.ok) {
    recordRejected(store, subcentreId, epoch, seq, text, checked.reason, now);
    result.rejected++;
    return;
  }
  const env = checked.value;
  const body = env.body as Record<string, unknown>;
  let table: EntityTable;
  let id: string;
  if (env.type === 'entity.delete') {
    table = TABLE_BY_KIND[env.body.kind as EntityKind];
    id = env.body.id;
  } else {
    table = TABLE_BY_EVENT_TYPE[env.type]!;
    id = table.idOf(body);
  }
  const held = owner(store, table, id);
  if (held && held.subcentreId !== subcentreId) {
    recordRejected(store, subcentreId, epoch, seq, text, `${table.kind} ${id} belongs to sub-centre ${held.subcentreId}`, now);
    result.rejected++;
    return;
  }

  const logged = store
    .statement(
      `INSERT INTO event_log (subcentre_id, epoch, seq, envelope_id, type, at, entity_id, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (subcentre_id, epoch, seq) DO NOTHING`,
    )
    .run(subcentreId, epoch, seq, env.id, env.type, Date.parse(env.at), id, text);
  result.applied++;

  let changed: boolean;
  if (env.type === 'entity.delete') {
    changed = held !== undefined;
    if (changed) {
      store.statement(table.deleteSql).run(...table.keyOf(id));
      tombstone(store, tx, table, id);
    }
  } else {
    changed = !held || (body.rev as number) > held.rev;
    if (changed) writeEntity(store, tx, table, body, subcentreId, !held);
  }
  if (!changed) {
    result.unchanged++;
    return;
  }
  result.kinds.add(table.changeKind);
  if (logged.changes > 0) {
    const logId = Number(logged.lastInsertRowid);
    result.activityIds.push(logId);
    tx.activity(logId);
  }
}

/**
 * Replaces everything held for one sub-centre with a snapshot (SFP/1 §3.4), in ONE transaction, and
 * moves the link to (epoch, seq). Rows that disappear get tombstones; invalid entities go to `rejected`.
 * The event log of an older epoch is kept.
 */
export function applySnapshot(store: Store, subcentreId: string, epoch: string, seq: number, entities: SnapshotEntities | Record<string, unknown>, options: ApplyOptions = {}): SnapshotResult {
  requireText('subcentreId', subcentreId);
  requireText('epoch', epoch);
  if (!Number.isSafeInteger(seq) || seq < 0) throw new TypeError('seq must be a non-negative integer');
  if (entities === null || typeof entities !== 'object') throw new TypeError('entities must be an object');
  const now = options.now ?? Date.now();
  const source = entities as Record<string, unknown>;

  return store.write((tx) => {
    const result: SnapshotResult = { ackSeq: seq, applied: 0, rejected: 0, removed: 0, kinds: new Set() };
    const previous = heldLink(store, subcentreId);
    for (const table of ENTITY_TABLES) {
      let list = source[table.snapshotKey] ?? [];
      if (!Array.isArray(list)) {
        recordRejected(store, subcentreId, epoch, null, rawText(list), `snapshot.${table.snapshotKey} is not an array`, now);
        result.rejected++;
        list = [];
      }
      const before = new Set((store.statement(table.idsOfSubcentreSql).all(subcentreId) as Array<{ id: string }>).map((r) => r.id));
      store.statement(table.deleteSubcentreSql).run(subcentreId);
      const seen = new Set<string>();
      for (const [i, raw] of (list as unknown[]).entries()) {
        const parsed = table.schema.safeParse(raw);
        if (!parsed.success) {
          recordRejected(store, subcentreId, epoch, null, rawText(raw), `snapshot ${table.snapshotKey}[${i}]: ${describeZodError(parsed.error)}`, now);
          result.rejected++;
          continue;
        }
        const body = parsed.data as Record<string, unknown>;
        const id = table.idOf(body);
        const other = owner(store, table, id);
        if (other && other.subcentreId !== subcentreId) {
          recordRejected(store, subcentreId, epoch, null, rawText(raw), `snapshot ${table.snapshotKey}[${i}]: ${table.kind} ${id} belongs to sub-centre ${other.subcentreId}`, now);
          result.rejected++;
          continue;
        }
        writeEntity(store, tx, table, body, subcentreId, true);
        seen.add(id);
        result.applied++;
      }
      for (const id of before) {
        if (seen.has(id)) continue;
        tombstone(store, tx, table, id);
        result.removed++;
      }
      if (before.size > 0 || seen.size > 0) result.kinds.add(table.changeKind);
    }
    saveLinkPosition(store, subcentreId, epoch, seq, now);
    writeAudit(store, {
      at: now,
      actor: { kind: 'system', id: 'feed' },
      action: 'snapshot.applied',
      subject: subcentreId,
      detail: { epoch, seq, previousEpoch: previous?.epoch ?? null, previousAckSeq: previous?.lastAckSeq ?? 0, applied: result.applied, rejected: result.rejected, removed: result.removed },
    });
    return result;
  }, subcentreId);
}
