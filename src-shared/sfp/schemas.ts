// SFP/1 schemas (../shared/protocol/sfp-1.md §2–§5). The single source of truth for the wire
// types: every TypeScript type of the protocol is inferred from these zod schemas.
//
// Objects are "loose": fields not listed are ignored for validation and kept (§5: a client MUST
// ignore unknown fields and keep them in the raw copy it stores).
import { z } from 'zod';

export const SFP_PROTOCOL = 'sfp/1';
export const SFP_NAMESPACE = '/sfp1';
/** A batch holds 1 to 500 envelopes (§3.2). */
export const MAX_BATCH_ENVELOPES = 500;
/** At most 8 unacknowledged batches in flight to one client (§3.2). */
export const MAX_UNACKED_BATCHES = 8;
/** An acknowledgement later than this breaks the connection (§3.2). */
export const ACK_TIMEOUT_MS = 30_000;
/** A server emits `status` at least this often (§3.5). */
export const STATUS_INTERVAL_MS = 10_000;
/** No `status` nor `events` for this long: the link is stale (§3.5). */
export const STALE_AFTER_MS = 30_000;
/** Maximum size of one envelope as JSON (§3.3). */
export const MAX_ENVELOPE_BYTES = 256 * 1024;

// ISO-8601 with an explicit offset (Z or ±hh:mm), as §1 requires.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
export const IsoTime = z
  .string()
  .regex(ISO_WITH_OFFSET, 'must be an ISO-8601 time with an explicit offset')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'is not a valid time');
export type IsoTime = z.infer<typeof IsoTime>;

const Id = z.string().min(1).max(200);
const Rev = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const Seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const Text = (max: number) => z.string().max(max);

export const Level = z.enum(['grid', 'community', 'street', 'district', 'city']);
export type Level = z.infer<typeof Level>;
export const LEVELS: readonly Level[] = Level.options;

export const Severity = z.enum(['red', 'yellow', 'green']);
export type Severity = z.infer<typeof Severity>;
export const SEVERITIES: readonly Severity[] = Severity.options;

export const IncidentStatus = z.enum(['reported', 'accepted', 'dispatched', 'handling', 'resolved', 'closed', 'rejected']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;
export const INCIDENT_STATUSES: readonly IncidentStatus[] = IncidentStatus.options;

export const Source = z.enum(['grid-worker', 'hotline-12345', 'video', 'patrol', 'resident', 'department']);
export type Source = z.infer<typeof Source>;
export const SOURCES: readonly Source[] = Source.options;

export const Category = z.looseObject({ major: Text(100), minor: Text(100), name: Text(200) });
export type Category = z.infer<typeof Category>;

export const Point = z.looseObject({
  lon: z.number().finite().min(-180).max(180),
  lat: z.number().finite().min(-90).max(90),
});
export type Point = z.infer<typeof Point>;

const Person = z.looseObject({ id: Id, name: Text(100) });

export const HistoryEntry = z.looseObject({
  at: IsoTime,
  action: Text(100),
  by: Person.optional(),
  note: Text(10_000).optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const Incident = z.looseObject({
  incidentId: Id,
  rev: Rev,
  category: Category,
  title: Text(500),
  description: Text(20_000).optional(),
  source: Source,
  severity: Severity,
  level: Level,
  status: IncidentStatus,
  location: Point.extend({ gridId: Id.optional(), address: Text(500).optional() }),
  reportedAt: IsoTime,
  dueAt: IsoTime.optional(),
  updatedAt: IsoTime,
  closedAt: IsoTime.optional(),
  department: Text(100).optional(),
  assignee: Person.optional(),
  alertId: Id.optional(),
  satisfaction: z.number().int().min(1).max(5).optional(),
  history: z.array(HistoryEntry).max(1000),
});
export type Incident = z.infer<typeof Incident>;

export const AlertState = z.enum(['open', 'confirmed', 'dismissed']);
export type AlertState = z.infer<typeof AlertState>;

export const VideoAlert = z.looseObject({
  alertId: Id,
  rev: Rev,
  cameraId: Id,
  kind: Text(100),
  confidence: z.number().finite().min(0).max(1),
  severity: Severity,
  location: Point.extend({ gridId: Id.optional() }),
  raisedAt: IsoTime,
  updatedAt: IsoTime,
  state: AlertState,
  snapshot: Text(200_000).optional(),
  clipUrl: Text(2000).optional(),
  incidentId: Id.optional(),
});
export type VideoAlert = z.infer<typeof VideoAlert>;

export const CameraStatus = z.enum(['online', 'offline', 'fault']);
export type CameraStatus = z.infer<typeof CameraStatus>;
export const Camera = z.looseObject({
  cameraId: Id,
  rev: Rev,
  name: Text(200),
  location: Point,
  gridId: Id.optional(),
  status: CameraStatus,
});
export type Camera = z.infer<typeof Camera>;

export const Station = z.looseObject({
  stationId: Id,
  rev: Rev,
  name: Text(200),
  tier: z.number().int().min(1).max(5),
  location: Point,
  openNow: z.boolean(),
  visitsToday: z.number().int().nonnegative().optional(),
});
export type Station = z.infer<typeof Station>;

export const OrgKind = z.enum(['street-committee', 'community-committee', 'grid-branch', 'building-group', 'member-household']);
export type OrgKind = z.infer<typeof OrgKind>;
export const OrgUnit = z.looseObject({
  orgId: Id,
  rev: Rev,
  kind: OrgKind,
  name: Text(200),
  parentId: Id.optional(),
  gridId: Id.optional(),
  members: z.number().int().nonnegative().optional(),
  secretary: Text(100).optional(),
});
export type OrgUnit = z.infer<typeof OrgUnit>;

const Position = z.array(z.number().finite()).min(2).max(3);
const LinearRing = z.array(Position).min(4).max(100_000);
export const GeoPolygon = z.looseObject({ type: z.literal('Polygon'), coordinates: z.array(LinearRing).min(1).max(1000) });
export const GeoMultiPolygon = z.looseObject({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(LinearRing).min(1).max(1000)).min(1).max(1000),
});
export const GeoArea = z.union([GeoPolygon, GeoMultiPolygon]);
export type GeoArea = z.infer<typeof GeoArea>;

export const Grid = z.looseObject({
  gridId: Id,
  rev: Rev,
  name: Text(200),
  communityId: Id,
  polygon: GeoArea,
  households: z.number().int().nonnegative().optional(),
  gridWorker: Text(100).optional(),
});
export type Grid = z.infer<typeof Grid>;

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
export const IndicatorReport = z.looseObject({
  orgId: Id,
  period: z.string().regex(PERIOD, 'must be YYYY-MM'),
  values: z.record(z.string().min(1).max(100), z.number().finite()),
  rev: Rev,
});
export type IndicatorReport = z.infer<typeof IndicatorReport>;

export const EntityKind = z.enum(['incident', 'alert', 'camera', 'station', 'org', 'grid']);
export type EntityKind = z.infer<typeof EntityKind>;
export const EntityDelete = z.looseObject({ kind: EntityKind, id: Id });
export type EntityDelete = z.infer<typeof EntityDelete>;

/** Body schema per envelope type (§3.3). */
export const BODY_SCHEMAS = {
  'incident.upsert': Incident,
  'alert.upsert': VideoAlert,
  'camera.upsert': Camera,
  'station.upsert': Station,
  'org.upsert': OrgUnit,
  'grid.upsert': Grid,
  'indicators.report': IndicatorReport,
  'entity.delete': EntityDelete,
} as const;
export type EventType = keyof typeof BODY_SCHEMAS;
export const EVENT_TYPES = Object.keys(BODY_SCHEMAS) as EventType[];
export type EventBody<T extends EventType> = z.infer<(typeof BODY_SCHEMAS)[T]>;

/** The envelope's outer shape; `body` is checked against BODY_SCHEMAS[type] separately. */
export const EnvelopeShape = z.looseObject({
  seq: Seq,
  id: z.string().min(1).max(100),
  type: z.string().min(1).max(100),
  at: IsoTime,
  body: z.unknown(),
});
export type EnvelopeShape = z.infer<typeof EnvelopeShape>;

export type Envelope = { [T in EventType]: { seq: number; id: string; type: T; at: IsoTime; body: EventBody<T> } }[EventType];

// ---- handshake, stream, status (§2, §3) ----

export const Resume = z.object({ epoch: z.string().min(1).max(200), lastSeq: z.number().int().nonnegative() });
export type Resume = z.infer<typeof Resume>;

export const ClientAuth = z.looseObject({
  protocol: z.string(),
  token: z.string().max(1000).optional(),
  consoleId: z.string().min(1).max(200),
  resume: Resume.nullish(),
});
export type ClientAuth = z.infer<typeof ClientAuth>;

export const Hello = z.looseObject({
  protocol: z.literal(SFP_PROTOCOL),
  subcentre: z.looseObject({ id: Id, name: Text(200), districtId: Id }),
  epoch: z.string().min(1).max(200),
  headSeq: z.number().int().nonnegative(),
  retainedFromSeq: z.number().int().min(1),
  serverTime: IsoTime,
});
export type Hello = z.infer<typeof Hello>;

export const EventsBatch = z.looseObject({
  epoch: z.string().min(1).max(200),
  // Envelopes are validated one by one so that one bad envelope cannot sink the batch (§3.2).
  events: z.array(z.unknown()).min(1).max(MAX_BATCH_ENVELOPES),
});
export type EventsBatch = z.infer<typeof EventsBatch>;

export const SnapshotEntities = z.looseObject({
  incidents: z.array(z.unknown()).optional(),
  alerts: z.array(z.unknown()).optional(),
  cameras: z.array(z.unknown()).optional(),
  stations: z.array(z.unknown()).optional(),
  orgs: z.array(z.unknown()).optional(),
  grids: z.array(z.unknown()).optional(),
  indicators: z.array(z.unknown()).optional(),
});
export type SnapshotEntities = z.infer<typeof SnapshotEntities>;

export const SnapshotMessage = z.looseObject({
  epoch: z.string().min(1).max(200),
  seq: z.number().int().nonnegative(),
  entities: SnapshotEntities,
  part: z.number().int().min(1).optional(),
  parts: z.number().int().min(1).optional(),
});
export type SnapshotMessage = z.infer<typeof SnapshotMessage>;

export const Ack = z.object({ ackSeq: z.number().int().nonnegative().nullable() });
export type Ack = z.infer<typeof Ack>;

export const Status = z.looseObject({
  at: IsoTime,
  headSeq: z.number().int().nonnegative(),
  onDuty: z.looseObject({ gridWorkers: z.number().int().nonnegative(), operators: z.number().int().nonnegative() }).optional(),
  queue: z.looseObject({ open: z.number().int().nonnegative(), overdue: z.number().int().nonnegative() }).optional(),
});
export type Status = z.infer<typeof Status>;

// ---- commands (§4) ----

export const OperatorRole = z.enum(['duty-officer', 'street-operator', 'leader', 'admin']);
export type OperatorRole = z.infer<typeof OperatorRole>;
export const Operator = z.looseObject({ id: Id, name: Text(100), role: z.string().min(1).max(50) });
export type Operator = z.infer<typeof Operator>;

const IncidentTarget = z.looseObject({ incidentId: Id, rev: Rev });
const AlertTarget = z.looseObject({ alertId: Id, rev: Rev });

export const COMMAND_SCHEMAS = {
  'incident.accept': { target: IncidentTarget, args: z.looseObject({}) },
  'incident.rate': { target: IncidentTarget, args: z.looseObject({ severity: Severity }) },
  'incident.dispatch': { target: IncidentTarget, args: z.looseObject({ department: z.string().min(1).max(100), dueAt: IsoTime.optional() }) },
  'incident.escalate': { target: IncidentTarget, args: z.looseObject({ toLevel: Level, reason: z.string().min(1).max(2000) }) },
  'incident.note': { target: IncidentTarget, args: z.looseObject({ text: z.string().min(1).max(10_000) }) },
  'incident.resolve': { target: IncidentTarget, args: z.looseObject({ text: z.string().max(10_000) }) },
  'incident.close': { target: IncidentTarget, args: z.looseObject({ verified: z.boolean(), text: z.string().max(10_000) }) },
  'incident.reject': { target: IncidentTarget, args: z.looseObject({ reason: z.string().min(1).max(2000) }) },
  'alert.confirm': { target: AlertTarget, args: z.looseObject({ category: Category.optional(), severity: Severity.optional() }) },
  'alert.dismiss': { target: AlertTarget, args: z.looseObject({ reason: z.enum(['false-positive', 'duplicate', 'handled']) }) },
} as const;
export type CommandType = keyof typeof COMMAND_SCHEMAS;
export const COMMAND_TYPES = Object.keys(COMMAND_SCHEMAS) as CommandType[];
export type CommandTarget<T extends CommandType> = z.infer<(typeof COMMAND_SCHEMAS)[T]['target']>;
export type CommandArgs<T extends CommandType> = z.infer<(typeof COMMAND_SCHEMAS)[T]['args']>;

export const CommandShape = z.looseObject({
  commandId: z.string().min(1).max(100),
  type: z.string().min(1).max(100),
  issuedAt: IsoTime,
  operator: Operator,
  target: z.unknown(),
  args: z.unknown(),
});

export type Command = {
  [T in CommandType]: { commandId: string; type: T; issuedAt: IsoTime; operator: Operator; target: CommandTarget<T>; args: CommandArgs<T> };
}[CommandType];

export const CommandErrorCode = z.enum(['invalid', 'not-found', 'stale-rev', 'forbidden', 'illegal-transition']);
export type CommandErrorCode = z.infer<typeof CommandErrorCode>;
export const CommandResult = z.union([
  z.looseObject({ ok: z.literal(true), rev: Rev }),
  z.looseObject({ ok: z.literal(false), error: z.looseObject({ code: CommandErrorCode, message: z.string().max(10_000) }) }),
]);
export type CommandResult = z.infer<typeof CommandResult>;
