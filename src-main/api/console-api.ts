// The ConsoleApi contract (src-shared/api.ts) implemented over the store queries, the feed manager and
// the boundaries. Both transports (Electron IPC, the web host's WebSocket) hand requests to this one
// object, so validation lives here: every parameter is checked (zod) and a bad one is a BadRequest
// naming the field, never an exception from deep inside a query.
import * as queries from '../store/queries.ts';
import { createChangeNotifier, type ChangeNotifier } from './change-notifier.ts';
import { createOperatorMethods } from './operator-methods.ts'; // issue 5
import { currentCaller, currentScope, ForbiddenError, requireActor } from './caller.ts'; // issue 5
import { scopeActivity, scopeColumns, scopeRows } from './scope.ts'; // issue 5
import { operatorOf } from '../../src-shared/domain/roles.ts'; // issue 5
import type { AccountInfo } from '../../src-shared/domain/roles.ts';
import { getAccount } from '../store/accounts.ts'; // issue 5
import { createBriefingMethods } from './briefing-methods.ts'; // issue 7
import { createIndexMethods, type IndexPort } from './index-methods.ts'; // issue 6
import { createSettingsMethods } from './settings-methods.ts'; // issues 4 and 9
import { createEndpointMethods, type EndpointPort } from './endpoint-methods.ts'; // issue 9
import { createImportMethods } from './import-methods.ts'; // issue 9: imports
import { importedBoundaries, importedGrids, withImportedCameras, withImportedOrgs, withImportedStations } from '../store/imported.ts'; // issue 9: imports
import { createAlarmMethods } from './alarm-methods.ts'; // issue 4
import { createWallMethods } from './wall-methods.ts'; // issue 4
import { createTileMethods } from './tile-methods.ts'; // issue 4
import type { TileService } from '../tiles/tile-service.ts';
import type { WallSettingsFile } from '../../src-shared/settings.ts';
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
  /** The strength-index engine (issue 6); without it the index methods say it is not running. */
  index?: IndexPort;
  /** Settings sections given by the config file (issue 9): fixed, shown as such. */
  settingsFromFile?: WallSettingsFile;
  /** Sub-centre endpoints managed in the app (issue 9); without it they can be listed but not changed. */
  endpoints?: EndpointPort;
  /** The wall's basemap tile source (issue 4); without it the wall has the boundaries only. */
  tiles?: TileService;
}

export interface ConsoleApiHandle extends ConsoleApi {
  /** Stops pending change notices (the runtime calls it before closing the store). */
  dispose(): void;
  /** Host side only (not in API_METHODS): an enabled account by id, for resuming a sign-in (issue 5). */
  accountById(accountId: string): AccountInfo | null;
}

function districtCentre(boundaries: () => Boundaries): [number, number] | undefined {
  try {
    const [w, s, e, n] = boundaries().bbox;
    return [(w + e) / 2, (s + n) / 2];
  } catch {
    return undefined;
  }
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
    ...createBriefingMethods(store, now, live, { index: deps.index, district: deps.info.district }), // issue 7
    ...createIndexMethods({ store, now, live, index: deps.index }), // issue 6
    ...createOperatorMethods({ store, feed, now }), // issue 5
    accountById: (accountId: string) => (store.isClosed() ? null : getAccount(store, accountId)), // issue 5
    ...createSettingsMethods({ store, now, live, fromFile: deps.settingsFromFile }), // issues 4 and 9
    ...createEndpointMethods({ store, now, live, feed, endpoints: deps.endpoints }), // issue 9
    ...createImportMethods({ store, now, live, boundaries: deps.boundaries }), // issue 9: imports
    ...createAlarmMethods({ store, now, live, defaultOperator: () => deps.operator() }), // issue 4
    ...createWallMethods({ store, now, live }), // issue 4
    ...createTileMethods({ tiles: deps.tiles, live, near: () => districtCentre(() => importedBoundaries(store) ?? deps.boundaries()) }), // issue 4
    async getInfo(param?: unknown) {
      parseNoParam('getInfo', param);
      return { ...deps.info, serverTime: now() };
    },
    async getBoundaries(param?: unknown) {
      parseNoParam('getBoundaries', param);
      return importedBoundaries(store) ?? deps.boundaries(); // issue 9: imported boundaries replace the demo's
    },
    async getLinks(param?: unknown) {
      parseNoParam('getLinks', param);
      return feed.links();
    },
    async getKpis(param?: unknown) {
      parseNoParam('getKpis', param);
      live('getKpis');
      return queries.getKpis(store, now(), currentScope());
    },
    async getIncidentColumns(param) {
      const q = parseColumnsQuery('getIncidentColumns', param);
      live('getIncidentColumns');
      return scopeColumns(queries.getIncidentColumns(store, q), currentScope());
    },
    async getAlertColumns(param) {
      const q = parseColumnsQuery('getAlertColumns', param);
      live('getAlertColumns');
      return scopeColumns(queries.getAlertColumns(store, q), currentScope());
    },
    async listIncidents(param) {
      const q = parseIncidentQuery(param);
      live('listIncidents');
      const street = currentScope();
      if (street !== null && q.subcentreId !== undefined && q.subcentreId !== street) return [];
      return queries.listIncidents(store, street !== null ? { ...q, subcentreId: street } : q, now());
    },
    async getIncident(param) {
      const q = parseIncidentId(param);
      live('getIncident');
      const found = queries.getIncident(store, q);
      // Out of scope reads as absent: a street operator does not learn what other streets hold.
      return found && scopeRows([found], currentScope()).length > 0 ? found : null;
    },
    async listAlerts(param) {
      const q = parseAlertQuery(param);
      live('listAlerts');
      const street = currentScope();
      if (street !== null && q.subcentreId !== undefined && q.subcentreId !== street) return [];
      return queries.listAlerts(store, street !== null ? { ...q, subcentreId: street } : q);
    },
    async getAlertSnapshot(param) {
      const q = parseAlertId(param);
      live('getAlertSnapshot');
      const street = currentScope();
      if (street !== null && queries.getEntityOwner(store, 'alert', q.alertId)?.subcentreId !== street) return null;
      return queries.getAlertSnapshot(store, q) ?? null;
    },
    async listCameras(param?: unknown) {
      parseNoParam('listCameras', param);
      live('listCameras');
      return scopeRows(withImportedCameras(store, queries.listCameras(store)), currentScope()); // issue 9: + imported
    },
    async listStations(param?: unknown) {
      parseNoParam('listStations', param);
      live('listStations');
      return scopeRows(withImportedStations(store, queries.listStations(store)), currentScope()); // issue 9: + imported
    },
    async listGrids(param?: unknown) {
      parseNoParam('listGrids', param);
      live('listGrids');
      return scopeRows(importedGrids(store) ?? queries.listGrids(store), currentScope()); // issue 9: imported grids replace the sub-centres'
    },
    async listOrgs(param?: unknown) {
      parseNoParam('listOrgs', param);
      live('listOrgs');
      return scopeRows(withImportedOrgs(store, queries.listOrgs(store)), currentScope()); // issue 9: + imported, branch-grid mapping
    },
    async listIndicators(param) {
      const q = parseIndicatorQuery(param);
      live('listIndicators');
      return scopeRows(queries.listIndicators(store, q), currentScope());
    },
    async getRecentActivity(param) {
      const limit = parseActivityLimit(param);
      live('getRecentActivity');
      return scopeActivity(queries.getRecentActivity(store, limit), currentScope());
    },
    async issueCommand(param) {
      const request = parseIssueCommand(param);
      live('issueCommand');
      // issue 5: only a signed-in, acting role; a street operator only on their street; the command
      // carries the signed-in operator (and so does its audit entry).
      const actor = requireActor('issueCommand');
      const street = currentScope();
      if (street !== null) {
        const kind = request.type.startsWith('alert.') ? 'alert' : 'incident';
        const id = String(request.target[kind === 'alert' ? 'alertId' : 'incidentId'] ?? '');
        const owner = queries.getEntityOwner(store, kind, id);
        if (owner && owner.subcentreId !== street) throw new ForbiddenError(`issueCommand ${request.type}: ${kind} "${id}" is not on your street`);
      }
      return feed.issueCommand(request, actor ? operatorOf(actor) : deps.operator());
    },
    async listOutbox(param) {
      const limit = parseOutboxLimit(param);
      live('listOutbox');
      return scopeRows(queries.listOutbox(store, limit), currentScope());
    },
    onChanges(listener) {
      if (typeof listener !== 'function') throw new BadRequestError('onChanges: listener must be a function');
      // issue 5: the subscriber's session decides, notice by notice (it may sign in or out meanwhile).
      const caller = currentCaller();
      if (!caller) return notifier.subscribe(listener);
      return notifier.subscribe((notice) => {
        const street = currentScope(caller);
        listener(street === null ? notice : { ...notice, activity: scopeActivity(notice.activity, street) });
      });
    },
    dispose() {
      disposed = true;
      notifier.dispose();
    },
  };
}
