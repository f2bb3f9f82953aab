// Issue 4: the wall's echarts side panels — incidents today by category, the last 24 hours by hour, and
// (32:9 layout) the sub-centre links' backlog. Canvas renderer (a wall redraws often; nothing is printed);
// type sizes follow the wall's type scale so the axes read from 3 m.
import { useMemo } from 'react';
import { use, type ComposeOption } from 'echarts/core';
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, type GridComponentOption, type LegendComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { LinkState } from '../../src-shared/api.ts';
import type { WallCharts as WallChartsData } from '../../src-shared/wall-api.ts';
import { EChart } from '../charts/EChart.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { rgbCss, SEVERITY_RGB, STATE_RGB } from '../theme/tokens.ts';
import { useTypeScale } from '../theme/use-type-scale.ts';

use([BarChart, LineChart, GridComponent, LegendComponent, CanvasRenderer]);

type Option = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption>;

const TEXT = '#a4b6cc';
const TEXT_STRONG = '#e8eff8';
const LINE = '#1a3049';
const ACCENT = '#5cc8ff';

function axisText(px: number) {
  return { color: TEXT, fontSize: Math.round(px) };
}

export function CategoryChartPanel(props: { charts: WallChartsData | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const scale = useTypeScale();
  const rows = props.charts?.byCategoryToday ?? [];
  const option = useMemo<Option>(() => {
    const px = 16 * scale;
    const sorted = [...rows].slice(0, 8).reverse();
    return {
      animation: false,
      grid: { left: 8 * scale, right: 44 * scale, top: 6 * scale, bottom: 6 * scale, containLabel: true },
      xAxis: { type: 'value', show: false },
      yAxis: { type: 'category', data: sorted.map((r) => r.category), axisLabel: { ...axisText(px * 0.85), color: TEXT_STRONG }, axisLine: { show: false }, axisTick: { show: false } },
      series: [
        {
          type: 'bar',
          name: t('wall.charts.reported'),
          data: sorted.map((r) => r.count - r.red),
          stack: 'n',
          barWidth: '58%',
          itemStyle: { color: ACCENT },
        },
        {
          type: 'bar',
          name: t('wall.charts.red'),
          data: sorted.map((r) => r.red),
          stack: 'n',
          itemStyle: { color: rgbCss(SEVERITY_RGB.red) },
          label: { show: true, position: 'right', color: TEXT_STRONG, fontSize: Math.round(px * 0.85), formatter: (p: { dataIndex: number }) => i18n.formatNumber(sorted[p.dataIndex]?.count ?? 0) },
        },
      ],
    };
  }, [rows, scale, i18n, t]);
  return (
    <section className="panel chart-panel" data-testid="chart-category" data-rows={rows.length}>
      <header className="panel-head">
        <h2 className="panel-title">{t('wall.charts.category')}</h2>
        <span className="panel-meta chart-legend">
          <span className="chart-key" style={{ background: ACCENT }} />
          {t('wall.charts.reported')}
          <span className="chart-key" style={{ background: rgbCss(SEVERITY_RGB.red) }} />
          {t('wall.charts.red')}
        </span>
      </header>
      {!props.charts ? <div className="panel-empty">{t('wall.charts.loading')}</div> : rows.length === 0 ? <div className="panel-empty">{t('wall.charts.none')}</div> : null}
      <EChart option={option} testId="chart-category-canvas" className="wall-chart" renderer="canvas" />
    </section>
  );
}

export function HoursChartPanel(props: { charts: WallChartsData | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const scale = useTypeScale();
  const hours = props.charts?.byHour ?? [];
  const total = hours.reduce((s, h) => s + h.reported, 0);
  const option = useMemo<Option>(() => {
    const px = 16 * scale;
    return {
      animation: false,
      grid: { left: 6 * scale, right: 10 * scale, top: 10 * scale, bottom: 4 * scale, containLabel: true },
      xAxis: {
        type: 'category',
        data: hours.map((h) => i18n.formatShortTime(h.hourStart).slice(0, 2)),
        axisLabel: { ...axisText(px * 0.8), interval: 3 },
        axisLine: { lineStyle: { color: LINE } },
        axisTick: { show: false },
      },
      yAxis: { type: 'value', minInterval: 1, axisLabel: axisText(px * 0.8), splitLine: { lineStyle: { color: LINE } } },
      series: [
        { type: 'bar', name: t('wall.charts.reported'), data: hours.map((h) => h.reported), itemStyle: { color: ACCENT }, barWidth: '55%' },
        { type: 'line', name: t('wall.charts.closed'), data: hours.map((h) => h.closed), smooth: true, symbol: 'none', lineStyle: { color: rgbCss(SEVERITY_RGB.green), width: 2.5 * scale }, itemStyle: { color: rgbCss(SEVERITY_RGB.green) } },
        { type: 'line', name: t('wall.charts.alerts'), data: hours.map((h) => h.alerts), smooth: true, symbol: 'none', lineStyle: { color: rgbCss(SEVERITY_RGB.yellow), width: 2 * scale, type: 'dashed' }, itemStyle: { color: rgbCss(SEVERITY_RGB.yellow) } },
      ],
    };
  }, [hours, scale, i18n, t]);
  return (
    <section className="panel chart-panel" data-testid="chart-hours" data-total={total}>
      <header className="panel-head">
        <h2 className="panel-title">{t('wall.charts.hours')}</h2>
        <span className="panel-meta chart-legend">
          <span className="chart-key" style={{ background: ACCENT }} />
          {t('wall.charts.reported')}
          <span className="chart-key" style={{ background: rgbCss(SEVERITY_RGB.green) }} />
          {t('wall.charts.closed')}
          <span className="chart-key" style={{ background: rgbCss(SEVERITY_RGB.yellow) }} />
          {t('wall.charts.alerts')}
        </span>
      </header>
      {!props.charts ? <div className="panel-empty">{t('wall.charts.loading')}</div> : null}
      <EChart option={option} testId="chart-hours-canvas" className="wall-chart" renderer="canvas" />
    </section>
  );
}

const LINK_COLOUR: Record<string, string> = {
  connected: rgbCss(STATE_RGB.ok),
  stale: rgbCss(STATE_RGB.warn),
  down: rgbCss(STATE_RGB.bad),
};

/** The sub-centres' backlog (events not yet received), coloured by link state. */
export function LinkChartPanel(props: { links: readonly LinkState[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const scale = useTypeScale();
  const option = useMemo<Option>(() => {
    const px = 16 * scale;
    const rows = [...props.links].reverse();
    return {
      animation: false,
      grid: { left: 6 * scale, right: 40 * scale, top: 4 * scale, bottom: 4 * scale, containLabel: true },
      xAxis: { type: 'value', show: false, max: (v: { max: number }) => Math.max(10, v.max) },
      yAxis: {
        type: 'category',
        data: rows.map((l) => i18n.placeName(l.subcentreId, l.name ?? l.subcentreId)),
        axisLabel: { ...axisText(px * 0.8), color: TEXT_STRONG },
        axisLine: { show: false },
        axisTick: { show: false },
      },
      series: [
        {
          type: 'bar',
          name: t('wall.charts.lag'),
          data: rows.map((l) => ({ value: Math.max(0, l.lag), itemStyle: { color: LINK_COLOUR[l.state] ?? rgbCss(STATE_RGB.idle) } })),
          barWidth: '55%',
          barMinHeight: 4 * scale,
          label: { show: true, position: 'right', color: TEXT, fontSize: Math.round(px * 0.8), formatter: (p: { dataIndex: number }) => i18n.linkState(rows[p.dataIndex]?.state ?? 'down') },
        },
      ],
    };
  }, [props.links, scale, i18n, t]);
  return (
    <section className="panel chart-panel" data-testid="chart-links">
      <header className="panel-head">
        <h2 className="panel-title">{t('wall.charts.links')}</h2>
        <span className="panel-meta">{t('wall.charts.lag')}</span>
      </header>
      <EChart option={option} testId="chart-links-canvas" className="wall-chart" renderer="canvas" />
    </section>
  );
}
