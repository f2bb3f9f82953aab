// The wall: top bar, KPI strip, live events on the left, the map in the middle, the sub-centre links on
// the right. One CSS grid that fills the screen at any size.
import { useMemo, useSyncExternalStore } from 'react';
import { WallMap } from '../map/WallMap.tsx';
import { KpiStrip } from './KpiStrip.tsx';
import { LinkPanel } from './LinkPanel.tsx';
import type { LiveWall } from './live-wall.ts';
import { Ticker } from './Ticker.tsx';
import { TopBar } from './TopBar.tsx';

// issue 7: any source with the LiveWall's snapshot interface (the time replay is another one)
export function WallScreen(props: { live: Pick<LiveWall, 'subscribe' | 'getSnapshot'> }) {
  const snap = useSyncExternalStore(props.live.subscribe, props.live.getSnapshot);
  // Street names by code, from the boundaries and the links (whichever knows the street).
  const streetNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const s of snap.boundaries?.streets ?? []) names.set(s.properties.id, s.properties.name);
    for (const l of snap.links) if (l.name) names.set(l.subcentreId, l.name);
    return names;
  }, [snap.boundaries, snap.links]);

  return (
    <div className="wall" data-connection={snap.connection}>
      <TopBar info={snap.info} connection={snap.connection} now={snap.now} />
      <KpiStrip kpis={snap.kpis} />
      <aside className="wall-side wall-left">
        <Ticker activity={snap.activity} streetNames={streetNames} />
      </aside>
      <main className="wall-center">
        <WallMap
          boundaries={snap.boundaries}
          grids={snap.grids}
          incidents={snap.incidents}
          alerts={snap.alerts}
          pulse={snap.pulse}
          connection={snap.connection}
          lastDataAt={snap.lastDataAt}
          error={snap.error}
        />
      </main>
      <aside className="wall-side wall-right">
        <LinkPanel links={snap.links} now={snap.now} />
      </aside>
    </div>
  );
}
