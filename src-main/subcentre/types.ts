// The surface of a running sub-centre server that other parts use (the demo scenario engine, the CLI,
// tests). Implemented in src-main/subcentre/server.ts.
import type { Camera, EntityKind, Envelope, EventBody, EventType, Grid, Incident, IndicatorReport, OrgUnit, Station, VideoAlert } from '../../src-shared/sfp/schemas.ts';

export interface SubcentreIdentity {
  /** Street code, e.g. "370102012". */
  id: string;
  /** e.g. "龙洞街道". */
  name: string;
  /** e.g. "370102". */
  districtId: string;
}

export interface StartSubcentreOptions {
  subcentre: SubcentreIdentity;
  /** The server's own SQLite event log; created if missing. */
  dbFile: string;
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Shared secrets a console may present (at least one). */
  tokens: string[];
  /** Token for the HTTP ingestion endpoint (Authorization: Bearer ...); defaults to the first of `tokens`. */
  ingestToken?: string;
  /** Keep at most this many events in the log (older ones are dropped; retainedFromSeq moves). Default 1,000,000. */
  retainEvents?: number;
  /** Default 10,000 ms (SFP/1 §3.5: at least every 10 s). */
  statusIntervalMs?: number;
  /** Default 30,000 ms (SFP/1 §3.2). */
  ackTimeoutMs?: number;
  /** Snapshot part size in entities. Default 2,000. */
  snapshotPartSize?: number;
  /** The clock (the demo runs a faster one). Default: () => new Date(). */
  now?: () => Date;
  /** Start a new epoch: drop the log and the state in dbFile and begin again at seq 1. */
  resetEpoch?: boolean;
  /**
   * Who is on duty, for `status` (§3.5). Default: `base`, i.e. one grid worker per grid held and
   * 3 operators.
   */
  onDuty?: (base: { gridWorkers: number; operators: number }) => { gridWorkers: number; operators: number };
  /** One-line notes (connections, refused commands, disconnects). Default: silent. */
  log?: (message: string) => void;
}

export type IncidentMutator = (current: Incident) => Incident;

export interface SubcentrePublisher {
  readonly subcentre: SubcentreIdentity;
  readonly epoch: string;
  headSeq(): number;
  retainedFromSeq(): number;
  /**
   * Appends one event (seq, id and `at` assigned here) and updates the current state, in one transaction.
   * The body must pass its SFP/1 schema (else it throws). An upsert whose rev is not above the rev held
   * for that entity is published with held rev + 1: the log is the authority on revs.
   */
  publish<T extends EventType>(type: T, body: EventBody<T>): Envelope;
  /** Appends many events in one transaction. */
  publishMany(events: Array<{ [T in EventType]: { type: T; body: EventBody<T> } }[EventType]>): Envelope[];
  /**
   * Reads the incident, lets `mutate` return its next state, then bumps rev, sets updatedAt and
   * publishes it — atomically, so a console's command cannot slip in between. Undefined if unknown.
   */
  updateIncident(incidentId: string, mutate: IncidentMutator): Incident | undefined;
  /** Same for an alert. */
  updateAlert(alertId: string, mutate: (current: VideoAlert) => VideoAlert): VideoAlert | undefined;
  /** A fresh incident id `<street>-<yyyymmdd>-<4-digit counter>` (Shanghai day), never used in this log. */
  nextIncidentId(): string;
  getIncident(incidentId: string): Incident | undefined;
  getAlert(alertId: string): VideoAlert | undefined;
  listEntities(kind: 'incident'): Incident[];
  listEntities(kind: 'alert'): VideoAlert[];
  listEntities(kind: 'camera'): Camera[];
  listEntities(kind: 'station'): Station[];
  listEntities(kind: 'org'): OrgUnit[];
  listEntities(kind: 'grid'): Grid[];
  listEntities(kind: EntityKind): unknown[];
  listIndicatorReports(): IndicatorReport[];
  /** Incidents not closed and not rejected. */
  listOpenIncidents(): Incident[];
  /** Called after a console's command was executed and its events appended. */
  onDidExecuteCommand(listener: (e: { commandId: string; type: string; ok: boolean }) => void): { dispose(): void };
}

export interface RunningSubcentre {
  readonly publisher: SubcentrePublisher;
  readonly port: number;
  /** http://host:port (the SFP/1 endpoint is url + "/sfp1"). */
  readonly url: string;
  /** Number of console sockets connected now. */
  connectedClients(): number;
  /** The highest seq that console has acknowledged to this server in this epoch (0 if none). */
  acknowledgedBy(consoleId: string): number;
  /** Closes sockets, the HTTP server and the log. */
  close(): Promise<void>;
}
