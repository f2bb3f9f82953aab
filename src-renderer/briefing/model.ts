// The briefing view's pure part: which period the address asks for, the KPI cards (value, change and
// whether the change is good news), and the CSV of the tables. No React, no DOM: tested under Node.
import type { Briefing, BriefingFigures } from '../../src-shared/briefing.ts';
import { daysOf, parseShanghaiDay, periodOf, relativeChange, shanghaiDay, type PeriodKind } from '../../src-shared/domain/briefing-period.ts';
import type { MessageKey } from '../i18n/translator.ts';

const DAY_MS = 86_400_000;

export interface PeriodChoice {
  kind: PeriodKind;
  from: number;
  to: number;
}

/**
 * The period in the address: `period=today|week|month`, or `from=YYYY-MM-DD&to=YYYY-MM-DD` (both days
 * included, Shanghai calendar); anything else: today.
 */
export function periodFromSearch(search: string, now: number): PeriodChoice {
  const params = new URLSearchParams(search);
  const from = parseShanghaiDay(params.get('from') ?? '');
  const to = parseShanghaiDay(params.get('to') ?? '');
  if (Number.isFinite(from) && Number.isFinite(to) && to >= from) return { kind: 'custom', from, to: Math.min(to + DAY_MS, from + 400 * DAY_MS) };
  const kind = params.get('period');
  const k: PeriodKind = kind === 'week' || kind === 'month' ? kind : 'today';
  return periodOf(k, now);
}

/** The address of a period (keeping the token and the view), optionally of its print page. */
export function periodSearch(search: string, p: PeriodChoice, print = false): string {
  const params = new URLSearchParams(search);
  params.delete('period');
  params.delete('from');
  params.delete('to');
  params.delete('print');
  if (p.kind === 'custom' || print) {
    params.set('from', shanghaiDay(p.from));
    params.set('to', lastDay(p));
  } else {
    params.set('period', p.kind);
  }
  if (print) params.set('print', '1');
  return `?${params.toString()}`;
}

/** The presentation of a period (?view=present), keeping the token and the language. */
export function presentSearch(search: string, p: PeriodChoice): string {
  const params = new URLSearchParams(search);
  params.set('view', 'present');
  params.delete('print');
  params.delete('period');
  params.set('from', shanghaiDay(p.from));
  params.set('to', lastDay(p));
  return `?${params.toString()}`;
}

/** The last day a period includes ("YYYY-MM-DD"). */
export function lastDay(p: { to: number }): string {
  return shanghaiDay(p.to - 1);
}

export function isPrintSearch(search: string): boolean {
  return new URLSearchParams(search).get('print') === '1';
}

/** Is a rise good news (closure), bad news (overdue), or neither (volume)? */
export type Polarity = 'up-good' | 'up-bad' | 'neutral';

export type KpiKey = 'total' | 'closureRate' | 'onTimeRate' | 'avgClose' | 'inGridRate' | 'satisfaction' | 'overdue' | 'alerts' | 'falsePositiveRate';

export interface KpiCard {
  key: KpiKey;
  label: MessageKey;
  /** The raw figure (a fraction for rates, ms for durations, stars for satisfaction); null when none. */
  value: number | null;
  prev: number | null;
  format: 'count' | 'percent' | 'hours' | 'stars';
  polarity: Polarity;
  /** For a rate: the change in percentage points; else the relative change. */
  change: number | null;
  changeKind: 'points' | 'relative';
}

const FIGURE: Record<KpiKey, { label: MessageKey; pick: (f: BriefingFigures) => number | null; format: KpiCard['format']; polarity: Polarity }> = {
  total: { label: 'briefing.kpi.total', pick: (f) => f.total, format: 'count', polarity: 'neutral' },
  closureRate: { label: 'briefing.kpi.closureRate', pick: (f) => f.closureRate, format: 'percent', polarity: 'up-good' },
  onTimeRate: { label: 'briefing.kpi.onTimeRate', pick: (f) => f.onTimeRate, format: 'percent', polarity: 'up-good' },
  avgClose: { label: 'briefing.kpi.avgClose', pick: (f) => f.avgCloseMs, format: 'hours', polarity: 'up-bad' },
  inGridRate: { label: 'briefing.kpi.inGridRate', pick: (f) => f.inGridRate, format: 'percent', polarity: 'up-good' },
  satisfaction: { label: 'briefing.kpi.satisfaction', pick: (f) => f.satisfactionAvg, format: 'stars', polarity: 'up-good' },
  overdue: { label: 'briefing.kpi.overdue', pick: (f) => f.overdue, format: 'count', polarity: 'up-bad' },
  alerts: { label: 'briefing.kpi.alerts', pick: (f) => f.alerts.total, format: 'count', polarity: 'neutral' },
  falsePositiveRate: { label: 'briefing.kpi.falsePositiveRate', pick: (f) => f.alerts.falsePositiveRate, format: 'percent', polarity: 'up-bad' },
};

export const KPI_KEYS = Object.keys(FIGURE) as KpiKey[];

export function kpiCards(b: Briefing): KpiCard[] {
  return KPI_KEYS.map((key) => {
    const d = FIGURE[key];
    const value = d.pick(b.current);
    const prev = d.pick(b.prev);
    const points = d.format === 'percent';
    return {
      key,
      label: d.label,
      value,
      prev,
      format: d.format,
      polarity: d.polarity,
      change: points ? (value === null || prev === null ? null : value - prev) : relativeChange(value, prev),
      changeKind: points ? 'points' : 'relative',
    };
  });
}

/** 'good' | 'bad' | 'flat' | 'none' for colouring a change. */
export function changeTone(card: Pick<KpiCard, 'change' | 'polarity'>): 'good' | 'bad' | 'flat' | 'none' {
  if (card.change === null) return 'none';
  if (Math.abs(card.change) < 1e-9) return 'flat';
  if (card.polarity === 'neutral') return 'flat';
  const up = card.change > 0;
  return up === (card.polarity === 'up-good') ? 'good' : 'bad';
}

/** "87.5%" */
export function formatPercent(v: number | null, digits = 1): string {
  return v === null ? '—' : `${(v * 100).toFixed(digits)}%`;
}

/** The figure as shown (without units that need i18n: hours and stars are given as numbers). */
export function formatFigure(card: Pick<KpiCard, 'value' | 'format'>, formatNumber: (n: number) => string): string {
  const v = card.value;
  if (v === null) return '—';
  switch (card.format) {
    case 'count':
      return formatNumber(v);
    case 'percent':
      return formatPercent(v);
    case 'hours':
      return (v / 3_600_000).toFixed(1);
    case 'stars':
      return v.toFixed(2);
  }
}

/** "+3.2 pp" / "−12.0%" */
export function formatChange(card: Pick<KpiCard, 'change' | 'changeKind'>): string {
  if (card.change === null) return '';
  const sign = card.change > 0 ? '+' : card.change < 0 ? '−' : '±';
  const abs = Math.abs(card.change) * 100;
  return card.changeKind === 'points' ? `${sign}${abs.toFixed(1)} pp` : `${sign}${abs.toFixed(1)}%`;
}

// ---------- CSV ----------

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  // numbers are data (a negative one is not a formula): only text is defused
  if (typeof v === 'number') return String(v);
  const s = String(v);
  return /[",\r\n]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s;
}

export interface CsvLabels {
  t: (key: MessageKey) => string;
  source: (key: string) => string;
  street: (id: string) => string;
  status: (key: string) => string;
  severity: (key: string) => string;
  formatTime: (ms: number) => string;
}

/**
 * The briefing's tables as one CSV (UTF-8 with BOM, so that Excel reads the Chinese): the KPI table,
 * then per day, category, source, street, alert kind, the rankings and the overdue list, each headed by
 * its title and separated by an empty line.
 */
export function briefingCsv(b: Briefing, l: CsvLabels): string {
  const rows: Array<Array<string | number | null>> = [];
  const section = (title: MessageKey, header: MessageKey[], body: Array<Array<string | number | null>>): void => {
    if (rows.length) rows.push([]);
    rows.push([l.t(title)]);
    rows.push(header.map((h) => l.t(h)));
    rows.push(...body);
  };
  const raw = (c: KpiCard, v: number | null): string | number | null => (v === null ? null : c.format === 'percent' ? Number((v * 100).toFixed(2)) : c.format === 'hours' ? Number((v / 3_600_000).toFixed(2)) : c.format === 'stars' ? Number(v.toFixed(2)) : v);
  section(
    'briefing.table.kpis',
    ['briefing.col.indicator', 'briefing.col.current', 'briefing.col.previous', 'briefing.col.change'],
    kpiCards(b).map((c) => [`${l.t(c.label)}${c.format === 'percent' ? ' (%)' : c.format === 'hours' ? ' (h)' : ''}`, raw(c, c.value), raw(c, c.prev), formatChange(c)]),
  );
  section('briefing.chart.byDay', ['briefing.col.day', 'briefing.col.current', 'briefing.col.previous'], b.byDay.map((d, i) => [d.day, d.count, b.prevByDay[i]?.count ?? null]));
  section('briefing.chart.byCategory', ['briefing.col.category', 'briefing.col.current', 'briefing.col.previous'], b.byCategory.map((c) => [c.key, c.count, c.prev]));
  section('briefing.chart.bySource', ['briefing.col.source', 'briefing.col.current', 'briefing.col.previous'], b.bySource.map((c) => [l.source(c.key), c.count, c.prev]));
  section('briefing.chart.byStreet', ['briefing.col.street', 'briefing.col.current', 'briefing.col.previous'], b.byStreet.map((c) => [l.street(c.key), c.count, c.prev]));
  section('briefing.chart.alertsByKind', ['briefing.col.kind', 'briefing.col.current', 'briefing.col.previous'], b.alertsByKind.map((c) => [c.key, c.count, c.prev]));
  section('briefing.table.repeated', ['briefing.col.grid', 'briefing.col.street', 'briefing.col.category', 'briefing.col.count'], b.repeated.map((r) => [r.gridName ?? r.gridId, l.street(r.subcentreId), r.category, r.count]));
  section('briefing.table.warnings', ['briefing.col.grid', 'briefing.col.street', 'briefing.col.category', 'briefing.col.count', 'briefing.col.baseline'], b.warnings.map((r) => [r.gridName ?? r.gridId, l.street(r.subcentreId), r.category, r.count, r.baseline ?? null]));
  section(
    'briefing.table.overdue',
    ['briefing.col.incident', 'briefing.col.street', 'briefing.col.grid', 'briefing.col.category', 'briefing.col.severity', 'briefing.col.status', 'briefing.col.department', 'briefing.col.due', 'briefing.col.overdueBy'],
    b.overdueList.map((r) => [r.incidentId, l.street(r.subcentreId), r.gridName ?? r.gridId, r.category, l.severity(r.severity), l.status(r.status), r.department, l.formatTime(r.dueAt), Number((r.overdueMs / 3_600_000).toFixed(1))]),
  );
  if (b.index) {
    const ix = b.index;
    const points = (v: number | null): number | null => (v === null ? null : Number(v.toFixed(2)));
    const branchRows = (list: typeof ix.red) => list.map((r) => [r.rank, r.name, r.parentName, r.streetName, points(r.score), points(r.previous), points(r.change)]);
    const branchHeader: MessageKey[] = ['briefing.col.rank', 'briefing.col.branch', 'briefing.col.community', 'briefing.col.street', 'briefing.col.score', 'briefing.col.lastMonth', 'briefing.col.vsLastMonth'];
    section('briefing.index.red', branchHeader, branchRows(ix.red));
    section('briefing.index.black', branchHeader, branchRows(ix.black));
    section('briefing.index.streets', ['briefing.col.rank', 'briefing.col.street', 'briefing.col.score', 'briefing.col.lastMonth', 'briefing.col.vsLastMonth'], ix.streets.map((r) => [r.rank, r.name, points(r.score), points(r.previous), points(r.change)]));
  }
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The days of a period, for labels ("11-23"). */
export function shortDays(p: { from: number; to: number }): string[] {
  return daysOf(p).map((d) => d.slice(5));
}
