// The console API: the one contract between the renderer and everything else. Two transports carry
// it unchanged — Electron IPC (preload + contextBridge) and, in web mode, one WebSocket — so the
// renderer cannot tell which it has. Only plain, serialisable data crosses it; errors cross as
// { name, message }.
import type { SettingsView, UpdateSettingsRequest } from './settings.ts';
import type { TileData, TileQuery, TileSourceInfo, TileTestResult } from './tiles.ts';
import type { AccountInfo, Role } from './domain/roles.ts';
import type { AlertState, CameraStatus, CommandType, IncidentStatus, Level, Severity, Source } from './sfp/schemas.ts';
import type { Briefing, BriefingQuery, BriefingWorkbook } from './briefing.ts'; // issue 7
import type { ReplayData, ReplayQuery } from './replay.ts'; // issue 7
import type { AcknowledgeAlarmRequest, AlarmList, AlarmQuery, AlarmRow, WallCharts } from './wall-api.ts'; // issue 4
import type { ImportKind, ImportRecord, ImportStatus, PreviewImportRequest, UploadImportChunkRequest } from './imports.ts'; // issue 9: imports
import type { GridIndexScore, IndexModelInfo, IndexProfile, IndexProfileQuery, IndexRanking, IndexRankingQuery, IndexStreetComparison } from './index-api.ts'; // issue 6

/** Milliseconds since the epoch (UTC). Branded so that it is not mixed up with ISO strings. */
export type EpochMs = number & { readonly __brand?: 'EpochMs' };

export interface Disposable {
  dispose(): void;
}

export interface ConsoleInfo {
  version: string;
  transport: 'electron' | 'web';
  consoleId: string;
  /** True when the console runs the embedded Lixia demo. */
  demo: boolean;
  district: { id: string; name: string };
  /** Where the cache lives (shown in settings / troubleshooting). */
  dataDir: string;
  /** The identity of the cache behind this host; local versions are only comparable within one cache. */
  cacheId: string;
  /** The host's clock at the time of the answer, for the wall clock and "time left". */
  serverTime: EpochMs;
}

// ---------- links ----------

export type LinkStateName = 'connecting' | 'connected' | 'stale' | 'down' | 'disabled';

export interface LinkState {
  subcentreId: string;
  name: string;
  url: string;
  state: LinkStateName;
  epoch: string | null;
  lastAckSeq: number;
  /** The server's head seq as last heard (hello / status). */
  headSeq: number;
  /** headSeq - lastAckSeq, never negative. */
  lag: number;
  lastHeardAt: EpochMs | null;
  connectedSince: EpochMs | null;
  /** Last connection error, e.g. "unauthorized", "unsupported-protocol", "ECONNREFUSED". */
  lastError: string | null;
  onDuty: { gridWorkers: number; operators: number } | null;
  queue: { open: number; overdue: number } | null;
  /** Commands for this sub-centre still waiting for their acknowledgement. */
  pendingCommands: number;
  rejectedEnvelopes: number;
}

// ---------- boundaries (the offline basemap) ----------

export interface BoundaryFeature {
  type: 'Feature';
  properties: { id: string; name: string; level: 'district' | 'street' | 'community'; parentId?: string; approximate?: boolean };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}
export interface Boundaries {
  district: BoundaryFeature;
  streets: BoundaryFeature[];
  communities: BoundaryFeature[];
  /** [minLon, minLat, maxLon, maxLat] of the district. */
  bbox: [number, number, number, number];
  /** Where the boundaries came from, shown in the UI ("approximate demo boundaries"). */
  source: string;
}

// ---------- incidents as columns (for the map) ----------

/** Small integer codes used in columnar data; index into these arrays. */
export const SEVERITY_CODES: readonly Severity[] = ['red', 'yellow', 'green'];
export const STATUS_CODES: readonly IncidentStatus[] = ['reported', 'accepted', 'dispatched', 'handling', 'resolved', 'closed', 'rejected'];
export const LEVEL_CODES: readonly Level[] = ['grid', 'community', 'street', 'district', 'city'];
export const SOURCE_CODES: readonly Source[] = ['grid-worker', 'hotline-12345', 'video', 'patrol', 'resident', 'department'];

export interface ColumnsQuery {
  /** Only rows whose local version is greater than this (0 or absent: everything). */
  afterVersion?: number;
  /** At most this many rows in one chunk (the host caps it). */
  limit?: number;
}

/**
 * A chunk of incidents as parallel arrays (one entry per incident), so that the renderer keeps typed
 * arrays instead of one object per incident. `version` is the highest local version included; ask again
 * with afterVersion = version until `more` is false. `deleted` lists ids removed since afterVersion.
 */
export interface IncidentColumns {
  version: number;
  more: boolean;
  count: number;
  ids: string[];
  lon: number[];
  lat: number[];
  severity: number[]; // SEVERITY_CODES index
  status: number[]; // STATUS_CODES index
  level: number[]; // LEVEL_CODES index
  source: number[]; // SOURCE_CODES index
  /** Index into `categories` of this chunk. */
  category: number[];
  categories: string[]; // category major names, e.g. "市容环境"
  /** Index into `streets` of this chunk. */
  street: number[];
  streets: string[]; // street (sub-centre) ids
  reportedAt: EpochMs[];
  updatedAt: EpochMs[];
  dueAt: (EpochMs | null)[];
  deleted: string[];
  // issue 4: the grid of each incident (for the map's grid choropleth); -1 when it has none
  /** Index into `grids` of this chunk, -1 for none. */
  grid?: number[];
  grids?: string[]; // grid ids
}

export interface AlertColumns {
  version: number;
  more: boolean;
  count: number;
  ids: string[];
  lon: number[];
  lat: number[];
  severity: number[];
  state: number[]; // index into ['open','confirmed','dismissed']
  kinds: string[];
  kind: number[];
  street: number[];
  streets: string[];
  raisedAt: EpochMs[];
  updatedAt: EpochMs[];
  deleted: string[];
}

// ---------- rows (for lists and detail) ----------

export interface IncidentQuery {
  subcentreId?: string;
  gridId?: string;
  status?: IncidentStatus[];
  severity?: Severity[];
  category?: string;
  /** Open = not closed and not rejected. */
  openOnly?: boolean;
  overdueOnly?: boolean;
  from?: EpochMs;
  to?: EpochMs;
  text?: string;
  limit?: number;
  offset?: number;
  orderBy?: 'reportedAt' | 'updatedAt' | 'dueAt' | 'severity';
  desc?: boolean;
}

export interface IncidentRow {
  incidentId: string;
  subcentreId: string;
  rev: number;
  title: string;
  category: { major: string; minor: string; name: string };
  source: Source;
  severity: Severity;
  level: Level;
  status: IncidentStatus;
  lon: number;
  lat: number;
  gridId: string | null;
  address: string | null;
  department: string | null;
  reportedAt: EpochMs;
  updatedAt: EpochMs;
  dueAt: EpochMs | null;
  closedAt: EpochMs | null;
}

export interface IncidentDetail extends IncidentRow {
  /** The full body as last received (unknown fields kept). */
  raw: Record<string, unknown>;
}

export interface AlertQuery {
  subcentreId?: string;
  state?: AlertState[];
  limit?: number;
  offset?: number;
}
export interface AlertRow {
  alertId: string;
  subcentreId: string;
  rev: number;
  cameraId: string;
  kind: string;
  confidence: number;
  severity: Severity;
  state: AlertState;
  lon: number;
  lat: number;
  gridId: string | null;
  raisedAt: EpochMs;
  updatedAt: EpochMs;
  incidentId: string | null;
  hasSnapshot: boolean;
}

export interface CameraRow {
  cameraId: string;
  subcentreId: string;
  name: string;
  lon: number;
  lat: number;
  gridId: string | null;
  status: CameraStatus;
}

export interface StationRow {
  stationId: string;
  subcentreId: string;
  name: string;
  tier: number;
  lon: number;
  lat: number;
  openNow: boolean;
  visitsToday: number | null;
}

export interface GridRow {
  gridId: string;
  subcentreId: string;
  name: string;
  communityId: string;
  households: number | null;
  gridWorker: string | null;
  polygon: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

export interface OrgRow {
  orgId: string;
  subcentreId: string;
  kind: string;
  name: string;
  parentId: string | null;
  gridId: string | null;
  members: number | null;
  secretary: string | null;
}

export interface IndicatorQuery {
  orgId?: string;
  period?: string;
  fromPeriod?: string;
  toPeriod?: string;
  limit?: number;
}
export interface IndicatorRow {
  orgId: string;
  subcentreId: string;
  period: string;
  values: Record<string, number>;
}

export interface Kpis {
  /** Not closed and not rejected. */
  open: number;
  /** Open with dueAt in the past. */
  overdue: number;
  /** Reported since local midnight (Asia/Shanghai). */
  newToday: number;
  /** Open and rated red. */
  red: number;
  alertsOpen: number;
  closedToday: number;
  camerasOffline: number;
  at: EpochMs;
}

export interface ActivityItem {
  /** Local id of the stored event (ascending). */
  id: number;
  subcentreId: string;
  seq: number;
  type: string;
  at: EpochMs;
  entityId: string;
  /** A one-line text in the sub-centre's words (title, alert kind, ...). */
  summary: string;
  severity: Severity | null;
  status: string | null;
}

// ---------- commands ----------

export type OutboxState = 'pending' | 'sent' | 'acked' | 'refused';

export interface IssueCommandRequest {
  type: CommandType;
  target: Record<string, unknown>;
  args: Record<string, unknown>;
}

export interface OutboxEntry {
  commandId: string;
  subcentreId: string;
  type: CommandType;
  target: Record<string, unknown>;
  args: Record<string, unknown>;
  issuedAt: EpochMs;
  state: OutboxState;
  attempts: number;
  /** When acked with ok: the new rev. */
  resultRev: number | null;
  /** When refused: the sub-centre's reason. */
  error: { code: string; message: string } | null;
  ackedAt: EpochMs | null;
}

// ---------- live changes ----------

/**
 * Pushed after commits, coalesced (at most a few per second): which kinds changed and the newest local
 * version, so the renderer pulls only what changed (getIncidentColumns({ afterVersion })).
 */
export interface ChangeNotice {
  version: number;
  kinds: Array<'incident' | 'alert' | 'camera' | 'station' | 'org' | 'grid' | 'indicator' | 'outbox' | 'settings' | 'boundaries' | 'alarm'>;
  links: LinkState[] | null;
  /** Newest activity (for the ticker), oldest first; at most 50. */
  activity: ActivityItem[];
}

// ---------- accounts, sign-in and audit (issue 5) ----------

export type { AccountInfo, Role } from './domain/roles.ts';

export interface WhoAmI {
  /** The account signed in on this connection (web socket / Electron window), or null. */
  account: AccountInfo | null;
  /** False on a console with no account yet: the first one may be created without signing in. */
  accountsExist: boolean;
}

export interface SignInRequest {
  name: string;
  password: string;
}

export interface CreateAccountRequest {
  name: string;
  displayName?: string;
  role: Role;
  /** The street (sub-centre id) of a street operator. */
  street?: string;
  password: string;
}

export interface AuditQueryParam {
  /** Only entries older than this id (paging back). */
  beforeId?: number;
  action?: string;
  limit?: number;
}

/** The operator's queue (issue 5): getIncidentColumns plus what the queue shows and filters on. */
export interface QueueColumns {
  version: number;
  more: boolean;
  count: number;
  ids: string[];
  rev: number[];
  title: string[];
  /** Index into `categories` (category major names). */
  category: number[];
  categories: string[];
  categoryName: string[];
  source: number[]; // SOURCE_CODES index
  severity: number[]; // SEVERITY_CODES index
  level: number[]; // LEVEL_CODES index
  status: number[]; // STATUS_CODES index
  /** Index into `streets` (sub-centre ids). */
  street: number[];
  streets: string[];
  grid: (string | null)[];
  department: (string | null)[];
  reportedAt: EpochMs[];
  updatedAt: EpochMs[];
  dueAt: (EpochMs | null)[];
  deleted: string[];
}

export interface TriageCount {
  /** Camera id or alert kind. */
  key: string;
  /** Confirmed + dismissed. */
  decided: number;
  falsePositives: number;
}
export interface AlertTriageStats {
  byCamera: TriageCount[];
  byKind: TriageCount[];
}

export interface AuditEntry {
  id: number;
  at: EpochMs;
  actor: { id?: string; name?: string; role?: string; street?: string } | null;
  /** e.g. command.issued, command.acked, command.refused, auth.signed-in, account.created, snapshot.applied */
  action: string;
  subject: string;
  detail: unknown;
}

// ---------- sub-centre endpoints and account administration (issue 9) ----------

/** Where an endpoint comes from: the config file (fixed), the app (editable) or the embedded demo. */
export type EndpointOrigin = 'config-file' | 'app' | 'demo';

/** An endpoint as the renderer sees it: never the token, only whether one is set. */
export interface EndpointView {
  subcentreId: string;
  name: string | null;
  url: string;
  enabled: boolean;
  tokenSet: boolean;
  origin: EndpointOrigin;
  /** The live link (null for an endpoint that has no link, e.g. a saved one while the demo still runs). */
  link: LinkState | null;
  updatedAt: EpochMs | null;
}

export interface EndpointList {
  endpoints: EndpointView[];
  /** The console runs the embedded demo (saving a first endpoint leaves it). */
  demo: boolean;
  /** May the caller change endpoints (admin / duty officer)? */
  canEdit: boolean;
}

export interface SaveEndpointRequest {
  subcentreId: string;
  name?: string;
  url: string;
  /** Required for a new endpoint; left out on a change, the saved token is kept. */
  token?: string;
  enabled: boolean;
}

/** A given URL + token, or (with only subcentreId) the saved endpoint with its stored token. */
export interface TestEndpointRequest {
  subcentreId?: string;
  url?: string;
  token?: string;
}

export type EndpointTestOutcome = 'ok' | 'unreachable' | 'unauthorized' | 'unsupported-protocol' | 'tls-error' | 'wrong-street';

export interface EndpointTestResult {
  outcome: EndpointTestOutcome;
  /** host:port tried. */
  address: string;
  /** The technical reason: a Node error code (ECONNREFUSED, CERT_HAS_EXPIRED), http-404, unauthorized, … */
  code: string | null;
  /** One line in English with the details (the UI shows its own words for `outcome` first). */
  detail: string;
  /** What the server said in hello (ok, wrong-street). */
  server: { subcentreId: string; name: string; epoch: string; headSeq: number } | null;
  elapsedMs: number;
}

/** An account as the admin manages it (disabled ones included). */
export interface ManagedAccount extends AccountInfo {
  disabled: boolean;
  createdAt: EpochMs;
}

export interface UpdateAccountRequest {
  accountId: string;
  displayName?: string;
  disabled?: boolean;
}

export interface SetAccountPasswordRequest {
  accountId: string;
  password: string;
}

// ---------- the contract ----------

export interface ConsoleApi {
  getInfo(): Promise<ConsoleInfo>;
  getBoundaries(): Promise<Boundaries>;
  getLinks(): Promise<LinkState[]>;
  getKpis(): Promise<Kpis>;
  getIncidentColumns(query: ColumnsQuery): Promise<IncidentColumns>;
  getAlertColumns(query: ColumnsQuery): Promise<AlertColumns>;
  listIncidents(query: IncidentQuery): Promise<IncidentRow[]>;
  getIncident(query: { incidentId: string }): Promise<IncidentDetail | null>;
  listAlerts(query: AlertQuery): Promise<AlertRow[]>;
  getAlertSnapshot(query: { alertId: string }): Promise<string | null>;
  listCameras(): Promise<CameraRow[]>;
  listStations(): Promise<StationRow[]>;
  listGrids(): Promise<GridRow[]>;
  listOrgs(): Promise<OrgRow[]>;
  listIndicators(query: IndicatorQuery): Promise<IndicatorRow[]>;
  getRecentActivity(query: { limit?: number }): Promise<ActivityItem[]>;
  issueCommand(request: IssueCommandRequest): Promise<OutboxEntry>;
  listOutbox(query: { limit?: number }): Promise<OutboxEntry[]>;
  // issue 7: the leaders' briefing (figures for a period and the one before it)
  getBriefing(query: BriefingQuery): Promise<Briefing>;
  /** The wall's time replay: the state at `from` and every change until `to` (at most 31 days). */
  getReplay(query: ReplayQuery): Promise<ReplayData>;
  /** The briefing's tables as one .xlsx workbook (a sheet per table, Chinese headers), base64. */
  exportBriefingWorkbook(query: BriefingQuery): Promise<BriefingWorkbook>;
  // issue 5: accounts, sign-in (per connection) and the audit log
  signIn(request: SignInRequest): Promise<AccountInfo>;
  signOut(): Promise<null>;
  whoAmI(): Promise<WhoAmI>;
  createAccount(request: CreateAccountRequest): Promise<AccountInfo>;
  listAccounts(): Promise<AccountInfo[]>;
  listAuditLog(query: AuditQueryParam): Promise<AuditEntry[]>;
  /** The audit log as CSV text (UTF-8 with BOM), oldest first. */
  exportAuditCsv(query: AuditQueryParam): Promise<string>;
  getQueueColumns(query: ColumnsQuery): Promise<QueueColumns>;
  getAlertTriageStats(): Promise<AlertTriageStats>;
  /** Live changes; the returned Disposable stops them. */
  // issue 6: the party-branch organisational strength index (组织力指数)
  getIndexModel(): Promise<IndexModelInfo>;
  getIndexRanking(query: IndexRankingQuery): Promise<IndexRanking>;
  getBranchProfile(query: IndexProfileQuery): Promise<IndexProfile | null>;
  compareStreets(query: { a: string; b: string; period?: string; baselinePeriod?: string }): Promise<IndexStreetComparison | null>;
  getGridIndexScores(query?: { period?: string }): Promise<{ period: string | null; grids: GridIndexScore[] }>;
  // issues 4 and 9: the console's settings (tile source, alarm, display, language)
  getSettings(): Promise<SettingsView>;
  /** Admin / duty officer; a section fixed by the config file is refused (Forbidden). */
  updateSettings(request: UpdateSettingsRequest): Promise<SettingsView>;
  // issue 4: the wall's alarms (recorded by the host, acknowledged by a signed-in officer) and side-panel charts
  listAlarms(query: AlarmQuery): Promise<AlarmList>;
  acknowledgeAlarm(request: AcknowledgeAlarmRequest): Promise<AlarmRow>;
  getWallCharts(): Promise<WallCharts>;
  // issue 9: sub-centre endpoints managed in the app (admin / duty officer) and account administration (admin)
  listEndpoints(): Promise<EndpointList>;
  saveEndpoint(request: SaveEndpointRequest): Promise<EndpointList>;
  removeEndpoint(request: { subcentreId: string }): Promise<EndpointList>;
  testEndpoint(request: TestEndpointRequest): Promise<EndpointTestResult>;
  listManagedAccounts(): Promise<ManagedAccount[]>;
  updateAccount(request: UpdateAccountRequest): Promise<ManagedAccount>;
  setAccountPassword(request: SetAccountPasswordRequest): Promise<ManagedAccount>;
  // issue 4: the wall's basemap tiles, read by the host (intranet XYZ, local PMTiles / MBTiles)
  getTileSource(): Promise<TileSourceInfo>;
  getTile(query: TileQuery): Promise<TileData | null>;
  /** Opens a tile source without using it and reads one tile near the district (settings view). */
  testTileSource(request: { value: unknown }): Promise<TileTestResult>;
  // issue 9: imports of the district's own data (admin / duty officer): upload, preview, apply in one transaction
  /** One piece of a large file (the transports limit one message); returns the upload id to continue. */
  uploadImportChunk(request: UploadImportChunkRequest): Promise<{ uploadId: string; size: number }>;
  /** Starts reading and validating a file; poll getImportStatus until the state is ready or refused. */
  previewImport(request: PreviewImportRequest): Promise<ImportStatus>;
  getImportStatus(query: { importId: string }): Promise<ImportStatus>;
  /** Applies a ready preview in one transaction; a preview with problems is refused (ImportRefused) and changes nothing. */
  applyImport(request: { importId: string }): Promise<ImportStatus>;
  cancelImport(request: { importId: string }): Promise<ImportStatus>;
  listImports(): Promise<ImportRecord[]>;
  /** Removes an earlier import of `kind` (the sub-centres' or the demo's data are in force again); returns the history. */
  clearImport(request: { kind: ImportKind }): Promise<ImportRecord[]>;
  onChanges(listener: (notice: ChangeNotice) => void): Disposable;
}

/** Every request/response method of ConsoleApi (everything but the subscription). */
export const API_METHODS = [
  'getInfo',
  'getBoundaries',
  'getLinks',
  'getKpis',
  'getIncidentColumns',
  'getAlertColumns',
  'listIncidents',
  'getIncident',
  'listAlerts',
  'getAlertSnapshot',
  'listCameras',
  'listStations',
  'listGrids',
  'listOrgs',
  'listIndicators',
  'getRecentActivity',
  'issueCommand',
  'listOutbox',
  // issue 7
  'getBriefing',
  'getReplay',
  'exportBriefingWorkbook',
  // issue 5
  'signIn',
  'signOut',
  'whoAmI',
  'createAccount',
  'listAccounts',
  'listAuditLog',
  'exportAuditCsv',
  'getQueueColumns',
  'getAlertTriageStats',
  // issue 6
  'getIndexModel',
  'getIndexRanking',
  'getBranchProfile',
  'compareStreets',
  'getGridIndexScores',
  // issues 4 and 9
  'getSettings',
  'updateSettings',
  // issue 4: alarms and the wall's charts
  'listAlarms',
  'acknowledgeAlarm',
  'getWallCharts',
  // issue 9: endpoints and accounts
  'listEndpoints',
  'saveEndpoint',
  'removeEndpoint',
  'testEndpoint',
  'listManagedAccounts',
  'updateAccount',
  'setAccountPassword',
  // issue 4: basemap tiles
  'getTileSource',
  'getTile',
  'testTileSource',
  // issue 9: imports
  'uploadImportChunk',
  'previewImport',
  'getImportStatus',
  'applyImport',
  'cancelImport',
  'listImports',
  'clearImport',
] as const satisfies ReadonlyArray<Exclude<keyof ConsoleApi, 'onChanges'>>;
export type ApiMethod = (typeof API_METHODS)[number];

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && (API_METHODS as readonly string[]).includes(name);
}

/** Errors cross the boundary as plain data. */
export interface ApiError {
  name: string;
  message: string;
}

// Wire messages of the web transport (JSON over one WebSocket). Electron IPC uses one invoke channel
// per method (`superbrain:<method>`) and one event channel for changes (`superbrain:changes`).
// A signed-in socket gets a `session` message with a resume token; after a reconnection the client sends
// `resume` with it before anything else and is signed in again (issue 5). `token: null` = signed out.
export type WireRequest = { kind: 'call'; id: number; method: ApiMethod; param?: unknown } | { kind: 'resume'; token: string };
export type WireMessage =
  | { kind: 'result'; id: number; ok: true; value: unknown }
  | { kind: 'result'; id: number; ok: false; error: ApiError }
  | { kind: 'changes'; notice: ChangeNotice }
  | { kind: 'session'; token: string | null; account: AccountInfo | null };
export const IPC_CHANNEL_PREFIX = 'superbrain:';
export const IPC_CHANGES_CHANNEL = 'superbrain:changes';
