// Issue 7: the briefing's tables as one Excel workbook (exceljs, on the host): a sheet per table, Chinese
// headers, real numbers with number formats (rates as percentages, hours, dates in Shanghai time) and the
// header row frozen, so that the figures can be sorted and summed in Excel as they are.
import ExcelJS from 'exceljs';
import type { Briefing, BriefingFigures, BriefingGridProblem, BriefingIndexRow } from '../../src-shared/briefing.ts';
import { findLixiaStreet } from '../../src-shared/domain/lixia.ts';

const SHANGHAI_MS = 8 * 3_600_000;
const HOUR_MS = 3_600_000;

const SOURCE: Record<string, string> = {
  'grid-worker': '网格员',
  'hotline-12345': '12345热线',
  video: '视频发现',
  patrol: '巡查',
  resident: '群众上报',
  department: '部门推送',
};
const ALERT_KIND: Record<string, string> = {
  crowd: '人员聚集',
  'fire-smoke': '烟火',
  'illegal-parking': '违章停车',
  'street-vending': '占道经营',
  'garbage-overflow': '垃圾满溢',
  intrusion: '区域入侵',
  fall: '人员跌倒',
  flood: '积水内涝',
};
const SEVERITY: Record<string, string> = { red: '红', yellow: '黄', green: '绿' };
const STATUS: Record<string, string> = {
  reported: '已上报',
  accepted: '已受理',
  dispatched: '已派遣',
  handling: '处置中',
  resolved: '已处置',
  closed: '已结案',
  rejected: '不予受理',
};

const FMT = {
  count: '#,##0',
  percent: '0.0%',
  hours: '0.0',
  stars: '0.00',
  points: '0.00',
  /** A change in percentage points. */
  pp: '+0.0" pp";-0.0" pp";0.0" pp"',
  /** A relative change. */
  relative: '+0.0%;-0.0%;0.0%',
  signedPoints: '+0.00;-0.00;0.00',
  time: 'yyyy-mm-dd hh:mm',
} as const;

type Format = 'count' | 'percent' | 'hours' | 'stars';

/** The KPI rows of the workbook, in the dashboard's order; `pick` gives the raw figure. */
export const WORKBOOK_KPIS: ReadonlyArray<{ label: string; format: Format; pick: (f: BriefingFigures) => number | null }> = [
  { label: '事件总数', format: 'count', pick: (f) => f.total },
  { label: '结案率', format: 'percent', pick: (f) => f.closureRate },
  { label: '按时办结率', format: 'percent', pick: (f) => f.onTimeRate },
  { label: '平均办结时长（小时）', format: 'hours', pick: (f) => (f.avgCloseMs === null ? null : f.avgCloseMs / HOUR_MS) },
  { label: '小事不出网格', format: 'percent', pick: (f) => f.inGridRate },
  { label: '群众满意度（星）', format: 'stars', pick: (f) => f.satisfactionAvg },
  { label: '超期事件', format: 'count', pick: (f) => f.overdue },
  { label: '视频告警', format: 'count', pick: (f) => f.alerts.total },
  { label: '告警误报率', format: 'percent', pick: (f) => f.alerts.falsePositiveRate },
];

/** Sheet names, in order (Excel allows 31 characters and no []:*?/\). */
export const WORKBOOK_SHEETS = {
  info: '简报信息',
  kpis: '主要指标',
  byDay: '每日事件量',
  byCategory: '事件类别',
  bySource: '事件来源',
  byStreet: '各街道事件量',
  alertsByKind: '视频告警类型',
  overdue: '超期事件清单',
  repeated: '重复问题网格',
  warnings: '未诉先办预警',
  indexStreets: '组织力指数-街道',
  indexRed: '组织力指数-红榜',
  indexBlack: '组织力指数-黑榜',
} as const;

/** A time as Excel shows it: Excel has no time zones, so the Shanghai wall-clock time is written. */
function excelTime(ms: number): Date {
  return new Date(ms + SHANGHAI_MS);
}

const shanghaiDay = (ms: number): string => new Date(ms + SHANGHAI_MS).toISOString().slice(0, 10);
const streetName = (id: string): string => findLixiaStreet(id)?.name ?? id;
const relative = (count: number, prev: number): number | null => (prev > 0 ? (count - prev) / prev : null);

interface Column {
  header: string;
  width: number;
  numFmt?: string;
}

type Cell = string | number | Date | null;

function addTable(wb: ExcelJS.Workbook, name: string, columns: Column[], rows: Cell[][]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
  const header = ws.getRow(1);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F5FBF' } };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  header.height = 20;
  for (const r of rows) ws.addRow(r);
  if (rows.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return ws;
}

const countTable = (keyHeader: string, label: (k: string) => string, rows: Briefing['byCategory']): [Column[], Cell[][]] => [
  [
    { header: '排名', width: 8 },
    { header: keyHeader, width: 22 },
    { header: '本期', width: 12, numFmt: FMT.count },
    { header: '上期', width: 12, numFmt: FMT.count },
    { header: '变化', width: 12, numFmt: FMT.relative },
  ],
  rows.map((c, i) => [i + 1, label(c.key), c.count, c.prev, relative(c.count, c.prev)]),
];

const problemTable = (rows: BriefingGridProblem[], baseline: boolean): [Column[], Cell[][]] => [
  [
    { header: '排名', width: 8 },
    { header: '网格', width: 24 },
    { header: '街道', width: 14 },
    { header: '类别', width: 16 },
    { header: '件数', width: 10, numFmt: FMT.count },
    ...(baseline ? [{ header: '近期基线（每期）', width: 18, numFmt: '0.00' }] : []),
  ],
  rows.map((r, i) => [i + 1, r.gridName ?? r.gridId, streetName(r.subcentreId), r.category, r.count, ...(baseline ? [r.baseline ?? 0] : [])]),
];

const indexTable = (rows: BriefingIndexRow[], branch: boolean): [Column[], Cell[][]] => [
  [
    { header: '排名', width: 8 },
    { header: branch ? '党支部' : '街道党工委', width: 30 },
    ...(branch ? [{ header: '社区', width: 22 }, { header: '街道', width: 22 }] : []),
    { header: '得分', width: 10, numFmt: FMT.points },
    { header: '星级', width: 8 },
    { header: '上月得分', width: 12, numFmt: FMT.points },
    { header: '较上月（分）', width: 14, numFmt: FMT.signedPoints },
  ],
  rows.map((r) => [r.rank, r.name, ...(branch ? [r.parentName, r.streetName] : []), r.score, r.stars, r.previous, r.change]),
];

/** The workbook of a briefing; `district` names the cover. */
export function buildBriefingWorkbook(b: Briefing, district: { id: string; name: string }): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Superbrain 城市超脑';
  wb.created = new Date(b.generatedAt);
  const lastDay = (p: { to: number }): string => shanghaiDay(p.to - 1);

  const info = addTable(wb, WORKBOOK_SHEETS.info, [
    { header: '项目', width: 16 },
    { header: '内容', width: 60 },
  ], [
    ['区域', `${district.name}（${district.id}）`],
    ['统计期间', `${shanghaiDay(b.period.from)} 至 ${lastDay(b.period)}`],
    ['对比期间', `${shanghaiDay(b.previous.from)} 至 ${lastDay(b.previous)}`],
    ['生成时间', excelTime(b.generatedAt)],
    ['组织力指数月份', b.index ? `${b.index.period}（对比 ${b.index.previousPeriod}）` : '无'],
    ['口径', '按上报时间统计本期事件；结案指本期结束前核查结案；小事不出网格指结案且未派单、未上报升级；超期以统计时间与本期结束时间中较早者为准。'],
  ]);
  info.getCell('B5').numFmt = FMT.time;
  info.getColumn(2).alignment = { wrapText: true, vertical: 'top' };

  const kpis = addTable(wb, WORKBOOK_SHEETS.kpis, [
    { header: '指标', width: 24 },
    { header: '本期', width: 14 },
    { header: '上期', width: 14 },
    { header: '变化', width: 14 },
  ], WORKBOOK_KPIS.map((k) => {
    const v = k.pick(b.current);
    const p = k.pick(b.prev);
    // rates change in percentage points, the rest relative to the previous figure
    const change = v === null || p === null ? null : k.format === 'percent' ? (v - p) * 100 : p !== 0 ? (v - p) / p : null;
    return [k.label, v, p, change];
  }));
  WORKBOOK_KPIS.forEach((k, i) => {
    const row = kpis.getRow(i + 2);
    const fmt = k.format === 'percent' ? FMT.percent : k.format === 'hours' ? FMT.hours : k.format === 'stars' ? FMT.stars : FMT.count;
    row.getCell(2).numFmt = fmt;
    row.getCell(3).numFmt = fmt;
    row.getCell(4).numFmt = k.format === 'percent' ? FMT.pp : FMT.relative;
  });

  addTable(wb, WORKBOOK_SHEETS.byDay, [
    { header: '日期', width: 14 },
    { header: '本期', width: 12, numFmt: FMT.count },
    { header: '上期日期', width: 14 },
    { header: '上期', width: 12, numFmt: FMT.count },
  ], b.byDay.map((d, i) => [d.day, d.count, b.prevByDay[i]?.day ?? null, b.prevByDay[i]?.count ?? null]));
  addTable(wb, WORKBOOK_SHEETS.byCategory, ...countTable('类别', (k) => k, b.byCategory));
  addTable(wb, WORKBOOK_SHEETS.bySource, ...countTable('来源', (k) => SOURCE[k] ?? k, b.bySource));
  addTable(wb, WORKBOOK_SHEETS.byStreet, ...countTable('街道', streetName, b.byStreet));
  addTable(wb, WORKBOOK_SHEETS.alertsByKind, ...countTable('告警类型', (k) => ALERT_KIND[k] ?? k, b.alertsByKind));
  addTable(wb, WORKBOOK_SHEETS.overdue, [
    { header: '事件编号', width: 22 },
    { header: '事件', width: 30 },
    { header: '街道', width: 14 },
    { header: '网格', width: 22 },
    { header: '类别', width: 14 },
    { header: '等级', width: 8 },
    { header: '状态', width: 10 },
    { header: '责任部门', width: 14 },
    { header: '上报时间', width: 18, numFmt: FMT.time },
    { header: '办理时限', width: 18, numFmt: FMT.time },
    { header: '已超期（小时）', width: 16, numFmt: '0.0' },
  ], b.overdueList.map((r) => [
    r.incidentId,
    r.title,
    streetName(r.subcentreId),
    r.gridName ?? r.gridId,
    r.category,
    SEVERITY[r.severity] ?? r.severity,
    STATUS[r.status] ?? r.status,
    r.department,
    excelTime(r.reportedAt),
    excelTime(r.dueAt),
    r.overdueMs / HOUR_MS,
  ]));
  addTable(wb, WORKBOOK_SHEETS.repeated, ...problemTable(b.repeated, false));
  addTable(wb, WORKBOOK_SHEETS.warnings, ...problemTable(b.warnings, true));
  if (b.index) {
    addTable(wb, WORKBOOK_SHEETS.indexStreets, ...indexTable(b.index.streets, false));
    addTable(wb, WORKBOOK_SHEETS.indexRed, ...indexTable(b.index.red, true));
    addTable(wb, WORKBOOK_SHEETS.indexBlack, ...indexTable(b.index.black, true));
  }
  return wb;
}

export async function briefingWorkbookBase64(b: Briefing, district: { id: string; name: string }): Promise<string> {
  const buf = await buildBriefingWorkbook(b, district).xlsx.writeBuffer();
  return Buffer.from(buf as ArrayBuffer).toString('base64');
}

export function briefingWorkbookName(b: Briefing): string {
  return `briefing-${shanghaiDay(b.period.from)}-${shanghaiDay(b.period.to - 1)}.xlsx`;
}
