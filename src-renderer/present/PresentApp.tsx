// Presentation mode (?view=present&from=…&to=…): the briefing as full-screen slides for a briefing room —
// overview (KPIs vs the previous period), the map, the streets, the strength index (红黑榜), overdue.
// Keys: →/PageDown/Space next, ←/PageUp back, Home/End, F full screen, Esc back to the briefing.
// Type is sized from the viewport (--u: 1/100 of a 16:9 frame), so 1080p and 4K walls look the same.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Briefing } from '../../src-shared/briefing.ts';
import { shanghaiDay } from '../../src-shared/domain/briefing-period.ts';
import { useI18n, type I18nValue } from '../i18n/I18nProvider.tsx';
import { ViewNav } from '../shell/ViewNav.tsx';
import { Chart, type ChartOption } from '../briefing/Chart.tsx';
import { BriefingMap, DARK_MAP_THEME } from '../briefing/BriefingMap.tsx';
import { changeTone, formatChange, formatFigure, kpiCards, lastDay, periodFromSearch, periodSearch } from '../briefing/model.ts';
import { chartOptions, DARK_PALETTE, IndexPanel, OverdueTable } from '../briefing/parts.tsx';
import { useBriefing } from '../briefing/use-briefing.ts';
import { keyAction, slideFromSearch, SLIDES, type SlideName } from './slides.ts';
import '../briefing/briefing.css';
import './present.css';

/** The type size in CSS pixels for echarts (which does not take rem): 1/100 of a 16:9 frame's width. */
function useUnit(): number {
  const read = (): number => Math.min(window.innerWidth, (window.innerHeight * 16) / 9) / 100;
  const [u, setU] = useState(read);
  useEffect(() => {
    const onResize = (): void => setU(read());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return u;
}

/**
 * `onLeave`: the briefing view shows the presentation in place (no navigation: the desktop shell blocks
 * it) and gets control back on Esc; the standalone view (?view=present) goes to the briefing instead.
 */
export function PresentApp(props: { onLeave?: () => void } = {}) {
  const i18n = useI18n();
  const { t } = i18n;
  const period = useMemo(() => periodFromSearch(location.search, Date.now()), []);
  const state = useBriefing(period, true);
  const [slide, setSlide] = useState(() => slideFromSearch(location.search, SLIDES.length));
  const u = useUnit();

  const onLeave = props.onLeave;
  const leave = useCallback(() => {
    if (onLeave) return onLeave();
    const search = periodSearch(location.search, period);
    const params = new URLSearchParams(search);
    params.set('view', 'briefing');
    params.delete('slide');
    location.assign(`?${params.toString()}`);
  }, [period, onLeave]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const action = keyAction(e.key, slide, SLIDES.length);
      if (!action) return;
      e.preventDefault();
      if (action.kind === 'go') {
        setSlide(action.slide);
        const params = new URLSearchParams(location.search);
        params.set('slide', String(action.slide + 1));
        history.replaceState(null, '', `?${params.toString()}`);
      } else if (action.kind === 'fullscreen') {
        if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
        else void document.documentElement.requestFullscreen().catch(() => undefined);
      } else if (document.fullscreenElement) {
        // the browser usually takes Esc to leave full screen itself; if it reaches us, do only that
        void document.exitFullscreen().catch(() => undefined);
      } else {
        leave();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [slide, leave]);

  const b = state.briefing && state.briefing.map ? state.briefing : null;
  const name: SlideName = SLIDES[slide]!;
  const district = i18n.placeName(state.district.id, state.district.name);
  const range = t('briefing.period.range', { from: shanghaiDay(period.from), to: lastDay(period) });
  return (
    <div className="present" data-testid="present" data-slide={slide + 1} data-slide-name={name} data-slides={SLIDES.length} data-ready={b && !state.busy ? '1' : '0'} style={{ ['--u' as string]: `${u}px` }}>
      <header className="present-header">
        <h1 data-testid="present-title">{t(`present.slide.${name}`)}</h1>
        <div className="present-district">{t('briefing.district', { district })}</div>
        <span className="present-nav">
          <ViewNav />
        </span>
      </header>
      <main className="present-body">
        {state.error ? (
          <div className="present-message" role="alert">
            {t('briefing.error', { message: state.error })}
          </div>
        ) : !b ? (
          <div className="present-message" role="status">
            {t('briefing.loading')}
          </div>
        ) : (
          <Slide name={name} i18n={i18n} briefing={b} boundaries={state.boundaries} u={u} />
        )}
      </main>
      <footer className="present-footer">
        <span className="present-period" data-testid="present-period">
          {range}
        </span>
        <span className="present-keys">{t('present.keys')}</span>
        <span className="present-number" data-testid="present-number">
          {slide + 1} / {SLIDES.length}
        </span>
      </footer>
    </div>
  );
}

function Slide(props: { name: SlideName; i18n: I18nValue; briefing: Briefing; boundaries: ReturnType<typeof useBriefing>['boundaries']; u: number }) {
  const { i18n, briefing: b, u } = props;
  const { t } = i18n;
  const charts = useMemo(() => chartOptions(i18n, b, { ...DARK_PALETTE, fontSize: Math.round(1.5 * u) }, false), [i18n, b, u]);
  switch (props.name) {
    case 'overview':
      return (
        <div className="present-kpis" data-testid="present-overview">
          {kpiCards(b).map((card) => {
            const tone = changeTone(card);
            const unit = card.value !== null && (card.format === 'hours' || card.format === 'stars') ? t(card.format === 'hours' ? 'briefing.unit.h' : 'briefing.unit.star') : '';
            return (
              <div key={card.key} className="present-kpi" data-testid={`present-kpi-${card.key}`} data-value={card.value ?? ''}>
                <div className="present-kpi-label">{t(card.label)}</div>
                <div className="present-kpi-value">
                  {formatFigure(card, i18n.formatNumber)}
                  {unit ? <span className="present-kpi-unit">{unit}</span> : null}
                </div>
                <div className={`present-kpi-change tone-${tone}`}>
                  {card.change === null ? t('briefing.change.none') : `${t('briefing.change.vsPrev')} ${formatChange(card)}`}
                </div>
                {card.change !== null ? <div className="present-kpi-prev">{t('present.previous', { value: formatFigure({ ...card, value: card.prev }, i18n.formatNumber) })}</div> : null}
              </div>
            );
          })}
        </div>
      );
    case 'map':
      return (
        <div className="present-map" data-testid="present-map">
          {props.boundaries ? (
            <BriefingMap i18n={i18n} boundaries={props.boundaries} points={b.map} theme={{ ...DARK_MAP_THEME, radius: 3.6, fontSize: 17 }} width={1000} className="present-map-svg" testId="present-map-svg" />
          ) : (
            <div className="present-message">{t('briefing.map.none')}</div>
          )}
          <div className="present-map-legend">
            <div className="present-map-total">{t('present.mapTotal', { count: i18n.formatNumber(b.map?.total ?? 0) })}</div>
            <ul>
              {([0, 1, 2] as const).map((sev) => (
                <li key={sev}>
                  <span className={`present-dot sev-${sev}`} />
                  {i18n.severity((['red', 'yellow', 'green'] as const)[sev])} · {i18n.formatNumber(b.map?.severity.filter((s) => s === sev).length ?? 0)}
                </li>
              ))}
              <li>
                <span className="present-dot hollow" />
                {t('present.closed')}
              </li>
            </ul>
            {b.map && b.map.total > b.map.lon.length ? <div className="present-note">{t('briefing.map.shown', { shown: i18n.formatNumber(b.map.lon.length) })}</div> : null}
          </div>
        </div>
      );
    case 'streets':
      return (
        <div className="present-streets" data-testid="present-streets">
          <Chart option={streetsChart(charts.byStreet, u)} testId="present-chart-streets" className="present-chart" />
        </div>
      );
    case 'index':
      return (
        <div className="present-index" data-testid="present-index">
          <IndexPanel i18n={i18n} index={b.index} limit={8} streets={false} />
        </div>
      );
    case 'overdue':
      return (
        <div className="present-overdue" data-testid="present-overdue">
          <div className="present-overdue-count">
            <span className="present-big bad">{i18n.formatNumber(b.current.overdue)}</span> {t('present.overdueCount')}
          </div>
          <OverdueTable i18n={i18n} briefing={b} limit={8} />
        </div>
      );
  }
}

/** The streets' bars with room for the legend and the labels at presentation size (u: px per 1/100 frame). */
function streetsChart(option: ChartOption, u: number): ChartOption {
  const legend = option.legend && !Array.isArray(option.legend) ? option.legend : {};
  return {
    ...option,
    legend: { ...legend, itemWidth: Math.round(2 * u), itemHeight: Math.round(1.1 * u), itemGap: Math.round(1.5 * u) },
    grid: { left: Math.round(0.5 * u), right: Math.round(3 * u), top: Math.round(3.6 * u), bottom: Math.round(0.5 * u), containLabel: true },
  };
}
