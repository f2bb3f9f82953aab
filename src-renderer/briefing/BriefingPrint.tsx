// The briefing laid out for A4 landscape on a light theme (?view=briefing&print=1&from=…&to=…): a cover,
// the KPI table and the trend, what was reported, rankings and warnings, the overdue list. Each
// `.print-page` is one sheet; `data-ready` tells a printer (Playwright, Electron) that the charts are in.
import { useEffect, useMemo, useState } from 'react';
import type { Boundaries } from '../../src-shared/api.ts';
import type { Briefing } from '../../src-shared/briefing.ts';
import { BriefingMap, PRINT_MAP_THEME } from './BriefingMap.tsx';
import { shanghaiDay } from '../../src-shared/domain/briefing-period.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Chart } from './Chart.tsx';
import { lastDay } from './model.ts';
import { chartOptions, IndexPanel, KpiCards, KpiTable, OverdueTable, PRINT_PALETTE, ProblemTable, StreetTable } from './parts.tsx';

/** Rows of the overdue list that fit one landscape sheet. */
const OVERDUE_ROWS_PER_PAGE = 18;

export function BriefingPrint(props: {
  briefing: Briefing | null;
  district: { id: string; name: string };
  error: string | null;
  /** For the map page; null while loading. */
  boundaries: Boundaries | null;
  boundariesError: string | null;
  onReady?: () => void;
  progress?: string;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  // the briefing is complete for print once it has the map's points (asked with withMap)
  const b = props.briefing && props.briefing.map ? props.briefing : null;
  const charts = useMemo(() => (b ? chartOptions(i18n, b, PRINT_PALETTE, false) : null), [i18n, b]);
  const mapDone = props.boundaries !== null || props.boundariesError !== null;
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!charts || !mapDone) return;
    // Charts and the SVG map render synchronously without animation; wait two frames for layout to settle.
    let id = requestAnimationFrame(() => (id = requestAnimationFrame(() => setReady(true))));
    return () => cancelAnimationFrame(id);
  }, [charts, mapDone]);
  const onReady = props.onReady;
  useEffect(() => {
    if (ready && onReady) onReady();
  }, [ready, onReady]);
  if (props.error) return <div className="print-error" role="alert">{t('briefing.error', { message: props.error })}</div>;
  if (!b || !charts) return <div className="print-loading" role="status">{t('briefing.loading')}</div>;
  const districtName = i18n.placeName(props.district.id, props.district.name);
  const overduePages: number[] = [];
  for (let i = 0; i < Math.max(1, b.overdueList.length); i += OVERDUE_ROWS_PER_PAGE) overduePages.push(i);
  const made = `${i18n.formatDate(b.generatedAt)} ${i18n.formatTime(b.generatedAt)}`;
  return (
    <div className="briefing-print" data-testid="briefing-print" data-ready={ready ? '1' : '0'} data-pages={6 + overduePages.length}>
      {props.progress ? (
        <div className="print-progress" role="status" data-testid="print-progress">
          {props.progress}
        </div>
      ) : null}
      <div className="print-toolbar">
        <button type="button" onClick={() => window.print()}>
          {t('briefing.exportPdf')}
        </button>
      </div>
      <section className="print-page print-cover" data-testid="print-cover">
        <div className="cover-subtitle">{t('briefing.cover.subtitle')}</div>
        <h1 className="cover-title">{t('briefing.district', { district: districtName })}</h1>
        <dl className="cover-facts">
          <dt>{t('briefing.cover.period')}</dt>
          <dd>{t('briefing.period.range', { from: shanghaiDay(b.period.from), to: lastDay(b.period) })}</dd>
          <dt>{t('briefing.cover.previous')}</dt>
          <dd>{t('briefing.period.range', { from: shanghaiDay(b.previous.from), to: lastDay(b.previous) })}</dd>
          <dt>{t('briefing.cover.made')}</dt>
          <dd>{made}</dd>
        </dl>
        <div className="cover-source">{t('briefing.cover.source')}</div>
      </section>
      <section className="print-page">
        <h2>{t('briefing.section.overview')}</h2>
        <KpiCards i18n={i18n} briefing={b} />
        <div className="print-row">
          <div className="print-cell">
            <KpiTable i18n={i18n} briefing={b} />
          </div>
          <div className="print-cell">
            <h3>{t('briefing.chart.byDay')}</h3>
            <Chart option={charts.byDay} testId="print-chart-byDay" className="print-chart" />
          </div>
        </div>
      </section>
      <section className="print-page">
        <h2>{t('briefing.section.structure')}</h2>
        <div className="print-row">
          <div className="print-cell">
            <h3>{t('briefing.chart.byCategory')}</h3>
            <Chart option={charts.byCategory} testId="print-chart-byCategory" className="print-chart" />
          </div>
          <div className="print-cell">
            <h3>{t('briefing.chart.bySource')}</h3>
            <Chart option={charts.bySource} testId="print-chart-bySource" className="print-chart" />
          </div>
        </div>
        <div className="print-row">
          <div className="print-cell">
            <h3>{t('briefing.chart.byStreet')}</h3>
            <Chart option={charts.byStreet} testId="print-chart-byStreet" className="print-chart" />
          </div>
          <div className="print-cell">
            <h3>{t('briefing.chart.alertsByKind')}</h3>
            <Chart option={charts.alertsByKind} testId="print-chart-alertsByKind" className="print-chart" />
          </div>
        </div>
      </section>
      <section className="print-page print-map-page" data-testid="print-map-page">
        <h2>{t('briefing.section.map')}</h2>
        {props.boundaries ? (
          <>
            <BriefingMap i18n={i18n} boundaries={props.boundaries} points={b.map} theme={PRINT_MAP_THEME} width={1000} className="print-map" />
            <div className="print-map-legend">
              {t('briefing.map.legend', { count: i18n.formatNumber(b.map?.total ?? 0) })}
              {b.map && b.map.total > b.map.lon.length ? ` · ${t('briefing.map.shown', { shown: i18n.formatNumber(b.map.lon.length) })}` : ''}
              {props.boundaries.streets.some((s) => s.properties.approximate) ? ` · ${t('briefing.map.approximate')}` : ''}
            </div>
          </>
        ) : (
          <div className="print-definitions">{t('briefing.map.none')}</div>
        )}
      </section>
      <section className="print-page">
        <h2>{t('briefing.section.rankings')}</h2>
        <div className="print-row">
          <div className="print-cell">
            <h3>{t('briefing.table.streets')}</h3>
            <StreetTable i18n={i18n} briefing={b} />
          </div>
          <div className="print-cell">
            <h3>{t('briefing.table.repeated')}</h3>
            <ProblemTable i18n={i18n} rows={b.repeated} testId="print-repeated" />
            <h3>{t('briefing.table.warnings')}</h3>
            <ProblemTable i18n={i18n} rows={b.warnings} testId="print-warnings" baseline />
          </div>
        </div>
      </section>
      <section className="print-page" data-testid="print-index-page">
        <h2>{t('briefing.section.index')}</h2>
        <IndexPanel i18n={i18n} index={b.index} />
      </section>
      {overduePages.map((start, i) => (
        <section className="print-page" key={start}>
          <h2>
            {t('briefing.section.overdue')}
            {overduePages.length > 1 ? ` (${i + 1}/${overduePages.length})` : ''}
          </h2>
          <OverdueTable i18n={i18n} briefing={{ ...b, overdueList: b.overdueList.slice(start, start + OVERDUE_ROWS_PER_PAGE) }} />
          {i === overduePages.length - 1 ? <p className="print-definitions">{t('briefing.definitions')}</p> : null}
        </section>
      ))}
    </div>
  );
}
