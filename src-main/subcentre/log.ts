// The sub-centre's durable event log and current state, in one SQLite file (better-sqlite3).
// Every fact is appended as an event with a gap-free seq and applied to `entities` in the same
// transaction, so the state a snapshot shows is exactly what replaying the log gives.
import { randomBytes, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { BODY_SCHEMAS, MAX_ENVELOPE_BYTES, type Camera, type CommandResult, type EntityKind, type Envelope, type EventBody, type EventType, type Grid, type Incident, type IndicatorReport, type OrgUnit, type SnapshotEntities, type Station, type VideoAlert } from '../../src-shared/sfp/schemas.ts';
import { describeZodError } from '../../src-shared/sfp/validate.ts';
import { formatShanghaiIso, shanghaiDateKey } from '../../src-shared/domain/time.ts';
import type { IncidentMutator, SubcentreIdentity, SubcentrePublisher } from './types.ts';

type Db = Database.Database;

export type PublishItem = { [T in EventType]: { type: T; body: EventBody<T> } }[EventType];

/** Where each entity kind lives in events, bodies and snapshots. */
export const ENTITY_KINDS: Record<EntityKind, { type: EventType; idField: string; snapshotKey: keyof SnapshotEntities }> = {
  incident: { type: 'incident.upsert', idField: 'incidentId', snapshotKey: 'incidents' },
  alert: { type: 'alert.upsert', idField: 'alertId', snapshotKey: 'alerts' },
  camera: { type: 'camera.upsert', idField: 'cameraId', snapshotKey: 'cameras' },
  station: { type: 'station.upsert', idField: 'stationId', snapshotKey: 'stations' },
  org: { type: 'org.upsert', idField: 'orgId', snapshotKey: 'orgs' },
  grid: { type: 'grid.upsert', idField: 'gridId', snapshotKey: 'grids' },
};
const KIND_OF_TYPE = new Map<string, EntityKind>(Object.entries(ENTITY_KINDS).map(([kind, k]) => [k.type, kind as EntityKind]));
const SNAPSHOT_ORDER: readonly EntityKind[] = ['org', 'grid', 'camera', 'station', 'alert', 'incident'];

const SCHEMA_VERSION = 1;
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, type TEXT NOT NULL, at TEXT NOT NULL, body TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS entities (
    kind TEXT NOT NULL, id TEXT NOT NULL, rev INTEGER NOT NULL, body TEXT NOT NULL,
    status TEXT, due_ms INTEGER,  -- incidents only: the status queue counts without parsing bodies
    PRIMARY KEY (kind, id)
  );
  -- covers the status queue counts, which run every few seconds over every incident ever held
  CREATE INDEX IF NOT EXISTS entities_by_status ON entities (kind, status, due_ms);
  CREATE TABLE IF NOT EXISTS indicators (org_id TEXT NOT NULL, period TEXT NOT NULL, rev INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (org_id, period));
  CREATE TABLE IF NOT EXISTS command_results (command_id TEXT PRIMARY KEY, result TEXT NOT NULL, at TEXT NOT NULL) WITHOUT ROWID;
`;

export interface OpenLogOptions {
  dbFile: string;
  subcentre: SubcentreIdentity;
  retainEvents: number;
  now: () => Date;
  resetEpoch?: boolean;
}

export interface EventRow {
  seq: number;
  id: string;
  type: string;
  at: string;
  body: string;
}

/** A consistent read of the whole current state as of `seq`, handed out in parts. */
export interface SnapshotReader {
  readonly seq: number;
  /** Entities in the snapshot (all kinds and indicator reports). */
  readonly total: number;
  /** How many parts readPart() hands out (at least 1: an empty state is one empty part). */
  readonly parts: number;
  /** The next part, or null after the last. */
  readPart(): SnapshotEntities | null;
  close(): void;
}

export class LogError extends Error {
  override name = 'LogError';
}

/** `e-YYYYMMDD-<8 hex>` (hello.epoch). */
export function newEpoch(now: Date): string {
  return `e-${shanghaiDateKey(now)}-${randomBytes(4).toString('hex')}`;
}

export class SubcentreLog implements SubcentrePublisher {
  readonly subcentre: SubcentreIdentity;
  readonly epoch: string;
  private readonly db: Db;
  private readonly dbFile: string;
  private readonly retainEvents: number;
  private readonly now: () => Date;
  private readonly appendListeners = new Set<() => void>();
  private readonly commandListeners = new Set<(e: { commandId: string; type: string; ok: boolean }) => void>();
  private notifyScheduled = false;
  private closed = false;
  private readonly st: ReturnType<typeof prepareStatements>;

  constructor(options: OpenLogOptions) {
    this.subcentre = { ...options.subcentre };
    this.dbFile = options.dbFile;
    this.retainEvents = Math.max(0, Math.floor(options.retainEvents));
    this.now = options.now;
    this.db = new Database(options.dbFile);
    try {
      // WAL lets a snapshot read on its own connection while events keep being appended.
      // synchronous=FULL: a seq handed to a console must never be reused after a power cut,
      // or a client would dedupe a different event under (epoch, seq) and silently lose it.
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('foreign_keys = ON');
      this.db.exec(SCHEMA);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
      this.st = prepareStatements(this.db);
      this.epoch = this.initMeta(options.resetEpoch === true);
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  private initMeta(reset: boolean): string {
    const st = this.st;
    return this.db.transaction(() => {
      const existing = st.getMeta.get('epoch') as { value: string } | undefined;
      const owner = (st.getMeta.get('subcentre_id') as { value: string } | undefined)?.value;
      if (existing && owner !== undefined && owner !== this.subcentre.id && !reset) {
        throw new LogError(`${this.dbFile} holds the log of sub-centre ${owner}, not ${this.subcentre.id} (start with a new file or reset the epoch)`);
      }
      if (existing && !reset) {
        st.setMeta.run('subcentre_name', this.subcentre.name);
        st.setMeta.run('district_id', this.subcentre.districtId);
        return existing.value;
      }
      this.db.exec('DELETE FROM events; DELETE FROM entities; DELETE FROM indicators; DELETE FROM command_results; DELETE FROM meta;');
      const epoch = newEpoch(this.now());
      st.setMeta.run('epoch', epoch);
      st.setMeta.run('created_at', formatShanghaiIso(this.now()));
      st.setMeta.run('subcentre_id', this.subcentre.id);
      st.setMeta.run('subcentre_name', this.subcentre.name);
      st.setMeta.run('district_id', this.subcentre.districtId);
      st.setMeta.run('head_seq', '0');
      return epoch;
    })();
  }

  // ---------- reading ----------

  headSeq(): number {
    return Number((this.st.getMeta.get('head_seq') as { value: string }).value);
  }

  retainedFromSeq(): number {
    const row = this.st.minSeq.get() as { seq: number | null };
    return row.seq ?? this.headSeq() + 1;
  }

  /** Up to `limit` events from `fromSeq` on, ascending (fewer or none when the log ends). */
  readEvents(fromSeq: number, limit: number): EventRow[] {
    return this.st.readEvents.all(fromSeq, limit) as EventRow[];
  }

  getIncident(incidentId: string): Incident | undefined {
    return this.getEntity('incident', incidentId) as Incident | undefined;
  }

  getAlert(alertId: string): VideoAlert | undefined {
    return this.getEntity('alert', alertId) as VideoAlert | undefined;
  }

  getEntity(kind: EntityKind, id: string): unknown {
    const row = this.st.getEntity.get(kind, id) as { body: string } | undefined;
    return row ? JSON.parse(row.body) : undefined;
  }

  listEntities(kind: 'incident'): Incident[];
  listEntities(kind: 'alert'): VideoAlert[];
  listEntities(kind: 'camera'): Camera[];
  listEntities(kind: 'station'): Station[];
  listEntities(kind: 'org'): OrgUnit[];
  listEntities(kind: 'grid'): Grid[];
  listEntities(kind: EntityKind): unknown[];
  listEntities(kind: EntityKind): unknown[] {
    return (this.st.listEntities.all(kind) as Array<{ body: string }>).map((r) => JSON.parse(r.body));
  }

  listIndicatorReports(): IndicatorReport[] {
    return (this.st.listIndicators.all() as Array<{ body: string }>).map((r) => JSON.parse(r.body));
  }

  listOpenIncidents(): Incident[] {
    return (this.st.listOpenIncidents.all() as Array<{ body: string }>).map((r) => JSON.parse(r.body));
  }

  /** Open incidents, and those of them past their dueAt at `now`. */
  queueCounts(now: Date): { open: number; overdue: number } {
    const row = this.st.queueCounts.get(now.getTime()) as { open: number; overdue: number | null };
    return { open: row.open, overdue: row.overdue ?? 0 };
  }

  countEntities(kind: EntityKind): number {
    return (this.st.countKind.get(kind) as { n: number }).n;
  }

  /** The rev held for an entity, or undefined when it is not held. */
  heldRev(type: EventType, body: unknown): number | undefined {
    const b = body as Record<string, unknown>;
    if (type === 'indicators.report') {
      return (this.st.getIndicatorRev.get(String(b.orgId), String(b.period)) as { rev: number } | undefined)?.rev;
    }
    const kind = KIND_OF_TYPE.get(type);
    if (!kind) return undefined;
    return (this.st.getEntityRev.get(kind, String(b[ENTITY_KINDS[kind].idField])) as { rev: number } | undefined)?.rev;
  }

  // ---------- writing ----------

  /** Runs `fn` in one transaction (nested calls join it). */
  transaction<T>(fn: () => T): T {
    this.assertOpen();
    return this.db.transaction(fn)();
  }

  publish<T extends EventType>(type: T, body: EventBody<T>): Envelope {
    return this.publishMany([{ type, body } as PublishItem])[0]!;
  }

  publishMany(items: PublishItem[]): Envelope[] {
    this.assertOpen();
    if (items.length === 0) return [];
    const out = this.transaction(() => {
      const at = formatShanghaiIso(this.now());
      let seq = this.headSeq();
      const envelopes: Envelope[] = [];
      for (const item of items) {
        seq += 1;
        envelopes.push(this.appendOne(seq, at, item));
      }
      this.st.setMeta.run('head_seq', String(seq));
      if (seq > this.retainEvents) this.st.deleteBefore.run(seq - this.retainEvents + 1);
      return envelopes;
    });
    this.scheduleNotify();
    return out;
  }

  private appendOne(seq: number, at: string, item: PublishItem): Envelope {
    const { type } = item;
    const schema = BODY_SCHEMAS[type];
    if (!schema) throw new LogError(`cannot publish unknown event type "${String(type)}"`);
    let body = item.body as Record<string, unknown>;
    if (type !== 'entity.delete') {
      // The log is the authority on revs: an upsert not above the held rev is raised to held + 1,
      // so a re-published entity always reaches consoles (they ignore rev <= held, §3.3).
      const held = this.heldRev(type, body);
      if (held !== undefined && typeof body.rev === 'number' && body.rev <= held) body = { ...body, rev: held + 1 };
    }
    const checked = schema.safeParse(body);
    if (!checked.success) throw new LogError(`cannot publish ${type}: ${describeZodError(checked.error)}`);
    const text = JSON.stringify(body);
    const envelope = { seq, id: randomUUID(), type, at, body } as Envelope;
    if (Buffer.byteLength(text) + 200 > MAX_ENVELOPE_BYTES) throw new LogError(`cannot publish ${type}: the envelope would exceed ${MAX_ENVELOPE_BYTES} bytes`);
    this.st.insertEvent.run(seq, envelope.id, type, at, text);
    this.applyToState(type, body, text);
    return envelope;
  }

  private applyToState(type: EventType, body: Record<string, unknown>, text: string): void {
    if (type === 'entity.delete') {
      this.st.deleteEntity.run(String(body.kind), String(body.id));
      return;
    }
    if (type === 'indicators.report') {
      this.st.upsertIndicator.run(String(body.orgId), String(body.period), body.rev as number, text);
      return;
    }
    const kind = KIND_OF_TYPE.get(type)!;
    let status: string | null = null;
    let dueMs: number | null = null;
    if (kind === 'incident') {
      status = String(body.status);
      const due = typeof body.dueAt === 'string' ? Date.parse(body.dueAt) : NaN;
      dueMs = Number.isFinite(due) ? due : null;
    }
    this.st.upsertEntity.run(kind, String(body[ENTITY_KINDS[kind].idField]), body.rev as number, text, status, dueMs);
  }

  updateIncident(incidentId: string, mutate: IncidentMutator): Incident | undefined {
    return this.updateEntity('incident', incidentId, mutate as (c: unknown) => unknown) as Incident | undefined;
  }

  updateAlert(alertId: string, mutate: (current: VideoAlert) => VideoAlert): VideoAlert | undefined {
    return this.updateEntity('alert', alertId, mutate as (c: unknown) => unknown) as VideoAlert | undefined;
  }

  private updateEntity(kind: 'incident' | 'alert', id: string, mutate: (current: unknown) => unknown): unknown {
    return this.transaction(() => {
      const current = this.getEntity(kind, id) as { rev: number } | undefined;
      if (!current) return undefined;
      const next = { ...(mutate(structuredClone(current)) as object), rev: current.rev + 1, updatedAt: formatShanghaiIso(this.now()) };
      const idField = ENTITY_KINDS[kind].idField;
      if ((next as Record<string, unknown>)[idField] !== id) throw new LogError(`update of ${kind} ${id} must not change ${idField}`);
      this.publish(ENTITY_KINDS[kind].type, next as never);
      return next;
    });
  }

  /** `<street>-<yyyymmdd>-<4-digit counter>`, unused so far; the counter restarts each (Shanghai) day. */
  nextIncidentId(): string {
    return this.transaction(() => {
      const day = shanghaiDateKey(this.now());
      const saved = (this.st.getMeta.get('incident_counter') as { value: string } | undefined)?.value.split(':');
      let n = saved && saved[0] === day ? Number(saved[1]) : 0;
      let id: string;
      do {
        n += 1;
        id = `${this.subcentre.id}-${day}-${String(n).padStart(4, '0')}`;
      } while (this.st.getEntityRev.get('incident', id) !== undefined);
      this.st.setMeta.run('incident_counter', `${day}:${n}`);
      return id;
    });
  }

  // ---------- commands ----------

  getCommandResult(commandId: string): CommandResult | undefined {
    const row = this.st.getCommandResult.get(commandId) as { result: string } | undefined;
    return row ? (JSON.parse(row.result) as CommandResult) : undefined;
  }

  storeCommandResult(commandId: string, result: CommandResult): void {
    this.st.insertCommandResult.run(commandId, JSON.stringify(result), formatShanghaiIso(this.now()));
  }

  onDidExecuteCommand(listener: (e: { commandId: string; type: string; ok: boolean }) => void): { dispose(): void } {
    this.commandListeners.add(listener);
    return { dispose: () => void this.commandListeners.delete(listener) };
  }

  /** Tells the command listeners (a throwing listener does not disturb the others). */
  fireDidExecuteCommand(e: { commandId: string; type: string; ok: boolean }): void {
    for (const l of [...this.commandListeners]) {
      try {
        l(e);
      } catch {
        // a listener's failure is its own business
      }
    }
  }

  /** Called (coalesced, after the transaction) whenever events were appended. */
  onDidAppend(listener: () => void): { dispose(): void } {
    this.appendListeners.add(listener);
    return { dispose: () => void this.appendListeners.delete(listener) };
  }

  private scheduleNotify(): void {
    // Publishes in one tick are announced once, so a burst leaves as full batches.
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    setImmediate(() => {
      this.notifyScheduled = false;
      if (this.closed) return;
      for (const l of [...this.appendListeners]) {
        try {
          l();
        } catch {
          // one stream's trouble must not stop the others
        }
      }
    });
  }

  // ---------- snapshots ----------

  /**
   * Opens a read transaction on a second connection: the state it shows stays as of `seq` while
   * the log goes on appending, so a large snapshot can be sent in parts at the client's pace.
   * A part holds at most `maxEntities` entities and, unless one entity alone is larger, about
   * `maxBytes` of JSON, so that big grid polygons cannot make a message no client accepts.
   */
  openSnapshotReader(limits: { maxEntities: number; maxBytes: number }): SnapshotReader {
    this.assertOpen();
    const rdb = new Database(this.dbFile, { readonly: true, fileMustExist: true });
    try {
      rdb.exec('BEGIN');
      const seq = Number((rdb.prepare("SELECT value FROM meta WHERE key = 'head_seq'").get() as { value: string }).value);
      const pageEntities = rdb.prepare('SELECT id, body FROM entities WHERE kind = ? AND id > ? ORDER BY id LIMIT ?');
      const pageIndicators = rdb.prepare('SELECT org_id, period, body FROM indicators WHERE org_id > ? OR (org_id = ? AND period > ?) ORDER BY org_id, period LIMIT ?');

      // Plan the parts first from the sizes alone (same order as the reads below), so `parts` is known up front.
      const plan: number[] = [];
      let total = 0;
      let n = 0;
      let bytes = 0;
      const count = (len: number): void => {
        if (n > 0 && (n >= limits.maxEntities || bytes + len > limits.maxBytes)) {
          plan.push(n);
          n = 0;
          bytes = 0;
        }
        n += 1;
        bytes += len;
        total += 1;
      };
      const entityLengths = rdb.prepare('SELECT length(CAST(body AS BLOB)) AS len FROM entities WHERE kind = ? ORDER BY id');
      for (const kind of SNAPSHOT_ORDER) for (const r of entityLengths.iterate(kind) as Iterable<{ len: number }>) count(r.len);
      for (const r of rdb.prepare('SELECT length(CAST(body AS BLOB)) AS len FROM indicators ORDER BY org_id, period').iterate() as Iterable<{ len: number }>) count(r.len);
      if (n > 0 || plan.length === 0) plan.push(n);

      let source = 0; // index in SNAPSHOT_ORDER; SNAPSHOT_ORDER.length = indicators
      let afterId = '';
      let afterPeriod = '';
      let nextPart = 0;
      let open = true;
      const close = (): void => {
        if (!open) return;
        open = false;
        try {
          rdb.exec('COMMIT');
        } finally {
          rdb.close();
        }
      };
      const read = (max: number): SnapshotEntities => {
        const entities: Record<string, unknown[]> = {};
        let got = 0;
        while (got < max && source <= SNAPSHOT_ORDER.length) {
          if (source < SNAPSHOT_ORDER.length) {
            const kind = SNAPSHOT_ORDER[source]!;
            const rows = pageEntities.all(kind, afterId, max - got) as Array<{ id: string; body: string }>;
            if (rows.length > 0) {
              const list = (entities[ENTITY_KINDS[kind].snapshotKey] ??= []);
              for (const r of rows) list.push(JSON.parse(r.body));
              afterId = rows[rows.length - 1]!.id;
              got += rows.length;
            }
            if (got < max) {
              source += 1;
              afterId = '';
            }
          } else {
            const rows = pageIndicators.all(afterId, afterId, afterPeriod, max - got) as Array<{ org_id: string; period: string; body: string }>;
            if (rows.length > 0) {
              const list = (entities.indicators ??= []);
              for (const r of rows) list.push(JSON.parse(r.body));
              afterId = rows[rows.length - 1]!.org_id;
              afterPeriod = rows[rows.length - 1]!.period;
              got += rows.length;
            }
            if (got < max) source += 1;
          }
        }
        return entities as SnapshotEntities;
      };
      const readPart = (): SnapshotEntities | null => {
        if (!open || nextPart >= plan.length) return null;
        return read(plan[nextPart++]!);
      };
      return { seq, total, parts: plan.length, readPart, close };
    } catch (err) {
      rdb.close();
      throw err;
    }
  }

  // ---------- life ----------

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.appendListeners.clear();
    this.commandListeners.clear();
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new LogError(`the log of sub-centre ${this.subcentre.id} is closed`);
  }
}

function prepareStatements(db: Db) {
  return {
    getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    minSeq: db.prepare('SELECT MIN(seq) AS seq FROM events'),
    readEvents: db.prepare('SELECT seq, id, type, at, body FROM events WHERE seq >= ? ORDER BY seq LIMIT ?'),
    insertEvent: db.prepare('INSERT INTO events (seq, id, type, at, body) VALUES (?, ?, ?, ?, ?)'),
    deleteBefore: db.prepare('DELETE FROM events WHERE seq < ?'),
    getEntity: db.prepare('SELECT body FROM entities WHERE kind = ? AND id = ?'),
    getEntityRev: db.prepare('SELECT rev FROM entities WHERE kind = ? AND id = ?'),
    listEntities: db.prepare('SELECT body FROM entities WHERE kind = ? ORDER BY id'),
    countKind: db.prepare('SELECT COUNT(*) AS n FROM entities WHERE kind = ?'),
    upsertEntity: db.prepare(
      'INSERT INTO entities (kind, id, rev, body, status, due_ms) VALUES (?, ?, ?, ?, ?, ?) ' +
        'ON CONFLICT (kind, id) DO UPDATE SET rev = excluded.rev, body = excluded.body, status = excluded.status, due_ms = excluded.due_ms',
    ),
    deleteEntity: db.prepare('DELETE FROM entities WHERE kind = ? AND id = ?'),
    listOpenIncidents: db.prepare("SELECT body FROM entities WHERE kind = 'incident' AND status NOT IN ('closed', 'rejected') ORDER BY id"),
    queueCounts: db.prepare(
      "SELECT COUNT(*) AS open, SUM(due_ms IS NOT NULL AND due_ms < ?) AS overdue FROM entities WHERE kind = 'incident' AND status NOT IN ('closed', 'rejected')",
    ),
    getIndicatorRev: db.prepare('SELECT rev FROM indicators WHERE org_id = ? AND period = ?'),
    upsertIndicator: db.prepare(
      'INSERT INTO indicators (org_id, period, rev, body) VALUES (?, ?, ?, ?) ON CONFLICT (org_id, period) DO UPDATE SET rev = excluded.rev, body = excluded.body',
    ),
    listIndicators: db.prepare('SELECT body FROM indicators ORDER BY org_id, period'),
    getCommandResult: db.prepare('SELECT result FROM command_results WHERE command_id = ?'),
    insertCommandResult: db.prepare('INSERT INTO command_results (command_id, result, at) VALUES (?, ?, ?)'),
  };
}
