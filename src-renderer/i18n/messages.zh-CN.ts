// The default dictionary. Every visible string of the renderer has a key here; `en` must have the same keys.
// Each view keeps its own strings in i18n/views/<view>.ts (zh-CN and en side by side), merged here.
import { briefingMessages } from './views/briefing.ts';
import { mapMessages } from './views/map.ts'; // issue 4
import { indexMessages } from './views/index-view.ts';
import { operatorMessages } from './views/operator.ts';
import { shellMessages } from './views/shell.ts';
import { settingsMessages } from './views/settings.ts'; // issue 9
import { importsMessages } from './views/imports.ts'; // issue 9: imports
import { wallMessages } from './views/wall.ts'; // issue 4

const core = {
  'app.title': '城市超脑',
  'app.subtitle': '{district}城市运行指挥中心',
  'app.loading': '正在连接主机…',
  'app.connectFailed': '无法连接主机：{message}',
  'app.retry': '重试',

  'host.connected': '主机已连接',
  'host.connecting': '正在连接主机',
  'host.disconnected': '主机连接中断',
  'host.lostBanner': '与主机的连接已中断，画面停留在 {time}',
  'host.demo': '演示',

  'lang.switch': '切换语言',
  'lang.zh': '中文',
  'lang.en': 'EN',

  'kpi.open': '在办事件',
  'kpi.overdue': '超期未办',
  'kpi.newToday': '今日新增',
  'kpi.red': '红色事件',
  'kpi.alertsOpen': '待研判告警',
  'kpi.camerasOffline': '离线摄像头',
  'kpi.closedToday': '今日办结 {n}',
  'kpi.unit.items': '件',
  'kpi.unit.alerts': '条',
  'kpi.unit.cameras': '路',
  'kpi.pending': '—',
  'kpi.region': '关键指标',

  'links.title': '街道分中心链路',
  'links.summary': '在线 {up}/{total}',
  'links.lag': '积压 {n}',
  'links.never': '未收到',
  'links.empty': '未配置分中心',

  'linkState.connecting': '连接中',
  'linkState.connected': '在线',
  'linkState.stale': '滞后',
  'linkState.down': '中断',
  'linkState.disabled': '停用',

  'ago.now': '刚刚',
  'ago.seconds': '{n}秒前',
  'ago.minutes': '{n}分钟前',
  'ago.hours': '{n}小时前',
  'ago.days': '{n}天前',

  'ticker.title': '实时动态',
  'ticker.empty': '等待最新事件…',
  'ticker.alert': '视频告警',
  'ticker.camera': '摄像头',

  'alertKind.crowd': '人员聚集',
  'alertKind.fire-smoke': '烟火',
  'alertKind.illegal-parking': '违章停车',
  'alertKind.street-vending': '占道经营',
  'alertKind.garbage-overflow': '垃圾满溢',
  'alertKind.intrusion': '区域入侵',
  'alertKind.fall': '人员跌倒',
  'alertKind.flood': '积水内涝',

  'legend.title': '图例',
  'legend.red': '红色 · 紧急',
  'legend.yellow': '黄色 · 较急',
  'legend.green': '绿色 · 一般',
  'legend.overdue': '超期未办',
  'legend.new': '新上报（1分钟内）',
  'legend.alert': '视频告警（待研判）',

  'map.loading': '正在加载区划边界…',
  'map.approximate': '街道、社区、网格边界为示意（演示数据）',
  'map.tilesUnavailable': '底图瓦片不可用：{reason}',
  'map.source': '边界来源：{source}',

  'severity.red': '红',
  'severity.yellow': '黄',
  'severity.green': '绿',

  'status.reported': '已上报',
  'status.accepted': '已受理',
  'status.dispatched': '已派遣',
  'status.handling': '处置中',
  'status.resolved': '已处置',
  'status.closed': '已结案',
  'status.rejected': '不予受理',

  'alertState.open': '待研判',
  'alertState.confirmed': '已确认',
  'alertState.dismissed': '已排除',

  'cameraStatus.online': '在线',
  'cameraStatus.offline': '离线',
  'cameraStatus.fault': '故障',

  'source.grid-worker': '网格员',
  'source.hotline-12345': '12345热线',
  'source.video': '视频发现',
  'source.patrol': '巡查',
  'source.resident': '群众上报',
  'source.department': '部门推送',

  'level.grid': '网格',
  'level.community': '社区',
  'level.street': '街道',
  'level.district': '区级',
  'level.city': '市级',
} as const;

export const zhCN = { ...core, ...shellMessages.zhCN, ...operatorMessages.zhCN, ...indexMessages.zhCN, ...briefingMessages.zhCN, ...mapMessages.zhCN, ...wallMessages.zhCN, ...settingsMessages.zhCN, ...importsMessages.zhCN } as const;
export const CORE_KEYS = Object.keys(core);

export type MessageKey = keyof typeof zhCN;
export type Messages = Record<MessageKey, string>;
