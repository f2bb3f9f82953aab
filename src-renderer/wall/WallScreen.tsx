// The wall: top bar, KPI strip, live events and charts at the sides, the map in the middle, the
// sub-centre links. One CSS grid that fills the screen; issue 4 adds the 32:9 arrangement (more panels
// side by side), the echarts side panels, the alarm (banner, sound, flash on the map, missed list) and
// the carousel.
import { memo, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Layer } from '@deck.gl/core';
import type { EpochMs } from '../../src-shared/api.ts';
import { DEFAULT_SETTINGS } from '../../src-shared/settings.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { WallMap } from '../map/WallMap.tsx';
import type { WallMapProps } from '../map/WallMap.tsx';
import { LAYER_THEMES, MAP_LAYERS } from '../map/layers/registry.ts';
import type { AlarmRow } from '../../src-shared/wall-api.ts';
import { useTypeScale } from '../theme/use-type-scale.ts';
import { alarmFlashLayers } from './alarm-layer.ts';
import { AlarmBanner } from './AlarmBanner.tsx';
import { CarouselIndicator, CarouselToggle } from './CarouselIndicator.tsx';
import { useDisplaySnapshot, useWallDisplay } from './display-context.tsx';
import { KpiStrip } from './KpiStrip.tsx';
import { isWideLayout } from './layout.ts';
import { LinkPanel } from './LinkPanel.tsx';
import type { LiveWall } from './live-wall.ts';
import { MissedAlarmsButton, MissedAlarmsList } from './MissedAlarms.tsx';
import { Ticker } from './Ticker.tsx';
import { TopBar } from './TopBar.tsx';
import { DemoBanner } from '../settings/DemoBanner.tsx'; // issue 9
import { useCarousel } from './use-carousel.ts';
import { useWallLayout } from './use-wall-layout.ts';
import { CategoryChartPanel, HoursChartPanel, LinkChartPanel } from './WallCharts.tsx';
import '../theme/wall-display.css';

const FLASH_PERIOD_MS = 1000;

declare global {
  interface Window {
    __superbrainAlarmFlash?: { marks: number; layers: string[] };
  }
}
const NO_ALARMS: readonly AlarmRow[] = [];
const FLASH_STEP_MS = 250;

/** The alarm flash's phase (0..1), advanced a few times a second only while something flashes. */
function useFlashPhase(active: boolean): number {
  const [phase, setPhase] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setPhase((Date.now() % FLASH_PERIOD_MS) / FLASH_PERIOD_MS), FLASH_STEP_MS);
    return () => clearInterval(timer);
  }, [active]);
  return phase;
}

/** The map with the alarm's flashing marks: only this subtree re-renders while the marks flash. */
const AlarmFlashMap = memo(function AlarmFlashMap(props: Omit<WallMapProps, 'overlayLayers'> & { active: readonly AlarmRow[] }) {
  const { active, ...mapProps } = props;
  const scale = useTypeScale();
  const phase = useFlashPhase(active.length > 0);
  const overlayLayers = useMemo<Layer[]>(() => alarmFlashLayers(active, phase, scale), [active, phase, scale]);
  useEffect(() => {
    // What the e2e tests read: how many alarm marks flash on the map now.
    window.__superbrainAlarmFlash = { marks: active.length, layers: overlayLayers.map((l) => l.id) };
  }, [active, overlayLayers]);
  return <WallMap {...mapProps} overlayLayers={overlayLayers} />;
});

// issue 7: any source with the LiveWall's snapshot interface (the time replay is another one)
export function WallScreen(props: { live: Pick<LiveWall, 'subscribe' | 'getSnapshot'> }) {
  const i18n = useI18n();
  const snap = useSyncExternalStore(props.live.subscribe, props.live.getSnapshot);
  const wallDisplay = useWallDisplay();
  const display = useDisplaySnapshot(wallDisplay?.display);
  const settings = display?.settings ?? DEFAULT_SETTINGS;
  const layout = useWallLayout(settings.display);
  const wide = isWideLayout(layout);
  // Street names by code, from the boundaries and the links (whichever knows the street).
  const streetNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const s of snap.boundaries?.streets ?? []) names.set(s.properties.id, s.properties.name);
    for (const l of snap.links) if (l.name) names.set(l.subcentreId, l.name);
    return names;
  }, [snap.boundaries, snap.links]);

  const districtLabel = snap.info ? i18n.placeName(snap.info.district.id, snap.info.district.name) : i18n.t('wall.carousel.district');
  const layerStops = useMemo(() => LAYER_THEMES.map((th) => ({ id: th.id, label: i18n.t(MAP_LAYERS.find((d) => d.id === th.id)!.title) })), [i18n]);
  const carousel = useCarousel(settings.display.carousel, snap.boundaries, districtLabel, layerStops);
  const focus = useMemo(() => (carousel.state.enabled && carousel.state.stop?.bbox ? { bbox: carousel.state.stop.bbox } : null), [carousel.state.enabled, carousel.state.stop]);
  // A layer stop shows the district through that layer; paused (someone at the wall), the wall's own layers.
  const layerView = useMemo(() => {
    const stop = carousel.state.stop;
    if (!carousel.state.enabled || carousel.state.paused || stop?.kind !== 'layer') return null;
    return LAYER_THEMES.find((th) => th.id === stop.id)?.layers ?? null;
  }, [carousel.state.enabled, carousel.state.paused, carousel.state.stop]);

  const active = display?.active ?? NO_ALARMS;

  const controls = (
    <>
      {display && wallDisplay ? <MissedAlarmsButton snapshot={display} display={wallDisplay.display} streetNames={streetNames} /> : null}
      <CarouselToggle carousel={carousel} />
    </>
  );

  return (
    <div className="wall" data-connection={snap.connection} data-layout={layout} data-wide={wide ? 'true' : 'false'} data-testid="wall" data-alarm={active.length > 0 ? 'on' : 'off'}>
      <TopBar info={snap.info} connection={snap.connection} now={snap.now} />
      <KpiStrip kpis={snap.kpis} extra={controls} />
      <aside className="wall-side wall-left">
        <Ticker activity={snap.activity} streetNames={streetNames} />
        {!wide ? <CategoryChartPanel charts={display?.charts ?? null} /> : null}
      </aside>
      {wide ? (
        <aside className="wall-side wall-left2">
          <CategoryChartPanel charts={display?.charts ?? null} />
          {display && wallDisplay ? (
            <section className="panel missed-panel">
              <header className="panel-head">
                <h2 className="panel-title">{i18n.t('wall.missed.title')}</h2>
                <span className="panel-meta" data-alarm={display.missed.length > 0 ? 'yellow' : 'none'}>
                  {display.missed.length}
                </span>
              </header>
              <MissedAlarmsList snapshot={display} display={wallDisplay.display} streetNames={streetNames} testId="missed-panel-list" />
            </section>
          ) : null}
        </aside>
      ) : null}
      <main className="wall-center">
        <AlarmFlashMap
          active={active}
          boundaries={snap.boundaries}
          grids={snap.grids}
          incidents={snap.incidents}
          alerts={snap.alerts}
          pulse={snap.pulse}
          connection={snap.connection}
          lastDataAt={snap.lastDataAt}
          error={snap.error}
          focus={focus}
          layerView={layerView}
          filterNow={(Math.floor(snap.now / 10_000) * 10_000) as EpochMs}
        />
        <CarouselIndicator carousel={carousel} />
        {/* In the map's lower right: clear of the legend (lower left) and of the panels. */}
        <DemoBanner />
        {/* Over the top of the map: the KPIs and panels stay readable while an alarm waits. */}
  {display && wallDisplay ? <AlarmBanner snapshot={display} display={wallDisplay.display} sound={wallDisplay.sound} rules={settings.alarm} streetNames={streetNames} /> : null}
      </main>
      {wide ? (
        <aside className="wall-side wall-right2">
          <HoursChartPanel charts={display?.charts ?? null} />
          <LinkChartPanel links={snap.links} />
        </aside>
      ) : null}
      <aside className="wall-side wall-right">
        <LinkPanel links={snap.links} now={snap.now} />
        {!wide ? <HoursChartPanel charts={display?.charts ?? null} /> : null}
      </aside>
    </div>
  );
}
