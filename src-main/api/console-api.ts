// The ConsoleApi contract (src-shared/api.ts) implemented over the store queries, the feed manager and
// the boundaries. Both transports (Electron IPC, the web host's WebSocket) hand requests to this one
// object, so validation lives here: every parameter is checked (zod) and a bad one is a BadRequest
// naming the field, never an exception from deep inside a query.
import * as queries from '../store/queries.ts';
import { createChangeNotifier, type ChangeNotifier } from './change-notifier.ts';
import {
  BadRequestError,
  parseActivityLimit,
  parseAlertId,
  parseAlertQuery,
  parseColumnsQuery,
  parseIncidentId,
  parseIncidentQuery,
  parseIndicatorQuery,
  parseIssueCommand,
  parseNoParam,
  parseOutboxLimit,
} from './params.ts';
import type { Store } from '../store/store.ts';
import type { Operator } from '../../src-shared/sfp/schemas.ts';
import type { Boundaries, ConsoleApi, ConsoleInfo, Disposable, IssueCommandRequest, LinkState, OutboxEntry } from '../../src-shared/api.ts';

/** The part of the FeedManager the API uses. */
export interface FeedPort {
  links(): LinkState[];
  onDidChangeLinks(listener: (links: LinkState[]) => void): Disposable;
  issueCommand(request: IssueCommandRequest, operator: Operator): OutboxEntry;
}

export interface ConsoleApiDeps {
  store: Store;
  feed: FeedPort;
  /** The boundaries to draw; throws (with a message for the operator) when none could be loaded. */
  boundaries: () => Boundaries;
  info: Omit<ConsoleInfo, 'serverTime'>;
  /** Who issues commands from this console (a default duty officer until sign-in exists). */
  operator: () => Operator;
  now?: () => number;
  /** Per listener, at most one ChangeNotice this often. Default 250 ms. */
  changeIntervalMs?: number;
}

export interface ConsoleApiHandle extends ConsoleApi {
  /** Stops pending change notices (the runtime calls it before closing the store). */
  dispose(): void;
}

export const DEFAULT_OPERATOR: Operator = { id: 'duty-officer', name: '值班员', role: 'duty-officer' };

export function createConsoleApi(deps: ConsoleApiDeps): ConsoleApiHandle {
  const { store, feed } = deps;
  const now = deps.now ?? Date.now;
  const notifier: ChangeNotifier = createChangeNotifier(
    {
      onDidCommit: (l) => store.onDidCommit(l),
      onDidChangeLinks: (l) => feed.onDidChangeLinks(() => l()),
      links: () => feed.links(),
      activitySince: (minId, limit) => (store.isClosed() ? [] : queries.getActivitySince(store, minId, limit)),
    },
    store.version(),
    { intervalMs: deps.changeIntervalMs ?? 250, now },
  );
  let disposed = false;
  const live = (method: string): void => {
    if (disposed) throw new Error(`${method}: the console is shutting down`);
  };

  return {
    async getInfo(param?: unknown) {
      parseNoParam('getInfo', param);
      return { ...deps.info, serverTime: now() };
    },
    async getBoundaries(param?: unknown) {
      parseNoParam('getBoundaries', param);
      return deps.boundaries();
    },
    async getLinks(param?: unknown) {
      parseNoParam('getLinks', param);
      return feed.links();
    },
    async getKpis(param?: unknown) {
      parseNoParam('getKpis', param);
      live('getKpis');
      return queries.getKpis(store, now());
    },
    async getIncidentColumns(param) {
      const q = parseColumnsQuery('getIncidentColumns', param);
      live('getIncidentColumns');
      return queries.getIncidentColumns(store, q);
    },
    async getAlertColumns(param) {
      const q = parseColumnsQuery('getAlertColumns', param);
      live('getAlertColumns');
      return queries.getAlertColumns(store, q);
    },
    async listIncidents(param) {
      const q = parseIncidentQuery(param);
      live('listIncidents');
      return queries.listIncidents(store, q, now());
    },
    async getIncident(param) {
      const q = parseIncidentId(param);
      live('getIncident');
      return queries.getIncident(store, q) ?? null;
    },
    async listAlerts(param) {
      const q = parseAlertQuery(param);
      live('listAlerts');
      return queries.listAlerts(store, q);
    },
    async getAlertSnapshot(param) {
      const q = parseAlertId(param);
      live('getAlertSnapshot');
      return queries.getAlertSnapshot(store, q) ?? null;
    },
    async listCameras(param?: unknown) {
      parseNoParam('listCameras', param);
      live('listCameras');
      return queries.listCameras(store);
    },
    async listStations(param?: unknown) {
      parseNoParam('listStations', param);
      live('listStations');
      return queries.listStations(store);
    },
    async listGrids(param?: unknown) {
      parseNoParam('listGrids', param);
      live('listGrids');
      return queries.listGrids(store);
    },
    async listOrgs(param?: unknown) {
      parseNoParam('listOrgs', param);
      live('listOrgs');
      return queries.listOrgs(store);
    },
    async listIndicators(param) {
      const q = parseIndicatorQuery(param);
      live('listIndicators');
      return queries.listIndicators(store, q);
    },
    async getRecentActivity(param) {
      const limit = parseActivityLimit(param);
      live('getRecentActivity');
      return queries.getRecentActivity(store, limit);
    },
    async issueCommand(param) {
      const request = parseIssueCommand(param);
      live('issueCommand');
      return feed.issueCommand(request, deps.operator());
    },
    async listOutbox(param) {
      const limit = parseOutboxLimit(param);
      live('listOutbox');
      return queries.listOutbox(store, limit);
    },
    onChanges(listener) {
      if (typeof listener !== 'function') throw new BadRequestError('onChanges: listener must be a function');
      return notifier.subscribe(listener);
    },
    dispose() {
      disposed = true;
      notifier.dispose();
    },
  };
}
