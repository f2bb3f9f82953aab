// Pieces shared by the briefing dashboard and its print page: KPI cards, chart options, tables.
import type { Briefing, BriefingGridProblem, BriefingIndex, BriefingIndexRow } from '../../src-shared/briefing.ts';
import { findLixiaStreet } from '../../src-shared/domain/lixia.ts';
import type { IncidentStatus, Severity, Source } from '../../src-shared/sfp/schemas.ts';
import type { I18nValue } from '../i18n/I18nProvider.tsx';
import type { ChartOption } from './Chart.tsx';
import { changeTone, formatChange, formatFigure, formatPercent, kpiCards, shortDays, type KpiCard } from './model.ts';

export interface Palette {
  text: string;
  text2: string;
  line: string;
  current: string;
  previous: string;
  series: string[];
  fontSize: number;
}

export const DARK_PALETTE: Palette = {
  text: '#e8eff8',
  text2: '#a4b6cc',
  line: '#1a3049',
  current: '#5cc8ff',
  previous: '#6e84a0',
  series: ['#5cc8ff', '#ffcc00', '#34c759', '#ff8a3d', '#b48cff', '#ff3b30', '#4fd1c5', '#f78fb3'],
  fontSize: 16,
};

export const PRINT_PALETTE: Palette = {
  text: '#111111',
  text2: '#444444',
  line: '#cccccc',
  current: '#1f5fbf',
  previous: '#a0aab5',
  series: ['#1f5fbf', '#d89b00', '#2e9e4f', '#d9642a', '#7b59c9', '#c9302c', '#239c91', '#c2577f'],
  fontSize: 11,
};

export function streetName(i18n: I18nValue, id: string): string {
  return i18n.placeName(id, findLixiaStreet(id)?.name ?? id);
}

function kpiValueText(i18n: I18nValue, card: KpiCard): string {
  const v = formatFigure(card, i18n.formatNumber);
  if (card.value === null) return v;
  if (card.format === 'hours') return i18n.t('briefing.unit.hours', { value: v });
  if (card.format === 'stars') return i18n.t('briefing.unit.stars', { value: v });
  return v;
}

function kpiHint(i18n: I18nValue, b: Briefing, card: KpiCard): string | null {
  const c = b.current;
  const n = i18n.formatNumber;
  switch (card.key) {
    case 'closureRate':
      return i18n.t('briefing.kpi.hint.closureRate', { closed: n(c.closed), accepted: n(c.total - c.rejected) });
    case 'onTimeRate':
      return i18n.t('briefing.kpi.hint.onTimeRate', { onTime: n(c.closedOnTime), withDue: n(c.closedWithDue) });
    case 'inGridRate':
      return i18n.t('briefing.kpi.hint.inGridRate', { inGrid: n(c.inGrid), closed: n(c.closed) });
    case 'satisfaction':
      return i18n.t('briefing.kpi.hint.satisfaction', { rate: formatPercent(c.satisfiedRate), rated: n(c.rated) });
    case 'alerts':
      return i18n.t('briefing.kpi.hint.alerts', { confirmed: n(c.alerts.confirmed), dismissed: n(c.alerts.dismissed), open: n(c.alerts.open) });
    case 'falsePositiveRate':
      return i18n.t('briefing.kpi.hint.falsePositive', { fp: n(c.alerts.falsePositive), judged: n(c.alerts.confirmed + c.alerts.dismissed) });
    default:
      return null;
  }
}

export function KpiCards(props: { i18n: I18nValue; briefing: Briefing }) {
  const { i18n, briefing } = props;
  return (
    <div className="briefing-kpis" data-testid="briefing-kpis">
      {kpiCards(briefing).map((card) => {
        const tone = changeTone(card);
        const hint = kpiHint(i18n, briefing, card);
        return (
          <div key={card.key} className="briefing-kpi" data-testid={`kpi-${card.key}`} data-value={card.value ?? ''} data-prev={card.prev ?? ''}>
            <div className="briefing-kpi-label">{i18n.t(card.label)}</div>
            <div className="briefing-kpi-value">
              {formatFigure(card, i18n.formatNumber)}
              {card.value !== null && (card.format === 'hours' || card.format === 'stars') ? <span className="briefing-kpi-unit">{i18n.t(card.format === 'hours' ? 'briefing.unit.h' : 'briefing.unit.star')}</span> : null}
            </div>
            <div className={`briefing-kpi-change tone-${tone}`}>
              {card.change === null ? i18n.t('briefing.change.none') : tone === 'flat' && card.change === 0 ? i18n.t('briefing.change.same') : `${i18n.t('briefing.change.vsPrev')} ${formatChange(card)}`}
            </div>
            {hint ? <div className="briefing-kpi-hint">{hint}</div> : null}
          </div>
        );
      })}
    </div>
  );
}

const axisStyle = (p: Palette) => ({
  axisLine: { lineStyle: { color: p.line } },
  axisLabel: { color: p.text2, fontSize: p.fontSize },
  splitLine: { lineStyle: { color: p.line } },
});

export interface BriefingCharts {
  byDay: ChartOption;
  byCategory: ChartOption;
  bySource: ChartOption;
  byStreet: ChartOption;
  alertsByKind: ChartOption;
}

export function chartOptions(i18n: I18nValue, b: Briefing, p: Palette, animate: boolean): BriefingCharts {
  const cur = i18n.t('briefing.series.current');
  const prev = i18n.t('briefing.series.previous');
  const legend = { data: [cur, prev], textStyle: { color: p.text2, fontSize: p.fontSize }, top: 0, right: 0 };
  const grid = { left: 8, right: 16, top: 32, bottom: 8, containLabel: true };
  const tooltip = { trigger: 'axis' as const };
  const base = { animation: animate, textStyle: { fontSize: p.fontSize, color: p.text } };
  const bars = (labels: string[], counts: number[], prevs: number[], horizontal = false): ChartOption => {
    const catAxis = { type: 'category' as const, data: labels, ...axisStyle(p), axisLabel: { color: p.text2, fontSize: p.fontSize, interval: 0, ...(horizontal ? {} : { rotate: labels.length > 6 ? 30 : 0 }) } };
    const valAxis = { type: 'value' as const, minInterval: 1, ...axisStyle(p) };
    return {
      ...base,
      legend,
      grid,
      tooltip,
      xAxis: horizontal ? valAxis : catAxis,
      yAxis: horizontal ? { ...catAxis, inverse: true } : valAxis,
      series: [
        { name: cur, type: 'bar', data: counts, itemStyle: { color: p.current }, label: { show: true, position: horizontal ? 'right' : 'top', color: p.text, fontSize: p.fontSize } },
        { name: prev, type: 'bar', data: prevs, itemStyle: { color: p.previous } },
      ],
    };
  };
  const days = shortDays(b.period);
  return {
    byDay: {
      ...base,
      legend,
      grid,
      tooltip,
      xAxis: { type: 'category', data: days, ...axisStyle(p) },
      yAxis: { type: 'value', minInterval: 1, ...axisStyle(p) },
      series: [
        { name: cur, type: days.length > 1 ? 'line' : 'bar', data: b.byDay.map((d) => d.count), itemStyle: { color: p.current }, lineStyle: { width: 3 }, symbolSize: 8, label: { show: days.length <= 14, position: 'top', color: p.text, fontSize: p.fontSize } },
        { name: prev, type: days.length > 1 ? 'line' : 'bar', data: b.prevByDay.map((d) => d.count), itemStyle: { color: p.previous }, lineStyle: { width: 2, type: 'dashed' }, symbolSize: 6 },
      ],
    },
    byCategory: bars(b.byCategory.map((c) => c.key), b.byCategory.map((c) => c.count), b.byCategory.map((c) => c.prev)),
    bySource: {
      ...base,
      color: p.series,
      tooltip: { trigger: 'item' },
      legend: { orient: 'vertical', right: 0, top: 'middle', textStyle: { color: p.text2, fontSize: p.fontSize } },
      series: [
        {
          name: cur,
          type: 'pie',
          radius: ['40%', '70%'],
          percentPrecision: 0,
          center: ['38%', '50%'],
          data: b.bySource.map((s) => ({ name: i18n.source(s.key as Source), value: s.count })),
          label: { color: p.text, fontSize: p.fontSize, formatter: '{d}%' },
        },
      ],
    },
    byStreet: bars(b.byStreet.map((s) => streetName(i18n, s.key)), b.byStreet.map((s) => s.count), b.byStreet.map((s) => s.prev), true),
    alertsByKind: bars(b.alertsByKind.map((a) => i18n.alertKind(a.key)), b.alertsByKind.map((a) => a.count), b.alertsByKind.map((a) => a.prev)),
  };
}

function hours(ms: number): string {
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

export function OverdueTable(props: { i18n: I18nValue; briefing: Briefing; limit?: number }) {
  const { i18n, briefing } = props;
  const rows = briefing.overdueList.slice(0, props.limit ?? briefing.overdueList.length);
  return (
    <div className="briefing-table-wrap">
      <div className="briefing-table-note">{i18n.t('briefing.table.overdueMore', { count: i18n.formatNumber(briefing.current.overdue), shown: rows.length })}</div>
      <table className="briefing-table" data-testid="briefing-overdue">
        <thead>
          <tr>
            {(['briefing.col.incident', 'briefing.col.street', 'briefing.col.grid', 'briefing.col.category', 'briefing.col.severity', 'briefing.col.status', 'briefing.col.department', 'briefing.col.due', 'briefing.col.overdueBy'] as const).map((k) => (
              <th key={k}>{i18n.t(k)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={9}>{i18n.t('briefing.table.none')}</td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={r.incidentId} data-incident={r.incidentId}>
                <td className="mono">{r.title}</td>
                <td>{streetName(i18n, r.subcentreId)}</td>
                <td>{r.gridName ?? r.gridId ?? ''}</td>
                <td>{r.category}</td>
                <td>
                  <span className={`sev-dot sev-${r.severity}`} />
                  {i18n.severity(r.severity as Severity)}
                </td>
                <td>{i18n.status(r.status as IncidentStatus)}</td>
                <td>{r.department ?? ''}</td>
                <td>
                  {i18n.formatDate(r.dueAt)} {i18n.formatShortTime(r.dueAt)}
                </td>
                <td className="num bad">{hours(r.overdueMs)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

export function ProblemTable(props: { i18n: I18nValue; rows: BriefingGridProblem[]; testId: string; baseline?: boolean }) {
  const { i18n, rows } = props;
  return (
    <table className="briefing-table" data-testid={props.testId}>
      <thead>
        <tr>
          <th>{i18n.t('briefing.col.rank')}</th>
          <th>{i18n.t('briefing.col.grid')}</th>
          <th>{i18n.t('briefing.col.street')}</th>
          <th>{i18n.t('briefing.col.category')}</th>
          <th>{i18n.t('briefing.col.count')}</th>
          {props.baseline ? <th>{i18n.t('briefing.col.baseline')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={props.baseline ? 6 : 5}>{i18n.t('briefing.table.none')}</td>
          </tr>
        ) : (
          rows.map((r, i) => (
            <tr key={`${r.gridId}|${r.category}`}>
              <td className="num">{i + 1}</td>
              <td>{r.gridName ?? r.gridId}</td>
              <td>{streetName(i18n, r.subcentreId)}</td>
              <td>{r.category}</td>
              <td className="num">{r.count}</td>
              {props.baseline ? <td className="num">{(r.baseline ?? 0).toFixed(2)}</td> : null}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

export function StreetTable(props: { i18n: I18nValue; briefing: Briefing }) {
  const { i18n, briefing } = props;
  return (
    <table className="briefing-table" data-testid="briefing-streets">
      <thead>
        <tr>
          <th>{i18n.t('briefing.col.rank')}</th>
          <th>{i18n.t('briefing.col.street')}</th>
          <th>{i18n.t('briefing.col.current')}</th>
          <th>{i18n.t('briefing.col.previous')}</th>
          <th>{i18n.t('briefing.col.change')}</th>
        </tr>
      </thead>
      <tbody>
        {briefing.byStreet.map((s, i) => (
          <tr key={s.key}>
            <td className="num">{i + 1}</td>
            <td>{streetName(i18n, s.key)}</td>
            <td className="num">{i18n.formatNumber(s.count)}</td>
            <td className="num">{i18n.formatNumber(s.prev)}</td>
            <td className="num">{s.prev > 0 ? formatChange({ change: (s.count - s.prev) / s.prev, changeKind: 'relative' }) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function KpiTable(props: { i18n: I18nValue; briefing: Briefing }) {
  const { i18n, briefing } = props;
  return (
    <table className="briefing-table briefing-kpi-table" data-testid="briefing-kpi-table">
      <thead>
        <tr>
          <th>{i18n.t('briefing.col.indicator')}</th>
          <th>{i18n.t('briefing.col.current')}</th>
          <th>{i18n.t('briefing.col.previous')}</th>
          <th>{i18n.t('briefing.col.change')}</th>
        </tr>
      </thead>
      <tbody>
        {kpiCards(briefing).map((c) => (
          <tr key={c.key}>
            <td>{i18n.t(c.label)}</td>
            <td className="num">{kpiValueText(i18n, c)}</td>
            <td className="num">{kpiValueText(i18n, { ...c, value: c.prev })}</td>
            <td className={`num tone-${changeTone(c)}`}>{formatChange(c) || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "+1.25" / "−0.50" points against last month; "—" when not scored then. */
export function formatPoints(change: number | null): string {
  if (change === null) return '—';
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  return `${sign}${Math.abs(change).toFixed(2)}`;
}

const pointsTone = (change: number | null): string => (change === null || change === 0 ? 'tone-flat' : change > 0 ? 'tone-good' : 'tone-bad');

/** One list of the strength-index ranking: 红榜 / 黑榜 branches, or the streets. */
export function IndexTable(props: { i18n: I18nValue; rows: BriefingIndexRow[]; kind: 'branch' | 'street'; testId: string; limit?: number }) {
  const { i18n } = props;
  const rows = props.rows.slice(0, props.limit ?? props.rows.length);
  const branch = props.kind === 'branch';
  return (
    <table className="briefing-table briefing-index-table" data-testid={props.testId}>
      <thead>
        <tr>
          <th className="col-rank">{i18n.t('briefing.col.rank')}</th>
          <th className="col-name">{i18n.t(branch ? 'briefing.col.branch' : 'briefing.col.street')}</th>
          {branch ? <th className="col-parent">{i18n.t('briefing.col.street')}</th> : null}
          <th className="col-score">{i18n.t('briefing.col.score')}</th>
          {branch ? null : <th className="col-score">{i18n.t('briefing.col.lastMonth')}</th>}
          <th className="col-change">{i18n.t('briefing.col.vsLastMonth')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={5}>{i18n.t('briefing.table.none')}</td>
          </tr>
        ) : (
          rows.map((r) => (
            <tr key={r.orgId} data-org={r.orgId} data-score={r.score}>
              <td className="num">{r.rank}</td>
              <td title={r.name}>{r.name}</td>
              {branch ? <td className="col-parent" title={`${r.streetName ?? ''} ${r.parentName ?? ''}`}>{(r.streetName ?? '').replace(/党工委$/, '')}</td> : null}
              <td className="num strong">{r.score.toFixed(2)}</td>
              {branch ? null : <td className="num">{r.previous === null ? '—' : r.previous.toFixed(2)}</td>}
              <td className={`num ${pointsTone(r.change)}`}>{formatPoints(r.change)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

/** The index's month, the district's score and how many branches were ranked. */
export function IndexSummary(props: { i18n: I18nValue; index: BriefingIndex }) {
  const { i18n, index } = props;
  const d = index.district;
  return (
    <div className="briefing-index-summary" data-testid="briefing-index-summary" data-period={index.period}>
      <span>
        {i18n.t('briefing.index.month', { year: index.period.slice(0, 4), month: Number(index.period.slice(5)), pyear: index.previousPeriod.slice(0, 4), pmonth: Number(index.previousPeriod.slice(5)) })}
        {index.period !== index.month ? <span className="briefing-index-older">{i18n.t('briefing.index.older')}</span> : null}
      </span>
      {d ? (
        <span>
          {i18n.t('briefing.index.district', { score: d.score.toFixed(2) })} <span className={pointsTone(d.change)}>{formatPoints(d.change)}</span>
        </span>
      ) : null}
      <span>{i18n.t('briefing.index.branches', { count: i18n.formatNumber(index.branches) })}</span>
    </div>
  );
}

/** 红榜, 黑榜 and the streets side by side (dashboard and print page). */
export function IndexPanel(props: { i18n: I18nValue; index: BriefingIndex | null; limit?: number; streets?: boolean }) {
  const { i18n, index } = props;
  if (!index) return <div className="briefing-table-note" data-testid="briefing-index-none">{i18n.t('briefing.index.none')}</div>;
  return (
    <div className={props.streets === false ? 'briefing-index no-streets' : 'briefing-index'} data-testid="briefing-index">
      <IndexSummary i18n={i18n} index={index} />
      <div className="briefing-index-lists">
        <div>
          <h3 className="index-red">{i18n.t('briefing.index.red')}</h3>
          <IndexTable i18n={i18n} rows={index.red} kind="branch" testId="index-red" {...(props.limit ? { limit: props.limit } : {})} />
        </div>
        <div>
          <h3 className="index-black">{i18n.t('briefing.index.black')}</h3>
          <IndexTable i18n={i18n} rows={index.black} kind="branch" testId="index-black" {...(props.limit ? { limit: props.limit } : {})} />
        </div>
        {props.streets === false ? null : (
          <div>
            <h3>{i18n.t('briefing.index.streets')}</h3>
            <IndexTable i18n={i18n} rows={index.streets} kind="street" testId="index-streets" />
          </div>
        )}
      </div>
    </div>
  );
}
