import type { Messages } from './messages.zh-CN.ts';
import { briefingMessages } from './views/briefing.ts';
import { mapMessages } from './views/map.ts'; // issue 4
import { indexMessages } from './views/index-view.ts';
import { operatorMessages } from './views/operator.ts';
import { shellMessages } from './views/shell.ts';
import { settingsMessages } from './views/settings.ts'; // issue 9
import { importsMessages } from './views/imports.ts'; // issue 9: imports
import { wallMessages } from './views/wall.ts'; // issue 4

// Same keys as zh-CN: TypeScript refuses a missing or an extra one.
export const en: Messages = {
  ...shellMessages.en,
  ...operatorMessages.en,
  ...indexMessages.en,
  ...briefingMessages.en,
  ...settingsMessages.en, // issue 9
  ...importsMessages.en, // issue 9: imports
  ...mapMessages.en, // issue 4
  ...wallMessages.en, // issue 4 (wall display)
  'app.title': 'Superbrain',
  'app.subtitle': '{district} Operations Centre',
  'app.loading': 'Connecting to the host…',
  'app.connectFailed': 'Cannot reach the host: {message}',
  'app.retry': 'Retry',

  'host.connected': 'Connected',
  'host.connecting': 'Connecting to host',
  'host.disconnected': 'Host connection lost',
  'host.lostBanner': 'Connection to the host is lost — showing the picture as of {time}',
  'host.demo': 'Demo',

  'lang.switch': 'Switch language',
  'lang.zh': '中文',
  'lang.en': 'EN',

  'kpi.open': 'Open incidents',
  'kpi.overdue': 'Overdue',
  'kpi.newToday': 'New today',
  'kpi.red': 'Red incidents',
  'kpi.alertsOpen': 'Open video alerts',
  'kpi.camerasOffline': 'Cameras offline',
  'kpi.closedToday': 'Closed today {n}',
  'kpi.unit.items': '',
  'kpi.unit.alerts': '',
  'kpi.unit.cameras': '',
  'kpi.pending': '—',
  'kpi.region': 'Key figures',

  'links.title': 'Sub-centre links',
  'links.summary': '{up}/{total} up',
  'links.lag': 'lag {n}',
  'links.never': 'never heard',
  'links.empty': 'No sub-centres configured',

  'linkState.connecting': 'Connecting',
  'linkState.connected': 'Connected',
  'linkState.stale': 'Stale',
  'linkState.down': 'Down',
  'linkState.disabled': 'Disabled',

  'ago.now': 'just now',
  'ago.seconds': '{n} s ago',
  'ago.minutes': '{n} min ago',
  'ago.hours': '{n} h ago',
  'ago.days': '{n} d ago',

  'ticker.title': 'Live events',
  'ticker.empty': 'Waiting for events…',
  'ticker.alert': 'Video alert',
  'ticker.camera': 'Camera',

  'alertKind.crowd': 'Crowd gathering',
  'alertKind.fire-smoke': 'Smoke or fire',
  'alertKind.illegal-parking': 'Illegal parking',
  'alertKind.street-vending': 'Street vending',
  'alertKind.garbage-overflow': 'Garbage overflow',
  'alertKind.intrusion': 'Intrusion',
  'alertKind.fall': 'Person fallen',
  'alertKind.flood': 'Flooding',

  'legend.title': 'Legend',
  'legend.red': 'Red · urgent',
  'legend.yellow': 'Yellow · pressing',
  'legend.green': 'Green · routine',
  'legend.overdue': 'Overdue',
  'legend.new': 'New (last minute)',
  'legend.alert': 'Video alert (open)',

  'map.loading': 'Loading boundaries…',
  'map.approximate': 'Street, community and grid boundaries are approximate (demo data)',
  'map.tilesUnavailable': 'basemap tiles unavailable: {reason}',
  'map.source': 'Boundaries: {source}',

  'severity.red': 'Red',
  'severity.yellow': 'Yellow',
  'severity.green': 'Green',

  'status.reported': 'Reported',
  'status.accepted': 'Accepted',
  'status.dispatched': 'Dispatched',
  'status.handling': 'Handling',
  'status.resolved': 'Resolved',
  'status.closed': 'Closed',
  'status.rejected': 'Rejected',

  'alertState.open': 'Open',
  'alertState.confirmed': 'Confirmed',
  'alertState.dismissed': 'Dismissed',

  'cameraStatus.online': 'Online',
  'cameraStatus.offline': 'Offline',
  'cameraStatus.fault': 'Fault',

  'source.grid-worker': 'Grid worker',
  'source.hotline-12345': '12345 hotline',
  'source.video': 'Video',
  'source.patrol': 'Patrol',
  'source.resident': 'Resident',
  'source.department': 'Department',

  'level.grid': 'Grid',
  'level.community': 'Community',
  'level.street': 'Street',
  'level.district': 'District',
  'level.city': 'City',
};
